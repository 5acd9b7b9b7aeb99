// The read-only table of a record's lines, as every detail page shows them.
import { Table, type TableProps } from "antd";
import type { ColumnsType } from "antd/es/table";

import type { LineValues } from "./totals";

export function LinesTable({
  columns,
  lines,
  emptyText,
  summary,
  "data-testid": testId,
}: {
  columns: ColumnsType<LineValues>;
  lines: LineValues[];
  emptyText?: string;
  summary?: TableProps<LineValues>["summary"];
  "data-testid"?: string;
}) {
  return (
    <Table<LineValues>
      size="small"
      rowKey="_key"
      columns={columns}
      dataSource={lines.map((line, index) => ({ ...line, _key: index }))}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={emptyText === undefined ? undefined : { emptyText }}
      data-testid={testId}
      summary={summary}
    />
  );
}

/** The "#" column: the line's number. */
export const LINE_NUMBER_COLUMN: ColumnsType<LineValues>[number] = {
  key: "line",
  title: "#",
  width: 40,
  render: (_, __, index) => index + 1,
};
