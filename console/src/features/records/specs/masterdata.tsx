// Master data: the collections behind every document (parties, items, accounts, codes).
import {
  ApartmentOutlined,
  BankOutlined,
  DollarOutlined,
  FileTextOutlined,
  IdcardOutlined,
  PercentageOutlined,
  ShopOutlined,
  ShoppingOutlined,
  TagsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from "@ant-design/icons";
import { Skeleton } from "antd";
import { lazy, Suspense } from "react";

import { usePermission } from "@/auth/me";
import { defineResource, type FormContext, type RecordActionProps } from "../engine/types";
import {
  ACCOUNTS,
  BANK_OR_CASH_ACCOUNTS,
  EXPENSE_ACCOUNTS,
  HEADER_ACCOUNTS,
  INCOME_ACCOUNTS,
  INVENTORY_ACCOUNTS,
  ITEMS,
  ORG_UNITS,
  PAYABLE_ACCOUNTS,
  PRICE_BOOKS,
  RECEIVABLE_ACCOUNTS,
  TAX_CODES,
} from "../fields/targets";
import { RatesPanel } from "./RatesPanel";
import {
  address,
  choice,
  code,
  currency,
  date,
  decimal,
  field,
  integer,
  longText,
  money,
  numberedCode,
  ownCode,
  reference,
  text,
  toggle,
  upper,
} from "./build";
import { masterData } from "./collection";
import { filterBy, offered, shown } from "./listing";

export const ACCOUNT_TYPES = ["asset", "liability", "equity", "income", "expense"] as const;
/** Each subtype and the account type it belongs to (ledgerlet/reference/sme_chart.py's ACCOUNT_SUBTYPES). */
export const SUBTYPE_TYPES = {
  cash: "asset",
  bank: "asset",
  receivable: "asset",
  current_asset: "asset",
  inventory: "asset",
  fixed_asset: "asset",
  accumulated_depreciation: "asset",
  payable: "liability",
  tax_payable: "liability",
  current_liability: "liability",
  non_current_liability: "liability",
  equity: "equity",
  retained_earnings: "equity",
  current_year_earnings: "equity",
  revenue: "income",
  other_income: "income",
  fx_gain: "income",
  cost_of_sales: "expense",
  expense: "expense",
  fx_loss: "expense",
  rounding: "expense",
  tax_expense: "expense",
} as const;
export const ACCOUNT_SUBTYPES = Object.keys(SUBTYPE_TYPES) as (keyof typeof SUBTYPE_TYPES)[];
/** The subtypes a type offers: an Expense account is never Cash or Bank. */
const subtypesOfType = ({ values }: FormContext) =>
  values.type ? ACCOUNT_SUBTYPES.filter((subtype) => SUBTYPE_TYPES[subtype] === values.type) : ACCOUNT_SUBTYPES;
const CONTROLS = ["receivable", "payable", "inventory", "tax"] as const;
const ORG_KINDS = ["company", "branch", "location", "department"] as const;
const CASH_BOOK_KINDS = ["bank", "cash", "e-wallet"] as const;
const ITEM_KINDS = ["stock", "non_stock", "service"] as const;
const COSTING = ["fifo", "weighted_average", "standard"] as const;
/** How a stock item's units are told apart: by batch (which may expire) or one serial number each; none when empty. */
const TRACKING = ["batch", "serial"] as const;
const ID_TYPES = ["BRN", "NRIC", "PASSPORT", "ARMY"] as const;

const isStock = ({ values }: { values: Record<string, unknown> }) => values.kind === "stock";
const isBatchTracked = ({ values }: { values: Record<string, unknown> }) =>
  values.kind === "stock" && values.tracking === "batch";

const TrackedStockPanel = lazy(() =>
  import("@/features/inventory/components/TrackedStockPanel").then((module) => ({ default: module.TrackedStockPanel })),
);

/** A tracked item's batches on hand or serial numbers (stock reports: for those who may read them). */
function ItemLots({ record }: RecordActionProps) {
  const allowed = usePermission("stock-reports:read");
  const tracking = record.tracking;
  if ((tracking !== "batch" && tracking !== "serial") || !allowed) return null;
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} />}>
      <TrackedStockPanel itemId={record.id} tracking={tracking} />
    </Suspense>
  );
}

export const orgUnits = defineResource({
  ...masterData("org-units", 10, <ApartmentOutlined />),
  fields: {
    code: ownCode(),
    name: text({ required: true }),
    kind: choice(ORG_KINDS, "org_kind", { required: true, createOnly: true }),
    parent_id: reference(ORG_UNITS, { help: true }),
    phone: text(),
    tin: upper({ help: true }),
    sst_number: upper({ help: true }),
    address: address(),
  },
  sections: [
    { key: "general", fields: ["code", "name", "kind", "parent_id"] },
    { key: "registration", fields: ["tin", "sst_number", "phone", "address"] },
  ],
  columns: [
    ...shown("code", "name", "kind", "parent_id"),
    ...offered("phone", "tin"),
    ...shown("status"),
    ...offered("updated_at"),
  ],
  filters: [
    filterBy("kind", choice(ORG_KINDS, "org_kind")),
    filterBy("parent_id", reference(ORG_UNITS)),
  ],
  sorts: ["code", "name"],
});

export const accounts = defineResource({
  ...masterData("accounts", 20, <UnorderedListOutlined />),
  fields: {
    code: ownCode(),
    name: text({ required: true }),
    type: choice(ACCOUNT_TYPES, "account_type", { required: true, createOnly: true }),
    subtype: choice(ACCOUNT_SUBTYPES, "account_subtype", { required: true, help: true, allowed: subtypesOfType }),
    parent_id: reference(HEADER_ACCOUNTS, { help: true }),
    is_header: toggle({ help: true }),
    control: choice(CONTROLS, "control", { help: true }),
    currency: currency({ help: true }),
    description: longText(),
  },
  sections: [
    { key: "general", fields: ["code", "name", "type", "subtype", "parent_id", "is_header"] },
    { key: "posting", fields: ["control", "currency", "description"] },
  ],
  columns: [
    ...shown("code", "name", "type", "subtype", "control"),
    ...offered("is_header", "currency", "parent_id"),
    ...shown("status"),
    ...offered("updated_at"),
  ],
  filters: [
    filterBy("type", choice(ACCOUNT_TYPES, "account_type")),
    filterBy("subtype", choice(ACCOUNT_SUBTYPES, "account_subtype")),
    filterBy("control", choice(CONTROLS, "control")),
    filterBy("parent_id", reference(HEADER_ACCOUNTS)),
  ],
  sorts: ["code", "name"],
  tree: { parentField: "parent_id" },
});

export const cashBooks = defineResource({
  ...masterData("cash-books", 30, <BankOutlined />),
  fields: {
    code: ownCode(),
    name: text({ required: true }),
    kind: choice(CASH_BOOK_KINDS, "cash_book_kind", { required: true }),
    account_id: reference(BANK_OR_CASH_ACCOUNTS, { required: true, help: true }),
    currency: currency({ initial: "MYR" }),
    bank_name: text(),
    account_number: text(),
    swift_code: upper({ help: true }),
    org_unit_id: reference(ORG_UNITS),
  },
  sections: [
    { key: "general", fields: ["code", "name", "kind", "account_id", "currency", "org_unit_id"] },
    { key: "bank", fields: ["bank_name", "account_number", "swift_code"] },
  ],
  columns: [
    ...shown("code", "name", "kind", "currency", "account_id"),
    ...offered("bank_name", "account_number"),
    ...shown("status"),
  ],
  filters: [
    filterBy("kind", choice(CASH_BOOK_KINDS, "cash_book_kind")),
    filterBy("currency", currency()),
  ],
  sorts: ["code", "name"],
});

export const employees = defineResource({
  ...masterData("employees", 40, <IdcardOutlined />),
  fields: {
    code: numberedCode(),
    name: text({ required: true }),
    job_title: text(),
    org_unit_id: reference(ORG_UNITS),
    email: text(),
    phone: text(),
    nric: text({ help: true }),
    hired_on: date(),
    user_id: text({ help: true }),
  },
  sections: [
    { key: "general", fields: ["name", "job_title", "org_unit_id", "hired_on"] },
    { key: "contact", fields: ["email", "phone", "nric", "user_id"] },
  ],
  columns: [
    ...shown("code", "name", "job_title", "org_unit_id", "email"),
    ...offered("phone", "hired_on"),
    ...shown("status"),
  ],
  filters: [
    filterBy("org_unit_id", reference(ORG_UNITS)),
    filterBy("job_title", text()),
  ],
  sorts: ["code", "name"],
});

export const items = defineResource({
  ...masterData("items", 50, <ShoppingOutlined />),
  fields: {
    code: numberedCode(),
    name: text({ required: true }),
    kind: choice(ITEM_KINDS, "item_kind", { required: true, initial: "stock" }),
    category: text(),
    classification: code("classifications", { help: true }),
    description: longText(),
    base_uom: code("units", { initial: "C62", help: true }),
    conversions: field({
      type: "list",
      rowField: "uom",
      max: 20,
      fields: {
        uom: code("units", { required: true }),
        factor: decimal({ required: true }),
      },
    }),
    barcodes: field({ type: "tags" }, { help: true }),
    sales_price: money(),
    purchase_price: money(),
    sales_tax_code_id: reference(TAX_CODES),
    purchase_tax_code_id: reference(TAX_CODES),
    costing_method: choice(COSTING, "costing", { visible: isStock, help: true }),
    standard_cost: money({ visible: isStock }),
    reorder_level: decimal({ visible: isStock }),
    // set when the item is created: the API refuses a change (its stock is counted by batch or number)
    tracking: field(
      { type: "choice", options: TRACKING, labels: "tracking", blank: "none" },
      { visible: isStock, createOnly: true, help: true },
    ),
    shelf_life_days: integer(1, 36500, { visible: isBatchTracked, help: true }),
    income_account_id: reference(INCOME_ACCOUNTS),
    expense_account_id: reference(EXPENSE_ACCOUNTS),
    inventory_account_id: reference(INVENTORY_ACCOUNTS, { visible: isStock }),
  },
  sections: [
    { key: "general", fields: ["name", "kind", "category", "classification", "description"] },
    { key: "units", fields: ["base_uom", "barcodes", "conversions"] },
    { key: "pricing", fields: ["sales_price", "purchase_price", "sales_tax_code_id", "purchase_tax_code_id"] },
    { key: "stock", fields: ["costing_method", "standard_cost", "reorder_level", "tracking", "shelf_life_days"] },
    { key: "accounts", fields: ["income_account_id", "expense_account_id", "inventory_account_id"] },
  ],
  columns: [
    ...shown("code", "name", "kind", "category", "base_uom", "sales_price"),
    ...offered("purchase_price", "classification", "costing_method", "tracking"),
    ...shown("status"),
  ],
  filters: [
    filterBy("kind", choice(ITEM_KINDS, "item_kind")),
    filterBy("category", text()),
    filterBy("classification", code("classifications")),
    filterBy("tracking", choice(TRACKING, "tracking")),
  ],
  sorts: ["code", "name"],
  panels: [ItemLots],
});

function partyFields() {
  return {
    code: numberedCode(),
    name: text({ required: true }),
    id_type: choice(ID_TYPES, "id_type", { initial: "BRN", help: true }),
    brn: upper({ help: true }),
    tin: upper({ help: true }),
    sst_number: upper({ help: true }),
    msic: code("msic", { help: true }),
    contact_person: text(),
    email: text(),
    phone: text(),
    billing_address: address(),
    shipping_address: address(),
    currency: currency({ initial: "MYR" }),
    payment_terms_days: integer(0, 365, { initial: 30, help: true }),
    group: text({ help: true }),
  };
}

const PARTY_COLUMNS = [
  ...shown("code", "name", "tin", "currency", "email", "phone"),
  ...offered("contact_person", "group", "payment_terms_days", "brn"),
];

const PARTY_FILTERS = [
  filterBy("currency", currency()),
  filterBy("group", text()),
  filterBy("tin", text()),
];

const PARTY_SECTIONS = {
  identity: { key: "identity", fields: ["name", "id_type", "brn", "tin", "sst_number", "msic"] },
  contact: { key: "contact", fields: ["contact_person", "email", "phone"] },
  addresses: { key: "addresses", fields: ["billing_address", "shipping_address"] },
} as const;

export const customers = defineResource({
  ...masterData("customers", 60, <TeamOutlined />),
  fields: {
    ...partyFields(),
    credit_limit: money({ help: true }),
    price_book_id: reference(PRICE_BOOKS),
    control_account_id: reference(RECEIVABLE_ACCOUNTS, { help: true }),
  },
  sections: [
    PARTY_SECTIONS.identity,
    PARTY_SECTIONS.contact,
    PARTY_SECTIONS.addresses,
    {
      key: "terms",
      fields: ["currency", "payment_terms_days", "credit_limit", "group", "price_book_id", "control_account_id"],
    },
  ],
  columns: [...PARTY_COLUMNS, ...offered("credit_limit"), ...shown("status"), ...offered("updated_at")],
  filters: PARTY_FILTERS,
  sorts: ["code", "name"],
});

export const suppliers = defineResource({
  ...masterData("suppliers", 70, <ShopOutlined />),
  fields: {
    ...partyFields(),
    control_account_id: reference(PAYABLE_ACCOUNTS, { help: true }),
    self_billed: toggle({ help: true }),
  },
  sections: [
    { ...PARTY_SECTIONS.identity, fields: [...PARTY_SECTIONS.identity.fields, "self_billed"] },
    PARTY_SECTIONS.contact,
    PARTY_SECTIONS.addresses,
    { key: "terms", fields: ["currency", "payment_terms_days", "group", "control_account_id"] },
  ],
  columns: [...PARTY_COLUMNS, ...shown("status"), ...offered("updated_at")],
  filters: PARTY_FILTERS,
  sorts: ["code", "name"],
});

export const priceBooks = defineResource({
  ...masterData("price-books", 80, <TagsOutlined />),
  currency: { field: "currency" },
  fields: {
    code: ownCode(),
    name: text({ required: true }),
    currency: currency({ initial: "MYR" }),
    customer_group: text({ help: true }),
    valid_from: date(),
    valid_to: date(),
    prices_include_tax: toggle(),
    lines: field({
      type: "list",
      rowField: "unit_price",
      max: 500,
      fields: {
        item_id: reference(ITEMS, { required: true }),
        uom: code("units"),
        min_quantity: decimal(),
        unit_price: money({ required: true }),
      },
    }),
  },
  sections: [
    {
      key: "general",
      fields: ["code", "name", "currency", "customer_group", "valid_from", "valid_to", "prices_include_tax"],
    },
    { key: "prices", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "name", "currency", "customer_group", "valid_from", "valid_to"),
    ...offered("prices_include_tax"),
    ...shown("status"),
  ],
  filters: [
    filterBy("currency", currency()),
    filterBy("customer_group", text()),
  ],
  sorts: ["code", "name"],
});

export const taxCodes = defineResource({
  ...masterData("tax-codes", 90, <PercentageOutlined />),
  fields: {
    code: ownCode(),
    name: text({ required: true }),
    tax_type: code("tax_types", { required: true, createOnly: true }),
    rate: decimal({ required: true, help: true }),
    account_id: reference({ ...ACCOUNTS, query: { control: "tax" } }, { help: true }),
    effective_from: date(),
  },
  sections: [{ key: "general", fields: ["code", "name", "tax_type", "rate", "account_id", "effective_from"] }],
  columns: [
    ...shown("code", "name", "tax_type", "rate", "account_id"),
    ...offered("effective_from"),
    ...shown("status"),
  ],
  filters: [filterBy("tax_type", code("tax_types"))],
  sorts: ["code", "name"],
});

export const currencies = defineResource({
  ...masterData("currencies", 100, <DollarOutlined />),
  fields: {
    code: field({ type: "text", upper: true }, { required: true, createOnly: true, help: true }),
    name: text({ required: true }),
    symbol: text(),
    precision: integer(0, 4, { initial: 2, createOnly: true, help: true }),
  },
  sections: [{ key: "general", fields: ["code", "name", "symbol", "precision"] }],
  columns: shown("code", "name", "symbol", "precision", "status"),
  sorts: ["code", "name"],
  panels: [RatesPanel],
});

export const documentTypes = defineResource({
  ...masterData("document-types", 110, <FileTextOutlined />),
  fields: {
    code: field({ type: "text", upper: true }, { required: true, createOnly: true, help: true }),
    name: text({ required: true }),
    prefix: text({ help: true }),
    width: integer(1, 12, { initial: 6, help: true }),
  },
  sections: [{ key: "general", fields: ["code", "name", "prefix", "width"] }],
  columns: shown("code", "name", "prefix", "width", "status"),
  sorts: ["code", "name"],
});
