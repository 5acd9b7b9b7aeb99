// A stock entry's lines: the stock item, a description, the quantity in the item's base unit and, for a
// receipt or a count, the unit cost (a receipt also its landed cost), with each line's value and their
// total under them. Values are exact, as the API costs them: quantity (4 places) × unit cost (6 places)
// rounded half up to the currency's decimals, plus the landed cost.
import { Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import { NumberInput } from "@/components/NumberInput";
import { fromMinor, toMinor } from "@/lib/decimal";
import { currencyDigits, formatDecimal } from "@/lib/format";
import { useRecord } from "../engine/client";
import type { FormContext } from "../engine/types";
import { CodeText } from "../fields/CodeSelect";
import { Empty } from "../fields/FieldValue";
import { STOCK_ITEMS } from "../fields/targets";
import type { LinesFieldProps } from "./gridParts";
import { LineAmount } from "./AmountCells";
import { amountColumn, referenceColumn, textColumn, type LineColumn } from "./lineColumns";
import { LinesGrid, useWatchedLines } from "./LinesGrid";
import { LinesView } from "./LinesView";
import type { LineValues } from "./totals";
import type { LinesTotals } from "./TotalsRow";
import { LINE_FIELDS, purposeOf, valued, type Purpose, type StockLineField } from "./stockEntryLines";

const QTY_DIGITS = 4;
const RATE_DIGITS = 6;

/**
 * A line's value in minor units of the currency: round(qty × rate) + landed cost. Null when the line
 * has no quantity or unit cost yet; undefined when one of them is no number of its precision.
 */
function lineValue(line: LineValues | undefined, digits: number): bigint | null | undefined {
  const qty = toMinor(line?.qty, QTY_DIGITS);
  const rate = toMinor(line?.rate, RATE_DIGITS);
  const landed = toMinor(line?.landed_cost, digits);
  if (qty === undefined || rate === undefined || landed === undefined) return undefined;
  if (qty === null || rate === null) return null;
  const scale = 10n ** BigInt(QTY_DIGITS + RATE_DIGITS - digits);
  const product = qty * rate;
  const rounded = (product >= 0n ? product + scale / 2n : product - scale / 2n) / scale;
  return rounded + (landed ?? 0n);
}

interface StockTotals {
  values: (bigint | null | undefined)[];
  total: bigint;
  invalid: number;
  digits: number;
}

function stockTotals(lines: readonly (LineValues | undefined)[] | undefined, currency: string): StockTotals {
  const digits = currencyDigits(currency);
  const values = (lines ?? []).map((line) => lineValue(line, digits));
  return {
    values,
    total: values.reduce<bigint>((sum, value) => sum + (typeof value === "bigint" ? value : 0n), 0n),
    invalid: values.filter((value) => value === undefined).length,
    digits,
  };
}

/** The line's item, as the entry names it (code and name, linked); no lookup needed. */
function ItemText({ line }: { line: LineValues }) {
  const id = line.item_id ? String(line.item_id) : "";
  const called = [line.item_code, line.item_name].filter(Boolean).join(" — ");
  if (!id) return <Empty />;
  return <Link to={`/items/${id}`}>{called || id}</Link>;
}

function Quantity({ value }: { value: unknown }) {
  const { i18n } = useTranslation();
  return <span className="amount">{formatDecimal(value, i18n.language, 0, QTY_DIGITS)}</span>;
}

function UnitCost({ value, currency }: { value: unknown; currency: string }) {
  const { i18n } = useTranslation();
  if (value === null || value === undefined || value === "") return null;
  return <span className="amount">{formatDecimal(value, i18n.language, currencyDigits(currency), RATE_DIGITS)}</span>;
}

/** The unit the chosen item is counted in (its base unit), read from the item the picker fetched. */
function ItemUnit({ itemId }: { itemId: unknown; id?: string; value?: unknown; onChange?: unknown }) {
  const item = useRecord(STOCK_ITEMS, typeof itemId === "string" && itemId ? itemId : null);
  const unit = item.data?.base_uom;
  return typeof unit === "string" ? (
    <Typography.Text type="secondary" className="stock-line-unit">
      {unit}
    </Typography.Text>
  ) : null;
}

/** A figure the grid works out (a line's value): shown, never typed. */
function Shown({ children }: { children: ReactNode; id?: string; value?: unknown; onChange?: unknown }) {
  return <span className="amount stock-line-value">{children}</span>;
}

/** What the editable grid knows of its rows: the form's line and its value, by row. */
interface GridRows {
  line: (row: number) => LineValues | undefined;
  value: (row: number) => string;
}

/** A purpose's columns, for the editable grid (`rows` given) and the read-only table alike. */
function stockColumns(purpose: Purpose, digits: number, rows?: GridRows): LineColumn[] {
  const fields = LINE_FIELDS[purpose];
  const columns: LineColumn[] = [
    {
      ...referenceColumn({ field: "item_id", width: 280, required: true, target: STOCK_ITEMS }),
      show: (line) => <ItemText line={line} />,
    },
    textColumn({ field: "memo", label: "line_memo", width: 200 }),
    {
      field: "qty",
      width: 130,
      align: "right",
      required: true,
      input: ({ ariaLabel }) => <NumberInput aria-label={ariaLabel} />,
      show: (line) => <Quantity value={line.qty} />,
    },
    {
      field: "uom",
      width: 70,
      input: ({ row }) => <ItemUnit itemId={rows?.line(row)?.item_id} />,
      show: (line) => (line.uom ? <CodeText table="units" value={String(line.uom)} /> : <Empty />),
    },
    {
      field: "rate",
      width: 140,
      align: "right",
      required: true,
      input: ({ ariaLabel }) => <NumberInput aria-label={ariaLabel} />,
      show: (line, currency) => <UnitCost value={line.rate} currency={currency} />,
    },
    amountColumn({ field: "landed_cost", width: 140 }),
    {
      field: "value",
      width: 140,
      align: "right",
      input: ({ row }) => <Shown>{rows?.value(row)}</Shown>,
      show: (line, currency) => {
        const value = lineValue(line, digits);
        return typeof value === "bigint" ? <LineAmount value={fromMinor(value, digits)} currency={currency} /> : null;
      },
    },
  ];
  return columns.filter(
    ({ field }) =>
      fields.includes(field as StockLineField) || field === "uom" || (field === "value" && valued(purpose)),
  );
}

/** The total row under the lines: what a receipt costs, what a count values the stock at; none for others. */
function useTotals(purpose: Purpose, totals: StockTotals, currency: string, testIds: boolean): LinesTotals[] {
  const { t } = useTranslation("stock-entries");
  const { t: tr } = useTranslation("records");
  const { amount } = useFormatters();
  if (!valued(purpose)) return [];
  const note =
    totals.invalid > 0 ? (
      <Typography.Text type="danger"> · {tr("journal.invalidAmounts", { count: totals.invalid })}</Typography.Text>
    ) : null;
  return [
    {
      label: t(purpose === "receipt" ? "totals.receipt" : "totals.count"),
      note,
      amounts: [
        {
          text: amount(fromMinor(totals.total, totals.digits), currency),
          ...(testIds ? { "data-testid": "stock-total" } : {}),
        },
      ],
      className: "totals-grand",
    },
  ];
}

export function StockLinesField({ context, ...field }: LinesFieldProps & { context: FormContext }) {
  const { amount } = useFormatters();
  const purpose = purposeOf(context.values);
  const lines = useWatchedLines(field.name);
  const totals = stockTotals(lines, context.currency);
  const rows = useTotals(purpose, totals, context.currency, true);
  const shown = (row: number) => {
    const value = totals.values[row];
    return typeof value === "bigint" ? amount(fromMinor(value, totals.digits), context.currency) : "";
  };
  return (
    <LinesGrid
      {...field}
      lines={lines}
      columns={stockColumns(purpose, totals.digits, { line: (row) => lines?.[row], value: shown })}
      digits={totals.digits}
      minimumLines={1}
      tableWidth={{ plain: 1100, withDimensions: 1100 }}
      newLine={() => ({})}
      totals={rows}
      data-testid="stock-lines"
      rowTestId="stock-line"
    />
  );
}

/** An entry's lines, read-only: the items as the entry names them, quantities in their units. */
export function StockLinesView({
  kind,
  lines,
  record,
  context,
}: {
  kind: string;
  lines: LineValues[];
  record: Record<string, unknown>;
  context: FormContext;
}) {
  const purpose = purposeOf(record);
  const totals = stockTotals(lines, context.currency);
  const rows = useTotals(purpose, totals, context.currency, false);
  return (
    <LinesView
      kind={kind}
      columns={stockColumns(purpose, totals.digits)}
      lines={lines}
      currency={context.currency}
      totals={rows}
      data-testid="stock-lines-view"
    />
  );
}

/** "I-000001 — Beras 10kg · 10" for the history. */
export function StockLineSummary({ line }: { kind: string; line: LineValues }) {
  return (
    <>
      <ItemText line={line} /> · <Quantity value={line.qty} /> {line.uom ? String(line.uom) : null}
    </>
  );
}
