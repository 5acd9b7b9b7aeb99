// What a customer receipt's allocations are, without their screens: each of the customer's open invoices
// is a row of the form, with the amount the receipt settles of it (left empty: none); only the rows with
// an amount go to the API, and its problems about them (`allocations.1.amount`) land on their rows. The
// table (./AllocationLines) is loaded with the first receipt form or receipt shown.
import { Skeleton } from "antd";
import { lazy, Suspense, type ComponentProps, type ComponentType } from "react";

import { amountForApi } from "@/lib/decimal";
import type { DocumentLines } from "../engine/types";
import type { LineValues } from "./totals";

/** Whether the row settles something of its invoice. */
export const settles = (row: LineValues | undefined): boolean => amountForApi(row?.amount) !== null;

function allocationsToApi(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((row: LineValues | undefined) => settles(row) && row?.invoice_id)
    .map((row: LineValues) => ({ invoice_id: row.invoice_id, amount: amountForApi(row.amount) }));
}

/** The form's row of the API's allocation `row`: the `row`-th with an amount. */
function problemRow(row: number, value: unknown[]): number | null {
  let seen = -1;
  for (let index = 0; index < value.length; index += 1) {
    if (settles(value[index] as LineValues | undefined)) seen += 1;
    if (seen === row) return index;
  }
  return null;
}

const screens = () => import("./AllocationLines");

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

export const ALLOCATION_LINES: DocumentLines = {
  fields: ["invoice_id", "amount"],
  rowField: "amount",
  toApi: allocationsToApi,
  problemRow,
  Field: loaded(() => screens().then((module) => module.AllocationsField)),
  View: loaded(() => screens().then((module) => module.AllocationsView)),
  Summary: loaded(() => screens().then((module) => module.AllocationSummary), false),
};
