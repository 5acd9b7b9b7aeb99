// Lines of a declared shape (price lines, unit conversions) as an editable table: one Form.List row
// per line, each cell a Form.Item so the API's `lines.3.unit_price` problems land on their cell.
import { Form } from "antd";
import type { ColumnsType, ColumnType } from "antd/es/table";
import type { FormListFieldData } from "antd/es/form";
import { useTranslation } from "react-i18next";

import { FieldControl } from "../fields/FieldControl";
import { valueProps } from "../fields/valueProps";
import { useLabels } from "../engine/labels";
import type { FieldSpec, Widget } from "../engine/types";
import { AddLineButton, LineRowsTable, LinesTitle, removeLineColumn, useCellLabel } from "./gridParts";
import type { LinesFieldProps } from "./gridParts";

type ListWidget = Extract<Widget, { type: "list" }>;

export function ListField({ kind, name, label, titled, widget }: LinesFieldProps & { widget: ListWidget }) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const cellLabel = useCellLabel(kind);
  const fieldColumn = ([sub, spec]: [string, FieldSpec]): ColumnType<FormListFieldData> => ({
    key: sub,
    title: labels.field(sub),
    align: spec.widget.type === "money" || spec.widget.type === "decimal" ? "right" : undefined,
    render: (_, row, index) => (
      <Form.Item
        name={[row.name, sub]}
        className="line-cell"
        rules={spec.required ? [{ required: true, message: t("requiredShort") }] : undefined}
        {...valueProps(spec.widget)}
      >
        <FieldControl widget={spec.widget} kind={kind} aria-label={cellLabel(sub, index)} allowClear={!spec.required} />
      </Form.Item>
    ),
  });
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => {
        const columns: ColumnsType<FormListFieldData> = [
          ...Object.entries(widget.fields).map(fieldColumn),
          removeLineColumn({ remove, lineCount: rows.length }),
        ];
        return (
          <section className="record-lines" aria-label={label}>
            <LinesTitle label={label} titled={titled} />
            <LineRowsTable
              columns={columns}
              dataSource={rows}
              scroll={{ x: "max-content" }}
              locale={{ emptyText: t("noLines") }}
            />
            {widget.max === undefined || rows.length < widget.max ? (
              <AddLineButton onAdd={() => add({})} className="record-lines-add" />
            ) : null}
          </section>
        );
      }}
    </Form.List>
  );
}
