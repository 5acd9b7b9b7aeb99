// Finance documents posted to the ledger (created, read, never edited) and recurring journal templates.
import type { ReactNode } from "react";
import {
  AuditOutlined,
  ReloadOutlined,
  SwapOutlined,
  VerticalAlignBottomOutlined,
  VerticalAlignTopOutlined,
} from "@ant-design/icons";

import { defineResource, type FormContext } from "../engine/types";
import { CASH_BOOKS, CUSTOMERS, JOURNALS, SUPPLIERS } from "../fields/targets";
import { journalReady, type LineValues } from "../lines/totals";
import {
  choice,
  currency,
  date,
  decimal,
  field,
  foreignOnly,
  longText,
  money,
  numberedCode,
  ownCode,
  reference,
  text,
  todayDate,
} from "./build";
import { financeRecord, postedDocument } from "./collection";
import { filterBy, offered, shown } from "./listing";
import { CopyCash, copyCash, ReversalPanel, ReversalTag, ReverseCash } from "./CashDocument";
import { PrintCash } from "./SalesPrint";
import { ReverseJournal } from "./ReverseJournal";

const POSTING_STATES = ["pending", "posted", "failed"] as const;
const AMOUNTS_ARE = ["exclusive", "inclusive"] as const;
const FREQUENCIES = ["monthly", "quarterly", "yearly"] as const;
const postingFilter = filterBy("posting_state", choice(POSTING_STATES, "posting_state"));
const twoLines = () => [{}, {}];

export const journals = defineResource({
  ...postedDocument("journals", 10, <AuditOutlined />),
  currency: { field: "currency" },
  fields: {
    code: numberedCode(),
    date: todayDate(),
    reference: text(),
    memo: text({ required: true, wide: true }),
    currency: currency({ initial: "MYR" }),
    rate: decimal({ visible: foreignOnly }),
    auto_reverse_on: date({ help: true }),
    notes: longText(),
    lines: field({ type: "journalLines" }, { initial: twoLines }),
    total: money({ readOnly: true }),
    reverses: reference(JOURNALS, { readOnly: true }),
    reversed_by: reference(JOURNALS, { readOnly: true }),
  },
  sections: [
    {
      key: "journal",
      columns: 4,
      fields: [
        "date",
        "reference",
        "currency",
        "auto_reverse_on",
        "rate",
        "memo",
        "total",
        "reverses",
        "reversed_by",
        "notes",
      ],
    },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "memo", "reference"),
    ...offered("currency"),
    ...shown("total", "posting_state"),
    ...offered("auto_reverse_on", "created_at"),
  ],
  filters: [postingFilter, filterBy("currency", currency())],
  sorts: ["code"],
  defaultSort: "-code",
  submit: {
    label: "post",
    ready: ({ values, currency: current }: FormContext) => journalReady(values.lines as LineValues[], current),
  },
  actions: [ReverseJournal],
});

function cashDocument<const Kind extends "receipts" | "payments", const Link extends "customer_id" | "supplier_id">(
  kind: Kind,
  link: Link,
  order: number,
  icon: ReactNode,
) {
  return {
    ...postedDocument(kind, order, icon),
    currency: { reference: "cash_book_id", target: CASH_BOOKS },
    fields: {
      code: numberedCode(),
      cash_book_id: reference(CASH_BOOKS, { required: true }),
      date: todayDate(),
      // who it is from or to: a customer or supplier (linked), or a name as written
      [link]: reference(link === "customer_id" ? CUSTOMERS : SUPPLIERS),
      party: text(),
      reference: text({ help: true }),
      memo: text(),
      amounts_are: choice(AMOUNTS_ARE, "amounts_are", { required: true, initial: () => "exclusive" }),
      rate: decimal({ visible: foreignOnly, help: true }),
      lines: field({ type: "cashLines" }, { initial: () => [{}] }),
      amount: money({ readOnly: true }),
      tax_total: money({ readOnly: true }),
      total: money({ readOnly: true }),
      currency: text({ readOnly: true }),
    },
    sections: [
      {
        key: kind === "receipts" ? "receipt" : "payment",
        columns: 3,
        fields: [
          "cash_book_id",
          "date",
          link,
          "party",
          "reference",
          "amounts_are",
          "rate",
          "memo",
          "amount",
          "tax_total",
          "total",
          "currency",
        ],
      },
      { key: "lines", fields: ["lines"] },
    ],
    columns: [
      ...shown("code", "date", "party", "cash_book_id", "reference"),
      ...offered("amount"),
      ...shown("tax_total", "total"),
      ...offered("currency", "amounts_are"),
      ...shown("posting_state"),
      ...offered("memo"),
    ],
    filters: [
      filterBy("cash_book_id", reference(CASH_BOOKS)),
      postingFilter,
      filterBy("currency", currency()),
    ],
    sorts: ["code", "name"],
    defaultSort: "-code",
    submit: { label: "post" },
    actions: [ReversalTag, PrintCash, CopyCash, ReverseCash],
    panels: [ReversalPanel],
    copy: copyCash,
  } as const;
}

export const receipts = defineResource(cashDocument("receipts", "customer_id", 20, <VerticalAlignBottomOutlined />));
export const payments = defineResource(cashDocument("payments", "supplier_id", 30, <VerticalAlignTopOutlined />));

export const transfers = defineResource({
  ...postedDocument("transfers", 40, <SwapOutlined />),
  fields: {
    code: numberedCode(),
    date: todayDate(),
    from_cash_book_id: reference(CASH_BOOKS, { required: true }),
    to_cash_book_id: reference(CASH_BOOKS, { required: true }),
    amount: money({ required: true, currencyField: "from_currency", help: true }),
    received_amount: money({ currencyField: "to_currency", help: true }),
    reference: text(),
    memo: text(),
    rate: decimal({ readOnly: true }),
    to_rate: decimal({ readOnly: true }),
  },
  sections: [
    {
      key: "transfer",
      columns: 3,
      fields: [
        "date",
        "from_cash_book_id",
        "to_cash_book_id",
        "amount",
        "received_amount",
        "rate",
        "to_rate",
        "reference",
        "memo",
      ],
    },
  ],
  columns: [
    ...shown("code", "date", "from_cash_book_id", "to_cash_book_id", "amount"),
    ...offered("received_amount"),
    ...shown("reference", "posting_state"),
  ],
  filters: [
    filterBy("from_cash_book_id", reference(CASH_BOOKS)),
    filterBy("to_cash_book_id", reference(CASH_BOOKS)),
    postingFilter,
  ],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "post" },
});

export const recurringJournals = defineResource({
  ...financeRecord("recurring-journals", 50, <ReloadOutlined />),
  currency: { field: "journal.currency" },
  fields: {
    code: ownCode(),
    name: text({ required: true }),
    frequency: choice(FREQUENCIES, "frequency", { required: true, initial: "monthly" }),
    next_run: date({ required: true, help: true }),
    until: date({ help: true }),
    last_run: date({ readOnly: true }),
    last_journal_id: reference(JOURNALS, { readOnly: true }),
    last_error: text({ readOnly: true }),
    journal: field({
      type: "group",
      fields: {
        memo: text({ required: true, wide: true }),
        reference: text(),
        currency: currency({ initial: "MYR" }),
        rate: decimal({ visible: foreignOnly, help: true }),
        notes: longText(),
        lines: field({ type: "journalLines" }, { initial: twoLines }),
      },
    }),
  },
  sections: [
    {
      key: "schedule",
      columns: 3,
      fields: ["code", "name", "frequency", "next_run", "until", "last_run", "last_journal_id", "last_error"],
    },
    { key: "template", fields: ["journal"] },
  ],
  columns: [
    ...shown("code", "name", "frequency", "next_run"),
    ...offered("until"),
    ...shown("last_run", "status"),
  ],
  filters: [filterBy("frequency", choice(FREQUENCIES, "frequency"))],
  sorts: ["code", "name"],
  submit: {
    label: "save",
    ready: ({ values, currency: current }: FormContext) =>
      journalReady((values.journal as { lines?: LineValues[] } | undefined)?.lines, current),
  },
});
