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

export const BRN_PATTERN = /^[0-9A-Z][0-9A-Z-]{4,19}$/;
export const TIN_PATTERN = /^[A-Z]{1,2}[0-9]{6,13}$/;
export const SST_PATTERN = /^[A-Z0-9][A-Z0-9-]{4,24}$/;

/** Registration numbers are stored in upper case without surrounding spaces. */
export function upperTrim(value: unknown): unknown {
  return typeof value === "string" ? value.toUpperCase().trimStart() : value;
}
