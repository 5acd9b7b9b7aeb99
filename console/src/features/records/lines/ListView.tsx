import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";

import { FieldValue } from "../fields/FieldValue";
import { useLabels } from "../engine/labels";
import type { Widget } from "../engine/types";
import { LINE_NUMBER_COLUMN, LinesTable } from "./LinesTable";
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
    LINE_NUMBER_COLUMN,
    ...Object.entries(widget.fields).map(([name, spec]) => ({
      key: name,
      title: labels.field(name),
      align: RIGHT_ALIGNED.has(spec.widget.type) ? ("right" as const) : undefined,
      render: (_: unknown, line: LineValues) => (
        <FieldValue widget={spec.widget} value={line[name]} kind={kind} currency={currency} />
      ),
    })),
  ];
  return <LinesTable columns={columns} lines={lines} emptyText={t("noLines")} />;
}
