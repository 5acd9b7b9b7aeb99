// A document's declared lines (journal, receipt, payment), read-only, with their totals.
import type { ColumnsType, ColumnType } from "antd/es/table";

import { useLabels } from "../engine/labels";
import { hasDimensions } from "./dimensions";
import { columnLabel, shownColumns, type LineColumn } from "./lineColumns";
import { LINE_NUMBER_COLUMN, LinesTable } from "./LinesTable";
import type { LineValues } from "./totals";
import { TotalsRow, type LinesTotals } from "./TotalsRow";

export function LinesView({
  kind,
  columns,
  lines,
  currency,
  totals,
  "data-testid": testId,
}: {
  kind: string;
  columns: readonly LineColumn[];
  lines: LineValues[];
  currency: string;
  totals: LinesTotals | readonly LinesTotals[];
  "data-testid"?: string;
}) {
  const labels = useLabels(kind);
  const viewColumn = (column: LineColumn): ColumnType<LineValues> => {
    const { show } = column;
    return {
      key: column.field,
      title: labels.field(columnLabel(column)),
      align: column.align,
      ...(show ? { render: (_: unknown, line: LineValues) => show(line, currency) } : { dataIndex: column.field }),
    };
  };
  const tableColumns: ColumnsType<LineValues> = [
    LINE_NUMBER_COLUMN,
    ...shownColumns(columns, hasDimensions(lines)).map(viewColumn),
  ];
  return (
    <LinesTable
      columns={tableColumns}
      lines={lines}
      data-testid={testId}
      summary={() =>
        (Array.isArray(totals) ? totals : [totals]).map((row: LinesTotals) => (
          <TotalsRow key={row.label} columnCount={tableColumns.length} {...row} />
        ))
      }
    />
  );
}
