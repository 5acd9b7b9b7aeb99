// The totals row under a lines table: a label across the leading columns, then one cell per total.
import { Table, Typography } from "antd";
import type { ReactNode } from "react";

export interface LineTotal {
  /** The formatted amount. */
  text: string;
  "data-testid"?: string;
}

export interface LinesTotals {
  label: string;
  /** Said after the label (amounts that could not be read). */
  note?: ReactNode;
  /** One per amount column, the last columns of the table (before the remove column, if any). */
  amounts: readonly LineTotal[];
  className?: string;
}

export function TotalsRow({
  columnCount,
  trailingCell = false,
  label,
  note,
  amounts,
  className,
}: LinesTotals & {
  columnCount: number;
  /** An empty cell after the totals, under the remove buttons. */
  trailingCell?: boolean;
}) {
  const leading = columnCount - amounts.length - (trailingCell ? 1 : 0);
  return (
    <Table.Summary.Row className={className}>
      <Table.Summary.Cell index={0} colSpan={leading} align="right">
        <Typography.Text strong>{label}</Typography.Text>
        {note}
      </Table.Summary.Cell>
      {amounts.map((total, offset) => (
        <Table.Summary.Cell key={offset} index={leading + offset} align="right">
          <strong className="amount" data-testid={total["data-testid"]}>
            {total.text}
          </strong>
        </Table.Summary.Cell>
      ))}
      {trailingCell ? <Table.Summary.Cell index={leading + amounts.length} /> : null}
    </Table.Summary.Row>
  );
}
