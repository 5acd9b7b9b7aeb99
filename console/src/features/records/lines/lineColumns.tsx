// A document line's columns, declared once for both the editable grid and the read-only table: which
// line field, its label, how it is typed in and how it is shown.
import { Input } from "antd";
import type { ReactNode } from "react";

import { Empty } from "../fields/FieldValue";
import { ReferenceSelect, ReferenceText } from "../fields/ReferenceSelect";
import type { ReferenceTarget } from "../engine/types";
import { AmountInput, LineAmount } from "./AmountCells";
import type { LineValues } from "./totals";

/** What a cell's input gets from the grid. */
export interface LineCell {
  /** The line's index in the form list. */
  row: number;
  /** "Debit, line 2": inputs in a grid have no visible label of their own. */
  ariaLabel: string;
  /** Decimals of the document's currency. */
  digits: number;
  /** Empties another field of the same line. */
  clearField: (field: string) => void;
  /** Sets another field of the same line (what the grid learns of the line, e.g. its item's tracking). */
  setField: (field: string, value: unknown) => void;
  /** Puts the cursor in another cell of the same line (after a picker has chosen: the quantity). */
  focusField: (field: string) => void;
}

export interface LineColumn {
  /** The line's field (and the column's key). */
  field: string;
  /** The label's field name when it differs from the field (memo is labelled as line_memo). */
  label?: string;
  /** Width in the editable grid; the read-only table sizes itself. */
  width: number;
  align?: "right";
  required?: boolean;
  /** An optional dimension (branch, department, project): shown when asked for or a line has one. */
  dimension?: boolean;
  input: (cell: LineCell) => ReactNode;
  /** The value, read-only; the field's raw value when absent. */
  show?: (line: LineValues, currency: string) => ReactNode;
}

type ColumnOptions = Pick<LineColumn, "field" | "label" | "width" | "required" | "dimension">;

export const columnLabel = (column: LineColumn): string => column.label ?? column.field;

/** The columns to show: all of them with dimensions, else all but the dimensions. */
export function shownColumns(columns: readonly LineColumn[], dimensions: boolean): readonly LineColumn[] {
  return dimensions ? columns : columns.filter((column) => !column.dimension);
}

export function textColumn(options: ColumnOptions): LineColumn {
  return { ...options, input: ({ ariaLabel }) => <Input aria-label={ariaLabel} /> };
}

/** A record of another collection, chosen from `target` and shown as a link (by `shownAs` if given). */
export function referenceColumn({
  target,
  shownAs = target,
  ...options
}: ColumnOptions & { target: ReferenceTarget; shownAs?: ReferenceTarget }): LineColumn {
  return {
    ...options,
    input: ({ ariaLabel }) => <ReferenceSelect target={target} aria-label={ariaLabel} allowClear={!options.required} />,
    show: (line) => {
      const value = line[options.field];
      return value ? <ReferenceText target={shownAs} value={String(value)} /> : <Empty />;
    },
  };
}

/** An amount in the document's currency; `onInput` sees every change (a line rule may act on it). */
export function amountColumn({
  onInput,
  ...options
}: ColumnOptions & { onInput?: (value: string | null, cell: LineCell) => void }): LineColumn {
  return {
    ...options,
    align: "right",
    input: (cell) => (
      <AmountInput
        digits={cell.digits}
        aria-label={cell.ariaLabel}
        onChange={onInput ? (value) => onInput(value, cell) : undefined}
      />
    ),
    show: (line, currency) => <LineAmount value={line[options.field]} currency={currency} />,
  };
}
