// Stock planning: stock requests (stock asked for, fulfilled line by line by the stock entries that name
// them), reorder rules (a level and a quantity per item and location, checked daily) and count sheets
// (what to count at a location, submitted as one stock count). Requests and count sheets are created and
// read, never edited; rules are edited and archived. Their words are in locales/<language>/<kind>.json.
import { CarryOutOutlined, FileAddOutlined, RetweetOutlined } from "@ant-design/icons";

import i18n from "@/i18n";
import { formatDecimal } from "@/lib/format";
import { defineResource, type DocRecord, type FormContext } from "../engine/types";
import { DEPARTMENTS, LOCATIONS, STOCK_ENTRIES, STOCK_ITEMS } from "../fields/targets";
import { COUNT_LINES, REQUEST_LINES } from "../lines/planningLines";
import { choice, date, decimal, field, integer, reference, text } from "./build";
import { filterBy, offered, shown } from "./listing";
import { SubmitCount } from "./SubmitCount";

/** "I-000001, I-000002, I-000003 +2": the items of a document's lines, the first few by code. */
function itemCodes(record: DocRecord, first = 3): string {
  const codes = (Array.isArray(record.lines) ? record.lines : [])
    .map((line: { item_code?: unknown; item_id?: unknown }) => String(line.item_code || line.item_id || ""))
    .filter(Boolean);
  const more = codes.length > first ? ` +${codes.length - first}` : "";
  return codes.slice(0, first).join(", ") + more;
}

const quantity = (value: unknown) => formatDecimal(value, i18n.language, 0, 4);

const REQUEST_PURPOSES = ["transfer", "purchase", "issue"] as const;
const REQUEST_STATES = ["open", "fulfilled"] as const;
const REQUEST_COLOURS = { open: "blue", fulfilled: "green" } as const;

export const stockRequests = defineResource({
  kind: "stock-requests",
  path: "/v1/stock-requests",
  group: "inventory",
  icon: <FileAddOutlined />,
  order: 22,
  editable: false,
  fields: {
    purpose: choice(REQUEST_PURPOSES, "purpose", { required: true, initial: "transfer", help: true }),
    location_id: reference(LOCATIONS, { required: true, help: true }),
    needed_by: date(),
    department_id: reference(DEPARTMENTS, { help: true }),
    memo: text(),
    lines: field({ type: "documentLines", lines: REQUEST_LINES }, { initial: () => [{}] }),
    state: field(
      { type: "choice", options: REQUEST_STATES, labels: "state", colours: REQUEST_COLOURS },
      { readOnly: true },
    ),
  },
  sections: [
    { key: "request", columns: 3, fields: ["purpose", "location_id", "needed_by", "department_id", "state", "memo"] },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("purpose", "location_id", "needed_by", "state", "memo"),
    ...offered("department_id", "created_at"),
  ],
  filters: [
    filterBy("purpose", choice(REQUEST_PURPOSES, "purpose")),
    filterBy("location_id", reference(LOCATIONS)),
    filterBy("state", choice(REQUEST_STATES, "state")),
  ],
  // no code of their own: listed in the order they were made, newest first
  sorts: [],
  defaultSort: "-code",
  submit: { label: "save" },
  // "Transfer in — I-000001, I-000002": what it asks for, in the reader's words, or its memo
  describe: (record, labels) =>
    [record.purpose ? labels.option("purpose", String(record.purpose)) : null, record.memo || itemCodes(record)]
      .filter(Boolean)
      .join(" — "),
});

const SOURCES = ["purchase", "transfer"] as const;
const fromElsewhere = ({ values }: FormContext) => values.source === "transfer";

export const reorderRules = defineResource({
  kind: "reorder-rules",
  path: "/v1/reorder-rules",
  group: "inventory",
  icon: <RetweetOutlined />,
  order: 24,
  editable: true,
  fields: {
    item_id: reference(STOCK_ITEMS, { required: true, createOnly: true }),
    location_id: reference(LOCATIONS, { required: true, createOnly: true, help: true }),
    reorder_level: decimal({ required: true, help: true }),
    reorder_qty: decimal({ required: true, help: true }),
    source: choice(SOURCES, "source", { required: true, initial: "purchase", help: true }),
    from_location_id: reference(LOCATIONS, { visible: fromElsewhere, help: true }),
  },
  sections: [
    {
      key: "rule",
      columns: 3,
      fields: ["item_id", "location_id", "reorder_level", "reorder_qty", "source", "from_location_id"],
    },
  ],
  columns: [
    ...shown("item_id", "location_id", "reorder_level", "reorder_qty", "source"),
    ...offered("from_location_id", "created_at", "updated_at"),
    ...shown("status"),
  ],
  filters: [
    filterBy("item_id", reference(STOCK_ITEMS)),
    filterBy("location_id", reference(LOCATIONS)),
    filterBy("source", choice(SOURCES, "source")),
  ],
  // the API names a rule "<item code> at <location code>": listed by item, then location
  sorts: [],
  defaultSort: "name",
  submit: { label: "save" },
  // "Reorder 20 below 5": the rule's figures (its item and location are the fields under it)
  describe: (record) =>
    i18n.t("reorder-rules:heading", { qty: quantity(record.reorder_qty), level: quantity(record.reorder_level) }),
});

const COUNT_STATES = ["open", "counted"] as const;
const COUNT_COLOURS = { open: "blue", counted: "green" } as const;
/** What to count is chosen when the sheet is made; the sheet then lists it, line by line. */
const making = ({ mode }: FormContext) => mode === "create";
const nothingChosen = (context: FormContext) =>
  making(context) && !(Array.isArray(context.values.item_ids) && context.values.item_ids.length > 0);

export const countSheets = defineResource({
  kind: "count-sheets",
  path: "/v1/count-sheets",
  group: "inventory",
  icon: <CarryOutOutlined />,
  order: 26,
  editable: false,
  fields: {
    location_id: reference(LOCATIONS, { required: true, help: true }),
    item_ids: field({ type: "references", target: STOCK_ITEMS }, { visible: making, help: true, wide: true }),
    limit: integer(1, 100, { visible: nothingChosen, initial: 20, help: true }),
    state: field(
      { type: "choice", options: COUNT_STATES, labels: "state", colours: COUNT_COLOURS },
      { readOnly: true },
    ),
    entry_id: reference(STOCK_ENTRIES, { readOnly: true }),
    lines: field({ type: "documentLines", lines: COUNT_LINES }, { readOnly: true }),
  },
  sections: [{ key: "sheet", columns: 3, fields: ["location_id", "item_ids", "limit", "state", "entry_id", "lines"] }],
  columns: [...shown("location_id", "state", "created_at"), ...offered("entry_id")],
  filters: [filterBy("location_id", reference(LOCATIONS)), filterBy("state", choice(COUNT_STATES, "state"))],
  // no code of their own: listed in the order they were made, newest first
  sorts: [],
  defaultSort: "-code",
  submit: { label: "save" },
  actions: [SubmitCount],
  // "Count of I-000001, I-000002 +3"
  describe: (record) => i18n.t("count-sheets:heading", { items: itemCodes(record) }),
});
