// The journal lines grid: account, description, optional dimensions, debit and credit per line, with
// live totals and the difference. Typing a debit clears the line's credit (and the reverse); a new
// line starts with the amount that would balance the journal, and the last line's Balance button sets
// it to that amount (exact: integer minor units, never floats).
import { CalculatorOutlined, CheckCircleFilled, ExclamationCircleFilled } from "@ant-design/icons";
import { Button, Form, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { POSTABLE_ACCOUNTS } from "../fields/targets";
import type { FormContext } from "../engine/types";
import { fromMinor } from "@/lib/decimal";
import { dimensionColumns } from "./dimensions";
import type { LinesFieldProps } from "./gridParts";
import { amountColumn, referenceColumn, textColumn, type LineColumn } from "./lineColumns";
import { LinesGrid, useWatchedLines } from "./LinesGrid";
import { LinesView } from "./LinesView";
import { balancingAmounts, balancingLine, journalTotals, type JournalTotals, type LineValues } from "./totals";
import type { LinesTotals } from "./TotalsRow";

type Side = "debit" | "credit";

/** A line is a debit or a credit: typing an amount on one side clears the other. */
function sideColumn(side: Side, other: Side): LineColumn {
  return amountColumn({
    field: side,
    width: 150,
    onInput: (value, cell) => {
      if (value) cell.clearField(other);
    },
  });
}

const JOURNAL_COLUMNS: readonly LineColumn[] = [
  referenceColumn({ field: "account_id", width: 320, required: true, target: POSTABLE_ACCOUNTS }),
  textColumn({ field: "memo", label: "line_memo", width: 240 }),
  ...dimensionColumns({ branch_id: 180, department_id: 180, project_id: 130 }),
  sideColumn("debit", "credit"),
  sideColumn("credit", "debit"),
];

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

/** The journal's totals row (debits, credits); the grid's totals carry test ids, the posted journal's not. */
function useTotalsRow(totals: JournalTotals, currency: string, withTestIds: boolean) {
  const { t } = useTranslation("records");
  const { amount } = useFormatters();
  const format = (units: bigint) => amount(fromMinor(units, totals.digits), currency);
  const row: LinesTotals = {
    label: t("journal.totals"),
    amounts: [
      { text: format(totals.debit), "data-testid": withTestIds ? "journal-total-debit" : undefined },
      { text: format(totals.credit), "data-testid": withTestIds ? "journal-total-credit" : undefined },
    ],
  };
  return { row, format };
}

/** Sets line `index` (form list row `row`) to the debit or credit that balances the journal. */
function BalanceButton({
  name,
  lines,
  row,
  index,
  currency,
}: {
  name: LinesFieldProps["name"];
  lines: LineValues[] | undefined;
  row: number;
  index: number;
  currency: string;
}) {
  const { t } = useTranslation("grid");
  const form = Form.useFormInstance();
  const amounts = balancingAmounts(lines, index, currency);
  const label = t("balance.label", { line: index + 1 });
  return (
    <Tooltip title={amounts ? t("balance.hint") : t("balance.nothing")}>
      <Button
        type="text"
        icon={<CalculatorOutlined />}
        aria-label={label}
        disabled={!amounts}
        data-testid="balance-line"
        onClick={() => {
          if (!amounts) return;
          form.setFieldValue([...name, row, "debit"], amounts.debit ?? undefined);
          form.setFieldValue([...name, row, "credit"], amounts.credit ?? undefined);
          void form.validateFields([
            [...name, row, "debit"],
            [...name, row, "credit"],
          ]);
        }}
      />
    </Tooltip>
  );
}

export function JournalLinesField({ context, ...field }: LinesFieldProps & { context: FormContext }) {
  const lines = useWatchedLines(field.name);
  const totals = journalTotals(lines, context.currency);
  const { row, format } = useTotalsRow(totals, context.currency, true);
  return (
    <LinesGrid
      {...field}
      lines={lines}
      columns={JOURNAL_COLUMNS}
      digits={totals.digits}
      minimumLines={2}
      tableWidth={{ plain: 960, withDimensions: 1440 }}
      newLine={() => balancingLine(totals)}
      lastLineTool={(line, index) => (
        <BalanceButton name={field.name} lines={lines} row={line} index={index} currency={context.currency} />
      )}
      data-testid="journal-lines"
      rowTestId="journal-line"
      totals={{ ...row, className: "journal-totals" }}
      status={<Difference totals={totals} format={format} />}
    />
  );
}

/** A posted journal's lines, read-only, with totals. */
export function JournalLinesView({ kind, lines, currency }: { kind: string; lines: LineValues[]; currency: string }) {
  const { row } = useTotalsRow(journalTotals(lines, currency), currency, false);
  return (
    <LinesView
      kind={kind}
      columns={JOURNAL_COLUMNS}
      lines={lines}
      currency={currency}
      totals={row}
      data-testid="journal-lines-view"
    />
  );
}
