// A report's table: compact and unpaged (reports load in full, or page by "Load more"), with the report's
// own words when it is empty.
import { Empty, Table } from "antd";
import type { TableProps } from "antd";

export function ReportTable<Row extends object>({ empty, ...props }: TableProps<Row> & { empty?: string }) {
  return (
    <Table<Row>
      className="ledger-report"
      size="small"
      pagination={false}
      locale={empty === undefined ? undefined : { emptyText: <Empty description={empty} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      {...props}
    />
  );
}
