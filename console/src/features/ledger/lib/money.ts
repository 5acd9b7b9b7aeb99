// Decimal strings from the API added up without floats: as integer hundredths (report amounts are MYR,
// two decimal places) in BigInt.

export function toCents(amount: string | null | undefined): bigint {
  if (!amount) return 0n;
  const negative = amount.trim().startsWith("-");
  const [whole, fraction = ""] = amount.trim().replace(/^[-+]/, "").split(".");
  const cents = BigInt(whole || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const absolute = negative ? -cents : cents;
  const whole = absolute / 100n;
  const fraction = String(absolute % 100n).padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
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
