// The declarations the generic record screens are built from: one `ResourceSpec` per API collection
// (see ../specs) says which fields it has, how each is edited and shown, which columns a list offers,
// which filters and sort orders its list operation takes, and how its form is laid out.
import type { ComponentType, ReactNode } from "react";

import type { paths } from "@/api/schema";
import type { LinesFieldProps } from "../lines/gridParts";
import type { LineValues } from "../lines/totals";
import type { CodeTableName } from "../reference/codes";
import type { Labels } from "./labels";

/** API paths of collections: a GET answering a page of `items` and a POST creating one. */
export type CollectionPath = {
  [P in keyof paths]: paths[P] extends {
    get: { responses: { 200: { content: { "application/json": { items: unknown[] } } } } };
    post: unknown;
  }
    ? P
    : never;
}[keyof paths];

type ListOperation<P extends CollectionPath> = paths[P] extends { get: infer Get } ? Get : never;

/** The query parameters of a collection's list operation. */
export type ListQuery<P extends CollectionPath> =
  ListOperation<P> extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** One item of a collection, as its list and get operations answer it. */
export type RecordOf<P extends CollectionPath> =
  ListOperation<P> extends { responses: { 200: { content: { "application/json": { items: (infer Item)[] } } } } }
    ? Item
    : never;

type SortParam<P extends CollectionPath> = ListQuery<P> extends { sort?: infer Sort } ? NonNullable<Sort> : never;
/** The fields a list can be ordered by (the `sort` enum without its `-` descending forms). */
export type SortKey<P extends CollectionPath> = Exclude<SortParam<P>, `-${string}`> & string;
/** Kind-specific list filters: the list operation's query parameters besides paging, order, status and q. */
export type FilterParam<P extends CollectionPath> = Exclude<
  keyof ListQuery<P>,
  "limit" | "cursor" | "sort" | "status" | "q"
> &
  string;
export type FieldName<P extends CollectionPath> = keyof RecordOf<P> & string;

/** What every record of every collection carries; the engine reads the rest by field name. */
export interface DocRecord {
  id: string;
  code?: string | null;
  name?: string | null;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
  posting_state?: string;
  posting_error?: string | null;
  entry_ids?: string[] | null;
  [field: string]: unknown;
}

export interface Page {
  items: DocRecord[];
  next_cursor?: string | null;
}

/** Another collection a field points at (by id, or by code for currencies). */
export interface ReferenceTarget {
  kind: string;
  path: string;
  /** The field stored: the id (default) or the code (currencies are referred to by ISO code). */
  valueField?: "id" | "code";
  /** Fixed list filters, e.g. accounts of one subtype. */
  query?: Record<string, string>;
  /** Records that may be chosen (others are left out of the options), e.g. postable accounts. */
  accept?: (record: DocRecord) => boolean;
}

export type Widget =
  | { type: "text"; long?: boolean; upper?: boolean }
  /**
   * `colours`: shown as a tag of that colour per option (a state), not as plain text. `blank`: what no
   * choice means, named as an option of its labels (an item's tracking: `none`), shown for an empty value.
   */
  | {
      type: "choice";
      options: readonly string[];
      labels: string;
      colours?: Readonly<Record<string, string>>;
      blank?: string;
    }
  | { type: "code"; table: CodeTableName }
  | { type: "reference"; target: ReferenceTarget }
  /** Several records of another collection, sent as a list of ids (the items a count sheet lists). */
  | { type: "references"; target: ReferenceTarget }
  | { type: "currency" }
  | { type: "money" }
  | { type: "decimal" }
  | { type: "integer"; min?: number; max?: number }
  | { type: "date" }
  /** A time of day, HH:MM:SS. */
  | { type: "time" }
  | { type: "switch" }
  /** Yes, no, or neither (the API decides): sent as true, false or null, chosen from `labels`' yes/no/auto. */
  | { type: "tristate"; labels: string }
  | { type: "tags" }
  | { type: "address" }
  | { type: "group"; fields: Fields }
  | { type: "list"; fields: Fields; rowField: string; max?: number }
  | { type: "journalLines" }
  | { type: "cashLines" }
  | { type: "documentLines"; lines: DocumentLines };

/**
 * A document's own lines (a stock entry's): its editable grid, its read-only table, how its lines go to
 * the API and which of their fields the API's problems may name. Declared beside the document's spec.
 */
export interface DocumentLines {
  /** The line fields a problem may name (`lines.2.qty`; deeper, `lines.2.serials.1`, lands on `serials`). */
  fields: readonly string[];
  /** A line field the API may name that the grid shows in another cell (`batches` in the batch number's). */
  shownAs?: Readonly<Record<string, string>>;
  /** Where a problem about a whole line (`lines.2`) is shown. */
  rowField: string;
  /** The form's lines as the API takes them (only what the form's other values allow). */
  toApi: (value: unknown, context: FormContext) => Record<string, unknown>[];
  Field: ComponentType<LinesFieldProps & { context: FormContext }>;
  View: ComponentType<{ kind: string; lines: LineValues[]; record: Record<string, unknown>; context: FormContext }>;
  /** One line in a few words, for the history. */
  Summary: ComponentType<{ kind: string; line: LineValues }>;
  /** A record's lines as its edit form starts with them (what the server worked out left out). */
  fromRecord?: (lines: LineValues[], record: Record<string, unknown>) => LineValues[];
  /**
   * The form's row a problem about the API's line `row` is shown on, when the form holds rows the API is
   * not sent (a receipt's open invoices left blank); null when the form has none.
   */
  problemRow?: (row: number, value: unknown[]) => number | null;
}

/** What a field's visibility and money formatting depend on while a form is filled in. */
export interface FormContext {
  values: Record<string, unknown>;
  mode: "create" | "edit";
  /** The currency amounts are in (the document's, its cash book's or the company's). */
  currency: string;
  baseCurrency: string;
}

export interface FieldSpec {
  widget: Widget;
  /** Client-side required rule (the API stays authoritative for everything else). */
  required?: boolean;
  /** Set on creation only (the API refuses a change): shown disabled when editing. */
  createOnly?: boolean;
  /** Shown, never sent: the server computes it. */
  readOnly?: boolean;
  /** Help text under the field: records:<kind>.help.<name>, else records:help.<name>. */
  help?: boolean;
  /** Takes the form's full width. */
  wide?: boolean;
  /** Shown (and sent) only when this holds. */
  visible?: (context: FormContext) => boolean;
  /** A choice's options the form's other values allow (e.g. the subtypes of the chosen type). */
  allowed?: (context: FormContext) => readonly string[];
  /** Value a new record's form starts with (a function for values of the moment, e.g. today). */
  initial?: unknown;
  /** For money shown on a record: the record field holding its currency (default: `currency`). */
  currencyField?: string;
}

/** Fields in display order; nested groups and lines have their own. */
export type Fields = Readonly<Record<string, FieldSpec>>;

export interface ColumnSpec<Name extends string = string> {
  field: Name;
  /** Shown until the user chooses columns. */
  shown?: boolean;
}

export interface FilterSpec<Param extends string = string> {
  param: Param;
  widget: Widget;
}

export interface SectionSpec<Name extends string = string> {
  /** i18n key under records:sections. */
  key: string;
  fields: readonly Name[];
  /** Fields per row on wide screens (default 2). */
  columns?: 2 | 3 | 4;
}

/** Where a form's amounts take their currency from: a field (dotted path) or the record a field points at. */
export type CurrencySource = { field: string } | { reference: string; target: ReferenceTarget };

export interface SubmitSpec {
  label: "post" | "save";
  /** Whether the form may be sent yet (a journal only once it balances). */
  ready?: (context: FormContext) => boolean;
}

export interface RecordActionProps {
  resource: Resource;
  record: DocRecord;
}

/** The menu group a collection's screens are listed under. */
export type RecordGroup = "masterdata" | "finance" | "inventory" | "sales";

/** A collection's screens, declared. `P` ties field, filter and sort names to the API's types. */
export interface ResourceSpec<P extends CollectionPath> {
  /** Applet id, URL collection and permission prefix, e.g. "customers". */
  kind: string;
  path: P;
  group: RecordGroup;
  icon: ReactNode;
  order: number;
  /** PATCH and archive exist (master data); finance documents are only created. */
  editable: boolean;
  /** Whether an editable record is archived (default: yes); a sales document is cancelled instead. */
  archivable?: boolean;
  /** When an editable record may still be edited (a sales document: while a draft); default always. */
  editableWhen?: (record: DocRecord) => boolean;
  /** Posted to the ledger: posting state, error and entries are shown. */
  posting?: boolean;
  /** Every field the screens show, with its widget. */
  fields: { [Name in FieldName<P>]?: FieldSpec };
  sections: readonly SectionSpec<FieldName<P>>[];
  columns: readonly ColumnSpec<FieldName<P> | "status" | "posting_state" | "created_at" | "updated_at">[];
  filters?: readonly FilterSpec<FilterParam<P>>[];
  sorts: readonly SortKey<P>[];
  /** Order when the user chose none (documents: newest first). */
  defaultSort?: SortParam<P> & string;
  currency?: CurrencySource;
  /** Create button label and when it may be pressed (journals post only when balanced). */
  submit?: SubmitSpec;
  /** More panels on the detail page (exchange rates of a currency). */
  panels?: readonly ComponentType<RecordActionProps>[];
  /** More actions on the detail page (reverse a journal). */
  actions?: readonly ComponentType<RecordActionProps>[];
  /** A new record's form values copied from this one (`/<kind>/new?copy=<id>`): what a copy keeps. */
  copy?: (record: DocRecord) => Record<string, unknown>;
  /** The list shows its records as a tree, each under the record this field points at (accounts). */
  tree?: { parentField: FieldName<P> };
  /** How its page names a record, when not by code and name ("STK-000001 — Receipt"). */
  describe?: (record: DocRecord, labels: Labels) => string;
  /** Other kinds whose records a save changes (a refund lowers its credit note's credit): read again after it. */
  touches?: readonly string[];
}

/** A spec with its names widened to strings, as the generic screens handle it. */
export interface Resource {
  kind: string;
  path: string;
  group: RecordGroup;
  icon: ReactNode;
  order: number;
  editable: boolean;
  archivable?: boolean;
  editableWhen?: (record: DocRecord) => boolean;
  posting?: boolean;
  fields: Partial<Record<string, FieldSpec>>;
  sections: readonly SectionSpec[];
  columns: readonly ColumnSpec[];
  filters?: readonly FilterSpec[];
  sorts: readonly string[];
  defaultSort?: string;
  currency?: CurrencySource;
  submit?: SubmitSpec;
  panels?: readonly ComponentType<RecordActionProps>[];
  actions?: readonly ComponentType<RecordActionProps>[];
  copy?: (record: DocRecord) => Record<string, unknown>;
  tree?: { parentField: string };
  describe?: (record: DocRecord, labels: Labels) => string;
  touches?: readonly string[];
}

/** Declare a collection's screens; the API types check the names, the engine gets the widened form. */
export function defineResource<P extends CollectionPath>(spec: ResourceSpec<P>): Resource {
  return spec;
}
