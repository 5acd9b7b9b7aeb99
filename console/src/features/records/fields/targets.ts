// Collections other fields point at, with the filters a field needs (postable accounts, branches...).
import type { DocRecord, ReferenceTarget } from "../engine/types";

const target = (kind: string, extra: Partial<ReferenceTarget> = {}): ReferenceTarget => ({
  kind,
  path: `/v1/${kind}`,
  ...extra,
});

export const ACCOUNTS = target("accounts");
/** Accounts a document line may post to: not headers, not sub-ledger control accounts. */
export const POSTABLE_ACCOUNTS = target("accounts", {
  accept: (record: DocRecord) => !record.is_header && !record.control,
});
export const HEADER_ACCOUNTS = target("accounts", { accept: (record: DocRecord) => Boolean(record.is_header) });
export const BANK_OR_CASH_ACCOUNTS = target("accounts", {
  accept: (record: DocRecord) => !record.is_header && (record.subtype === "bank" || record.subtype === "cash"),
});
/** An item's accounts: income for its sales, expense (or cost of sales) for its purchases, inventory for stock. */
export const INCOME_ACCOUNTS = target("accounts", {
  query: { type: "income" },
  accept: (record: DocRecord) => !record.is_header && !record.control && record.type === "income",
});
export const EXPENSE_ACCOUNTS = target("accounts", {
  query: { type: "expense" },
  accept: (record: DocRecord) => !record.is_header && !record.control && record.type === "expense",
});
export const INVENTORY_ACCOUNTS = target("accounts", {
  query: { subtype: "inventory" },
  accept: (record: DocRecord) => !record.is_header && record.subtype === "inventory",
});
export const RECEIVABLE_ACCOUNTS = target("accounts", { query: { control: "receivable" } });
export const PAYABLE_ACCOUNTS = target("accounts", { query: { control: "payable" } });
export const CURRENCIES = target("currencies", { valueField: "code" });
export const CASH_BOOKS = target("cash-books");
export const TAX_CODES = target("tax-codes");
export const ORG_UNITS = target("org-units");
export const BRANCHES = target("org-units", { query: { kind: "branch" } });
export const DEPARTMENTS = target("org-units", { query: { kind: "department" } });
/** Where stock is kept: org units of kind location. */
export const LOCATIONS = target("org-units", {
  query: { kind: "location" },
  accept: (record: DocRecord) => record.kind === "location",
});
export const ITEMS = target("items");
/** Items whose stock is kept (not services or non-stock items). */
export const STOCK_ITEMS = target("items", {
  query: { kind: "stock" },
  accept: (record: DocRecord) => record.kind === "stock",
});
/** Stock items tracked by batch, and by serial number (the batch and serial reports' pickers). */
export const BATCH_ITEMS = target("items", {
  query: { kind: "stock", tracking: "batch" },
  accept: (record: DocRecord) => record.kind === "stock" && record.tracking === "batch",
});
export const SERIAL_ITEMS = target("items", {
  query: { kind: "stock", tracking: "serial" },
  accept: (record: DocRecord) => record.kind === "stock" && record.tracking === "serial",
});
export const PRICE_BOOKS = target("price-books");
export const STOCK_ENTRIES = target("stock-entries");
export const JOURNALS = target("journals");
export const CUSTOMERS = target("customers");
export const SUPPLIERS = target("suppliers");
export const EMPLOYEES = target("employees");
/** Sales documents a later one takes from: only submitted ones may be taken from. */
export const SUBMITTED_QUOTATIONS = target("quotations", {
  query: { state: "submitted" },
  accept: (record: DocRecord) => record.state === "submitted",
});
export const SUBMITTED_ORDERS = target("sales-orders", {
  query: { state: "submitted" },
  accept: (record: DocRecord) => record.state === "submitted",
});
export const QUOTATIONS = target("quotations");
export const SALES_ORDERS = target("sales-orders");
export const SALES_INVOICES = target("sales-invoices");
export const CUSTOMER_RECEIPTS = target("customer-receipts");
/** What a credit or debit note corrects: a submitted invoice; the delivery returned goods came from. */
export const SUBMITTED_INVOICES = target("sales-invoices", {
  query: { state: "submitted" },
  accept: (record: DocRecord) => record.state === "submitted",
});
export const SUBMITTED_DELIVERIES = target("delivery-orders", {
  query: { state: "submitted" },
  accept: (record: DocRecord) => record.state === "submitted",
});
export const CREDIT_NOTES = target("credit-notes");
/** What a refund pays back: a credit note no invoice took (negative outstanding), a receipt's advance. */
export const CREDIT_NOTES_WITH_CREDIT = target("credit-notes", {
  query: { state: "submitted" },
  accept: (record: DocRecord) => record.state === "submitted" && Number(record.outstanding ?? 0) < 0,
});
export const RECEIPTS_WITH_ADVANCE = target("customer-receipts", {
  accept: (record: DocRecord) => Number(record.advance ?? 0) > 0,
});
