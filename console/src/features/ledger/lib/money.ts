// Decimal strings from the API added up without floats: as integer hundredths (report amounts are MYR,
// two decimal places) in BigInt, through the console's one decimal module.
import { fromMinor, toMinor } from "@/lib/decimal";

const REPORT_DIGITS = 2;

export function toCents(amount: string | null | undefined): bigint {
  const cents = toMinor(amount, REPORT_DIGITS);
  if (cents === undefined) throw new Error(`not an amount in MYR: ${amount}`);
  return cents ?? 0n;
}

export function fromCents(cents: bigint): string {
  return fromMinor(cents, REPORT_DIGITS);
}

export function sumAmounts(amounts: Iterable<string | null | undefined>): string {
  let total = 0n;
  for (const amount of amounts) total += toCents(amount);
  return fromCents(total);
}

export function negate(amount: string): string {
  return fromCents(-toCents(amount));
}

export function isZero(amount: string | null | undefined): boolean {
  return toCents(amount) === 0n;
}

/** For charts only (plotting), never for sums. */
export function toNumber(amount: string | null | undefined): number {
  return Number(toCents(amount)) / 100;
}

/** `amount` less `comparison`, or null without a comparison. */
export function difference(amount: string, comparison: string | null | undefined): string | null {
  if (comparison === null || comparison === undefined) return null;
  return fromCents(toCents(amount) - toCents(comparison));
}
