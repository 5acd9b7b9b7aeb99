// Receipt and payment lines: what the money is for (account), a description, tax, optional
// dimensions and the amount, with the running total in the cash book's currency.
import { Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { POSTABLE_ACCOUNTS, TAX_CODES } from "../fields/targets";
import type { FormContext } from "../engine/types";
import { fromMinor } from "@/lib/decimal";
import { dimensionColumns } from "./dimensions";
import type { LinesFieldProps } from "./gridParts";
import { amountColumn, referenceColumn, textColumn, type LineColumn } from "./lineColumns";
import { LinesGrid, useWatchedLines } from "./LinesGrid";
import { LinesView } from "./LinesView";
import { cashTotal, type LineValues } from "./totals";

const CASH_COLUMNS: readonly LineColumn[] = [
  referenceColumn({ field: "account_id", width: 300, required: true, target: POSTABLE_ACCOUNTS }),
  textColumn({ field: "memo", label: "line_memo", width: 220 }),
  referenceColumn({ field: "tax_code_id", width: 180, target: TAX_CODES }),
  ...dimensionColumns({ branch_id: 170, department_id: 170, project_id: 120 }),
  amountColumn({ field: "amount", label: "line_amount", width: 150, required: true }),
];

export function CashLinesField({ context, ...field }: LinesFieldProps & { context: FormContext }) {
  const { t } = useTranslation("records");
  const { amount } = useFormatters();
  const lines = useWatchedLines(field.name);
  const { total, invalid, digits } = cashTotal(lines, context.currency);
  return (
    <LinesGrid
      {...field}
      lines={lines}
      columns={CASH_COLUMNS}
      digits={digits}
      minimumLines={1}
      tableWidth={{ plain: 980, withDimensions: 1460 }}
      newLine={() => ({})}
      data-testid="cash-lines"
      totals={{
        label: t("cash.total"),
        note:
          invalid > 0 ? (
            <Typography.Text type="danger">
              {" "}
              · {t("journal.invalidAmounts", { count: invalid })}
            </Typography.Text>
          ) : null,
        amounts: [{ text: amount(fromMinor(total, digits), context.currency), "data-testid": "cash-total" }],
      }}
    />
  );
}

/** A receipt's or payment's lines, read-only, with the total. */
export function CashLinesView({ kind, lines, currency }: { kind: string; lines: LineValues[]; currency: string }) {
  const { t } = useTranslation("records");
  const { amount } = useFormatters();
  const { total, digits } = cashTotal(lines, currency);
  return (
    <LinesView
      kind={kind}
      columns={CASH_COLUMNS}
      lines={lines}
      currency={currency}
      totals={{ label: t("cash.total"), amounts: [{ text: amount(fromMinor(total, digits), currency) }] }}
    />
  );
}
