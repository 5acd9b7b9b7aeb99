// Totals of document lines, exact (integer minor units of the document's currency).
import { currencyDigits } from "@/lib/format";
import { fromMinor, sumAmounts, toMinor } from "@/lib/decimal";

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

/**
 * What the line at `index` must carry for the journal to balance: the other lines' difference, on the
 * side they are short (its other side cleared). Null when the others balance already or an amount of
 * theirs cannot be read. E.g. others 1,000.00 Dr and 250.50 Cr: 749.50 Cr.
 */
export function balancingAmounts(
  lines: readonly (LineValues | undefined)[] | undefined,
  index: number,
  currency: string,
): { debit: string | null; credit: string | null } | null {
  const others = (lines ?? []).filter((_, position) => position !== index);
  const side = balancingLine(journalTotals(others, currency));
  if (!side.debit && !side.credit) return null;
  return { debit: side.debit ?? null, credit: side.credit ?? null };
}

export function cashTotal(lines: readonly (LineValues | undefined)[] | undefined, currency: string) {
  const digits = currencyDigits(currency);
  const total = sumAmounts(
    (lines ?? []).map((line) => line?.amount),
    digits,
  );
  return { total: total.units, invalid: total.invalid, digits };
}

export type AmountsAre = "exclusive" | "inclusive";

/** "8" or "6.5" (percent) as a fraction of integers: 65/10. */
function rateFraction(rate: string): [bigint, bigint] | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) return null;
  const [, whole, fraction = ""] = match;
  return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
}

/** n/d rounded half up (n, d >= 0), as the API's quantize rounds money. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * A line's tax in minor units, as the API fixes it: on top of the amount (exclusive: amount x rate/100)
 * or within it (inclusive: amount x rate/(100 + rate)), rounded to the currency.
 */
export function lineTax(amount: bigint, rate: string, amountsAre: AmountsAre): bigint {
  const fraction = rateFraction(rate);
  if (!fraction || amount <= 0n) return 0n;
  const [rateUnits, scale] = fraction;
  const hundred = 100n * scale;
  return roundHalfUp(amount * rateUnits, amountsAre === "inclusive" ? hundred + rateUnits : hundred);
}

export interface CashTotals {
  /** Before tax (net of the tax the amounts include, when they include it). */
  subtotal: bigint;
  tax: bigint;
  /** What moves in the cash book. */
  total: bigint;
  invalid: number;
  digits: number;
}

/** A receipt's or payment's subtotal, tax and total, with each line's tax code rate (percent). */
export function cashTotals(
  lines: readonly (LineValues | undefined)[] | undefined,
  currency: string,
  amountsAre: AmountsAre,
  rateOf: (taxCodeId: string) => string | undefined,
): CashTotals {
  const { total: written, invalid, digits } = cashTotal(lines, currency);
  let tax = 0n;
  for (const line of lines ?? []) {
    const units = toMinor(line?.amount, digits);
    const rate = line?.tax_code_id ? rateOf(String(line.tax_code_id)) : undefined;
    if (typeof units === "bigint" && rate !== undefined) tax += lineTax(units, rate, amountsAre);
  }
  const subtotal = amountsAre === "inclusive" ? written - tax : written;
  return { subtotal, tax, total: subtotal + tax, invalid, digits };
}
