// The API's field problems placed on the form: each problem whose path is a field the form shows
// (`billing_address.state`, `lines.2.debit`, `journal.lines.0.account_id`) goes to that field through
// `applyProblem`; a problem about a whole line (`lines.2`) goes to the line's main cell; the rest are
// returned for the alert above the form.
import type { FormInstance } from "antd";

import { ApiProblem, type FieldProblem } from "@/api/client";
import { applyProblem, fieldPath } from "@/lib/problems";
import type { Fields, FormContext, Resource, Widget } from "./types";
import { ADDRESS_FIELDS, CASH_LINE_FIELDS, formFields, isShown, JOURNAL_LINE_FIELDS } from "./values";

type Path = (string | number)[];

interface LineFields {
  names: readonly string[];
  rowField: string;
  shownAs?: Readonly<Record<string, string>>;
}

function lineFields(widget: Widget): LineFields | null {
  switch (widget.type) {
    case "journalLines":
      return { names: JOURNAL_LINE_FIELDS, rowField: "debit" };
    case "cashLines":
      return { names: CASH_LINE_FIELDS, rowField: "amount" };
    case "list":
      return { names: Object.keys(widget.fields), rowField: widget.rowField };
    case "documentLines":
      return { names: widget.lines.fields, rowField: widget.lines.rowField, shownAs: widget.lines.shownAs };
    default:
      return null;
  }
}

/** The form field that shows a problem at `path`, or null when the form has none. */
function locate(fields: Fields, path: Path, values: unknown, context: FormContext): Path | null {
  const [head, ...rest] = path;
  const spec = fields[String(head)];
  if (!spec || spec.readOnly || !isShown(spec, context)) return null;
  const value = values && typeof values === "object" ? (values as Record<string, unknown>)[String(head)] : undefined;
  const widget = spec.widget;
  if (widget.type === "address") {
    return rest.length === 1 && String(rest[0]) in ADDRESS_FIELDS ? [head, rest[0]] : null;
  }
  if (widget.type === "group") {
    const inner = locate(widget.fields, rest, value, context);
    return inner ? [head, ...inner] : null;
  }
  const lines = lineFields(widget);
  if (lines) {
    const [sent, field] = rest;
    // a form that sends only some of its rows says which of its rows the API's row is
    const mapped =
      widget.type === "documentLines" && widget.lines.problemRow && typeof sent === "number" && Array.isArray(value)
        ? widget.lines.problemRow(sent, value)
        : sent;
    const row = mapped ?? undefined;
    if (typeof row !== "number" || !Array.isArray(value) || row >= value.length) return null;
    if (field === undefined) return [head, row, lines.rowField];
    // a document's line field goes to the cell showing it, with what is deeper (`serials.1`: the serials)
    const documentLine = widget.type === "documentLines";
    if (rest.length > 2 && !documentLine) return null;
    const cell = lines.shownAs?.[String(field)] ?? String(field);
    return lines.names.includes(cell) ? [head, row, cell] : null;
  }
  // barcodes.2 → the barcodes field; item_ids.1 → the items chosen
  if (widget.type === "tags" || widget.type === "references") return [head];
  return rest.length === 0 ? [head] : null;
}

/** Put the problems on their fields; answers the problems no field shows. Scrolls to the first placed. */
export function placeProblem(
  form: FormInstance,
  error: unknown,
  resource: Resource,
  context: FormContext,
): FieldProblem[] {
  if (!(error instanceof ApiProblem)) return [];
  const fields = Object.fromEntries(formFields(resource));
  const placeable: FieldProblem[] = [];
  const unplaced: FieldProblem[] = [];
  for (const problem of error.errors) {
    const path = fieldPath(problem.field);
    const found = path.length > 0 ? locate(fields, path, context.values, context) : null;
    if (found) placeable.push({ ...problem, field: found.join(".") });
    else unplaced.push(problem);
  }
  const rest = applyProblem(
    form,
    new ApiProblem(error.status, { title: error.title, detail: error.detail, errors: placeable }),
  );
  if (placeable.length > 0) form.scrollToField(fieldPath(placeable[0].field), { block: "center" });
  return [...rest, ...unplaced];
}
