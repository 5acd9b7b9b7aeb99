// A financial statement as indented rows: section, header group, account lines, group subtotal,
// section total, and the results between sections (gross profit, net profit ...). With a comparison,
// two more columns: the comparison periods and the change.
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { StatementSection } from "../lib/api";
import { accountLedgerRoute } from "../lib/links";
import { difference } from "../lib/money";
import { Figure } from "./Figures";
import { ReportTable } from "./ReportTable";

export type RowKind = "section" | "group" | "line" | "subtotal" | "total" | "result";

export interface StatementRow {
  key: string;
  kind: RowKind;
  label: string;
  code?: string;
  amount?: string | null;
  comparison?: string | null;
  change?: string | null;
  /** Console route of the account's general ledger over the statement's periods. */
  to?: string;
}

/** The console route for an API drill link `/v1/ledger/accounts/{id}/ledger?period_from=..&period_to=..`. */
function drillRoute(accountId: string, drill: string): string {
  const query = new URL(drill, window.location.origin).searchParams;
  return accountLedgerRoute(accountId, query.get("period_from") ?? undefined, query.get("period_to") ?? undefined);
}

/** The rows of `sections`; `after(name)` gives result rows to insert after a section. */
export function useStatementRows(
  sections: StatementSection[],
  after: (name: string) => StatementRow[] = () => [],
): StatementRow[] {
  const { t } = useTranslation("ledger");
  const rows: StatementRow[] = [];
  for (const section of sections) {
    const title = t(`section.${section.name}`, { defaultValue: section.title });
    const total: StatementRow = {
      key: `s-${section.name}-total`,
      kind: "total",
      label: t(`sectionTotal.${section.name}`, { defaultValue: t("statement.sectionTotal", { name: title }) }),
      amount: section.total,
      comparison: section.comparison_total,
      change: difference(section.total, section.comparison_total),
    };
    if (section.groups.length === 0) {
      // Nothing posted in the section: one row with its (zero) total.
      rows.push({ ...total, label: title }, ...after(section.name));
      continue;
    }
    rows.push({ key: `s-${section.name}`, kind: "section", label: title });
    const single = section.groups.length === 1;
    for (const [index, group] of section.groups.entries()) {
      const groupKey = `g-${section.name}-${group.header?.account_id ?? index}`;
      // A header repeating the section's name (Revenue under Revenue) or a lone group's subtotal
      // (the section total again) would only add noise.
      const header = group.header && group.header.name.toLowerCase() !== section.title.toLowerCase() ? group.header : null;
      if (header) rows.push({ key: groupKey, kind: "group", label: header.name, code: header.code });
      for (const line of group.lines) {
        rows.push({
          key: `l-${section.name}-${line.account_id}`,
          kind: "line",
          label: line.name,
          code: line.code,
          amount: line.amount,
          comparison: line.comparison,
          change: line.change,
          to: drillRoute(line.account_id, line.drill),
        });
      }
      if (header && !single) {
        rows.push({
          key: `${groupKey}-subtotal`,
          kind: "subtotal",
          label: t("statement.groupTotal", { name: header.name }),
          amount: group.subtotal,
          comparison: group.comparison_subtotal,
          change: difference(group.subtotal, group.comparison_subtotal),
        });
      }
    }
    rows.push(total, ...after(section.name));
  }
  return rows;
}

function Label({ row }: { row: StatementRow }) {
  const { t } = useTranslation("ledger");
  const indent = row.kind === "line" ? "ledger-indent-2" : row.kind === "group" || row.kind === "subtotal" ? "ledger-indent-1" : "";
  const text = row.code && row.kind === "line" ? `${row.code} ${row.label}` : row.label;
  if (row.to) {
    return (
      <span className={indent}>
        <Link to={row.to} className="ledger-drill" aria-label={t("drill", { account: text })}>
          {text}
        </Link>
      </span>
    );
  }
  return <span className={indent}>{text}</span>;
}

export function StatementTable({
  rows,
  amountTitle,
  comparisonTitle,
  testId,
}: {
  rows: StatementRow[];
  amountTitle: string;
  /** Set when the statement has a comparison column. */
  comparisonTitle?: string;
  testId: string;
}) {
  const { t } = useTranslation("ledger");
  const showAmount = (row: StatementRow, value: string | null | undefined) =>
    row.kind === "section" || row.kind === "group" ? null : <Figure amount={value} strong={row.kind !== "line"} />;
  const columns: TableColumnsType<StatementRow> = [
    { title: t("column.account"), dataIndex: "label", render: (_: string, row) => <Label row={row} /> },
    {
      title: amountTitle,
      dataIndex: "amount",
      align: "right",
      width: 170,
      render: (value: string | null | undefined, row) => showAmount(row, value),
    },
  ];
  if (comparisonTitle) {
    columns.push(
      {
        title: comparisonTitle,
        dataIndex: "comparison",
        align: "right",
        width: 170,
        render: (value: string | null | undefined, row) => showAmount(row, value),
      },
      {
        title: t("column.change"),
        dataIndex: "change",
        align: "right",
        width: 150,
        render: (value: string | null | undefined, row) => showAmount(row, value),
      },
    );
  }
  return (
    <ReportTable<StatementRow>
      data-testid={testId}
      rowKey="key"
      columns={columns}
      dataSource={rows}
      scroll={{ x: comparisonTitle ? 720 : 420 }}
      rowClassName={(row) => `ledger-row-${row.kind}`}
      onRow={(row) => ({ "data-code": row.code, "data-kind": row.kind }) as React.HTMLAttributes<HTMLTableRowElement>}
    />
  );
}
