// Amounts in lines: typed as decimal strings, shown formatted in the document's currency.
import { useFormatters } from "@/components/Format";
import { NumberInput } from "@/components/NumberInput";
import { fromMinor, toMinor } from "@/lib/decimal";

/** An amount input that tidies what was typed to the currency's decimals when it loses focus. */
export function AmountInput({
  digits,
  onChange,
  value,
  ...rest
}: {
  digits: number;
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  "aria-label"?: string;
  status?: "error" | "warning" | "";
  "data-testid"?: string;
}) {
  return (
    <NumberInput
      {...rest}
      value={value ?? ""}
      onChange={onChange}
      onBlur={() => {
        const units = toMinor(value, digits);
        if (typeof units === "bigint") onChange?.(fromMinor(units, digits));
      }}
    />
  );
}

/** A line's amount, read-only; nothing when the line has none. */
export function LineAmount({ value, currency }: { value: unknown; currency: string }) {
  const { amount } = useFormatters();
  if (value === null || value === undefined || value === "") return null;
  return <span className="amount">{amount(String(value), currency)}</span>;
}
