// A list's export: the rows it shows (every page of its query, or its tree), the columns shown, headed as
// on screen in the reader's language. Amounts are the API's decimal strings (never through a float),
// dates ISO (2026-01-31) and timestamps in the company's time zone (2026-01-31 14:05), choices and codes
// by their names, references as "code — name" (several: separated by commas), as the screen writes them.
import type { QueryClient } from "@tanstack/react-query";

import { csvText, type CsvCell } from "@/lib/csv";
import { dayjs } from "@/lib/format";
import { recordLabel } from "../fields/ReferenceSelect";
import { codeNames, type CodeTableName } from "../reference/codes";
import { recordKeys, records } from "./client";
import type { Labels } from "./labels";
import type { DocRecord, ReferenceTarget, Resource, Widget } from "./types";

const AMOUNTS = new Set<Widget["type"]>(["money", "decimal", "integer"]);
/** References looked up at once while an export is written. */
const LOOKUPS_AT_ONCE = 6;

type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface ExportInput {
  resource: Resource;
  /** The columns shown, in order. */
  fields: readonly string[];
  rows: readonly DocRecord[];
  labels: Labels;
  /** records' t. */
  t: Translate;
  timeZone: string;
  queryClient: QueryClient;
}

interface Names {
  reference: Map<string, string>;
  code: Map<CodeTableName, (code: string) => string | undefined>;
}

const referenceKey = (target: ReferenceTarget, id: string) => `${target.kind}/${id}`;
const isBlank = (value: unknown) =>
  value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

/** The names of the records and codes the shown columns point at (each record read once, cached). */
async function lookUpNames({ resource, fields, rows, t, queryClient }: ExportInput): Promise<Names> {
  const names: Names = { reference: new Map(), code: new Map() };
  const wanted = new Map<string, { target: ReferenceTarget; id: string }>();
  for (const field of fields) {
    const widget = resource.fields[field]?.widget;
    if (widget?.type === "code" && !names.code.has(widget.table)) {
      names.code.set(widget.table, await codeNames(widget.table, (key, fallback) => t(key, { defaultValue: fallback })));
    }
    if (widget?.type !== "reference" && widget?.type !== "references") continue;
    if ((widget.target.valueField ?? "id") !== "id") continue;
    for (const row of rows) {
      const value = row[field];
      for (const id of Array.isArray(value) ? value : [value]) {
        if (typeof id === "string" && id) wanted.set(referenceKey(widget.target, id), { target: widget.target, id });
      }
    }
  }
  const queue = [...wanted.values()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { target, id } = next;
      try {
        const record = await queryClient.fetchQuery({
          queryKey: recordKeys.one(target.kind, id),
          queryFn: () => records.get(target, id),
          staleTime: 30_000,
        });
        names.reference.set(referenceKey(target, id), recordLabel(record));
      } catch {
        // a record that cannot be read is written by its id, as the screen shows it
      }
    }
  };
  await Promise.all(Array.from({ length: LOOKUPS_AT_ONCE }, worker));
  return names;
}

function widgetText(widget: Widget, value: unknown, input: ExportInput, names: Names): string {
  const { t, labels } = input;
  if (widget.type === "switch") return value ? t("yes") : t("no");
  if (widget.type === "tristate") {
    return labels.option(widget.labels, value === true ? "yes" : value === false ? "no" : "auto");
  }
  if (widget.type === "choice" && widget.blank && isBlank(value)) return labels.option(widget.labels, widget.blank);
  if (isBlank(value)) return "";
  const text = String(value);
  switch (widget.type) {
    case "choice":
      return labels.option(widget.labels, text);
    case "code": {
      const name = names.code.get(widget.table)?.(text);
      return name ? `${text} — ${name}` : text;
    }
    case "reference":
      return names.reference.get(referenceKey(widget.target, text)) ?? text;
    case "references":
      return Array.isArray(value)
        ? value.map((id) => names.reference.get(referenceKey(widget.target, String(id))) ?? String(id)).join(", ")
        : text;
    case "tags":
      return (value as string[]).join(", ");
    case "address": {
      const address = value as Record<string, string | null>;
      const place = [address.postcode, address.city].filter(Boolean).join(" ");
      return [address.line1, address.line2, address.line3, place].filter(Boolean).join(", ");
    }
    case "group":
    case "list":
    case "journalLines":
    case "cashLines":
    case "documentLines":
      return Array.isArray(value) ? String(value.length) : "";
    default:
      return text;
  }
}

function cell(field: string, record: DocRecord, input: ExportInput, names: Names): CsvCell {
  const value = record[field];
  switch (field) {
    case "status":
    case "posting_state":
      return { text: value ? input.t(`enums.${field}.${String(value)}`, { defaultValue: String(value) }) : "" };
    case "created_at":
    case "updated_at":
      return { text: value ? dayjs(String(value)).tz(input.timeZone).format("YYYY-MM-DD HH:mm") : "" };
  }
  const widget = input.resource.fields[field]?.widget;
  if (!widget) return { text: isBlank(value) ? "" : String(value) };
  return { text: widgetText(widget, value, input, names), amount: AMOUNTS.has(widget.type) };
}

/** The CSV file's text: the shown columns' headings, then one line per row. */
export async function exportText(input: ExportInput): Promise<string> {
  const names = await lookUpNames(input);
  return csvText(
    input.fields.map((field) => input.labels.field(field)),
    input.rows.map((record) => input.fields.map((field) => cell(field, record, input, names))),
  );
}
