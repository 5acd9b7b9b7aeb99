// Labels of the dashboard charts in the reader's language: month names and compact amounts on axes,
// full money amounts in tooltips.
import { dayjs, formatMoney, numberLocale } from "@/lib/format";

export function monthLabel(period: string, language: string): string {
  const day = dayjs(`${period}-01`);
  // An explicit locale: the app switches dayjs' global locale only after this render.
  if (language === "zh-CN") return day.format("YYYY年M月");
  return day.locale(language === "ms" ? "ms" : "en").format("MMM YY"); // "Dec 24" / "Dis 24"
}

export function compactAmount(value: number, language: string): string {
  return new Intl.NumberFormat(numberLocale(language), {
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(value);
}

export function moneyText(value: unknown, currency: string, language: string): string {
  const amount = Array.isArray(value) ? value[value.length - 1] : value;
  return formatMoney(typeof amount === "number" ? amount.toFixed(2) : String(amount ?? 0), currency, language);
}
