// Labels of the dashboard charts in the reader's language: month names and compact amounts on axes,
// full money amounts in tooltips.
import { dayjs, formatMoney } from "@/lib/format";

export function monthLabel(period: string, language: string): string {
  const day = dayjs(`${period}-01`);
  // An explicit locale: the app switches dayjs' global locale only after this render.
  return language === "zh-CN" ? day.format("YYYY年M月") : day.locale("en").format("MMM YY");
}

export function compactAmount(value: number, language: string): string {
  return new Intl.NumberFormat(language === "zh-CN" ? "zh-CN" : "en-MY", {
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(value);
}

export function moneyText(value: unknown, currency: string, language: string): string {
  const amount = Array.isArray(value) ? value[value.length - 1] : value;
  return formatMoney(typeof amount === "number" ? amount.toFixed(2) : String(amount ?? 0), currency, language);
}
