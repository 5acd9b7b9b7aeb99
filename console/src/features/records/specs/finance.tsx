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
import { CASH_BOOKS, JOURNALS } from "../fields/targets";
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
import { ReverseJournal } from "./ReverseJournal";

const POSTING_STATES = ["pending", "posted", "failed"] as const;
const FREQUENCIES = ["monthly", "quarterly", "yearly"] as const;
const postingFilter = {
  param: "posting_state",
  widget: { type: "choice", options: POSTING_STATES, labels: "posting_state" },
} as const;
const twoLines = () => [{}, {}];

export const journals = defineResource({
  kind: "journals",
  path: "/v1/journals",
  group: "finance",
  icon: <AuditOutlined />,
  order: 10,
  editable: false,
  posting: true,
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
    { field: "code", shown: true },
    { field: "date", shown: true },
    { field: "memo", shown: true },
    { field: "reference", shown: true },
    { field: "currency" },
    { field: "total", shown: true },
    { field: "posting_state", shown: true },
    { field: "auto_reverse_on" },
    { field: "created_at" },
  ],
  filters: [postingFilter, { param: "currency", widget: { type: "currency" } }],
  sorts: ["code"],
  defaultSort: "-code",
  submit: {
    label: "post",
    ready: ({ values, currency: current }: FormContext) => journalReady(values.lines as LineValues[], current),
  },
  actions: [ReverseJournal],
});

function cashDocument(kind: "receipts" | "payments", order: number, icon: ReactNode) {
  return {
    kind,
    group: "finance" as const,
    icon,
    order,
    editable: false,
    posting: true,
    currency: { reference: "cash_book_id", target: CASH_BOOKS },
    fields: {
      code: numberedCode(),
      cash_book_id: reference(CASH_BOOKS, { required: true }),
      date: todayDate(),
      party: text({ required: true }),
      reference: text({ help: true }),
      memo: text(),
      rate: decimal({ visible: foreignOnly, help: true }),
      lines: field({ type: "cashLines" }, { initial: () => [{}] }),
      amount: money({ readOnly: true }),
      currency: text({ readOnly: true }),
    },
    sections: [
      {
        key: kind === "receipts" ? "receipt" : "payment",
        columns: 3,
        fields: ["cash_book_id", "date", "party", "reference", "rate", "memo", "amount", "currency"],
      },
      { key: "lines", fields: ["lines"] },
    ],
    columns: [
      { field: "code", shown: true },
      { field: "date", shown: true },
      { field: "party", shown: true },
      { field: "cash_book_id", shown: true },
      { field: "reference", shown: true },
      { field: "amount", shown: true },
      { field: "currency" },
      { field: "posting_state", shown: true },
      { field: "memo" },
    ],
    filters: [
      { param: "cash_book_id", widget: { type: "reference", target: CASH_BOOKS } },
      postingFilter,
      { param: "currency", widget: { type: "currency" } },
    ],
    sorts: ["code", "name"],
    defaultSort: "-code",
    submit: { label: "post" },
  } as const;
}

export const receipts = defineResource({
  ...cashDocument("receipts", 20, <VerticalAlignBottomOutlined />),
  path: "/v1/receipts",
});
export const payments = defineResource({
  ...cashDocument("payments", 30, <VerticalAlignTopOutlined />),
  path: "/v1/payments",
});

export const transfers = defineResource({
  kind: "transfers",
  path: "/v1/transfers",
  group: "finance",
  icon: <SwapOutlined />,
  order: 40,
  editable: false,
  posting: true,
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
    { field: "code", shown: true },
    { field: "date", shown: true },
    { field: "from_cash_book_id", shown: true },
    { field: "to_cash_book_id", shown: true },
    { field: "amount", shown: true },
    { field: "received_amount" },
    { field: "reference", shown: true },
    { field: "posting_state", shown: true },
  ],
  filters: [
    { param: "from_cash_book_id", widget: { type: "reference", target: CASH_BOOKS } },
    { param: "to_cash_book_id", widget: { type: "reference", target: CASH_BOOKS } },
    postingFilter,
  ],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "post" },
});

export const recurringJournals = defineResource({
  kind: "recurring-journals",
  path: "/v1/recurring-journals",
  group: "finance",
  icon: <ReloadOutlined />,
  order: 50,
  editable: true,
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
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "frequency", shown: true },
    { field: "next_run", shown: true },
    { field: "until" },
    { field: "last_run", shown: true },
    { field: "status", shown: true },
  ],
  filters: [{ param: "frequency", widget: { type: "choice", options: FREQUENCIES, labels: "frequency" } }],
  sorts: ["code", "name"],
  submit: {
    label: "save",
    ready: ({ values, currency: current }: FormContext) =>
      journalReady((values.journal as { lines?: LineValues[] } | undefined)?.lines, current),
  },
});
