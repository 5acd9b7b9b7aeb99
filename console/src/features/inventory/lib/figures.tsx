// Stock figures as the reports show them, from the API's decimal strings (never through a float):
// quantities with up to 4 decimals, values in the company's currency (2 decimals for MYR), rates with 2
// to 6 decimals, and FIFO layers compactly ("4 @ 3.00, 2 @ 3.50").
import { useTranslation } from "react-i18next";

import { useTenantSettings } from "@/auth/me";
import { currencyDigits, formatAmount, formatDecimal } from "@/lib/format";

export const QTY_DIGITS = 4;
export const RATE_DIGITS = 6;

export interface Layer {
  qty: string;
  rate: string;
}

/** Formatters in the reader's language and the company's currency. */
export function useStockFormat() {
  const { i18n } = useTranslation();
  const { baseCurrency } = useTenantSettings();
  const language = i18n.language;
  const qty = (value: string | null | undefined) => formatDecimal(value, language, 0, QTY_DIGITS);
  const rate = (value: string | null | undefined) =>
    formatDecimal(value, language, currencyDigits(baseCurrency), RATE_DIGITS);
  return {
    qty,
    rate,
    value: (value: string | null | undefined) => formatAmount(value, language, baseCurrency),
    layers: (layers: readonly Layer[] | null | undefined) =>
      (layers ?? []).map((layer) => `${qty(layer.qty)} @ ${rate(layer.rate)}`).join(", "),
    currency: baseCurrency,
  };
}

/** A figure in a report cell: right-aligned digits; nothing for a figure the API left out. */
export function Figure({ text, testId }: { text: string; testId?: string }) {
  return text ? (
    <span className="amount" data-testid={testId}>
      {text}
    </span>
  ) : null;
}
