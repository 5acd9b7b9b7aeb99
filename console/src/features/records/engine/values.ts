// Between a record, the form's values and the API's body. Form values are kept as the API takes them
// (strings for amounts and dates, ids for references) so converting is mostly tidying: trimming, blank
// to null, amounts without grouping, empty rows and addresses dropped.
import { amountForApi } from "@/lib/decimal";
import type { DocRecord, FieldSpec, Fields, FormContext, Resource } from "./types";

type Values = Record<string, unknown>;

export const ADDRESS_FIELDS: Fields = {
  line1: { widget: { type: "text" }, wide: true },
  line2: { widget: { type: "text" }, wide: true },
  line3: { widget: { type: "text" }, wide: true },
  postcode: { widget: { type: "text" } },
  city: { widget: { type: "text" } },
  state: { widget: { type: "code", table: "states" } },
  country: { widget: { type: "code", table: "countries" }, initial: "MYS" },
};

export const JOURNAL_LINE_FIELDS = [
  "account_id",
  "memo",
  "branch_id",
  "department_id",
  "project_id",
  "debit",
  "credit",
] as const;
export const CASH_LINE_FIELDS = [
  "account_id",
  "memo",
  "tax_code_id",
  "branch_id",
  "department_id",
  "project_id",
  "amount",
] as const;
const AMOUNT_FIELDS = new Set(["debit", "credit", "amount"]);

/** The value at a dotted path ("journal.currency"). */
export function valueAt(values: Values | undefined, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Values)[key] : undefined), values);
}

export function isShown(spec: FieldSpec, context: FormContext): boolean {
  return !spec.visible || spec.visible(context);
}

function tidyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

function withoutNulls(object: Values): Values | null {
  const kept = Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined));
  return Object.keys(kept).length === 0 ? null : kept;
}

function lineRows(value: unknown, names: readonly string[]): Values[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((row: Values | undefined) =>
      withoutNulls(
        Object.fromEntries(
          names.map((name) => [name, AMOUNT_FIELDS.has(name) ? amountForApi(row?.[name]) : tidyText(row?.[name])]),
        ),
      ),
    )
    .filter((row): row is Values => row !== null);
}

/** One field's form value as the API takes it; null means "none". */
export function toApi(spec: FieldSpec, value: unknown, context: FormContext): unknown {
  const widget = spec.widget;
  switch (widget.type) {
    case "money":
    case "decimal":
      return amountForApi(value);
    case "integer":
      return value === null || value === undefined || value === "" ? null : Number(value);
    case "switch":
      return Boolean(value);
    case "tristate":
      return typeof value === "boolean" ? value : null;
    case "tags":
      return Array.isArray(value) ? value.map((tag) => String(tag).trim()).filter(Boolean) : [];
    case "references":
      return Array.isArray(value) ? value.map(String).filter(Boolean) : [];
    case "address": {
      const address = fieldsToApi(ADDRESS_FIELDS, (value as Values) ?? {}, context, false);
      const filled = Object.entries(address).some(([name, part]) => name !== "country" && part !== null);
      return filled ? withoutNulls(address) : null;
    }
    case "group":
      return withoutNulls(fieldsToApi(widget.fields, (value as Values) ?? {}, context, false));
    case "list":
      return Array.isArray(value)
        ? value
            .map((row: Values | undefined) => withoutNulls(fieldsToApi(widget.fields, row ?? {}, context, false)))
            .filter((row): row is Values => row !== null)
        : [];
    case "journalLines":
      return lineRows(value, JOURNAL_LINE_FIELDS);
    case "cashLines":
      return lineRows(value, CASH_LINE_FIELDS);
    case "documentLines":
      return widget.lines.toApi(value, context);
    default:
      return tidyText(value);
  }
}

/** The fields of a form (or group) as the API takes them; hidden and read-only fields are left out. */
export function fieldsToApi(
  fields: Fields | Resource["fields"],
  values: Values,
  context: FormContext,
  editing: boolean,
): Values {
  const body: Values = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (!spec || spec.readOnly || !isShown(spec, context)) continue;
    if (editing && spec.createOnly) continue;
    body[name] = toApi(spec, values[name], context);
  }
  return body;
}

/** The fields the form shows (the sections' fields), in order. */
export function formFields(resource: Resource): [string, FieldSpec][] {
  return resource.sections.flatMap((section) =>
    section.fields.flatMap((name): [string, FieldSpec][] => {
      const spec = resource.fields[name];
      return spec ? [[name, spec]] : [];
    }),
  );
}

/** A create body: blank fields left out, so the API's defaults apply. */
export function createBody(resource: Resource, values: Values, context: FormContext): Values {
  const body = fieldsToApi(Object.fromEntries(formFields(resource)), values, context, false);
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0)),
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A PATCH body: only the fields that changed (null clears one), with the version read. */
export function updateBody(
  resource: Resource,
  initial: Values,
  values: Values,
  context: FormContext,
  version: number,
): Values | null {
  const fields = Object.fromEntries(formFields(resource));
  const before = fieldsToApi(fields, initial, context, true);
  const after = fieldsToApi(fields, values, context, true);
  const changed = Object.fromEntries(Object.entries(after).filter(([name, value]) => !same(value, before[name])));
  return Object.keys(changed).length === 0 ? null : { ...changed, version };
}

function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(blankToUndefined);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, blankToUndefined(inner)]));
  }
  return value;
}

/** The form's starting values: a record's fields, or each field's initial value for a new one. */
export function initialValues(resource: Resource, record: DocRecord | undefined): Values {
  const values: Values = {};
  for (const [name, spec] of formFields(resource)) {
    if (record && spec.widget.type === "documentLines" && spec.widget.lines.fromRecord) {
      const lines = Array.isArray(record[name]) ? (record[name] as Values[]) : [];
      values[name] = blankToUndefined(spec.widget.lines.fromRecord(lines, record));
    } else if (record) values[name] = blankToUndefined(record[name]);
    else if (spec.initial !== undefined) values[name] = initialOf(spec);
    else if (spec.widget.type === "group") values[name] = groupInitial(spec.widget.fields);
    else if (spec.widget.type === "address") values[name] = groupInitial(ADDRESS_FIELDS);
  }
  return values;
}

function initialOf(spec: FieldSpec): unknown {
  return typeof spec.initial === "function" ? (spec.initial as () => unknown)() : spec.initial;
}

function groupInitial(fields: Fields): Values {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, spec]) => spec.initial !== undefined)
      .map(([name, spec]) => [name, initialOf(spec)]),
  );
}
