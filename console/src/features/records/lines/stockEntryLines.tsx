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

export const STOCK_LINE_FIELDS = ["item_id", "memo", "qty", "rate", "landed_cost"] as const;
export type StockLineField = (typeof STOCK_LINE_FIELDS)[number];

/** What a line of each purpose carries: issues and transfers go out at cost, so they take no unit cost. */
export const LINE_FIELDS: Record<Purpose, readonly StockLineField[]> = {
  receipt: ["item_id", "memo", "qty", "rate", "landed_cost"],
  count: ["item_id", "memo", "qty", "rate"],
  issue: ["item_id", "memo", "qty"],
  transfer: ["item_id", "memo", "qty"],
};
const NUMBERS = new Set<string>(["qty", "rate", "landed_cost"]);

export const purposeOf = (values: Record<string, unknown> | undefined): Purpose =>
  PURPOSES.find((purpose) => purpose === values?.purpose) ?? "receipt";

/** Whether a purpose's lines carry a value (a receipt's cost, a count's value): those with a unit cost. */
export const valued = (purpose: Purpose) => LINE_FIELDS[purpose].includes("rate");

function tidy(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

/** The lines as the API takes them: only the fields the entry's purpose takes, blank ones left out. */
function stockLinesToApi(value: unknown, context: FormContext): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  const fields = LINE_FIELDS[purposeOf(context.values)];
  return value
    .map((row: LineValues | undefined) =>
      Object.fromEntries(
        fields
          .map((name) => [name, NUMBERS.has(name) ? amountForApi(row?.[name]) : tidy(row?.[name])] as const)
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
  rowField: "qty",
  toApi: stockLinesToApi,
  Field: loaded(() => screens().then((module) => module.StockLinesField)),
  View: loaded(() => screens().then((module) => module.StockLinesView)),
  Summary: loaded(() => screens().then((module) => module.StockLineSummary), false),
};
