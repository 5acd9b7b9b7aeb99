// Balance sheet at the end of a month: assets, liabilities and equity by header group, with the check
// that assets equal liabilities plus equity.
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { DownloadButtons } from "../components/DownloadButtons";
import { MonthPicker } from "../components/PeriodPickers";
import { Filters, ReportBody, ReportCard } from "../components/ReportLayout";
import { StatementTable, useStatementRows, type StatementRow } from "../components/StatementTable";
import { useBalanceSheet } from "../lib/api";
import { lastDay } from "../lib/periods";
import { useFiscal } from "../lib/useFiscal";
import { useSearchState } from "../lib/useSearchState";

export function BalanceSheetPage() {
  const { t } = useTranslation("ledger");
  const { current } = useFiscal();
  const { baseCurrency, date } = useFormatters();
  const search = useSearchState();
  const asOf = search.period("as_of", current);
  const report = useBalanceSheet(asOf);
  const data = report.data;
  const rows = useStatementRows(data?.sections ?? [], (name): StatementRow[] =>
    name === "equity" && data
      ? [
          {
            key: "total-liabilities-equity",
            kind: "result",
            label: t("balanceSheet.totalLiabilitiesAndEquity"),
            amount: data.total_liabilities_and_equity,
          },
        ]
      : [],
  );
  return (
    <>
      <PageHeader
        title={t("balanceSheet.title")}
        subtitle={data ? t("balanceSheet.subtitle", { date: date(lastDay(data.as_of)), currency: baseCurrency }) : null}
        extra={
          <DownloadButtons
            path="/v1/ledger/balance-sheet"
            query={{ as_of: asOf }}
            filename={`balance-sheet-${data?.as_of ?? asOf}`}
            disabled={!data}
          />
        }
      />
      <Filters label={t("filters")}>
        <MonthPicker label={t("balanceSheet.asOf")} value={asOf} onChange={(as_of) => search.update({ as_of })} testId="as-of" />
      </Filters>
      <ReportBody error={report.error} loading={report.isPending}>
        <ReportCard heading={t("balanceSheet.heading", { date: data ? date(lastDay(data.as_of)) : "" })} balanced={data?.balanced}>
          <StatementTable rows={rows} amountTitle={t("column.amount")} testId="balance-sheet-table" />
        </ReportCard>
      </ReportBody>
    </>
  );
}
