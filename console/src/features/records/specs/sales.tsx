// Sales documents: quotations, sales orders, delivery orders and sales invoices (cash sales included), each
// made as a draft (edited at will: the API prices it again on every save), then submitted (its prices and
// tax fixed; an invoice posts) or cancelled with a reason; each copies from the document before it in the
// chain ("Create order from this") and shows its whole chain. And customer receipts, settling the
// customer's open invoices (what none takes is an advance), posted when written. Under the Sales menu
// group; their words are in locales/<language>/<kind>.json and sales.json.
import {
  DollarOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  ShoppingCartOutlined,
  TruckOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

import { defineResource, type DocRecord } from "../engine/types";
import {
  CASH_BOOKS,
  CUSTOMERS,
  EMPLOYEES,
  LOCATIONS,
  SUBMITTED_ORDERS,
  SUBMITTED_QUOTATIONS,
} from "../fields/targets";
import { ALLOCATION_LINES } from "../lines/receiptAllocations";
import { salesLines } from "../lines/salesDocumentLines";
import { currency, date, decimal, field, foreignOnly, money, numberedCode, reference, text, todayDate } from "./build";
import { filterBy, offered, shown } from "./listing";
import { DocumentFlow } from "./DocumentFlow";
import { CREDIT_COLOURS, CREDIT_STATES, OrderWorkflowPanel, WORKFLOW_COLOURS, WORKFLOW_STATES } from "./OrderWorkflow";
import {
  CancelledPanel,
  CancelSales,
  InvoicePayments,
  NextDocuments,
  SALES_STATE_COLOURS,
  SALES_STATES,
  SalesStateTag,
  SubmitSales,
} from "./SalesDocument";

const POSTING_STATES = ["pending", "posted", "failed"] as const;
const postingFilter = filterBy(
  "posting_state",
  field({ type: "choice", options: POSTING_STATES, labels: "posting_state" }),
);

/** A sales document's collection: edited while a draft, never archived (cancelled instead). */
const salesDocument = <const Kind extends string>(kind: Kind, order: number, icon: ReactNode) => ({
  kind,
  path: `/v1/${kind}` as const,
  icon,
  order,
  group: "sales" as const,
  editable: true,
  archivable: false,
  editableWhen: (record: DocRecord) => record.state === "draft",
});

const readOnlyChoice = (options: readonly string[], labels: string, colours: Readonly<Record<string, string>>) =>
  field({ type: "choice", options, labels, colours }, { readOnly: true });

/** "QT-000001 — Hotel Sri Pantai": its number and its customer. */
const describe = (record: DocRecord) => [record.code, record.customer_name].filter(Boolean).join(" — ");

/** What every sales document's header has: the customer, the date, its currency and how it is priced. */
const header = {
  code: numberedCode(),
  customer_id: reference(CUSTOMERS, { required: true }),
  date: todayDate(),
  currency: currency({ help: true }),
  rate: decimal({ visible: foreignOnly, help: true }),
  prices_include_tax: field({ type: "tristate", labels: "prices_include_tax" }, { help: true }),
  discount_percent: decimal({ help: true }),
  discount_amount: money({ help: true }),
  salesperson_id: reference(EMPLOYEES),
  reference: text({ help: true }),
  memo: text(),
  state: readOnlyChoice(SALES_STATES, "sales_state", SALES_STATE_COLOURS),
  total: money({ readOnly: true }),
} as const;
const PRICING = ["currency", "rate", "prices_include_tax", "discount_percent", "discount_amount"] as const;
const ABOUT = ["salesperson_id", "reference", "memo"] as const;

const stateFilter = filterBy("state", readOnlyChoice(SALES_STATES, "sales_state", SALES_STATE_COLOURS));
const customerFilter = filterBy("customer_id", reference(CUSTOMERS));
const actions = [SalesStateTag, SubmitSales, NextDocuments, CancelSales] as const;

export const quotations = defineResource({
  ...salesDocument("quotations", 10, <FileTextOutlined />),
  currency: { field: "currency" },
  fields: {
    ...header,
    valid_until: date({ help: true }),
    lines: field(
      { type: "documentLines", lines: salesLines({ priced: true, tallies: ["ordered"] }) },
      { initial: () => [{}] },
    ),
  },
  sections: [
    { key: "quotation", columns: 3, fields: ["customer_id", "date", "valid_until", ...PRICING, ...ABOUT] },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "reference"),
    ...offered("valid_until", "currency"),
    ...shown("total", "state"),
    ...offered("memo", "created_at"),
  ],
  filters: [customerFilter, stateFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions,
  panels: [CancelledPanel, DocumentFlow],
  describe,
});

export const salesOrders = defineResource({
  ...salesDocument("sales-orders", 20, <ShoppingCartOutlined />),
  currency: { field: "currency" },
  fields: {
    ...header,
    quotation_id: reference(SUBMITTED_QUOTATIONS, { createOnly: true, help: true }),
    delivery_date: date({ help: true }),
    location_id: reference(LOCATIONS, { help: true }),
    credit_state: readOnlyChoice(CREDIT_STATES, "credit_state", CREDIT_COLOURS),
    workflow_state: readOnlyChoice(WORKFLOW_STATES, "workflow_state", WORKFLOW_COLOURS),
    lines: field(
      { type: "documentLines", lines: salesLines({ priced: true, tallies: ["delivered", "invoiced"] }) },
      { initial: () => [{}] },
    ),
  },
  sections: [
    {
      key: "order",
      columns: 3,
      fields: ["customer_id", "date", "quotation_id", "delivery_date", "location_id", ...PRICING, ...ABOUT],
    },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "reference"),
    ...offered("delivery_date", "currency"),
    ...shown("total", "state", "credit_state"),
    ...offered("workflow_state", "memo", "created_at"),
  ],
  filters: [customerFilter, stateFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions,
  panels: [CancelledPanel, OrderWorkflowPanel, DocumentFlow],
  describe,
});

export const deliveryOrders = defineResource({
  ...salesDocument("delivery-orders", 30, <TruckOutlined />),
  currency: { field: "currency" },
  fields: {
    code: header.code,
    customer_id: header.customer_id,
    date: header.date,
    order_id: reference(SUBMITTED_ORDERS, { required: true, createOnly: true, help: true }),
    location_id: reference(LOCATIONS, { help: true }),
    reference: header.reference,
    memo: header.memo,
    state: header.state,
    lines: field(
      { type: "documentLines", lines: salesLines({ priced: false, tallies: [] }) },
      { initial: () => [{}] },
    ),
  },
  sections: [
    { key: "delivery", columns: 3, fields: ["customer_id", "date", "order_id", "location_id", "reference", "memo"] },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [...shown("code", "date", "customer_name", "reference", "state"), ...offered("memo", "created_at")],
  filters: [customerFilter, stateFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions,
  panels: [CancelledPanel, DocumentFlow],
  describe,
});

export const salesInvoices = defineResource({
  ...salesDocument("sales-invoices", 40, <FileDoneOutlined />),
  posting: true,
  currency: { field: "currency" },
  fields: {
    ...header,
    order_id: reference(SUBMITTED_ORDERS, { createOnly: true, help: true }),
    due_date: date({ help: true }),
    cash_book_id: reference(CASH_BOOKS, { help: true }),
    outstanding: money({ readOnly: true }),
    lines: field(
      { type: "documentLines", lines: salesLines({ priced: true, tallies: [] }) },
      { initial: () => [{}] },
    ),
  },
  sections: [
    {
      key: "invoice",
      columns: 3,
      fields: ["customer_id", "date", "due_date", "order_id", "cash_book_id", ...PRICING, ...ABOUT],
    },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "reference"),
    ...offered("due_date", "currency"),
    ...shown("total", "outstanding", "state", "posting_state"),
    ...offered("memo", "created_at"),
  ],
  filters: [customerFilter, stateFilter, postingFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions,
  panels: [CancelledPanel, InvoicePayments, DocumentFlow],
  describe,
});

export const customerReceipts = defineResource({
  kind: "customer-receipts",
  path: "/v1/customer-receipts",
  group: "sales",
  icon: <DollarOutlined />,
  order: 50,
  editable: false,
  posting: true,
  currency: { reference: "cash_book_id", target: CASH_BOOKS },
  fields: {
    code: numberedCode(),
    customer_id: reference(CUSTOMERS, { required: true }),
    cash_book_id: reference(CASH_BOOKS, { required: true }),
    date: todayDate(),
    amount: money({ required: true, help: true }),
    rate: decimal({ visible: foreignOnly, help: true }),
    reference: text({ help: true }),
    memo: text(),
    allocated: money({ readOnly: true }),
    advance: money({ readOnly: true }),
    currency: text({ readOnly: true }),
    allocations: field({ type: "documentLines", lines: ALLOCATION_LINES }, { initial: () => [] }),
  },
  sections: [
    {
      key: "receipt",
      columns: 3,
      fields: ["customer_id", "cash_book_id", "date", "amount", "rate", "reference", "memo", "currency"],
    },
    { key: "allocations", fields: ["allocations"] },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "cash_book_id", "amount", "allocated", "advance"),
    ...offered("reference", "currency", "memo"),
    ...shown("posting_state"),
  ],
  filters: [
    customerFilter,
    filterBy("cash_book_id", reference(CASH_BOOKS)),
    postingFilter,
  ],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "post" },
  panels: [DocumentFlow],
  describe,
});
