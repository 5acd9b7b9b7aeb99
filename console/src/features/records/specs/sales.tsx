// Sales documents: quotations, sales orders, delivery orders and sales invoices (cash sales included), each
// made as a draft (edited at will: the API prices it again on every save), then submitted (its prices and
// tax fixed; an invoice posts) or cancelled with a reason; each copies from the document before it in the
// chain ("Create order from this") and shows its whole chain. And customer receipts, settling the
// customer's open invoices (what none takes is an advance), posted when written. Under the Sales menu
// group; their words are in locales/<language>/<kind>.json and sales.json.
import {
  DollarOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileAddOutlined,
  FileTextOutlined,
  RollbackOutlined,
  ShoppingCartOutlined,
  TruckOutlined,
  UndoOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

import { defineResource, type DocRecord } from "../engine/types";
import {
  CASH_BOOKS,
  CREDIT_NOTES_WITH_CREDIT,
  CUSTOMERS,
  EMPLOYEES,
  LOCATIONS,
  RECEIPTS_WITH_ADVANCE,
  SALES_INVOICES,
  SUBMITTED_DELIVERIES,
  SUBMITTED_INVOICES,
  SUBMITTED_ORDERS,
  SUBMITTED_QUOTATIONS,
} from "../fields/targets";
import { ALLOCATION_LINES } from "../lines/receiptAllocations";
import { salesLines } from "../lines/salesDocumentLines";
import {
  currency,
  date,
  decimal,
  field,
  foreignOnly,
  money,
  numberedCode,
  reference,
  text,
  todayDate,
  toggle,
} from "./build";
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
import { CreditNoteCredit } from "./SalesNotes";
import { PrintSales } from "./SalesPrint";

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

/** A proforma invoice: an advance bill from an order or a quotation (or lines), asking a deposit; it posts
 * nothing and takes nothing from its order. It prints (PDF) as PROFORMA INVOICE, "not a tax invoice". */
export const proformaInvoices = defineResource({
  ...salesDocument("proforma-invoices", 25, <FileProtectOutlined />),
  currency: { field: "currency" },
  fields: {
    ...header,
    order_id: reference(SUBMITTED_ORDERS, { createOnly: true, help: true }),
    quotation_id: reference(SUBMITTED_QUOTATIONS, { createOnly: true, help: true }),
    valid_until: date({ help: true }),
    deposit_percent: decimal({ help: true }),
    deposit_amount: money({ help: true }),
    deposit: money({ readOnly: true }),
    lines: field(
      { type: "documentLines", lines: salesLines({ priced: true, tallies: [] }) },
      { initial: () => [{}] },
    ),
  },
  sections: [
    {
      key: "proforma",
      columns: 3,
      fields: [
        "customer_id",
        "date",
        "valid_until",
        "order_id",
        "quotation_id",
        "deposit_percent",
        "deposit_amount",
        "deposit",
        ...PRICING,
        ...ABOUT,
      ],
    },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "reference"),
    ...offered("valid_until", "currency"),
    ...shown("total", "deposit", "state"),
    ...offered("memo", "created_at"),
  ],
  filters: [customerFilter, stateFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions: [...actions, PrintSales],
  panels: [CancelledPanel, DocumentFlow],
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
  actions: [...actions, PrintSales],
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
      { type: "documentLines", lines: salesLines({ priced: true, tallies: ["credited"] }) },
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
  actions: [...actions, PrintSales],
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

// Credit and debit notes: corrections of a submitted invoice, in its currency and on its terms. A credit note
// takes the invoice's lines left to credit (its lines left empty: all of them) and, with the goods back, returns
// them into stock; a debit note charges lines of its own. Each is a draft until submitted (then posted),
// and shows the invoice's whole chain.
const invoiceNote = {
  code: header.code,
  customer_id: header.customer_id,
  date: header.date,
  invoice_id: reference(SUBMITTED_INVOICES, { required: true, createOnly: true, help: true }),
  reason: text({ required: true, help: true }),
  currency: text({ readOnly: true }),
  salesperson_id: header.salesperson_id,
  reference: header.reference,
  memo: header.memo,
  state: header.state,
  total: header.total,
  outstanding: money({ readOnly: true }),
} as const;
const invoiceFilter = filterBy("invoice_id", reference(SALES_INVOICES));

export const creditNotes = defineResource({
  ...salesDocument("credit-notes", 44, <RollbackOutlined />),
  posting: true,
  currency: { field: "currency" },
  fields: {
    ...invoiceNote,
    return_stock: toggle({ help: true }),
    delivery_id: reference(SUBMITTED_DELIVERIES, { visible: ({ values }) => values.return_stock === true, help: true }),
    // none typed: every line left to credit on the invoice (the draft then edited to what is credited)
    lines: field(
      { type: "documentLines", lines: salesLines({ priced: true, tallies: [], optional: true }) },
      { initial: () => [] },
    ),
  },
  sections: [
    {
      key: "creditNote",
      columns: 3,
      fields: ["customer_id", "date", "invoice_id", "reason", "return_stock", "delivery_id", "currency", ...ABOUT],
    },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "reason"),
    ...offered("reference", "currency", "return_stock"),
    ...shown("total", "outstanding", "state", "posting_state"),
    ...offered("memo", "created_at"),
  ],
  filters: [customerFilter, invoiceFilter, stateFilter, postingFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions,
  panels: [CancelledPanel, CreditNoteCredit, DocumentFlow],
  describe,
});

export const debitNotes = defineResource({
  ...salesDocument("debit-notes", 46, <FileAddOutlined />),
  posting: true,
  currency: { field: "currency" },
  fields: {
    ...invoiceNote,
    due_date: date({ help: true }),
    lines: field(
      { type: "documentLines", lines: salesLines({ priced: true, tallies: [] }) },
      { initial: () => [{}] },
    ),
  },
  sections: [
    {
      key: "debitNote",
      columns: 3,
      fields: ["customer_id", "date", "invoice_id", "due_date", "reason", "currency", ...ABOUT],
    },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "reason"),
    ...offered("due_date", "reference", "currency"),
    ...shown("total", "outstanding", "state", "posting_state"),
    ...offered("memo", "created_at"),
  ],
  filters: [customerFilter, invoiceFilter, stateFilter, postingFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions,
  panels: [CancelledPanel, InvoicePayments, DocumentFlow],
  describe,
});

// Customer refunds: money paid back out of a credit the customer holds, a credit note's unapplied credit or a
// receipt's advance (one of them), posted when written; never more than is left of it.
export const customerRefunds = defineResource({
  kind: "customer-refunds",
  path: "/v1/customer-refunds",
  group: "sales",
  icon: <UndoOutlined />,
  order: 55,
  editable: false,
  posting: true,
  currency: { reference: "cash_book_id", target: CASH_BOOKS },
  fields: {
    code: numberedCode(),
    customer_id: reference(CUSTOMERS, { required: true }),
    cash_book_id: reference(CASH_BOOKS, { required: true, help: true }),
    date: todayDate(),
    // the credit paid back: a credit note's or a receipt's, one of them (choosing one hides the other)
    credit_note_id: reference(CREDIT_NOTES_WITH_CREDIT, { visible: ({ values }) => !values.receipt_id, help: true }),
    receipt_id: reference(RECEIPTS_WITH_ADVANCE, { visible: ({ values }) => !values.credit_note_id, help: true }),
    amount: money({ required: true, help: true }),
    rate: decimal({ visible: foreignOnly, help: true }),
    reference: text({ help: true }),
    memo: text(),
    currency: text({ readOnly: true }),
  },
  sections: [
    {
      key: "refund",
      columns: 3,
      fields: [
        "customer_id",
        "cash_book_id",
        "date",
        "credit_note_id",
        "receipt_id",
        "amount",
        "rate",
        "reference",
        "memo",
        "currency",
      ],
    },
  ],
  columns: [
    ...shown("code", "date", "customer_name", "cash_book_id", "amount"),
    ...offered("credit_note_id", "receipt_id", "reference", "currency", "memo"),
    ...shown("posting_state"),
  ],
  filters: [customerFilter, filterBy("cash_book_id", reference(CASH_BOOKS)), postingFilter],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "post" },
  panels: [DocumentFlow],
  describe,
  // the credit it paid back is lower
  touches: ["credit-notes", "customer-receipts"],
});
