// The till's arithmetic in integer sen (never floats on amounts), the same as the server's
// (shared/ledgerlet/pos/rules.py): card and e-wallet pay to the sen and first, the cash part alone rounds
// to 5 sen (Bank Negara: 1, 2 → 0; 3, 4 → 5; 6, 7 → 5; 8, 9 → 10), change is cash handed over less that.

export type Sen = number;
export type TenderKind = "cash" | "card" | "ewallet";
export const TENDER_KINDS: readonly TenderKind[] = ["cash", "card", "ewallet"];

/** "3.49" (or "3.4", "3", "-1.20") as 349 sen; null when it is not an amount with at most 2 decimals. */
export function toSen(amount: string | null | undefined): Sen | null {
  const match = /^\s*(-)?(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(amount ?? "");
  if (!match) return null;
  const [, minus, whole, fraction = ""] = match;
  const sen = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return minus ? -sen : sen;
}

/** 349 sen as "3.49" (the API's decimal string). */
export function fromSen(sen: Sen): string {
  const sign = sen < 0 ? "-" : "";
  const abs = Math.abs(sen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The cash part of a bill rounded to 5 sen. */
export function cashRound(sen: Sen): Sen {
  const last = ((sen % 10) + 10) % 10;
  const base = sen - last;
  if (last <= 2) return base;
  if (last <= 7) return base + 5;
  return base + 10;
}

/** A percentage rate ("10", "6.5") in hundredths of a percent (1000, 650). */
function rateBasis(rate: string): number {
  const [whole, fraction = ""] = rate.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}

/** A price without SST made SST-inclusive at `rate` percent, half up to the sen (as the server's book prices). */
export function withTax(sen: Sen, rate: string): Sen {
  const scaled = sen * (10_000 + rateBasis(rate));
  return Math.floor((scaled + 5_000) / 10_000);
}

export interface Tender {
  kind: TenderKind;
  amount: Sen;
}

export interface Settlement {
  total: Sen;
  rounding: Sen;
  payable: Sen;
  cashDue: Sen;
  cash: Sen;
  card: Sen;
  ewallet: Sen;
  cashTendered: Sen;
  change: Sen;
  /** What is still to pay (0 once the tenders settle it). */
  remaining: Sen;
  /** Card and e-wallet pay more than the total. */
  over: boolean;
}

/** How `tenders` settle a sale whose lines come to `total` (or a refund, paid exactly). */
export function settle(total: Sen, tenders: readonly Tender[]): Settlement {
  const paid = { cash: 0, card: 0, ewallet: 0 };
  for (const tender of tenders) paid[tender.kind] += tender.amount;
  const other = paid.card + paid.ewallet;
  const due = total - other;
  const cashDue = cashRound(Math.max(due, 0));
  const rounding = cashDue - Math.max(due, 0);
  return {
    total,
    rounding,
    payable: total + rounding,
    cashDue,
    cash: Math.min(paid.cash, cashDue),
    card: paid.card,
    ewallet: paid.ewallet,
    cashTendered: paid.cash,
    change: Math.max(paid.cash - cashDue, 0),
    remaining: Math.max(cashDue - paid.cash, 0),
    over: other > total,
  };
}

export interface Line {
  qty: number;
  price: Sen;
  discount?: Sen;
}

export function lineTotal(line: Line): Sen {
  return line.qty * line.price - (line.discount ?? 0);
}

export function linesTotal(lines: readonly Line[]): Sen {
  return lines.reduce((sum, line) => sum + lineTotal(line), 0);
}
