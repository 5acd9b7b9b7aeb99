// Choices shared by the sign-up form and the company profile.
import { DEFAULT_TIME_ZONE } from "@/lib/format";

export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export function monthName(month: number, language: string): string {
  return new Intl.DateTimeFormat(language, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, month - 1, 1)));
}

export function monthOptions(language: string): { value: number; label: string }[] {
  return MONTHS.map((month) => ({ value: month, label: monthName(month, language) }));
}

let zones: string[] | null = null;

/** The IANA time zones the browser knows, Malaysia's first. */
export function timeZoneOptions(): { value: string; label: string }[] {
  if (!zones) {
    const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    zones = [DEFAULT_TIME_ZONE, ...known.filter((zone) => zone !== DEFAULT_TIME_ZONE)];
  }
  return zones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }));
}

// The API's formats (ledgerlet/formats.py; tests/unit/test_field_errors.py keeps them equal).
/** SSM numbers: 12 digits since 2019 (year, entity type 01-06, sequence) or the old formats. */
export const BRN_PATTERN = /^((19|20)[0-9]{2}0[1-6][0-9]{6}|[0-9]{1,7}-[A-Z]|([A-Z]{2}[0-9]{7}|[0-9]{9})-[A-Z]|LLP[0-9]{7}-[A-Z]{3})$/;
export const BRN_EXAMPLES = ["202001012345", "1234567-A"];
/** LHDN TINs: a type prefix and digits, or EI and 11 digits. */
export const TIN_PATTERN = /^(C|CS|D|E|F|FA|PT|TA|TC|TN|TR|TP|J|LE|IG|OG|SG)[0-9]{8,12}0?$|^EI[0-9]{11}$/;
export const TIN_EXAMPLES = ["C2584563200", "IG12345678901"];
export const SST_PATTERN = /^[A-Z0-9][A-Z0-9-]{4,24}$/;

/** Registration numbers are stored in upper case without surrounding spaces. */
export function upperTrim(value: unknown): unknown {
  return typeof value === "string" ? value.toUpperCase().trimStart() : value;
}
