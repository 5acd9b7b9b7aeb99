// Profit and loss over a range of months in the MPERS layout, optionally beside a comparison: the
// periods just before, the same months last year, or any range.
import { Flex, Segmented, Typography } from "antd";
import { useId } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { DownloadButtons } from "../components/DownloadButtons";
import { PeriodRangePicker } from "../components/PeriodPickers";
import { Filters, ReportBody, ReportCard } from "../components/ReportLayout";
import { StatementTable, useStatementRows, type StatementRow } from "../components/StatementTable";
import { useProfitAndLoss, type ProfitAndLossQuery, type ProfitAndLossReport } from "../lib/api";
import { difference } from "../lib/money";
import { monthCount, shiftPeriod, type PeriodRange } from "../lib/periods";
import { usePeriodRangeSearch } from "../lib/useSearchState";

type CompareMode = "none" | "previous" | "lastYear" | "custom";
const MODES: CompareMode[] = ["none", "previous", "lastYear", "custom"];

function comparisonRange(mode: CompareMode, range: PeriodRange, custom: PeriodRange): PeriodRange | null {
  switch (mode) {
    case "previous": {
      const months = monthCount(range.from, range.to);
      return { from: shiftPeriod(range.from, -months), to: shiftPeriod(range.from, -1) };
    }
    case "lastYear":
      return { from: shiftPeriod(range.from, -12), to: shiftPeriod(range.to, -12) };
    case "custom":
      return custom;
    default:
      return null;
  }
}

function resultRows(data: ProfitAndLossReport, label: (key: string) => string): Record<string, StatementRow[]> {
  const row = (key: string, amount: string, comparison?: string | null): StatementRow => ({
    key,
    kind: "result",
    label: label(key),
    amount,
    comparison,
    change: difference(amount, comparison),
  });
  return {
    cost_of_sales: [row("grossProfit", data.gross_profit, data.comparison_gross_profit)],
    expenses: [row("profitBeforeTax", data.profit_before_tax, data.comparison_profit_before_tax)],
    taxation: [row("netProfit", data.net_profit, data.comparison_net_profit)],
  };
}

function rangeText(from: string, to: string): string {
  return from === to ? from : `${from} – ${to}`;
}

export function ProfitAndLossPage() {
  const { t } = useTranslation("ledger");
  const compareId = useId();
  const { baseCurrency } = useFormatters();
  const { search, range } = usePeriodRangeSearch();
  const mode = (MODES as string[]).includes(search.get("compare") ?? "") ? (search.get("compare") as CompareMode) : "none";
  const previousYear = { from: shiftPeriod(range.from, -12), to: shiftPeriod(range.to, -12) };
  const custom: PeriodRange = {
    from: search.period("cfrom", previousYear.from),
    to: search.period("cto", previousYear.to),
  };
  const comparison = comparisonRange(mode, range, custom);
  const query: ProfitAndLossQuery = {
    period_from: range.from,
    period_to: range.to,
    compare_from: comparison?.from,
    compare_to: comparison?.to,
  };
  const report = useProfitAndLoss(query);
  const data = report.data;
  const results = data ? resultRows(data, (key) => t(`profitAndLoss.${key}`)) : {};
  const rows = useStatementRows(data?.sections ?? [], (name) => results[name] ?? []);
  const compared = data?.compare_from && data.compare_to ? rangeText(data.compare_from, data.compare_to) : undefined;
  return (
    <>
      <PageHeader
        title={t("profitAndLoss.title")}
        subtitle={
          data
            ? t("profitAndLoss.subtitle", { range: rangeText(data.period_from, data.period_to), currency: baseCurrency })
            : null
        }
        extra={
          <DownloadButtons
            path="/v1/ledger/profit-and-loss"
            query={query}
            filename={`profit-and-loss-${data?.period_from ?? range.from}-${data?.period_to ?? range.to}`}
            disabled={!data}
          />
        }
      />
      <Filters label={t("filters")}>
        <PeriodRangePicker value={range} onChange={(next) => search.update(next)} />
        <Flex vertical gap={4}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} id={compareId}>
            {t("profitAndLoss.compare")}
          </Typography.Text>
          <Segmented<CompareMode>
            aria-labelledby={compareId}
            data-testid="compare-mode"
            value={mode}
            onChange={(next) => search.update({ compare: next === "none" ? undefined : next })}
            options={MODES.map((value) => ({ value, label: t(`profitAndLoss.compareMode.${value}`) }))}
          />
        </Flex>
        {mode === "custom" ? (
          <PeriodRangePicker
            label={t("profitAndLoss.compareWith")}
            value={custom}
            onChange={(next) => search.update({ cfrom: next.from, cto: next.to })}
            testId="compare-range"
          />
        ) : null}
      </Filters>
      <ReportBody error={report.error} loading={report.isPending}>
        <ReportCard>
          <StatementTable
            rows={rows}
            amountTitle={data ? rangeText(data.period_from, data.period_to) : t("column.amount")}
            comparisonTitle={compared}
            testId="profit-and-loss-table"
          />
        </ReportCard>
      </ReportBody>
    </>
  );
}
