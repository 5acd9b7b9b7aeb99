// Amounts typed into forms, added up exactly: decimal strings become integer minor units (BigInt), so
// 0.1 + 0.2 is 0.30 and a journal of a thousand lines balances to the sen.

/** What a user may type as an amount: digits, one decimal point, grouping commas and spaces. */
export function cleanAmount(text: string): string {
  return text.replace(/[,\s]/g, "");
}

/**
 * "1,234.5" with 2 digits → 123450n. Null when empty; NaN-like input (letters, two points, more
 * decimals than the currency has) answers `undefined`, so callers can tell "blank" from "invalid".
 */
export function toMinor(value: unknown, digits: number): bigint | null | undefined {
  if (value === null || value === undefined) return null;
  const text = cleanAmount(String(value));
  if (text === "") return null;
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && !match[3])) return undefined;
  const [, minus, whole, fraction = ""] = match;
  if (fraction.length > digits && /[^0]/.test(fraction.slice(digits))) return undefined;
  const units = BigInt((whole || "0") + fraction.slice(0, digits).padEnd(digits, "0"));
  return minus ? -units : units;
}

/** 123450n with 2 digits → "1234.50" (no grouping: the API's decimal string). */
export function fromMinor(units: bigint, digits: number): string {
  const negative = units < 0n;
  const text = (negative ? -units : units).toString().padStart(digits + 1, "0");
  const whole = digits > 0 ? text.slice(0, -digits) : text;
  const fraction = digits > 0 ? "." + text.slice(-digits) : "";
  return (negative ? "-" : "") + whole + fraction;
}

export interface Total {
  /** Sum of the valid amounts, in minor units. */
  units: bigint;
  /** How many values could not be read as an amount of this currency. */
  invalid: number;
}

export function sumAmounts(values: unknown[], digits: number): Total {
  let units = 0n;
  let invalid = 0;
  for (const value of values) {
    const parsed = toMinor(value, digits);
    if (parsed === undefined) invalid += 1;
    else if (parsed !== null) units += parsed;
  }
  return { units, invalid };
}

/** The API's form of a typed amount: grouping removed, otherwise as typed (the API checks precision). */
export function amountForApi(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = cleanAmount(String(value));
  return text === "" ? null : text;
}
