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

import { defineResource } from "../engine/types";
import {
  ACCOUNTS,
  BANK_OR_CASH_ACCOUNTS,
  HEADER_ACCOUNTS,
  ITEMS,
  ORG_UNITS,
  PAYABLE_ACCOUNTS,
  POSTABLE_ACCOUNTS,
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

export const ACCOUNT_TYPES = ["asset", "liability", "equity", "income", "expense"] as const;
export const ACCOUNT_SUBTYPES = [
  "cash",
  "bank",
  "receivable",
  "current_asset",
  "inventory",
  "fixed_asset",
  "accumulated_depreciation",
  "payable",
  "tax_payable",
  "current_liability",
  "non_current_liability",
  "equity",
  "retained_earnings",
  "current_year_earnings",
  "revenue",
  "other_income",
  "fx_gain",
  "cost_of_sales",
  "expense",
  "fx_loss",
  "rounding",
  "tax_expense",
] as const;
const CONTROLS = ["receivable", "payable", "inventory", "tax"] as const;
const ORG_KINDS = ["company", "branch", "location", "department"] as const;
const CASH_BOOK_KINDS = ["bank", "cash", "e-wallet"] as const;
const ITEM_KINDS = ["stock", "non_stock", "service"] as const;
const COSTING = ["fifo", "weighted_average", "standard"] as const;
const ID_TYPES = ["BRN", "NRIC", "PASSPORT", "ARMY"] as const;

const isStock = ({ values }: { values: Record<string, unknown> }) => values.kind === "stock";

export const orgUnits = defineResource({
  kind: "org-units",
  path: "/v1/org-units",
  group: "masterdata",
  icon: <ApartmentOutlined />,
  order: 10,
  editable: true,
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
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "kind", shown: true },
    { field: "parent_id", shown: true },
    { field: "phone" },
    { field: "tin" },
    { field: "status", shown: true },
    { field: "updated_at" },
  ],
  filters: [
    { param: "kind", widget: { type: "choice", options: ORG_KINDS, labels: "org_kind" } },
    { param: "parent_id", widget: { type: "reference", target: ORG_UNITS } },
  ],
  sorts: ["code", "name"],
});

export const accounts = defineResource({
  kind: "accounts",
  path: "/v1/accounts",
  group: "masterdata",
  icon: <UnorderedListOutlined />,
  order: 20,
  editable: true,
  fields: {
    code: ownCode(),
    name: text({ required: true }),
    type: choice(ACCOUNT_TYPES, "account_type", { required: true, createOnly: true }),
    subtype: choice(ACCOUNT_SUBTYPES, "account_subtype", { required: true, help: true }),
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
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "type", shown: true },
    { field: "subtype", shown: true },
    { field: "control", shown: true },
    { field: "is_header" },
    { field: "currency" },
    { field: "parent_id" },
    { field: "status", shown: true },
    { field: "updated_at" },
  ],
  filters: [
    { param: "type", widget: { type: "choice", options: ACCOUNT_TYPES, labels: "account_type" } },
    { param: "subtype", widget: { type: "choice", options: ACCOUNT_SUBTYPES, labels: "account_subtype" } },
    { param: "control", widget: { type: "choice", options: CONTROLS, labels: "control" } },
    { param: "parent_id", widget: { type: "reference", target: HEADER_ACCOUNTS } },
  ],
  sorts: ["code", "name"],
});

export const cashBooks = defineResource({
  kind: "cash-books",
  path: "/v1/cash-books",
  group: "masterdata",
  icon: <BankOutlined />,
  order: 30,
  editable: true,
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
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "kind", shown: true },
    { field: "currency", shown: true },
    { field: "account_id", shown: true },
    { field: "bank_name" },
    { field: "account_number" },
    { field: "status", shown: true },
  ],
  filters: [
    { param: "kind", widget: { type: "choice", options: CASH_BOOK_KINDS, labels: "cash_book_kind" } },
    { param: "currency", widget: { type: "currency" } },
  ],
  sorts: ["code", "name"],
});

export const employees = defineResource({
  kind: "employees",
  path: "/v1/employees",
  group: "masterdata",
  icon: <IdcardOutlined />,
  order: 40,
  editable: true,
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
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "job_title", shown: true },
    { field: "org_unit_id", shown: true },
    { field: "email", shown: true },
    { field: "phone" },
    { field: "hired_on" },
    { field: "status", shown: true },
  ],
  filters: [
    { param: "org_unit_id", widget: { type: "reference", target: ORG_UNITS } },
    { param: "job_title", widget: { type: "text" } },
  ],
  sorts: ["code", "name"],
});

export const items = defineResource({
  kind: "items",
  path: "/v1/items",
  group: "masterdata",
  icon: <ShoppingOutlined />,
  order: 50,
  editable: true,
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
    income_account_id: reference(POSTABLE_ACCOUNTS),
    expense_account_id: reference(POSTABLE_ACCOUNTS),
    inventory_account_id: reference(ACCOUNTS, { visible: isStock }),
  },
  sections: [
    { key: "general", fields: ["name", "kind", "category", "classification", "description"] },
    { key: "units", fields: ["base_uom", "barcodes", "conversions"] },
    { key: "pricing", fields: ["sales_price", "purchase_price", "sales_tax_code_id", "purchase_tax_code_id"] },
    { key: "stock", fields: ["costing_method", "standard_cost", "reorder_level"] },
    { key: "accounts", fields: ["income_account_id", "expense_account_id", "inventory_account_id"] },
  ],
  columns: [
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "kind", shown: true },
    { field: "category", shown: true },
    { field: "base_uom", shown: true },
    { field: "sales_price", shown: true },
    { field: "purchase_price" },
    { field: "classification" },
    { field: "costing_method" },
    { field: "status", shown: true },
  ],
  filters: [
    { param: "kind", widget: { type: "choice", options: ITEM_KINDS, labels: "item_kind" } },
    { param: "category", widget: { type: "text" } },
    { param: "classification", widget: { type: "code", table: "classifications" } },
  ],
  sorts: ["code", "name"],
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
  { field: "code", shown: true },
  { field: "name", shown: true },
  { field: "tin", shown: true },
  { field: "currency", shown: true },
  { field: "email", shown: true },
  { field: "phone", shown: true },
  { field: "contact_person" },
  { field: "group" },
  { field: "payment_terms_days" },
  { field: "brn" },
] as const;

const PARTY_FILTERS = [
  { param: "currency", widget: { type: "currency" } },
  { param: "group", widget: { type: "text" } },
  { param: "tin", widget: { type: "text" } },
] as const;

const PARTY_SECTIONS = {
  identity: { key: "identity", fields: ["name", "id_type", "brn", "tin", "sst_number", "msic"] },
  contact: { key: "contact", fields: ["contact_person", "email", "phone"] },
  addresses: { key: "addresses", fields: ["billing_address", "shipping_address"] },
} as const;

export const customers = defineResource({
  kind: "customers",
  path: "/v1/customers",
  group: "masterdata",
  icon: <TeamOutlined />,
  order: 60,
  editable: true,
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
  columns: [...PARTY_COLUMNS, { field: "credit_limit" }, { field: "status", shown: true }, { field: "updated_at" }],
  filters: PARTY_FILTERS,
  sorts: ["code", "name"],
});

export const suppliers = defineResource({
  kind: "suppliers",
  path: "/v1/suppliers",
  group: "masterdata",
  icon: <ShopOutlined />,
  order: 70,
  editable: true,
  fields: {
    ...partyFields(),
    control_account_id: reference(PAYABLE_ACCOUNTS, { help: true }),
  },
  sections: [
    PARTY_SECTIONS.identity,
    PARTY_SECTIONS.contact,
    PARTY_SECTIONS.addresses,
    { key: "terms", fields: ["currency", "payment_terms_days", "group", "control_account_id"] },
  ],
  columns: [...PARTY_COLUMNS, { field: "status", shown: true }, { field: "updated_at" }],
  filters: PARTY_FILTERS,
  sorts: ["code", "name"],
});

export const priceBooks = defineResource({
  kind: "price-books",
  path: "/v1/price-books",
  group: "masterdata",
  icon: <TagsOutlined />,
  order: 80,
  editable: true,
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
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "currency", shown: true },
    { field: "customer_group", shown: true },
    { field: "valid_from", shown: true },
    { field: "valid_to", shown: true },
    { field: "prices_include_tax" },
    { field: "status", shown: true },
  ],
  filters: [
    { param: "currency", widget: { type: "currency" } },
    { param: "customer_group", widget: { type: "text" } },
  ],
  sorts: ["code", "name"],
});

export const taxCodes = defineResource({
  kind: "tax-codes",
  path: "/v1/tax-codes",
  group: "masterdata",
  icon: <PercentageOutlined />,
  order: 90,
  editable: true,
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
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "tax_type", shown: true },
    { field: "rate", shown: true },
    { field: "account_id", shown: true },
    { field: "effective_from" },
    { field: "status", shown: true },
  ],
  filters: [{ param: "tax_type", widget: { type: "code", table: "tax_types" } }],
  sorts: ["code", "name"],
});

export const currencies = defineResource({
  kind: "currencies",
  path: "/v1/currencies",
  group: "masterdata",
  icon: <DollarOutlined />,
  order: 100,
  editable: true,
  fields: {
    code: field({ type: "text", upper: true }, { required: true, createOnly: true, help: true }),
    name: text({ required: true }),
    symbol: text(),
    precision: integer(0, 4, { initial: 2, createOnly: true, help: true }),
  },
  sections: [{ key: "general", fields: ["code", "name", "symbol", "precision"] }],
  columns: [
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "symbol", shown: true },
    { field: "precision", shown: true },
    { field: "status", shown: true },
  ],
  sorts: ["code", "name"],
  panels: [RatesPanel],
});

export const documentTypes = defineResource({
  kind: "document-types",
  path: "/v1/document-types",
  group: "masterdata",
  icon: <FileTextOutlined />,
  order: 110,
  editable: true,
  fields: {
    code: field({ type: "text", upper: true }, { required: true, createOnly: true, help: true }),
    name: text({ required: true }),
    prefix: text({ help: true }),
    width: integer(1, 12, { initial: 6, help: true }),
  },
  sections: [{ key: "general", fields: ["code", "name", "prefix", "width"] }],
  columns: [
    { field: "code", shown: true },
    { field: "name", shown: true },
    { field: "prefix", shown: true },
    { field: "width", shown: true },
    { field: "status", shown: true },
  ],
  sorts: ["code", "name"],
});
