// The lines of a journal entry with their totals (debits equal credits).
import { Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import type { EntryLineView, EntryView } from "../lib/api";
import { accountLedgerRoute } from "../lib/links";
import { sumAmounts } from "../lib/money";
import { BalancedTag, Figure } from "./Figures";
import { ReportTable } from "./ReportTable";

function Dimensions({ line }: { line: EntryLineView }) {
  const { t } = useTranslation("ledger");
  const parts = [
    line.dimensions.branch_id && `${t("dimension.branch")}: ${line.dimensions.branch_id}`,
    line.dimensions.department_id && `${t("dimension.department")}: ${line.dimensions.department_id}`,
    line.dimensions.project_id && `${t("dimension.project")}: ${line.dimensions.project_id}`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }}>
      {parts.join(" · ")}
    </Typography.Text>
  );
}

export function EntryLines({ entry, testId }: { entry: EntryView; testId?: string }) {
  const { t } = useTranslation("ledger");
  const { baseCurrency } = useFormatters();
  const period = entry.period;
  const totalDebit = sumAmounts(entry.lines.map((line) => line.debit));
  const totalCredit = sumAmounts(entry.lines.map((line) => line.credit));
  const columns: TableColumnsType<EntryLineView> = [
    {
      title: t("column.account"),
      key: "account",
      render: (_: unknown, line) => (
        <>
          <Link to={accountLedgerRoute(line.account_id, period, period)} className="ledger-drill">
            {line.code} {line.name}
          </Link>
          {line.memo ? <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>{line.memo}</Typography.Text> : null}
          <Dimensions line={line} />
        </>
      ),
    },
    {
      title: t("column.currencyAmount"),
      key: "amount",
      align: "right",
      width: 160,
      render: (_: unknown, line) =>
        line.currency === baseCurrency ? null : (
          <span>
            {line.currency} <Figure amount={line.amount} currency={line.currency} />
          </span>
        ),
    },
    { title: t("column.debit"), dataIndex: "debit", align: "right", width: 140, render: (v: string) => <Figure amount={v} blankZero /> },
    { title: t("column.credit"), dataIndex: "credit", align: "right", width: 140, render: (v: string) => <Figure amount={v} blankZero /> },
  ];
  return (
    <ReportTable<EntryLineView>
      data-testid={testId}
      rowKey={(line) => `${line.account_id}-${entry.lines.indexOf(line)}`}
      columns={columns}
      dataSource={entry.lines}
      scroll={{ x: 520 }}
      summary={() => (
        <Table.Summary>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong style={{ marginInlineEnd: 8 }}>
                {t("total")}
              </Typography.Text>
              <BalancedTag balanced={totalDebit === totalCredit} testId="entry-balanced" />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <Figure amount={totalDebit} strong />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Figure amount={totalCredit} strong />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
