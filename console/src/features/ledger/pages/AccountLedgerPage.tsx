// General ledger detail of one account: the opening balance, its lines in date order with a running
// balance, and the closing balance once every page is loaded. Each line links to its entry and to the
// document that posted it.
import { Button, Descriptions, Flex, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";

import { DateText, useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { DownloadButtons } from "../components/DownloadButtons";
import { DebitCredit, EntryLink, Figure, SourceLink } from "../components/Figures";
import { PeriodRangePicker } from "../components/PeriodPickers";
import { Filters, ReportBody, ReportCard } from "../components/ReportLayout";
import { ReportTable } from "../components/ReportTable";
import { TableFooter } from "../components/TableFooter";
import { useAccountLedger, type LedgerLine } from "../lib/api";
import { usePeriodRangeSearch } from "../lib/useSearchState";

type Row =
  | { kind: "opening" | "closing"; key: string; balance: string }
  | { kind: "line"; key: string; line: LedgerLine };

export function AccountLedgerPage() {
  const { t } = useTranslation("ledger");
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { baseCurrency } = useFormatters();
  const { search, range } = usePeriodRangeSearch();
  const { from, to } = range;
  const ledger = useAccountLedger(id, from, to);
  const pages = ledger.data?.pages ?? [];
  const first = pages[0];
  const last = pages[pages.length - 1];
  const lines = pages.flatMap((page) => page.lines);
  const account = first?.account;
  const closing = last && !last.next_cursor ? last.closing_balance : null;

  const rows: Row[] = first
    ? [
        { kind: "opening", key: "opening", balance: first.opening_balance },
        ...lines.map((line): Row => ({ kind: "line", key: `${line.entry_id}-${line.line}`, line })),
        ...(closing !== null && closing !== undefined ? [{ kind: "closing" as const, key: "closing", balance: closing }] : []),
      ]
    : [];

  const lineOnly = (render: (line: LedgerLine) => React.ReactNode) => (_: unknown, row: Row) =>
    row.kind === "line" ? render(row.line) : null;
  const columns: TableColumnsType<Row> = [
    {
      title: t("column.date"),
      key: "date",
      width: 110,
      render: (_: unknown, row) =>
        row.kind === "line" ? (
          <DateText value={row.line.date} />
        ) : (
          <Typography.Text strong>{row.kind === "opening" ? t("openingBalance") : t("closingBalance")}</Typography.Text>
        ),
      onCell: (row) => ({ colSpan: row.kind === "line" ? 1 : 3 }),
    },
    {
      title: t("column.reference"),
      key: "source",
      width: 160,
      render: lineOnly((line) => (
        <Flex vertical>
          <SourceLink sourceType={line.source_type} sourceId={line.source_id} sourceCode={line.source_code} />
          <Typography.Text ellipsis style={{ maxWidth: 150 }}>
            <EntryLink entryId={line.entry_id} />
          </Typography.Text>
        </Flex>
      )),
      onCell: (row) => ({ colSpan: row.kind === "line" ? 1 : 0 }),
    },
    {
      title: t("column.description"),
      key: "memo",
      render: lineOnly((line) => (
        <Flex vertical>
          <span>{line.memo || t(`source.${line.source_type}`, { defaultValue: line.source_type })}</span>
          {line.currency !== baseCurrency ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {line.currency} <Figure amount={line.amount} currency={line.currency} />
            </Typography.Text>
          ) : null}
        </Flex>
      )),
      onCell: (row) => ({ colSpan: row.kind === "line" ? 1 : 0 }),
    },
    {
      title: t("column.debit"),
      key: "debit",
      align: "right",
      width: 125,
      render: lineOnly((line) => <Figure amount={line.debit} blankZero />),
    },
    {
      title: t("column.credit"),
      key: "credit",
      align: "right",
      width: 125,
      render: lineOnly((line) => <Figure amount={line.credit} blankZero />),
    },
    {
      title: t("column.balance"),
      key: "balance",
      align: "right",
      width: 160,
      render: (_: unknown, row) =>
        row.kind === "line" ? (
          <span data-testid="running-balance">
            <DebitCredit amount={row.line.running_balance} />
          </span>
        ) : (
          <span data-testid={`${row.kind}-balance`}>
            <DebitCredit amount={row.balance} strong />
          </span>
        ),
    },
  ];

  const title = account ? t("accountLedger.titleWith", { account: `${account.code} ${account.name}` }) : t("accountLedger.title");
  return (
    <>
      <PageHeader
        title={title}
        subtitle={first ? t("accountLedger.subtitle", { from: first.period_from, to: first.period_to, currency: baseCurrency }) : null}
        extra={
          <>
            <Button onClick={() => navigate(`/ledger/trial-balance?from=${from}&to=${to}`)}>{t("trialBalance.title")}</Button>
            <DownloadButtons
              path={`/v1/ledger/accounts/${encodeURIComponent(id)}/ledger`}
              query={{ period_from: from, period_to: to }}
              filename={`ledger-${account?.code ?? id}-${first?.period_from ?? from}-${first?.period_to ?? to}`}
              disabled={!first}
            />
          </>
        }
      />
      <Filters label={t("filters")}>
        <PeriodRangePicker value={range} onChange={(next) => search.update(next)} />
        {account ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 3 }}
            items={[
              { key: "code", label: t("column.code"), children: account.code },
              {
                key: "type",
                label: t("column.type"),
                children: <Tag>{t(`accountType.${account.type}`, { defaultValue: account.type })}</Tag>,
              },
              {
                key: "master",
                label: t("accountLedger.account"),
                children: <Link to={`/accounts/${encodeURIComponent(account.account_id)}`}>{t("accountLedger.open")}</Link>,
              },
            ]}
            style={{ flex: "1 1 320px" }}
          />
        ) : null}
      </Filters>
      <ReportBody error={ledger.error} loading={ledger.isPending}>
        <ReportCard>
          <ReportTable<Row>
            data-testid="account-ledger-table"
            rowKey="key"
            columns={columns}
            dataSource={rows}
            scroll={{ x: 760 }}
            rowClassName={(row) => (row.kind === "line" ? "" : `ledger-row-${row.kind}`)}
            empty={t("accountLedger.empty")}
          />
          <TableFooter query={ledger} count={t("accountLedger.lines", { count: lines.length })} countTestId="line-count" />
          {lines.length === 0 && first ? (
            <Typography.Paragraph type="secondary" style={{ padding: "0 12px 12px" }}>
              {t("accountLedger.noLines")}
            </Typography.Paragraph>
          ) : null}
        </ReportCard>
      </ReportBody>
    </>
  );
}
