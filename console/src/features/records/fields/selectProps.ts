// What the form's searchable selects (LHDN codes, records of other collections) share: a value that
// is a string or null ("none"), Form.Item's injected props, and the Select settings that fit a cell.
import type { SelectProps } from "antd";
import type { CSSProperties } from "react";

export interface ValueSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  "aria-label"?: string;
  disabled?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  status?: "error" | "warning" | "";
  style?: CSSProperties;
}

/** Props for antd's Select: null for "none", clearable unless told otherwise, as wide as its cell. */
export function selectProps({ value, onChange, allowClear = true, style, ...rest }: ValueSelectProps) {
  return {
    ...rest,
    value: value ?? undefined,
    onChange: (next: string | undefined) => onChange?.(next ?? null),
    allowClear,
    popupMatchSelectWidth: false,
    style: { width: "100%", minWidth: 0, ...style },
  } satisfies SelectProps<string | undefined>;
}
