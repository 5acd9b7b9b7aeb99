// The home page: headline figures and charts of the last twelve months, derived from the ledger.
import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Result, Row, Skeleton } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { can, useMe } from "@/auth/me";
import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { toNumber } from "@/features/ledger/lib/money";
import { Chart } from "./charts/Chart";
import { PALETTE, type EChartsCoreOption } from "./charts/echarts";
import { Kpis } from "./Kpis";
import { compactAmount, monthLabel, moneyText } from "./lib/chartFormat";
import { useDashboard, type DashboardData } from "./lib/useDashboard";
import "./dashboard.css";

function useChartOptions(data: DashboardData | undefined) {
  const { t, i18n } = useTranslation("dashboard");
  const { baseCurrency } = useFormatters();
  const language = i18n.language;
  return useMemo(() => {
    if (!data) return null;
    const months = data.months.map((month) => monthLabel(month.period, language));
    const base = {
      color: PALETTE,
      grid: { left: 8, right: 16, top: 40, bottom: 8, outerBoundsMode: "same", outerBoundsContain: "axisLabel" },
      legend: { type: "scroll", top: 0, left: 0, right: 0, itemWidth: 14, itemHeight: 10 },
      tooltip: {
        trigger: "axis",
        valueFormatter: (value: unknown) => moneyText(value, baseCurrency, language),
      },
      xAxis: { type: "category", data: months, axisTick: { alignWithLabel: true } },
      yAxis: {
        type: "value",
        axisLabel: { formatter: (value: number) => compactAmount(value, language) },
        splitLine: { lineStyle: { color: "#f0f0f0" } },
      },
      animationDuration: 400,
    };
    const sales: EChartsCoreOption = {
      ...base,
      series: [
        { name: t("series.revenue"), type: "bar", data: data.months.map((m) => toNumber(m.revenue)), barMaxWidth: 22 },
        { name: t("series.expenses"), type: "bar", data: data.months.map((m) => toNumber(m.expenses)), barMaxWidth: 22 },
        {
          name: t("series.profit"),
          type: "line",
          data: data.months.map((m) => toNumber(m.profit)),
          smooth: true,
          symbolSize: 6,
          color: PALETTE[2],
        },
      ],
    };
    const debtors: EChartsCoreOption = {
      ...base,
      color: [PALETTE[2], PALETTE[3]],
      series: [
        { name: t("series.receivables"), type: "line", data: data.months.map((m) => toNumber(m.receivables)), areaStyle: { opacity: 0.08 }, symbolSize: 6 },
        { name: t("series.payables"), type: "line", data: data.months.map((m) => toNumber(m.payables)), areaStyle: { opacity: 0.08 }, symbolSize: 6 },
      ],
    };
    const cash: EChartsCoreOption = {
      ...base,
      series: [
        ...data.cash.map((series) => ({
          name: series.label,
          type: "bar",
          stack: "cash",
          barMaxWidth: 28,
          data: series.balances.map(toNumber),
        })),
        {
          name: t("series.totalCash"),
          type: "line",
          data: data.months.map((m) => toNumber(m.cash)),
          symbolSize: 6,
          color: "#262626",
          lineStyle: { width: 2 },
        },
      ],
    };
    return { sales, debtors, cash };
  }, [data, t, language, baseCurrency]);
}

function describeLatest(data: DashboardData, t: (key: string, options?: Record<string, string>) => string, money: (v: string) => string) {
  const latest = data.months[data.months.length - 1];
  return {
    sales: t("describe.sales", { revenue: money(latest.revenue), profit: money(latest.profit) }),
    debtors: t("describe.debtors", { receivables: money(latest.receivables), payables: money(latest.payables) }),
    cash: t("describe.cash", { cash: money(latest.cash), books: data.cash.map((series) => series.label).join(", ") || "—" }),
  };
}

/** The charts in their order, each with its width and the report it opens. */
const CHARTS = [
  { name: "sales", columns: { xs: 24 }, report: "profitAndLoss", path: "/ledger/profit-and-loss" },
  { name: "debtors", columns: { xs: 24, lg: 12 }, report: "balanceSheet", path: "/ledger/balance-sheet" },
  { name: "cash", columns: { xs: 24, lg: 12 }, report: "trialBalance", path: "/ledger/trial-balance" },
] as const;

function Charts({ data }: { data: DashboardData }) {
  const { t } = useTranslation("dashboard");
  const { money } = useFormatters();
  const options = useChartOptions(data);
  if (!options) return null;
  const describe = describeLatest(data, t, (value) => money(value));
  return (
    <Row gutter={[16, 16]}>
      {CHARTS.map(({ name, columns, report, path }) => (
        <Col key={name} {...columns}>
          <Chart
            title={t(`chart.${name}`)}
            description={describe[name]}
            option={options[name]}
            testId={`chart-${name}`}
            extra={<Link to={path}>{t(`open.${report}`)}</Link>}
          />
        </Col>
      ))}
    </Row>
  );
}

function Loading() {
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {[0, 1, 2, 3].map((key) => (
          <Col key={key} xs={24} sm={12} xl={6}>
            <Card size="small">
              <Skeleton active paragraph={{ rows: 1 }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    </>
  );
}

function LedgerDashboard() {
  const { t } = useTranslation("dashboard");
  const dashboard = useDashboard();
  const data = dashboard.data;
  const months = data?.months ?? [];
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        extra={
          <Button icon={<ReloadOutlined />} onClick={dashboard.refetch}>
            {t("common:action.refresh")}
          </Button>
        }
      />
      {dashboard.error ? <ProblemAlert error={dashboard.error} /> : null}
      {dashboard.isPending ? <Loading /> : null}
      {data ? (
        <>
          {data.empty ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="dashboard-empty"
              title={t("empty.title")}
              description={
                <>
                  {t("empty.detail")} <Link to="/journals/new">{t("empty.action")}</Link>
                </>
              }
            />
          ) : null}
          <Kpis current={months[months.length - 1]} previous={months[months.length - 2]} />
          <Charts data={data} />
        </>
      ) : null}
    </>
  );
}

export function Dashboard() {
  const { t } = useTranslation("dashboard");
  const me = useMe();
  if (!me.applets.includes("ledger") || !can(me, "ledger:read")) {
    return (
      <>
        <PageHeader title={t("title")} />
        <Result status="info" title={t("welcome", { name: me.user.name })} subTitle={t("noLedger")} />
      </>
    );
  }
  return <LedgerDashboard />;
}
