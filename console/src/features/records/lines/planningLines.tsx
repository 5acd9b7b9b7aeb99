// What a stock request's and a count sheet's lines are, without their screens: which fields a line
// carries, how the form's lines go to the API, and the grid and tables (./StockPlanLines), loaded with the
// first form or record shown rather than with the console.
import { Skeleton } from "antd";
import { lazy, Suspense, type ComponentProps, type ComponentType } from "react";

import { amountForApi } from "@/lib/decimal";
import type { DocumentLines } from "../engine/types";
import type { LineValues } from "./totals";

/** What a stock request asks for, line by line: a stock item and how many (in its base unit). */
export const REQUEST_LINE_FIELDS = ["item_id", "memo", "qty"] as const;

function tidy(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

/** The request's lines as the API takes them: blank fields left out, empty lines dropped. */
function requestLinesToApi(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((row: LineValues | undefined) =>
      Object.fromEntries(
        REQUEST_LINE_FIELDS.map(
          (name) => [name, name === "qty" ? amountForApi(row?.[name]) : tidy(row?.[name])] as const,
        ).filter(([, kept]) => kept !== null),
      ),
    )
    .filter((row) => Object.keys(row).length > 0);
}

const screens = () => import("./StockPlanLines");

/** A component of ./PlanningLines, loaded when first shown (a placeholder meanwhile). */
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

/** A stock request's lines: typed in a grid; on its page, each line's quantity asked, fulfilled and left. */
export const REQUEST_LINES: DocumentLines = {
  fields: REQUEST_LINE_FIELDS,
  rowField: "qty",
  toApi: requestLinesToApi,
  Field: loaded(() => screens().then((module) => module.RequestLinesField)),
  View: loaded(() => screens().then((module) => module.RequestLinesView)),
  Summary: loaded(() => screens().then((module) => module.RequestLineSummary), false),
};

/** Nothing typed: a count sheet's lines are what the API chose to count; the counts are submitted apart. */
function NoLinesField() {
  return null;
}

/** A count sheet's lines, made by the API: each item with the quantity expected and, once counted, counted. */
export const COUNT_LINES: DocumentLines = {
  fields: [],
  rowField: "item_id",
  toApi: () => [],
  Field: NoLinesField,
  View: loaded(() => screens().then((module) => module.CountLinesView)),
  Summary: loaded(() => screens().then((module) => module.CountLineSummary), false),
};
