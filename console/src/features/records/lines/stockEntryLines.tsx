// What a stock entry's lines are, without their screens: which fields a line of each purpose carries,
// how the form's lines go to the API, and the grid and table (./StockLines), loaded with the first form
// or entry shown rather than with the console.
import { Skeleton } from "antd";
import { lazy, Suspense, type ComponentProps, type ComponentType } from "react";

import { amountForApi } from "@/lib/decimal";
import type { DocumentLines, FormContext } from "../engine/types";
import type { LineValues } from "./totals";

export const PURPOSES = ["receipt", "issue", "transfer", "count"] as const;
export type Purpose = (typeof PURPOSES)[number];

export const STOCK_LINE_FIELDS = [
  "item_id",
  "memo",
  "qty",
  "rate",
  "landed_cost",
  "batch_no",
  "expires_on",
  "serials",
] as const;
export type StockLineField = (typeof STOCK_LINE_FIELDS)[number];

/**
 * What a line of each purpose carries: issues and transfers go out at cost, so they take no unit cost; a
 * batch is named (an issue or a transfer may leave it to the API: first expiring, first out), and only a
 * receipt says when what it brings expires.
 */
export const LINE_FIELDS: Record<Purpose, readonly StockLineField[]> = {
  receipt: ["item_id", "memo", "qty", "rate", "landed_cost", "batch_no", "expires_on", "serials"],
  count: ["item_id", "memo", "qty", "rate", "batch_no", "serials"],
  issue: ["item_id", "memo", "qty", "batch_no", "serials"],
  transfer: ["item_id", "memo", "qty", "batch_no", "serials"],
};
const NUMBERS = new Set<string>(["qty", "rate", "landed_cost"]);

/** How a line's item is tracked, as the grid learnt it from the item (kept on the form's line, never sent). */
export type Tracking = "batch" | "serial";
export const TRACKING_FIELD = "tracking";

export const trackingOf = (line: LineValues | undefined): Tracking | undefined => {
  const tracking = line?.[TRACKING_FIELD];
  return tracking === "batch" || tracking === "serial" ? tracking : undefined;
};

/**
 * The fields only a tracked item's line takes, and when: a batch's expiry goes with its batch number (without
 * one, the API asks for the batch rather than refusing the expiry).
 */
const TRACKED_FIELDS: Partial<Record<StockLineField, (row: LineValues | undefined) => boolean>> = {
  batch_no: (row) => trackingOf(row) === "batch",
  expires_on: (row) => trackingOf(row) === "serial" || (trackingOf(row) === "batch" && tidy(row?.batch_no) !== null),
  serials: (row) => trackingOf(row) === "serial",
};

/** Serial numbers as typed: separated by commas, semicolons, spaces or new lines. */
export function serialNumbers(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  if (typeof value !== "string") return [];
  return value.split(/[\s,;]+/).filter(Boolean);
}

export const purposeOf = (values: Record<string, unknown> | undefined): Purpose =>
  PURPOSES.find((purpose) => purpose === values?.purpose) ?? "receipt";

/** Whether a purpose's lines carry a value (a receipt's cost, a count's value): those with a unit cost. */
export const valued = (purpose: Purpose) => LINE_FIELDS[purpose].includes("rate");

function tidy(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

function lineFieldToApi(name: StockLineField, value: unknown): unknown {
  if (NUMBERS.has(name)) return amountForApi(value);
  if (name === "serials") {
    const numbers = serialNumbers(value);
    return numbers.length > 0 ? numbers : null;
  }
  return tidy(value);
}

/**
 * The lines as the API takes them: only the fields the entry's purpose takes, blank ones left out; a batch,
 * an expiry or serial numbers only for an item tracked so (what was typed for an item chosen before stays).
 */
function stockLinesToApi(value: unknown, context: FormContext): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  const fields = LINE_FIELDS[purposeOf(context.values)];
  return value
    .map((row: LineValues | undefined) =>
      Object.fromEntries(
        fields
          .filter((name) => TRACKED_FIELDS[name]?.(row) ?? true)
          .map((name) => [name, lineFieldToApi(name, row?.[name])] as const)
          .filter(([, kept]) => kept !== null),
      ),
    )
    .filter((row) => Object.keys(row).length > 0);
}

const screens = () => import("./StockLines");

/** A component of ./StockLines, loaded when first shown (a placeholder meanwhile). */
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

export const STOCK_LINES: DocumentLines = {
  fields: STOCK_LINE_FIELDS,
  // the grid names one batch per line: a problem with the line's batches is shown on its batch number
  shownAs: { batches: "batch_no" },
  rowField: "qty",
  toApi: stockLinesToApi,
  Field: loaded(() => screens().then((module) => module.StockLinesField)),
  View: loaded(() => screens().then((module) => module.StockLinesView)),
  Summary: loaded(() => screens().then((module) => module.StockLineSummary), false),
};
