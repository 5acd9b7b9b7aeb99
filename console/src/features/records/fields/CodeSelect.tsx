// A select over an LHDN code table (states, countries, MSIC, units, ...), searchable by code or name.
import { Select } from "antd";
import { useMemo } from "react";

import { useCodeLabel, useCodeTable, type CodeTableName } from "../reference/codes";
import { selectProps, type ValueSelectProps } from "./selectProps";

export interface CodeSelectProps extends ValueSelectProps {
  table: CodeTableName;
}

export function CodeSelect({ table, ...select }: CodeSelectProps) {
  const { value } = select;
  const { entries, loading } = useCodeTable(table);
  const options = useMemo(() => {
    const found = entries.map((entry) => ({ value: entry.code, label: `${entry.code} — ${entry.label}` }));
    // A value the table does not hold (an old code) still shows, so the API can say what is wrong.
    if (value && !loading && !entries.some((entry) => entry.code === value)) found.unshift({ value, label: value });
    return found;
  }, [entries, loading, value]);
  return (
    <Select {...selectProps(select)} options={options} loading={loading} showSearch={{ optionFilterProp: "label" }} />
  );
}

export function CodeText({ table, value, nameOnly }: { table: CodeTableName; value: string; nameOnly?: boolean }) {
  const label = useCodeLabel(table, value);
  if (!label) return <>{value}</>;
  return <>{nameOnly ? label : `${value} — ${label}`}</>;
}
