// What a sales document's lines are, without their screens: which fields a line carries, how the form's
// lines go to the API and come back from a draft to be edited, and the grid and table (./SalesLines),
// loaded with the first form or document shown rather than with the console.
// A line names its item and quantity; its unit price, discount and tax code are optional: the API prices
// the line (the customer's price book, else the item's price), takes the item's tax code and works out
// every figure when the draft is saved. A line copied from the document before it names that document's
// line (`source_line`): kept as it is, never shown as a cell. An exempt line says why (`exemption_reason`); a
// delivery's line of a tracked item names its batch (`batch_no`) or its serial numbers (`serials`): sent only
// for an item tracked so, as the grid learnt it from the item (`tracking`, kept on the form's line).
import { Skeleton } from "antd";
import { lazy, Suspense, type ComponentProps, type ComponentType } from "react";

import { amountForApi } from "@/lib/decimal";
import type { DocumentLines } from "../engine/types";
import type { LineValues } from "./totals";

/** What each line's own figures and the tallies of later documents are called on the record. */
export type Tally = "ordered" | "delivered" | "invoiced" | "credited";

export interface SalesLinesOptions {
  /** Whether its lines carry prices (a delivery order's do not show them). */
  priced: boolean;
  /** What later documents took of each line (a quotation's `ordered`, an order's `delivered` and `invoiced`). */
  tallies: readonly Tally[];
  /** Its lines may be left empty: it then takes every line left on its source (a credit note's invoice). */
  optional?: boolean;
}

/** The fields a priced line sends, and a delivery's. */
const PRICED_FIELDS = [
  "item_id",
  "description",
  "qty",
  "unit_price",
  "discount_percent",
  "discount_amount",
  "tax_code_id",
  "exemption_reason",
  "memo",
  "source_line",
] as const;
const DELIVERY_FIELDS = ["item_id", "description", "qty", "batch_no", "serials", "memo", "source_line"] as const;
const NUMBERS = new Set<string>(["qty", "unit_price", "discount_percent", "discount_amount"]);
/** The cells of the grid, where the API's problems about a line's field are shown (the rest above the form). */
const PRICED_CELLS = [
  "item_id",
  "description",
  "qty",
  "unit_price",
  "discount_percent",
  "tax_code_id",
  "exemption_reason",
] as const;
const DELIVERY_CELLS = ["item_id", "description", "qty", "batch_no", "serials"] as const;

/** Kept on a form's line to show what the API priced it at (never sent). */
export const PRICED_AT = "priced_at";
/** Kept on a form's line, as the grid learnt them (never sent): its item's tracking, whether its tax is exempt. */
export const TRACKING_FIELD = "tracking";
export const EXEMPT_FIELD = "exempt";
export type Tracking = "batch" | "serial";

/** Serial numbers as typed: separated by commas, semicolons, spaces or new lines. */
export function serialNumbers(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  if (typeof value !== "string") return [];
  return value.split(/[\s,;]+/).filter(Boolean);
}

/** A tracked item's fields, sent only for an item tracked so (what was typed for an item chosen before stays). */
const TRACKED: Readonly<Record<string, Tracking>> = { batch_no: "batch", serials: "serial" };

function tidy(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

function fieldToApi(name: string, value: unknown): unknown {
  if (name === "source_line") return typeof value === "number" ? value : null;
  if (name === "serials") {
    const numbers = serialNumbers(value);
    return numbers.length > 0 ? numbers : null;
  }
  if (NUMBERS.has(name)) return amountForApi(value);
  return tidy(value);
}

/** Whether a form's line has anything typed in it (an empty line is not sent). */
export function isFilled(row: LineValues | undefined, fields: readonly string[]): boolean {
  return fields.some((name) => name !== "source_line" && fieldToApi(name, row?.[name]) !== null);
}

function linesToApi(fields: readonly string[]) {
  return (value: unknown): Record<string, unknown>[] => {
    if (!Array.isArray(value)) return [];
    return value
      .filter((row: LineValues | undefined) => isFilled(row, fields))
      .map((row: LineValues | undefined) =>
        Object.fromEntries(
          fields
            .filter((name) => !(name in TRACKED) || row?.[TRACKING_FIELD] === TRACKED[name])
            .map((name) => [name, fieldToApi(name, row?.[name])] as const)
            .filter(([, kept]) => kept !== null),
        ),
      );
  };
}

/**
 * A draft's lines as its form starts with them: what was typed (a price the API looked up is left empty,
 * so it is looked up again on save, and kept to be shown), its source line kept.
 */
function linesFromRecord(fields: readonly string[]) {
  return (lines: LineValues[]): LineValues[] =>
    lines.map((line) => {
      const kept: LineValues = Object.fromEntries(
        fields.filter((name) => line[name] !== null && line[name] !== undefined).map((name) => [name, line[name]]),
      );
      if ("unit_price" in kept && line.price_source !== "given") {
        delete kept.unit_price;
        kept[PRICED_AT] = line.unit_price;
      }
      // the item's name is the description the API gives a line that names none
      if (kept.description && kept.description === line.item_name) delete kept.description;
      return kept;
    });
}

/** The form's row of the API's line `row`: the `row`-th line with something typed in it. */
function problemRow(fields: readonly string[]) {
  return (row: number, value: unknown[]): number | null => {
    let seen = -1;
    for (let index = 0; index < value.length; index += 1) {
      if (isFilled(value[index] as LineValues | undefined, fields)) seen += 1;
      if (seen === row) return index;
    }
    return null;
  };
}

const screens = () => import("./SalesLines");

/** A component of ./SalesLines, loaded when first shown (a placeholder meanwhile). */
function loaded<P extends object>(load: () => Promise<ComponentType<P>>, placeholder = true): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function Loaded(props: P) {
    return (
      <Suspense fallback={placeholder ? <Skeleton active paragraph={{ rows: 2 }} /> : null}>
        <Lazy {...(props as ComponentProps<typeof Lazy>)} />
      </Suspense>
    );
  };
}

/** A sales document's lines: typed as a grid; on its page, each line's figures, the totals and the taxes. */
export function salesLines(options: SalesLinesOptions): DocumentLines {
  const fields = options.priced ? PRICED_FIELDS : DELIVERY_FIELDS;
  const cells = options.priced ? PRICED_CELLS : DELIVERY_CELLS;
  const Field = loaded(() => screens().then((module) => module.SalesLinesField));
  const View = loaded(() => screens().then((module) => module.SalesLinesView));
  return {
    fields: cells,
    // a line that names another item than its source's line is shown on its item
    shownAs: { source_line: "item_id" },
    rowField: "qty",
    toApi: linesToApi(fields),
    fromRecord: linesFromRecord(fields),
    problemRow: problemRow(fields),
    Field: (props) => <Field {...props} priced={options.priced} optional={options.optional ?? false} />,
    View: (props) => <View {...props} options={options} />,
    Summary: loaded(() => screens().then((module) => module.SalesLineSummary), false),
  };
}
