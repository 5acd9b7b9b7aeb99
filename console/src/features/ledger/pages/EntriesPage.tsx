// The journal: entries in date order over a date range, each expandable to its lines.
import { Button, Card, DatePicker, Empty, Flex, Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useId } from "react";
import { useTranslation } from "react-i18next";

import { DateText, useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { DownloadButtons } from "../components/DownloadButtons";
import { EntryLines } from "../components/EntryLines";
import { EntryLink, Figure, SourceLink } from "../components/Figures";
import { Filters, ReportBody } from "../components/ReportLayout";
import { useEntries, type DateRange, type EntryView } from "../lib/api";
import { DATE_FORMAT, firstDay, isDate, lastDay, toDayjs } from "../lib/periods";
import { useFiscal } from "../lib/useFiscal";
import { useSearchState } from "../lib/useSearchState";

export function EntriesPage() {
  const { t } = useTranslation("ledger");
  const id = useId();
  const { yearToDate } = useFiscal();
  const { baseCurrency } = useFormatters();
  const search = useSearchState();
  const range: DateRange = {
    date_from: isDate(search.get("from")) ? search.get("from")! : firstDay(yearToDate.from),
    date_to: isDate(search.get("to")) ? search.get("to")! : lastDay(yearToDate.to),
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
        <Flex vertical gap={4} role="group" aria-labelledby={`${id}-label`} data-testid="date-range">
          <Typography.Text type="secondary" id={`${id}-label`} style={{ fontSize: 12 }}>
            {t("entries.dates")}
          </Typography.Text>
          <label htmlFor={`${id}-from`} className="ledger-sr-only">
            {t("entries.dateFrom")}
          </label>
          <label htmlFor={`${id}-to`} className="ledger-sr-only">
            {t("entries.dateTo")}
          </label>
          <DatePicker.RangePicker
            id={{ start: `${id}-from`, end: `${id}-to` }}
            format={DATE_FORMAT}
            allowClear={false}
            value={[toDayjs(range.date_from), toDayjs(range.date_to)]}
            onChange={(dates) => {
              if (dates?.[0] && dates[1]) search.update({ from: dates[0].format(DATE_FORMAT), to: dates[1].format(DATE_FORMAT) });
            }}
            style={{ width: 260 }}
          />
        </Flex>
      </Filters>
      <ReportBody error={entries.error} loading={entries.isPending}>
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<EntryView>
            className="ledger-report"
            data-testid="entries-table"
            rowKey="entry_id"
            size="small"
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 800 }}
            expandable={{ expandedRowRender: (entry) => <EntryLines entry={entry} /> }}
            locale={{ emptyText: <Empty description={t("entries.empty")} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          />
          <Flex justify="space-between" align="center" style={{ padding: "10px 12px" }} wrap gap="small">
            <Typography.Text type="secondary">{t("entries.count", { count: items.length })}</Typography.Text>
            {entries.hasNextPage ? (
              <Button onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
                {t("loadMore")}
              </Button>
            ) : null}
          </Flex>
        </Card>
      </ReportBody>
    </>
  );
}
