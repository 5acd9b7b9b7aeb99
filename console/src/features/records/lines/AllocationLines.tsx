// A customer receipt's allocations. In the form: the customer's open invoices in the cash book's currency,
// the oldest due first, each with its date, due date, total and what is still outstanding, and the amount
// this receipt settles of it; "Settle oldest first" fills those from the amount received. What no invoice
// takes is the customer's advance (left all empty, the API settles the oldest due first itself). On the
// receipt's page: the invoices it settled, each with its amount, what they took and the advance.
import { Button, Empty, Flex, Form, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { DateText, useFormatters } from "@/components/Format";
import { NumberInput, numberRule } from "@/components/NumberInput";
import { fromMinor, sumAmounts, toMinor } from "@/lib/decimal";
import { currencyDigits } from "@/lib/format";
import { useAllRecords, useRecord } from "../engine/client";
import { useLabels } from "../engine/labels";
import type { DocRecord, FormContext } from "../engine/types";
import { CASH_BOOKS, SALES_INVOICES } from "../fields/targets";
import type { LinesFieldProps } from "./gridParts";
import { LINE_NUMBER_COLUMN, LinesTable } from "./LinesTable";
import { settles } from "./receiptAllocations";
import type { LineValues } from "./totals";
import { TotalsRow } from "./TotalsRow";

/** The customer's invoices with something outstanding in `currency`, the oldest due first. */
function useOpenInvoices(customerId: string | null, currency: string | null) {
  const invoices = useAllRecords(
    SALES_INVOICES,
    { customer_id: customerId ?? undefined, state: "submitted" },
    Boolean(customerId),
  );
  const open = useMemo(
    () =>
      (invoices.data?.items ?? [])
        .filter((invoice) => Number(invoice.outstanding ?? 0) > 0 && (!currency || invoice.currency === currency))
        .sort((a, b) =>
          `${a.due_date ?? a.date}|${a.code ?? ""}`.localeCompare(`${b.due_date ?? b.date}|${b.code ?? ""}`),
        ),
    [invoices.data, currency],
  );
  return { open, loading: Boolean(customerId) && invoices.isPending };
}

export function AllocationsField({ kind, name, label, context }: LinesFieldProps & { context: FormContext }) {
  const { t } = useTranslation("sales");
  const labels = useLabels(kind);
  const { money } = useFormatters();
  const form = Form.useFormInstance();
  const customerId = (Form.useWatch("customer_id", form) as string | undefined) ?? null;
  const bookId = (Form.useWatch("cash_book_id", form) as string | undefined) ?? null;
  const received = Form.useWatch("amount", form) as string | undefined;
  const rows = Form.useWatch(name, form) as LineValues[] | undefined;
  const book = useRecord(CASH_BOOKS, bookId);
  const currency = (book.data?.currency as string | undefined) ?? (bookId ? null : context.currency);
  const { open, loading } = useOpenInvoices(customerId, currency);
  const digits = currencyDigits(currency ?? context.currency);
  const shownIn = currency ?? context.currency;

  // one row per open invoice, keeping what was typed for an invoice still listed
  const ids = open.map((invoice) => invoice.id).join(",");
  useEffect(() => {
    const current = ((form.getFieldValue(name) as LineValues[] | undefined) ?? []).filter(Boolean);
    const typed = new Map(current.map((row) => [row.invoice_id, row.amount]));
    const next = open.map((invoice) => ({ invoice_id: invoice.id, amount: typed.get(invoice.id) ?? undefined }));
    if (JSON.stringify(next) !== JSON.stringify(current)) form.setFieldValue(name, next);
    // the invoices listed are what the rows follow
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids]);

  const settleOldestFirst = () => {
    let left = toMinor(received, digits);
    if (typeof left !== "bigint") return;
    const next = open.map((invoice) => {
      const owed = toMinor(invoice.outstanding, digits) ?? 0n;
      const take = typeof owed === "bigint" && left! > 0n ? (owed < left! ? owed : left!) : 0n;
      left = left! - take;
      return { invoice_id: invoice.id, amount: take > 0n ? fromMinor(take, digits) : undefined };
    });
    form.setFieldValue(name, next);
  };

  const amount = toMinor(received, digits);
  // nothing typed: the API settles the oldest due first, as far as the amount goes
  const automatic = !(rows ?? []).some(settles);
  const owed = sumAmounts(open.map((invoice) => invoice.outstanding), digits).units;
  const typed = sumAmounts((rows ?? []).map((row) => row?.amount), digits).units;
  const allocated =
    automatic && typeof amount === "bigint" ? (amount < owed ? amount : owed) : automatic ? 0n : typed;
  const advance = typeof amount === "bigint" ? amount - allocated : null;

  const columns: ColumnsType<DocRecord> = [
    LINE_NUMBER_COLUMN as ColumnsType<DocRecord>[number],
    {
      key: "invoice",
      title: t("allocations.invoice"),
      render: (_, invoice) => <Link to={`/sales-invoices/${invoice.id}`}>{invoice.code}</Link>,
    },
    {
      key: "date",
      title: labels.field("date"),
      render: (_, invoice) => <DateText value={String(invoice.date ?? "")} />,
    },
    {
      key: "due_date",
      title: labels.field("due_date"),
      render: (_, invoice) => <DateText value={String(invoice.due_date ?? "")} />,
    },
    {
      key: "total",
      title: labels.field("total"),
      align: "right",
      render: (_, invoice) => <span className="amount">{money(invoice.total as string, shownIn)}</span>,
    },
    {
      key: "outstanding",
      title: labels.field("outstanding"),
      align: "right",
      render: (_, invoice) => (
        <span className="amount" data-testid="allocation-outstanding">
          {money(invoice.outstanding as string, shownIn)}
        </span>
      ),
    },
    {
      key: "amount",
      title: t("allocations.amount"),
      align: "right",
      width: 170,
      render: (_, invoice, index) => (
        <Form.Item name={[...name, index, "amount"]} className="line-cell" rules={[numberRule()]}>
          <NumberInput aria-label={t("allocations.amountOf", { invoice: invoice.code ?? "" })} />
        </Form.Item>
      ),
    },
  ];

  return (
    <section className="record-lines" aria-label={label} data-testid="allocations">
      <Flex justify="space-between" align="center" wrap gap="small" className="record-lines-head">
        <Typography.Title level={5} className="record-lines-title">
          {label}
        </Typography.Title>
        <Button
          onClick={settleOldestFirst}
          disabled={open.length === 0 || typeof amount !== "bigint"}
          data-testid="settle-oldest"
        >
          {t("allocations.oldestFirst")}
        </Button>
      </Flex>
      <Table<DocRecord>
        size="small"
        rowKey="id"
        pagination={false}
        columns={columns}
        dataSource={open}
        loading={loading}
        scroll={{ x: "max-content" }}
        onRow={(invoice) => ({ "data-code": invoice.code ?? "" }) as React.HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={customerId ? t("allocations.none") : t("allocations.chooseCustomer")}
            />
          ),
        }}
        summary={() =>
          open.length > 0 ? (
            <>
              <TotalsRow
                columnCount={columns.length}
                label={t(automatic ? "allocations.allocatedOldest" : "allocations.allocated")}
                amounts={[{ text: money(fromMinor(allocated, digits), shownIn), "data-testid": "allocated-total" }]}
              />
              {advance !== null ? (
                <TotalsRow
                  columnCount={columns.length}
                  label={t("allocations.advance")}
                  amounts={[{ text: money(fromMinor(advance, digits), shownIn), "data-testid": "advance-total" }]}
                  className="totals-grand"
                />
              ) : null}
            </>
          ) : null
        }
        data-testid="open-invoices"
      />
      <Typography.Text type="secondary">{t("allocations.hint")}</Typography.Text>
    </section>
  );
}

/** The invoices a receipt settled, with what it took of each, and what was left as the advance. */
export function AllocationsView({
  lines,
  record,
  context,
}: {
  kind: string;
  lines: LineValues[];
  record: Record<string, unknown>;
  context: FormContext;
}) {
  const { t } = useTranslation("sales");
  const { money } = useFormatters();
  const currency = (record.currency as string | undefined) || context.currency;
  const columns: ColumnsType<LineValues> = [
    LINE_NUMBER_COLUMN,
    {
      key: "invoice",
      title: t("allocations.invoice"),
      render: (_, line) => (
        <Link to={`/sales-invoices/${String(line.invoice_id)}`} data-testid="allocation-invoice">
          {String(line.invoice_code ?? line.invoice_id)}
        </Link>
      ),
    },
    {
      key: "amount",
      title: t("allocations.amount"),
      align: "right",
      render: (_, line) => (
        <span className="amount" data-testid="allocation-amount">
          {money(line.amount as string, currency)}
        </span>
      ),
    },
  ];
  return (
    <LinesTable
      columns={columns}
      lines={lines}
      emptyText={t("allocations.noneSettled")}
      data-testid="allocations-view"
      summary={() => (
        <>
          <TotalsRow
            columnCount={columns.length}
            label={t("allocations.allocated")}
            amounts={[{ text: money(record.allocated as string, currency), "data-testid": "receipt-allocated" }]}
          />
          <TotalsRow
            columnCount={columns.length}
            label={t("allocations.advance")}
            amounts={[{ text: money(record.advance as string, currency), "data-testid": "receipt-advance" }]}
            className="totals-grand"
          />
        </>
      )}
    />
  );
}

/** "SINV-000001 · RM 500.00" for the history. */
export function AllocationSummary({ line }: { kind: string; line: LineValues }) {
  const { money } = useFormatters();
  return (
    <>
      {String(line.invoice_code ?? line.invoice_id ?? "")} · {money(line.amount as string)}
    </>
  );
}
