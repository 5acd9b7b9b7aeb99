// The journal: entries in date order over a date range, each expandable to its lines.
import { DatePicker } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import { DateText, useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { DownloadButtons } from "../components/DownloadButtons";
import { EntryLines } from "../components/EntryLines";
import { EntryLink, Figure, SourceLink } from "../components/Figures";
import { LabelledRange } from "../components/LabelledRange";
import { Filters, ReportBody, ReportCard } from "../components/ReportLayout";
import { ReportTable } from "../components/ReportTable";
import { TableFooter } from "../components/TableFooter";
import { useEntries, type DateRange, type EntryView } from "../lib/api";
import { DATE_FORMAT, firstDay, lastDay, toDayjs } from "../lib/periods";
import { useFiscal } from "../lib/useFiscal";
import { useSearchState } from "../lib/useSearchState";

export function EntriesPage() {
  const { t } = useTranslation("ledger");
  const { yearToDate } = useFiscal();
  const { baseCurrency } = useFormatters();
  const search = useSearchState();
  const range: DateRange = {
    date_from: search.date("from", firstDay(yearToDate.from)),
    date_to: search.date("to", lastDay(yearToDate.to)),
  };
  const entries = useEntries(range);
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: TableColumnsType<EntryView> = [
    { title: t("column.date"), dataIndex: "date", width: 120, render: (value: string) => <DateText value={value} /> },
    {
      title: t("column.reference"),
      key: "source",
      width: 130,
      render: (_: unknown, entry) => (
        <SourceLink sourceType={entry.source_type} sourceId={entry.source_id} sourceCode={entry.source_code} />
      ),
    },
    {
      title: t("column.description"),
      key: "memo",
      render: (_: unknown, entry) => entry.memo || t(`source.${entry.source_type}`, { defaultValue: entry.source_type }),
    },
    {
      title: t("column.entry"),
      dataIndex: "entry_id",
      width: 260,
      render: (value: string) => <EntryLink entryId={value} />,
    },
    {
      title: t("column.amount"),
      dataIndex: "total",
      align: "right",
      width: 150,
      render: (value: string) => <Figure amount={value} />,
    },
  ];
  return (
    <>
      <PageHeader
        title={t("entries.title")}
        subtitle={t("entries.subtitle", { currency: baseCurrency })}
        extra={
          <DownloadButtons
            path="/v1/ledger/entries"
            query={range}
            filename={`journal-${range.date_from}-${range.date_to}`}
            disabled={!entries.data}
          />
        }
      />
      <Filters label={t("filters")}>
        <LabelledRange label={t("entries.dates")} fromLabel={t("entries.dateFrom")} toLabel={t("entries.dateTo")} testId="date-range">
          {(ids) => (
            <DatePicker.RangePicker
              id={ids}
              format={DATE_FORMAT}
              allowClear={false}
              value={[toDayjs(range.date_from), toDayjs(range.date_to)]}
              onChange={(dates) => {
                if (dates?.[0] && dates[1]) search.update({ from: dates[0].format(DATE_FORMAT), to: dates[1].format(DATE_FORMAT) });
              }}
              style={{ width: 260 }}
            />
          )}
        </LabelledRange>
      </Filters>
      <ReportBody error={entries.error} loading={entries.isPending}>
        <ReportCard>
          <ReportTable<EntryView>
            data-testid="entries-table"
            rowKey="entry_id"
            columns={columns}
            dataSource={items}
            scroll={{ x: 800 }}
            expandable={{ expandedRowRender: (entry) => <EntryLines entry={entry} /> }}
            empty={t("entries.empty")}
          />
          <TableFooter query={entries} count={t("entries.count", { count: items.length })} />
        </ReportCard>
      </ReportBody>
    </>
  );
}
