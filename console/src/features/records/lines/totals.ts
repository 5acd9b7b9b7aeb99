// Totals of document lines, exact (integer minor units of the document's currency).
import { currencyDigits } from "@/lib/format";
import { fromMinor, sumAmounts } from "@/lib/decimal";

export interface LineValues {
  account_id?: string | null;
  debit?: string | null;
  credit?: string | null;
  amount?: string | null;
  [field: string]: unknown;
}

export interface JournalTotals {
  debit: bigint;
  credit: bigint;
  /** Debits less credits: positive when debits exceed credits. */
  difference: bigint;
  /** Amounts that are not numbers of this currency (letters, too many decimals). */
  invalid: number;
  digits: number;
  balanced: boolean;
}

export function journalTotals(lines: readonly (LineValues | undefined)[] | undefined, currency: string): JournalTotals {
  const digits = currencyDigits(currency);
  const rows = (lines ?? []).map((line) => line ?? {});
  const debit = sumAmounts(
    rows.map((line) => line.debit),
    digits,
  );
  const credit = sumAmounts(
    rows.map((line) => line.credit),
    digits,
  );
  const difference = debit.units - credit.units;
  const invalid = debit.invalid + credit.invalid;
  return {
    debit: debit.units,
    credit: credit.units,
    difference,
    invalid,
    digits,
    balanced: invalid === 0 && difference === 0n && debit.units > 0n,
  };
}

/** A journal may be posted: two or more lines, every amount readable, debits equal credits (> 0). */
export function journalReady(lines: readonly (LineValues | undefined)[] | undefined, currency: string): boolean {
  return (lines ?? []).length >= 2 && journalTotals(lines, currency).balanced;
}

/** The next line, carrying the amount that would balance the journal on the side it is missing. */
export function balancingLine(totals: JournalTotals): LineValues {
  if (totals.invalid > 0 || totals.difference === 0n) return {};
  const amount = fromMinor(totals.difference > 0n ? totals.difference : -totals.difference, totals.digits);
  return totals.difference > 0n ? { credit: amount } : { debit: amount };
}

export function cashTotal(lines: readonly (LineValues | undefined)[] | undefined, currency: string) {
  const digits = currencyDigits(currency);
  const total = sumAmounts(
    (lines ?? []).map((line) => line?.amount),
    digits,
  );
  return { total: total.units, invalid: total.invalid, digits };
}
