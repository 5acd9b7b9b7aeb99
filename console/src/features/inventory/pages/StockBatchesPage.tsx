// Batches on hand by expiry: each batch of the items tracked by batch at each location, first expiring
// first (those that never expire last), with the days left until it expires as at a day (today in the
// company's time zone unless chosen), the expired ones marked; filtered by item, location and a day they
// expire by. Each line opens the item's stock card at that location; the report (all its pages) exports
// as CSV.
import { DownloadOutlined, ReloadOutlined } from "@ant-design/icons";
import { App, Button } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { csvText, saveFile } from "@/lib/csv";
import { today } from "@/lib/format";
import { problemText } from "@/lib/problems";
import { Filters, ReportBody, ReportCard } from "@/features/ledger/components/ReportLayout";
import { TableFooter } from "@/features/ledger/components/TableFooter";
import { useSearchState } from "@/features/ledger/lib/useSearchState";
import { BatchesTable } from "../components/LotTables";
import { BatchItemFilter, DateFilter, LocationFilter } from "../components/Pickers";
import { allBatches, useStockBatches, type BatchLine, type BatchesQuery } from "../lib/api";

/** The batches as a CSV file: codes, the batch, its expiry (ISO), days left and quantity as the API gives them. */
function exportBatches(lines: BatchLine[], words: (key: string) => string, filename: string): void {
  const header = [
    "column.itemCode",
    "column.locationCode",
    "column.batch",
    "column.expiresOn",
    "column.daysLeft",
    "column.onHand",
    "batches.expired",
  ].map(words);
  const rows = lines.map((line) => [
    { text: line.item_code },
    { text: line.location_code },
    { text: line.batch_no },
    { text: line.expires_on ?? "" },
    { text: line.days_left === null || line.days_left === undefined ? "" : String(line.days_left), amount: true },
    { text: line.qty, amount: true },
    { text: words(line.expired ? "balances.yes" : "balances.no") },
  ]);
  saveFile(csvText(header, rows), filename);
}

export function StockBatchesPage() {
  const { t } = useTranslation("stock-reports");
  const { message } = App.useApp();
  const { date, timeZone } = useFormatters();
  const search = useSearchState();
  const [exporting, setExporting] = useState(false);
  const chosenDay = search.date("as_of", "") || undefined;
  // days left count from the company's today, not the server's
  const filters: BatchesQuery = {
    as_of: chosenDay ?? today(timeZone),
    item_id: search.get("item"),
    location_id: search.get("location"),
    expires_by: search.date("expires_by", "") || undefined,
  };
  const batches = useStockBatches(filters);
  const pages = batches.data?.pages;
  const lines = pages?.flatMap((page) => page.lines) ?? [];
  const asOf = pages?.[0]?.as_of ?? filters.as_of!;

  const save = async () => {
    setExporting(true);
    try {
      exportBatches(await allBatches(filters), (key) => t(key), `stock-batches-${asOf}.csv`);
    } catch (error) {
      void message.error(problemText(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t("batches.title")}
        subtitle={t("batches.subtitle", { date: date(asOf) })}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void batches.refetch()} loading={batches.isFetching}>
              {t("refresh")}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void save()}
              loading={exporting}
              disabled={!pages}
              data-testid="list-export"
            >
              {t("lists:export.csv")}
            </Button>
          </>
        }
      />
      <Filters label={t("filters")}>
        <BatchItemFilter
          label={t("column.item")}
          value={filters.item_id}
          onChange={(item) => search.update({ item })}
          placeholder={t("all")}
        />
        <LocationFilter
          label={t("column.location")}
          value={filters.location_id}
          onChange={(location) => search.update({ location })}
          placeholder={t("all")}
        />
        <DateFilter
          label={t("batches.expiresBy")}
          value={filters.expires_by}
          onChange={(expires_by) => search.update({ expires_by })}
          placeholder={t("all")}
          testId="batches-expires-by"
        />
        <DateFilter
          label={t("batches.asOf")}
          value={chosenDay}
          onChange={(as_of) => search.update({ as_of })}
          placeholder={t("batches.today")}
          testId="batches-as-of"
        />
      </Filters>
      <ReportBody error={batches.error} loading={batches.isPending}>
        <ReportCard>
          <BatchesTable lines={lines} asOf={asOf} data-testid="stock-batches" />
          {pages ? (
            <TableFooter
              query={batches}
              count={t("batches.lines", { count: lines.length })}
              countTestId="line-count"
            />
          ) : null}
        </ReportCard>
      </ReportBody>
    </>
  );
}
