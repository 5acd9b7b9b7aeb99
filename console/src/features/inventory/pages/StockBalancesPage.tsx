// Stock balances: what is on hand of each stock item at each location, its valuation rate and value
// (the stock valuation), now or at the end of a day, with the total value. A line still waiting to be
// costed says so. Each line opens the item's stock card at that location; the report exports as CSV.
import { DownloadOutlined, ReloadOutlined } from "@ant-design/icons";
import { App, Button, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { csvText, saveFile } from "@/lib/csv";
import { today } from "@/lib/format";
import { problemText } from "@/lib/problems";
import { Filters, ReportBody, ReportCard } from "@/features/ledger/components/ReportLayout";
import { ReportTable } from "@/features/ledger/components/ReportTable";
import { useSearchState } from "@/features/ledger/lib/useSearchState";
import { DateFilter, LocationFilter, StockItemFilter } from "../components/Pickers";
import { useStockBalances, type StockBalance, type StockBalances } from "../lib/api";
import { Figure, useStockFormat } from "../lib/figures";
import { cardPath } from "../lib/links";

const called = (code: string, name: string) => [code, name].filter(Boolean).join(" — ");

/** The report as a CSV file: codes and names apart, figures as the API's decimal strings. */
function exportBalances(report: StockBalances, words: (key: string) => string, filename: string): void {
  const header = [
    "column.itemCode",
    "column.itemName",
    "column.locationCode",
    "column.locationName",
    "column.onHand",
    "column.unit",
    "column.rate",
    "column.value",
    "balances.pending",
  ].map(words);
  const rows = report.lines.map((line) => [
    { text: line.item_code },
    { text: line.item_name },
    { text: line.location_code },
    { text: line.location_name },
    { text: line.qty, amount: true },
    { text: line.uom },
    { text: line.rate ?? "", amount: true },
    { text: line.value, amount: true },
    { text: words(line.valuation_pending ? "balances.yes" : "balances.no") },
  ]);
  saveFile(csvText(header, rows), filename);
}

export function StockBalancesPage() {
  const { t } = useTranslation("stock-reports");
  const { message } = App.useApp();
  const { date, timeZone } = useFormatters();
  const format = useStockFormat();
  const search = useSearchState();
  const filters = { as_of: search.date("as_of", "") || undefined, item_id: search.get("item"), location_id: search.get("location") };
  const balances = useStockBalances(filters);
  const report = balances.data;

  const columns: ColumnsType<StockBalance> = [
    {
      key: "item",
      title: t("column.item"),
      render: (_, line) => (
        <Link
          to={cardPath(line.item_id, line.location_id, { to: filters.as_of })}
          aria-label={t("balances.openCard", { item: line.item_code, location: line.location_code })}
          data-testid="stock-card-link"
        >
          {called(line.item_code, line.item_name)}
        </Link>
      ),
    },
    { key: "location", title: t("column.location"), render: (_, line) => called(line.location_code, line.location_name) },
    {
      key: "qty",
      title: t("column.onHand"),
      align: "right",
      render: (_, line) => <Figure text={format.qty(line.qty)} testId="balance-qty" />,
    },
    { key: "uom", title: t("column.unit"), render: (_, line) => line.uom },
    { key: "rate", title: t("column.rate"), align: "right", render: (_, line) => <Figure text={format.rate(line.rate)} /> },
    {
      key: "value",
      title: t("column.value"),
      align: "right",
      render: (_, line) => <Figure text={format.value(line.value)} testId="balance-value" />,
    },
    {
      key: "valuation",
      title: t("column.valuation"),
      render: (_, line) =>
        line.valuation_pending ? (
          <Tooltip title={t("balances.pendingHint")}>
            <Tag color="gold" data-testid="valuation-pending">
              {t("balances.pending")}
            </Tag>
          </Tooltip>
        ) : null,
    },
  ];

  const save = () => {
    if (!report) return;
    try {
      exportBalances(report, (key) => t(key), `stock-balances-${filters.as_of ?? today(timeZone)}.csv`);
    } catch (error) {
      void message.error(problemText(error));
    }
  };

  return (
    <>
      <PageHeader
        title={t("balances.title")}
        subtitle={
          filters.as_of
            ? t("balances.subtitleAsOf", { date: date(filters.as_of), currency: format.currency })
            : t("balances.subtitleNow", { currency: format.currency })
        }
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void balances.refetch()} loading={balances.isFetching}>
              {t("refresh")}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={save} disabled={!report} data-testid="list-export">
              {t("lists:export.csv")}
            </Button>
          </>
        }
      />
      <Filters label={t("filters")}>
        <DateFilter
          label={t("balances.asOf")}
          value={filters.as_of}
          onChange={(as_of) => search.update({ as_of })}
          placeholder={t("now")}
          testId="balances-as-of"
        />
        <StockItemFilter
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
      </Filters>
      <ReportBody error={balances.error} loading={balances.isPending}>
        <ReportCard>
          <ReportTable<StockBalance>
            data-testid="stock-balances"
            rowKey={(line) => `${line.item_id}#${line.location_id}`}
            columns={columns}
            dataSource={report?.lines ?? []}
            scroll={{ x: "max-content" }}
            empty={t("balances.empty")}
            onRow={(line) =>
              ({ "data-item": line.item_code, "data-location": line.location_code }) as React.HTMLAttributes<HTMLElement>
            }
            summary={() =>
              report && report.lines.length > 0 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={5}>
                    {t("balances.total")}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    <Figure text={format.value(report.total_value)} testId="balances-total" />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6} />
                </Table.Summary.Row>
              ) : null
            }
          />
          {report ? (
            <Typography.Paragraph type="secondary" className="stock-report-count" data-testid="line-count">
              {t("balances.lines", { count: report.lines.length })}
            </Typography.Paragraph>
          ) : null}
        </ReportCard>
      </ReportBody>
    </>
  );
}
