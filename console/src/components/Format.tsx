// Amounts and dates as the company and the reader expect them.
import { useTranslation } from "react-i18next";

import { useTenantSettings } from "@/auth/me";
import { formatAmount, formatDate, formatDateTime, formatMoney } from "@/lib/format";

export function Money({ amount, currency }: { amount: string | number | null | undefined; currency?: string | null }) {
  const { i18n } = useTranslation();
  const { baseCurrency } = useTenantSettings();
  return <span className="amount">{formatMoney(amount, currency || baseCurrency, i18n.language)}</span>;
}

export function Amount({ amount, currency }: { amount: string | number | null | undefined; currency?: string }) {
  const { i18n } = useTranslation();
  return <span className="amount">{formatAmount(amount, i18n.language, currency)}</span>;
}

export function DateText({ value }: { value: string | null | undefined }) {
  const { timeZone } = useTenantSettings();
  return <time dateTime={value ?? undefined}>{formatDate(value, timeZone)}</time>;
}

export function DateTimeText({ value }: { value: string | null | undefined }) {
  const { timeZone } = useTenantSettings();
  return <time dateTime={value ?? undefined}>{formatDateTime(value, timeZone)}</time>;
}

/** Hooks for table cells and chart labels, where a component does not fit. */
export function useFormatters() {
  const { i18n } = useTranslation();
  const { timeZone, baseCurrency } = useTenantSettings();
  return {
    money: (amount: string | number | null | undefined, currency?: string | null) =>
      formatMoney(amount, currency || baseCurrency, i18n.language),
    amount: (amount: string | number | null | undefined, currency?: string) =>
      formatAmount(amount, i18n.language, currency),
    date: (value: string | null | undefined) => formatDate(value, timeZone),
    dateTime: (value: string | null | undefined) => formatDateTime(value, timeZone),
    timeZone,
    baseCurrency,
  };
}
