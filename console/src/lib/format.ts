// Amounts per currency and dates in the company's time zone.
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIME_ZONE = "Asia/Kuala_Lumpur";

/** The currency's ISO 4217 minor units (JPY 0, MYR 2, KWD 3), as the browser's Intl knows them. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2; // not an ISO currency code
  }
}

/** Intl's locale for the console's language: Malaysian conventions (1,234.50, RM) unless Chinese. */
const INTL_LOCALES: Record<string, string> = { en: "en-MY", "zh-CN": "zh-CN", ms: "ms-MY" };

export function numberLocale(language: string): string {
  return INTL_LOCALES[language] ?? "en-MY";
}

/** "1234.5" in MYR → "RM 1,234.50"; the decimal string is formatted without going through a float. */
export function formatMoney(amount: string | number | null | undefined, currency: string, language: string): string {
  if (amount === null || amount === undefined || amount === "") return "";
  const digits = currencyDigits(currency);
  const format = new Intl.NumberFormat(numberLocale(language), {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(amount as unknown as number);
}

/** A plain amount with the currency's decimals and grouping, no symbol (report columns). */
export function formatAmount(amount: string | number | null | undefined, language: string, currency = "MYR"): string {
  if (amount === null || amount === undefined || amount === "") return "";
  const digits = currencyDigits(currency);
  const format = new Intl.NumberFormat(numberLocale(language), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(amount as unknown as number);
}

/**
 * A decimal string ("12.5", "-6") with `min` to `max` decimals, grouped, in the reader's language;
 * formatted from the string itself, never through a float. Text that is no decimal is answered as is.
 */
export function formatDecimal(value: unknown, language: string, min: number, max: number): string {
  if (value === null || value === undefined || value === "") return "";
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const format = new Intl.NumberFormat(numberLocale(language), {
    minimumFractionDigits: min,
    maximumFractionDigits: max,
  });
  return format.format(text as unknown as number);
}

/** Date patterns per dayjs locale (the app switches dayjs' locale with the language). English and Malay
 * share one, with the month in the language: "5 Dec 2024" / "5 Dis 2024". */
function datePattern(): { date: string; dateTime: string } {
  return dayjs.locale() === "zh-cn"
    ? { date: "YYYY年M月D日", dateTime: "YYYY年M月D日 HH:mm" }
    : { date: "D MMM YYYY", dateTime: "D MMM YYYY, HH:mm" };
}

/** A date (YYYY-MM-DD, shown as is) or a timestamp (shown in the company's time zone). */
export function formatDate(value: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dayjs(value).format(datePattern().date);
  return dayjs(value).tz(timeZone).format(datePattern().date);
}

export function formatDateTime(value: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!value) return "";
  return dayjs(value).tz(timeZone).format(datePattern().dateTime);
}

/** Today's date (YYYY-MM-DD) in the company's time zone. */
export function today(timeZone = DEFAULT_TIME_ZONE): string {
  return dayjs().tz(timeZone).format("YYYY-MM-DD");
}

/** The current period (YYYY-MM) in the company's time zone. */
export function currentPeriod(timeZone = DEFAULT_TIME_ZONE): string {
  return dayjs().tz(timeZone).format("YYYY-MM");
}

export { dayjs };
