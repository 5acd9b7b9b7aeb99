// Receipt and payment lines: what the money is for (account), a description, tax, optional
// dimensions and the amount, with the running total in the cash book's currency.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Form, Input, Table, Typography } from "antd";
import type { FormListFieldData } from "antd/es/form";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { Empty } from "../fields/FieldValue";
import { ReferenceSelect, ReferenceText } from "../fields/ReferenceSelect";
import { BRANCHES, DEPARTMENTS, ORG_UNITS, POSTABLE_ACCOUNTS, TAX_CODES } from "../fields/targets";
import type { NamePath } from "../fields/valueProps";
import { useLabels } from "../engine/labels";
import type { FormContext } from "../engine/types";
import { fromMinor } from "../money/decimal";
import { AmountInput, hasDimensions, LineAmount } from "./JournalLines";
import { cashTotal, type LineValues } from "./totals";

export function CashLinesField({
  kind,
  name,
  label,
  titled,
  context,
}: {
  kind: string;
  name: NamePath;
  label: string;
  titled: boolean;
  context: FormContext;
}) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const form = Form.useFormInstance();
  const { amount } = useFormatters();
  const lines = Form.useWatch(name, form) as LineValues[] | undefined;
  const { total, invalid, digits } = cashTotal(lines, context.currency);
  const [dimensionsChosen, setDimensionsChosen] = useState(false);
  const dimensions = dimensionsChosen || hasDimensions(lines);
  const cellLabel = (field: string, index: number) => t("cellLabel", { field: labels.field(field), line: index + 1 });

  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => {
        const required = [{ required: true, message: t("requiredShort") }];
        const columns: ColumnsType<FormListFieldData> = [
          {
            key: "line",
            title: "#",
            width: 40,
            render: (_, __, index) => <span className="line-number">{index + 1}</span>,
          },
          {
            key: "account_id",
            title: labels.field("account_id"),
            width: 300,
            render: (_, row, index) => (
              <Form.Item name={[row.name, "account_id"]} className="line-cell" rules={required}>
                <ReferenceSelect
                  target={POSTABLE_ACCOUNTS}
                  aria-label={cellLabel("account_id", index)}
                  allowClear={false}
                />
              </Form.Item>
            ),
          },
          {
            key: "memo",
            title: labels.field("line_memo"),
            width: 220,
            render: (_, row, index) => (
              <Form.Item name={[row.name, "memo"]} className="line-cell">
                <Input aria-label={cellLabel("line_memo", index)} />
              </Form.Item>
            ),
          },
          {
            key: "tax_code_id",
            title: labels.field("tax_code_id"),
            width: 180,
            render: (_, row, index) => (
              <Form.Item name={[row.name, "tax_code_id"]} className="line-cell">
                <ReferenceSelect target={TAX_CODES} aria-label={cellLabel("tax_code_id", index)} />
              </Form.Item>
            ),
          },
          ...(dimensions
            ? ([
                {
                  key: "branch_id",
                  title: labels.field("branch_id"),
                  width: 170,
                  render: (_, row, index) => (
                    <Form.Item name={[row.name, "branch_id"]} className="line-cell">
                      <ReferenceSelect target={BRANCHES} aria-label={cellLabel("branch_id", index)} />
                    </Form.Item>
                  ),
                },
                {
                  key: "department_id",
                  title: labels.field("department_id"),
                  width: 170,
                  render: (_, row, index) => (
                    <Form.Item name={[row.name, "department_id"]} className="line-cell">
                      <ReferenceSelect target={DEPARTMENTS} aria-label={cellLabel("department_id", index)} />
                    </Form.Item>
                  ),
                },
                {
                  key: "project_id",
                  title: labels.field("project_id"),
                  width: 120,
                  render: (_, row, index) => (
                    <Form.Item name={[row.name, "project_id"]} className="line-cell">
                      <Input aria-label={cellLabel("project_id", index)} />
                    </Form.Item>
                  ),
                },
              ] satisfies ColumnsType<FormListFieldData>)
            : []),
          {
            key: "amount",
            title: labels.field("line_amount"),
            width: 150,
            align: "right",
            render: (_, row, index) => (
              <Form.Item name={[row.name, "amount"]} className="line-cell" rules={required}>
                <AmountInput digits={digits} aria-label={cellLabel("line_amount", index)} />
              </Form.Item>
            ),
          },
          {
            key: "remove",
            width: 48,
            render: (_, row, index) => (
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t("removeLine", { line: index + 1 })}
                disabled={rows.length <= 1}
                onClick={() => remove(row.name)}
              />
            ),
          },
        ];
        const leading = columns.length - 2;
        return (
          <section className="record-lines" aria-label={label} data-testid="cash-lines">
            <Flex
              justify={titled ? "space-between" : "flex-end"}
              align="center"
              wrap
              gap="small"
              className="record-lines-head"
            >
              {titled ? (
                <Typography.Title level={5} className="record-lines-title">
                  {label}
                </Typography.Title>
              ) : null}
              <Checkbox
                checked={dimensions}
                disabled={hasDimensions(lines)}
                onChange={(event) => setDimensionsChosen(event.target.checked)}
              >
                {t("journal.showDimensions")}
              </Checkbox>
            </Flex>
            <Table<FormListFieldData>
              size="small"
              rowKey="key"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: dimensions ? 1460 : 980 }}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={leading} align="right">
                    <Typography.Text strong>{t("cash.total")}</Typography.Text>
                    {invalid > 0 ? (
                      <Typography.Text type="danger">
                        {" "}
                        · {t("journal.invalidAmounts", { count: invalid })}
                      </Typography.Text>
                    ) : null}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={leading} align="right">
                    <strong className="amount" data-testid="cash-total">
                      {amount(fromMinor(total, digits), context.currency)}
                    </strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={leading + 1} />
                </Table.Summary.Row>
              )}
            />
            <Button icon={<PlusOutlined />} onClick={() => add({})} className="record-lines-add" data-testid="add-line">
              {t("addLine")}
            </Button>
          </section>
        );
      }}
    </Form.List>
  );
}

/** A receipt's or payment's lines, read-only, with the total. */
export function CashLinesView({ kind, lines, currency }: { kind: string; lines: LineValues[]; currency: string }) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const { amount } = useFormatters();
  const { total, digits } = cashTotal(lines, currency);
  const dimensions = hasDimensions(lines);
  const reference = (value: unknown) =>
    value ? <ReferenceText target={ORG_UNITS} value={String(value)} /> : <Empty />;
  const columns: ColumnsType<LineValues> = [
    { key: "line", title: "#", width: 40, render: (_, __, index) => index + 1 },
    {
      key: "account_id",
      title: labels.field("account_id"),
      render: (_, line) =>
        line.account_id ? <ReferenceText target={POSTABLE_ACCOUNTS} value={line.account_id} /> : <Empty />,
    },
    { key: "memo", title: labels.field("line_memo"), dataIndex: "memo" },
    {
      key: "tax_code_id",
      title: labels.field("tax_code_id"),
      render: (_, line) =>
        line.tax_code_id ? <ReferenceText target={TAX_CODES} value={String(line.tax_code_id)} /> : <Empty />,
    },
    ...(dimensions
      ? ([
          { key: "branch_id", title: labels.field("branch_id"), render: (_, line) => reference(line.branch_id) },
          {
            key: "department_id",
            title: labels.field("department_id"),
            render: (_, line) => reference(line.department_id),
          },
          { key: "project_id", title: labels.field("project_id"), dataIndex: "project_id" },
        ] satisfies ColumnsType<LineValues>)
      : []),
    {
      key: "amount",
      title: labels.field("line_amount"),
      align: "right",
      render: (_, line) => <LineAmount value={line.amount} currency={currency} />,
    },
  ];
  return (
    <Table<LineValues>
      size="small"
      rowKey="_key"
      columns={columns}
      dataSource={lines.map((line, index) => ({ ...line, _key: index }))}
      pagination={false}
      scroll={{ x: "max-content" }}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={columns.length - 1} align="right">
            <Typography.Text strong>{t("cash.total")}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={columns.length - 1} align="right">
            <strong className="amount">{amount(fromMinor(total, digits), currency)}</strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
