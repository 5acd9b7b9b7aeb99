// Receipt and payment lines: what the money is for (account), a description, tax, optional
// dimensions and the amount; under them the subtotal, the tax and the total that moves in the cash
// book, as the API fixes them (the document's "Amounts are" says whether the amounts include tax).
import { Form, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { fromMinor, toMinor } from "@/lib/decimal";
import { useRecordList } from "../engine/client";
import type { DocRecord, FormContext } from "../engine/types";
import { POSTABLE_ACCOUNTS, TAX_CODES } from "../fields/targets";
import { dimensionColumns } from "./dimensions";
import type { LinesFieldProps } from "./gridParts";
import { amountColumn, referenceColumn, textColumn, type LineColumn } from "./lineColumns";
import { LinesGrid, useWatchedLines } from "./LinesGrid";
import { LinesView } from "./LinesView";
import { cashTotals, type AmountsAre, type CashTotals, type LineValues } from "./totals";
import type { LinesTotals } from "./TotalsRow";

const CASH_COLUMNS: readonly LineColumn[] = [
  referenceColumn({ field: "account_id", width: 300, required: true, target: POSTABLE_ACCOUNTS }),
  textColumn({ field: "memo", label: "line_memo", width: 220 }),
  referenceColumn({ field: "tax_code_id", width: 180, target: TAX_CODES }),
  ...dimensionColumns({ branch_id: 170, department_id: 170, project_id: 120 }),
  amountColumn({ field: "amount", label: "line_amount", width: 150, required: true }),
];

/** Each tax code's rate (percent, as the API writes it), by id. */
function useTaxRates(): (taxCodeId: string) => string | undefined {
  const { data } = useRecordList(TAX_CODES, { limit: 200, status: "all" });
  const rates = new Map((data?.items ?? []).map((code: DocRecord) => [String(code.id), String(code.rate ?? "")]));
  return (taxCodeId) => rates.get(taxCodeId) || undefined;
}

/** Subtotal, tax and total as three rows under the lines (the last one the cash that moves). */
function useTotalsRows(totals: CashTotals, currency: string, testIds = false): LinesTotals[] {
  const { t } = useTranslation("records");
  const { amount } = useFormatters();
  const row = (label: string, units: bigint, testId: string): LinesTotals => ({
    label,
    amounts: [{ text: amount(fromMinor(units, totals.digits), currency), ...(testIds ? { "data-testid": testId } : {}) }],
  });
  return [
    row(t("cash.subtotal"), totals.subtotal, "cash-subtotal"),
    row(t("cash.tax"), totals.tax, "cash-tax"),
    { ...row(t("cash.grandTotal"), totals.total, "cash-total"), className: "totals-grand" },
  ];
}

export function CashLinesField({ context, ...field }: LinesFieldProps & { context: FormContext }) {
  const { t } = useTranslation("records");
  const lines = useWatchedLines(field.name);
  const amountsAre = (Form.useWatch("amounts_are", Form.useFormInstance()) as AmountsAre | undefined) ?? "exclusive";
  const totals = cashTotals(lines, context.currency, amountsAre, useTaxRates());
  const rows = useTotalsRows(totals, context.currency, true);
  const note =
    totals.invalid > 0 ? (
      <Typography.Text type="danger">
        {" "}
        · {t("journal.invalidAmounts", { count: totals.invalid })}
      </Typography.Text>
    ) : null;
  return (
    <LinesGrid
      {...field}
      lines={lines}
      columns={CASH_COLUMNS}
      digits={totals.digits}
      minimumLines={1}
      tableWidth={{ plain: 980, withDimensions: 1460 }}
      newLine={() => ({})}
      data-testid="cash-lines"
      totals={rows.map((row, index) => (index === rows.length - 1 ? { ...row, note } : row))}
    />
  );
}

/** A receipt's or payment's lines, read-only, with the subtotal, tax and total fixed on it. */
export function CashLinesView({ kind, record, currency }: { kind: string; record: Record<string, unknown>; currency: string }) {
  const lines = (record.lines as LineValues[] | undefined) ?? [];
  const { digits } = cashTotals([], currency, "exclusive", () => undefined);
  const minor = (value: unknown) => toMinor(value, digits) ?? 0n;
  const totals: CashTotals = {
    subtotal: minor(record.amount),
    tax: minor(record.tax_total),
    total: minor(record.total ?? record.amount),
    invalid: 0,
    digits,
  };
  const rows = useTotalsRows(totals, currency, true);
  return <LinesView kind={kind} columns={CASH_COLUMNS} lines={lines} currency={currency} totals={rows} />;
}
