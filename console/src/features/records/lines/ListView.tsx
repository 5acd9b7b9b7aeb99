import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";

import { FieldValue } from "../fields/FieldValue";
import { useLabels } from "../engine/labels";
import type { Widget } from "../engine/types";
import type { LineValues } from "./totals";

const RIGHT_ALIGNED = new Set(["money", "decimal", "integer"]);

/** Lines of a declared shape (price lines, unit conversions), read-only. */
export function ListView({
  kind,
  widget,
  lines,
  currency,
}: {
  kind: string;
  widget: Extract<Widget, { type: "list" }>;
  lines: LineValues[];
  currency: string;
}) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const columns: ColumnsType<LineValues> = [
    { key: "line", title: "#", width: 40, render: (_, __, index) => index + 1 },
    ...Object.entries(widget.fields).map(([name, spec]) => ({
      key: name,
      title: labels.field(name),
      align: RIGHT_ALIGNED.has(spec.widget.type) ? ("right" as const) : undefined,
      render: (_: unknown, line: LineValues) => (
        <FieldValue widget={spec.widget} value={line[name]} kind={kind} currency={currency} />
      ),
    })),
  ];
  return (
    <Table<LineValues>
      size="small"
      rowKey="_key"
      columns={columns}
      dataSource={lines.map((line, index) => ({ ...line, _key: index }))}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("noLines") }}
    />
  );
}
