// The journal lines grid: account, description, optional dimensions, debit and credit per line, with
// live totals and the difference. Typing a debit clears the line's credit (and the reverse); a new
// line starts with the amount that would balance the journal.
import { CheckCircleFilled, DeleteOutlined, ExclamationCircleFilled, PlusOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Form, Input, Table, Typography } from "antd";
import type { FormListFieldData } from "antd/es/form";
import type { ColumnsType } from "antd/es/table";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { ReferenceSelect, ReferenceText } from "../fields/ReferenceSelect";
import { BRANCHES, DEPARTMENTS, ORG_UNITS, POSTABLE_ACCOUNTS } from "../fields/targets";
import type { NamePath } from "../fields/valueProps";
import { Empty } from "../fields/FieldValue";
import { useLabels } from "../engine/labels";
import type { FormContext } from "../engine/types";
import { fromMinor, toMinor } from "../money/decimal";
import { balancingLine, journalTotals, type JournalTotals, type LineValues } from "./totals";

const DIMENSIONS = ["branch_id", "department_id", "project_id"] as const;

export function hasDimensions(lines: readonly (LineValues | undefined)[] | null | undefined): boolean {
  return (lines ?? []).some((line) => DIMENSIONS.some((name) => Boolean(line?.[name])));
}

/** An amount input that tidies what was typed to the currency's decimals when it loses focus. */
export function AmountInput({
  digits,
  onChange,
  value,
  ...rest
}: {
  digits: number;
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  "aria-label"?: string;
  status?: "error" | "warning" | "";
  "data-testid"?: string;
}) {
  return (
    <Input
      {...rest}
      value={value ?? ""}
      inputMode="decimal"
      autoComplete="off"
      className="amount-input"
      onChange={(event) => onChange?.(event.target.value)}
      onBlur={() => {
        const units = toMinor(value, digits);
        if (typeof units === "bigint") onChange?.(fromMinor(units, digits));
      }}
    />
  );
}

function Difference({ totals, format }: { totals: JournalTotals; format: (units: bigint) => string }) {
  const { t } = useTranslation("records");
  if (totals.invalid > 0) {
    return (
      <Typography.Text type="danger" data-testid="journal-difference">
        <ExclamationCircleFilled /> {t("journal.invalidAmounts", { count: totals.invalid })}
      </Typography.Text>
    );
  }
  if (totals.debit === 0n && totals.credit === 0n) {
    return (
      <Typography.Text type="secondary" data-testid="journal-difference" data-balanced="false">
        {t("journal.empty")}
      </Typography.Text>
    );
  }
  if (totals.balanced) {
    return (
      <Typography.Text type="success" data-testid="journal-difference" data-balanced="true">
        <CheckCircleFilled /> {t("journal.balanced")}
      </Typography.Text>
    );
  }
  const amount = format(totals.difference > 0n ? totals.difference : -totals.difference);
  return (
    <Typography.Text type="danger" strong data-testid="journal-difference" data-balanced="false">
      <ExclamationCircleFilled /> {t(totals.difference > 0n ? "journal.creditShort" : "journal.debitShort", { amount })}
    </Typography.Text>
  );
}

export function JournalLinesField({
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
  const totals = journalTotals(lines, context.currency);
  const [dimensionsChosen, setDimensionsChosen] = useState(false);
  const dimensions = dimensionsChosen || hasDimensions(lines);
  const format = (units: bigint) => amount(fromMinor(units, totals.digits), context.currency);
  const cellLabel = (field: string, index: number) => t("cellLabel", { field: labels.field(field), line: index + 1 });
  const clearOther = (row: number, other: "debit" | "credit") => (value: string | null) => {
    if (value) form.setFieldValue([...name, row, other], undefined);
  };

  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => {
        const required = [{ required: true, message: t("requiredShort") }];
        const dimensionColumns: ColumnsType<FormListFieldData> = dimensions
          ? [
              {
                key: "branch_id",
                title: labels.field("branch_id"),
                width: 180,
                render: (_, row, index) => (
                  <Form.Item name={[row.name, "branch_id"]} className="line-cell">
                    <ReferenceSelect target={BRANCHES} aria-label={cellLabel("branch_id", index)} />
                  </Form.Item>
                ),
              },
              {
                key: "department_id",
                title: labels.field("department_id"),
                width: 180,
                render: (_, row, index) => (
                  <Form.Item name={[row.name, "department_id"]} className="line-cell">
                    <ReferenceSelect target={DEPARTMENTS} aria-label={cellLabel("department_id", index)} />
                  </Form.Item>
                ),
              },
              {
                key: "project_id",
                title: labels.field("project_id"),
                width: 130,
                render: (_, row, index) => (
                  <Form.Item name={[row.name, "project_id"]} className="line-cell">
                    <Input aria-label={cellLabel("project_id", index)} />
                  </Form.Item>
                ),
              },
            ]
          : [];
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
            width: 320,
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
            width: 240,
            render: (_, row, index) => (
              <Form.Item name={[row.name, "memo"]} className="line-cell">
                <Input aria-label={t("cellLabel", { field: labels.field("line_memo"), line: index + 1 })} />
              </Form.Item>
            ),
          },
          ...dimensionColumns,
          {
            key: "debit",
            title: labels.field("debit"),
            width: 150,
            align: "right",
            render: (_, row, index) => (
              <Form.Item name={[row.name, "debit"]} className="line-cell">
                <AmountInput
                  digits={totals.digits}
                  aria-label={cellLabel("debit", index)}
                  onChange={clearOther(row.name, "credit")}
                />
              </Form.Item>
            ),
          },
          {
            key: "credit",
            title: labels.field("credit"),
            width: 150,
            align: "right",
            render: (_, row, index) => (
              <Form.Item name={[row.name, "credit"]} className="line-cell">
                <AmountInput
                  digits={totals.digits}
                  aria-label={cellLabel("credit", index)}
                  onChange={clearOther(row.name, "debit")}
                />
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
                disabled={rows.length <= 2}
                onClick={() => remove(row.name)}
              />
            ),
          },
        ];
        const leading = 3 + dimensionColumns.length;
        return (
          <section className="record-lines" aria-label={label} data-testid="journal-lines">
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
              scroll={{ x: dimensions ? 1440 : 960 }}
              onRow={(_, index) => ({ "data-testid": `journal-line-${index}` }) as HTMLAttributes<HTMLElement>}
              summary={() => (
                <Table.Summary>
                  <Table.Summary.Row className="journal-totals">
                    <Table.Summary.Cell index={0} colSpan={leading} align="right">
                      <Typography.Text strong>{t("journal.totals")}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={leading} align="right">
                      <strong className="amount" data-testid="journal-total-debit">
                        {format(totals.debit)}
                      </strong>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={leading + 1} align="right">
                      <strong className="amount" data-testid="journal-total-credit">
                        {format(totals.credit)}
                      </strong>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={leading + 2} />
                  </Table.Summary.Row>
                </Table.Summary>
              )}
            />
            <Flex justify="space-between" align="center" wrap gap="small" className="record-lines-foot">
              <Button icon={<PlusOutlined />} onClick={() => add(balancingLine(totals))} data-testid="add-line">
                {t("addLine")}
              </Button>
              <Difference totals={totals} format={format} />
            </Flex>
          </section>
        );
      }}
    </Form.List>
  );
}

export function LineAmount({ value, currency }: { value: unknown; currency: string }) {
  const { amount } = useFormatters();
  if (value === null || value === undefined || value === "") return null;
  return <span className="amount">{amount(String(value), currency)}</span>;
}

/** A posted journal's lines, read-only, with totals. */
export function JournalLinesView({ kind, lines, currency }: { kind: string; lines: LineValues[]; currency: string }) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const { amount } = useFormatters();
  const totals = journalTotals(lines, currency);
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
      key: "debit",
      title: labels.field("debit"),
      align: "right",
      render: (_, line) => <LineAmount value={line.debit} currency={currency} />,
    },
    {
      key: "credit",
      title: labels.field("credit"),
      align: "right",
      render: (_, line) => <LineAmount value={line.credit} currency={currency} />,
    },
  ];
  const leading = 3 + (dimensions ? 3 : 0);
  return (
    <Table<LineValues>
      size="small"
      rowKey="_key"
      columns={columns}
      dataSource={lines.map((line, index) => ({ ...line, _key: index }))}
      pagination={false}
      scroll={{ x: "max-content" }}
      data-testid="journal-lines-view"
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={leading} align="right">
            <Typography.Text strong>{t("journal.totals")}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={leading} align="right">
            <strong className="amount">{amount(fromMinor(totals.debit, totals.digits), currency)}</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={leading + 1} align="right">
            <strong className="amount">{amount(fromMinor(totals.credit, totals.digits), currency)}</strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
