// Lines of a declared shape (price lines, unit conversions) as an editable table: one Form.List row
// per line, each cell a Form.Item so the API's `lines.3.unit_price` problems land on their cell.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Form, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { FormListFieldData } from "antd/es/form";
import { useTranslation } from "react-i18next";

import { FieldControl } from "../fields/FieldControl";
import { valueProps, type NamePath } from "../fields/valueProps";
import { useLabels } from "../engine/labels";
import type { Widget } from "../engine/types";

type ListWidget = Extract<Widget, { type: "list" }>;

export function ListField({
  kind,
  name,
  label,
  titled,
  widget,
}: {
  kind: string;
  name: NamePath;
  label: string;
  titled: boolean;
  widget: ListWidget;
}) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => {
        const columns: ColumnsType<FormListFieldData> = [
          ...Object.entries(widget.fields).map(([sub, spec]) => ({
            key: sub,
            title: labels.field(sub),
            align: spec.widget.type === "money" || spec.widget.type === "decimal" ? ("right" as const) : undefined,
            render: (_: unknown, row: FormListFieldData, index: number) => (
              <Form.Item
                name={[row.name, sub]}
                className="line-cell"
                rules={spec.required ? [{ required: true, message: t("requiredShort") }] : undefined}
                {...valueProps(spec.widget)}
              >
                <FieldControl
                  widget={spec.widget}
                  kind={kind}
                  aria-label={t("cellLabel", { field: labels.field(sub), line: index + 1 })}
                  allowClear={!spec.required}
                />
              </Form.Item>
            ),
          })),
          {
            key: "remove",
            width: 48,
            render: (_: unknown, row: FormListFieldData, index: number) => (
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t("removeLine", { line: index + 1 })}
                onClick={() => remove(row.name)}
              />
            ),
          },
        ];
        return (
          <section className="record-lines" aria-label={label}>
            {titled ? (
              <Typography.Title level={5} className="record-lines-title">
                {label}
              </Typography.Title>
            ) : null}
            <Table<FormListFieldData>
              size="small"
              rowKey="key"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: "max-content" }}
              locale={{ emptyText: t("noLines") }}
            />
            {widget.max === undefined || rows.length < widget.max ? (
              <Button icon={<PlusOutlined />} onClick={() => add({})} className="record-lines-add">
                {t("addLine")}
              </Button>
            ) : null}
          </section>
        );
      }}
    </Form.List>
  );
}
