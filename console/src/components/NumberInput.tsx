// Amounts, quantities and rates: the input takes digits, one decimal point and grouping separators
// only (letters never appear), and hands the form a plain decimal string ("1,250.50" → "1250.50"), so
// what is sent is what the API takes. `numberRule` checks it before sending.
import { Input } from "antd";
import type { Rule } from "antd/es/form";
import type { FocusEventHandler } from "react";

import i18n from "@/i18n";
import { cleanAmount } from "@/lib/decimal";

const PLAIN_NUMBER = /^-?(\d+\.?\d*|\.\d+)$/;

/** What may stay of a typed text: digits, the first decimal point and (when allowed) a leading minus. */
export function numberText(typed: string, negative = false): string {
  const kept = cleanAmount(typed).replace(negative ? /[^\d.-]/g : /[^\d.]/g, "");
  const minus = negative && kept.startsWith("-") ? "-" : "";
  const [whole = "", ...fractions] = kept.replace(/-/g, "").split(".");
  return minus + whole + (fractions.length > 0 ? "." + fractions.join("") : "");
}

/** A form rule: empty, or a number (the message in the user's language, from the API's code). */
export function numberRule(): Rule {
  return {
    validator: async (_, value: unknown) => {
      if (value === null || value === undefined || value === "" || PLAIN_NUMBER.test(String(value))) return;
      throw new Error(i18n.t("number.invalid", { ns: "errors" }));
    },
  };
}

export interface NumberInputProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  onBlur?: FocusEventHandler<HTMLInputElement>;
  negative?: boolean;
  id?: string;
  "aria-label"?: string;
  "data-testid"?: string;
  status?: "error" | "warning" | "";
  disabled?: boolean;
  placeholder?: string;
  className?: string;
  style?: React.CSSProperties;
}

export function NumberInput({ value, onChange, negative = false, className, ...rest }: NumberInputProps) {
  return (
    <Input
      {...rest}
      value={value ?? ""}
      inputMode="decimal"
      autoComplete="off"
      className={["amount-input", className].filter(Boolean).join(" ")}
      onChange={(event) => {
        const text = numberText(event.target.value, negative);
        onChange?.(text === "" ? null : text);
      }}
    />
  );
}
