// AR aging: what each customer owes as at a day (today unless chosen), in buckets of days past the
// invoices' due dates (not yet due, then 1–30, 31–60, 61–90 and over 90 days by default; the buckets' upper
// limits may be changed), per customer and currency, with the totals per currency and the number of open
// invoices. Receipts dated after the day are not taken off. Each customer opens its page; the report
// exports as CSV (figures as the API's decimal strings).
import { DownloadOutlined, ReloadOutlined } from "@ant-design/icons";
import { App, Button, Input, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { ApiProblem } from "@/api/client";
import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { DateFilter, Labelled } from "@/features/inventory/components/Pickers";
import { Filters, ReportBody, ReportCard } from "@/features/ledger/components/ReportLayout";
import { ReportTable } from "@/features/ledger/components/ReportTable";
import { useSearchState } from "@/features/ledger/lib/useSearchState";
import { csvText, saveFile } from "@/lib/csv";
import { fromMinor, sumAmounts } from "@/lib/decimal";
import { currencyDigits, formatAmount, today } from "@/lib/format";
import { problemMessage, problemText } from "@/lib/problems";
import { useReceivables, type AgedCustomer, type Receivables } from "../lib/api";

const DEFAULT_BUCKETS = "30,60,90";

/** The sum of amounts of one currency (the API's decimal strings), exactly. */
const sumOf = (amounts: readonly string[], currency: string) =>
  fromMinor(sumAmounts([...amounts], currencyDigits(currency)).units, currencyDigits(currency));
const BUCKETS = /^[0-9]{1,3}(,[0-9]{1,3}){0,5}$/;

/** A bucket as the API names it ("current", "1-30", "over 90") in the reader's words. */
function useBucketLabel(): (bucket: string) => string {
  const { t } = useTranslation("sales-reports");
  return (bucket) => {
    if (bucket === "current") return t("aging.current");
    const over = /^over (\d+)$/.exec(bucket);
    if (over) return t("aging.over", { days: over[1] });
    const range = /^(\d+)-(\d+)$/.exec(bucket);
    return range ? t("aging.range", { from: range[1], to: range[2] }) : bucket;
  };
}

/** The buckets' limits as typed: applied on Enter or when the field is left, refused there when malformed. */
function BucketsFilter({
  value,
  onApply,
  problem,
}: {
  value: string;
  onApply: (value: string) => void;
  problem: string | null;
}) {
  const { t } = useTranslation("sales-reports");
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const typed = text.replace(/\s+/g, "");
  const malformed = typed !== "" && !BUCKETS.test(typed);
  const apply = () => !malformed && typed !== value && onApply(typed);
  const message = malformed ? t("aging.bucketsHint") : problem;
  return (
    <Labelled label={t("aging.buckets")}>
      {(id) => (
        <div style={{ width: 200 }}>
          <Input
            id={id}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onPressEnter={apply}
            onBlur={apply}
            placeholder={DEFAULT_BUCKETS}
            status={message ? "error" : undefined}
            aria-describedby={`${id}-help`}
            data-testid="aging-buckets"
          />
          <Typography.Text
            id={`${id}-help`}
            type={message ? "danger" : "secondary"}
            style={{ fontSize: 12 }}
            data-testid="aging-buckets-help"
          >
            {message ?? t("aging.bucketsHint")}
          </Typography.Text>
        </div>
      )}
    </Labelled>
  );
}

/** The report as a CSV file: codes and names apart, amounts as the API's decimal strings. */
function exportAging(
  report: Receivables,
  words: { header: string[]; bucket: (bucket: string) => string; total: string },
  filename: string,
): void {
  const header = [...words.header.slice(0, 3), ...report.buckets.map(words.bucket), ...words.header.slice(3)];
  const rows = report.customers.map((row) => [
    { text: row.customer_code },
    { text: row.customer_name },
    { text: row.currency },
    ...row.amounts.map((amount) => ({ text: amount, amount: true })),
    { text: row.total, amount: true },
    { text: String(row.invoices), amount: true },
  ]);
  const totals = Object.entries(report.totals).map(([currency, amounts]) => [
    { text: words.total },
    { text: "" },
    { text: currency },
    ...amounts.map((amount) => ({ text: amount, amount: true })),
    { text: "" },
    { text: "" },
  ]);
  saveFile(csvText(header, [...rows, ...totals]), filename);
}

export function ReceivablesPage() {
  const { t, i18n } = useTranslation("sales-reports");
  const { message } = App.useApp();
  const { date, timeZone } = useFormatters();
  const search = useSearchState();
  const bucketLabel = useBucketLabel();
  const asOf = search.date("as_of", "") || undefined;
  const buckets = search.get("buckets") || DEFAULT_BUCKETS;
  const aging = useReceivables({ as_of: asOf, buckets });
  const report = aging.data;
  const bucketProblem =
    aging.error instanceof ApiProblem
      ? (aging.error.errors.find((problem) => problem.field.endsWith("buckets")) ?? null)
      : null;
  const amount = (value: string, currency: string) => formatAmount(value, i18n.language, currency);

  const columns: ColumnsType<AgedCustomer> = [
    {
      key: "customer",
      title: t("column.customer"),
      render: (_, row) => (
        <Link to={`/customers/${row.customer_id}`} data-testid="aging-customer">
          {[row.customer_code, row.customer_name].filter(Boolean).join(" — ")}
        </Link>
      ),
    },
    { key: "currency", title: t("column.currency"), render: (_, row) => row.currency },
    ...(report?.buckets ?? []).map((bucket, index) => ({
      key: `bucket-${index}`,
      title: bucketLabel(bucket),
      align: "right" as const,
      render: (_: unknown, row: AgedCustomer) => (
        <span className="amount" data-testid="aging-amount" data-bucket={bucket}>
          {amount(row.amounts[index], row.currency)}
        </span>
      ),
    })),
    {
      key: "total",
      title: t("column.total"),
      align: "right",
      render: (_, row) => (
        <strong className="amount" data-testid="aging-total">
          {amount(row.total, row.currency)}
        </strong>
      ),
    },
    {
      key: "invoices",
      title: t("column.invoices"),
      align: "right",
      render: (_, row) => <span data-testid="aging-invoices">{row.invoices}</span>,
    },
  ];

  const save = () => {
    if (!report) return;
    try {
      exportAging(
        report,
        {
          header: [
            t("column.customerCode"),
            t("column.customerName"),
            t("column.currency"),
            t("column.total"),
            t("column.invoices"),
          ],
          bucket: bucketLabel,
          total: t("aging.total"),
        },
        `ar-aging-${report.as_of ?? today(timeZone)}.csv`,
      );
    } catch (error) {
      void message.error(problemText(error));
    }
  };

  const totals = Object.entries(report?.totals ?? {});
  return (
    <>
      <PageHeader
        title={t("aging.title")}
        subtitle={t("aging.subtitle", { date: date(report?.as_of ?? asOf ?? today(timeZone)) })}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void aging.refetch()} loading={aging.isFetching}>
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
          label={t("aging.asOf")}
          value={asOf}
          onChange={(as_of) => search.update({ as_of })}
          placeholder={t("aging.today")}
          testId="aging-as-of"
        />
        <BucketsFilter
          value={buckets}
          onApply={(next) => search.update({ buckets: next === DEFAULT_BUCKETS ? undefined : next })}
          problem={bucketProblem ? problemMessage(bucketProblem) : null}
        />
      </Filters>
      <ReportBody error={bucketProblem ? null : aging.error} loading={aging.isPending && !bucketProblem}>
        <ReportCard>
          <ReportTable<AgedCustomer>
            data-testid="aging"
            rowKey={(row) => `${row.customer_id}#${row.currency}`}
            columns={columns}
            dataSource={report?.customers ?? []}
            scroll={{ x: "max-content" }}
            empty={t("aging.empty")}
            onRow={(row) => ({ "data-customer": row.customer_code }) as React.HTMLAttributes<HTMLElement>}
            summary={() =>
              totals.length > 0 ? (
                <>
                  {totals.map(([currency, amounts]) => (
                    <Table.Summary.Row key={currency} data-currency={currency} data-testid="aging-totals">
                      <Table.Summary.Cell index={0}>
                        <strong>{t("aging.total")}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={1}>{currency}</Table.Summary.Cell>
                      {amounts.map((value, index) => (
                        <Table.Summary.Cell key={index} index={2 + index} align="right">
                          <strong className="amount" data-testid="aging-total-amount">
                            {amount(value, currency)}
                          </strong>
                        </Table.Summary.Cell>
                      ))}
                      <Table.Summary.Cell index={2 + amounts.length} align="right">
                        <strong className="amount" data-testid="aging-grand-total">
                          {amount(sumOf(amounts, currency), currency)}
                        </strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={3 + amounts.length} />
                    </Table.Summary.Row>
                  ))}
                </>
              ) : null
            }
          />
        </ReportCard>
      </ReportBody>
    </>
  );
}
