// Trial balance: every account's balance at the end of the period on the debit or credit side, the
// totals and whether they agree; foreign-currency balances under the account; each line drills down to
// the account's general ledger.
import { Flex, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { PageHeader } from "@/components/PageHeader";
import { useFormatters } from "@/components/Format";
import { DimensionFilters, type Dimensions } from "../components/DimensionFilters";
import { DownloadButtons } from "../components/DownloadButtons";
import { Figure } from "../components/Figures";
import { PeriodRangePicker } from "../components/PeriodPickers";
import { Filters, ReportBody, ReportCard } from "../components/ReportLayout";
import { ReportTable } from "../components/ReportTable";
import { useTrialBalance, type TrialBalanceLine, type TrialBalanceQuery } from "../lib/api";
import { accountLedgerRoute } from "../lib/links";
import { usePeriodRangeSearch } from "../lib/useSearchState";

function ForeignBalances({ line, base }: { line: TrialBalanceLine; base: string }) {
  const { amount } = useFormatters();
  const foreign = Object.entries(line.by_currency).filter(([currency]) => currency !== base);
  if (foreign.length === 0) return null;
  return (
    <div className="ledger-currencies" data-testid="by-currency">
      {Object.entries(line.by_currency).map(([currency, value]) => (
        <Tag key={currency} variant="outlined">
          {currency} {amount(value, currency)}
        </Tag>
      ))}
    </div>
  );
}

export function TrialBalancePage() {
  const { t } = useTranslation("ledger");
  const navigate = useNavigate();
  const { baseCurrency } = useFormatters();
  const { search, range } = usePeriodRangeSearch();
  const dimensions: Dimensions = {
    branch: search.get("branch"),
    department: search.get("department"),
    project: search.get("project"),
  };
  const query: TrialBalanceQuery = {
    period_from: range.from,
    period_to: range.to,
    branch_id: dimensions.branch,
    department_id: dimensions.department,
    project_id: dimensions.project,
  };
  const report = useTrialBalance(query);
  const data = report.data;
  const drill = (line: TrialBalanceLine) => accountLedgerRoute(line.account_id, data?.period_from, data?.period_to);

  const columns: TableColumnsType<TrialBalanceLine> = [
    {
      title: t("column.code"),
      dataIndex: "code",
      width: 90,
      render: (code: string, line) => (
        <Link to={drill(line)} aria-label={t("drill", { account: `${code} ${line.name}` })}>
          {code}
        </Link>
      ),
    },
    {
      title: t("column.account"),
      dataIndex: "name",
      render: (name: string, line) => (
        <Flex vertical gap={4}>
          <Link to={drill(line)} className="ledger-drill" tabIndex={-1}>
            {name}
          </Link>
          <ForeignBalances line={line} base={baseCurrency} />
        </Flex>
      ),
    },
    {
      title: t("column.type"),
      dataIndex: "type",
      width: 120,
      render: (type: string) => t(`accountType.${type}`, { defaultValue: type }),
    },
    {
      title: t("column.debit"),
      dataIndex: "debit",
      align: "right",
      width: 160,
      render: (value: string) => <Figure amount={value} blankZero />,
    },
    {
      title: t("column.credit"),
      dataIndex: "credit",
      align: "right",
      width: 160,
      render: (value: string) => <Figure amount={value} blankZero />,
    },
  ];

  const filename = data ? `trial-balance-${data.period_from}-${data.period_to}` : "trial-balance";
  return (
    <>
      <PageHeader
        title={t("trialBalance.title")}
        subtitle={data ? t("trialBalance.subtitle", { from: data.period_from, to: data.period_to, currency: baseCurrency }) : null}
        extra={<DownloadButtons path="/v1/ledger/trial-balance" query={query} filename={filename} disabled={!data} />}
      />
      <Filters label={t("filters")}>
        <PeriodRangePicker value={range} onChange={(next) => search.update(next)} />
        <DimensionFilters
          value={dimensions}
          onChange={(next) => search.update({ branch: next.branch, department: next.department, project: next.project })}
        />
      </Filters>
      <ReportBody error={report.error} loading={report.isPending}>
        <ReportCard heading={t("trialBalance.heading", { to: data?.period_to })} balanced={data?.balanced}>
          <ReportTable<TrialBalanceLine>
            data-testid="trial-balance-table"
            rowKey="account_id"
            columns={columns}
            dataSource={data?.lines ?? []}
            loading={report.isFetching && !report.isPending}
            scroll={{ x: 560 }}
            empty={t("trialBalance.empty")}
            onRow={(line) => ({
              "data-code": line.code,
              onDoubleClick: () => navigate(drill(line)),
            }) as React.HTMLAttributes<HTMLTableRowElement>}
            summary={() =>
              data ? (
                <Table.Summary>
                  <Table.Summary.Row data-testid="trial-balance-totals">
                    <Table.Summary.Cell index={0} colSpan={2}>
                      <Typography.Text strong>{t("total")}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} />
                    <Table.Summary.Cell index={3} align="right">
                      <span data-testid="total-debit">
                        <Figure amount={data.total_debit} strong />
                      </span>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      <span data-testid="total-credit">
                        <Figure amount={data.total_credit} strong />
                      </span>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </ReportCard>
      </ReportBody>
    </>
  );
}
