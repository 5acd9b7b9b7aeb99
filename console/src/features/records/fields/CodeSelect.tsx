// A select over an LHDN code table (states, countries, MSIC, units, ...), searchable by code or name.
import { Select } from "antd";
import { useMemo, type CSSProperties } from "react";

import { useCodeLabel, useCodeTable, type CodeTableName } from "../reference/codes";

export interface CodeSelectProps {
  table: CodeTableName;
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

export function CodeSelect({ table, value, onChange, allowClear = true, style, ...rest }: CodeSelectProps) {
  const { entries, loading } = useCodeTable(table);
  const options = useMemo(() => {
    const found = entries.map((entry) => ({ value: entry.code, label: `${entry.code} — ${entry.label}` }));
    // A value the table does not hold (an old code) still shows, so the API can say what is wrong.
    if (value && !loading && !entries.some((entry) => entry.code === value)) found.unshift({ value, label: value });
    return found;
  }, [entries, loading, value]);
  return (
    <Select
      {...rest}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      options={options}
      loading={loading}
      showSearch={{ optionFilterProp: "label" }}
      allowClear={allowClear}
      popupMatchSelectWidth={false}
      style={{ width: "100%", minWidth: 0, ...style }}
    />
  );
}

export function CodeText({ table, value, nameOnly }: { table: CodeTableName; value: string; nameOnly?: boolean }) {
  const label = useCodeLabel(table, value);
  if (!label) return <>{value}</>;
  return <>{nameOnly ? label : `${value} — ${label}`}</>;
}
