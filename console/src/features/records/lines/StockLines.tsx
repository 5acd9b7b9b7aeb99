// A stock entry's lines: the stock item, a description, the quantity in the item's base unit and, for a
// receipt or a count, the unit cost (a receipt also its landed cost), with each line's value and their
// total under them. Values are exact, as the API costs them: quantity (4 places) × unit cost (6 places)
// rounded half up to the currency's decimals, plus the landed cost.
// A line whose item is tracked by batch names its batch (an issue or a transfer may leave it empty: the
// API takes the first expiring) and, on a receipt, when it expires; one tracked by serial number lists a
// number per unit. The grid learns the tracking from the item its picker chose. An entry's page shows the
// batches each line took or brought (a count: the change to each) and its serial numbers (found, missing).
import { DatePicker, Flex, Form, Input, Tag, Typography } from "antd";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { DateText, useFormatters } from "@/components/Format";
import { NumberInput } from "@/components/NumberInput";
import { fromMinor, toMinor } from "@/lib/decimal";
import { currencyDigits, dayjs, formatDecimal } from "@/lib/format";
import { useRecord } from "../engine/client";
import type { FormContext } from "../engine/types";
import { CodeText } from "../fields/CodeSelect";
import { dateFormat } from "../fields/FieldControl";
import { Empty } from "../fields/FieldValue";
import { STOCK_ITEMS } from "../fields/targets";
import type { LinesFieldProps } from "./gridParts";
import { LineAmount } from "./AmountCells";
import { amountColumn, referenceColumn, textColumn, type LineColumn } from "./lineColumns";
import { LinesGrid, useWatchedLines } from "./LinesGrid";
import { LinesView } from "./LinesView";
import type { LineValues } from "./totals";
import type { LinesTotals } from "./TotalsRow";
import {
  LINE_FIELDS,
  purposeOf,
  serialNumbers,
  TRACKING_FIELD,
  trackingOf,
  valued,
  type Purpose,
  type StockLineField,
  type Tracking,
} from "./stockEntryLines";

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

/**
 * The unit the chosen item is counted in (its base unit), read from the item the picker fetched; and how
 * the item is tracked, kept on the line for its batch and serial cells (none until an item is chosen).
 */
function ItemUnit({
  itemId,
  tracking,
  onTracking,
}: {
  itemId: unknown;
  tracking: Tracking | undefined;
  onTracking: (tracking: Tracking | undefined) => void;
  id?: string;
  value?: unknown;
  onChange?: unknown;
}) {
  const chosen = typeof itemId === "string" && itemId ? itemId : null;
  const item = useRecord(STOCK_ITEMS, chosen);
  const unit = item.data?.base_uom;
  // undefined while the item is read: the line keeps what it knew
  const learnt = !chosen ? null : item.data ? (trackingOf({ tracking: item.data.tracking }) ?? null) : undefined;
  useEffect(() => {
    if (learnt !== undefined && (learnt ?? undefined) !== tracking) onTracking(learnt ?? undefined);
  }, [learnt, tracking, onTracking]);
  return typeof unit === "string" ? (
    <Typography.Text type="secondary" className="stock-line-unit">
      {unit}
    </Typography.Text>
  ) : null;
}

/** What Form.Item gives the input it wraps. */
interface CellInput<Value> {
  id?: string;
  value?: Value;
  onChange?: (value: Value | undefined) => void;
  "aria-label"?: string;
}

/** The batch a line receives, counts or takes (left empty on an issue: the first expiring); only for batches. */
function BatchInput({
  tracking,
  purpose,
  value,
  onChange,
  ...rest
}: CellInput<string> & { tracking?: Tracking; purpose: Purpose }) {
  const { t } = useTranslation("stock-entries");
  if (tracking !== "batch") return null;
  const optional = purpose === "issue" || purpose === "transfer";
  return (
    <Input
      {...rest}
      value={value ?? ""}
      onChange={(event) => onChange?.(event.target.value)}
      placeholder={optional ? t("lots.firstExpiring") : undefined}
      title={optional ? t("lots.firstExpiringHint") : undefined}
    />
  );
}

/** When a received batch (or serial-numbered units) expires, kept as YYYY-MM-DD; only for tracked items. */
function ExpiryInput({ tracking, value, onChange, ...rest }: CellInput<string | null> & { tracking?: Tracking }) {
  const { i18n } = useTranslation();
  if (tracking === undefined) return null;
  return (
    <DatePicker
      {...rest}
      value={typeof value === "string" && value ? dayjs(value) : null}
      onChange={(picked) => onChange?.(picked ? picked.format("YYYY-MM-DD") : null)}
      format={dateFormat(i18n.language)}
      style={{ width: "100%" }}
    />
  );
}

/** One serial number per unit, separated by commas, spaces or new lines; how many were typed under them. */
function SerialsInput({ tracking, value, onChange, ...rest }: CellInput<string> & { tracking?: Tracking }) {
  const { t } = useTranslation("stock-entries");
  if (tracking !== "serial") return null;
  const typed = typeof value === "string" ? value : serialNumbers(value).join(", ");
  const count = serialNumbers(typed).length;
  return (
    <>
      <Input.TextArea
        {...rest}
        value={typed}
        onChange={(event) => onChange?.(event.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        placeholder={t("lots.serialsPlaceholder")}
      />
      {count > 0 ? (
        <Typography.Text type="secondary" className="stock-line-serial-count" data-testid="serial-count">
          {t("lots.serialCount", { count })}
        </Typography.Text>
      ) : null}
    </>
  );
}

interface Lot {
  batch_no: string;
  qty: string;
  expires_on?: string | null;
  change?: string | null;
}

/** A count's change as read: "+2", "-3", "0". */
const signed = (change: string, shown: string) => (Number(change) > 0 ? `+${shown}` : shown);

/** The batches a line took or brought, each with its quantity and expiry (a count: the change to it). */
function LineBatches({ line }: { line: LineValues }) {
  const { t, i18n } = useTranslation("stock-entries");
  const lots = (Array.isArray(line.batches) ? line.batches : []) as Lot[];
  if (lots.length === 0) return <Empty />;
  const qty = (value: string) => formatDecimal(value, i18n.language, 0, QTY_DIGITS);
  return (
    <Flex vertical gap={2}>
      {lots.map((lot) => (
        <span key={lot.batch_no} className="stock-line-lot" data-testid="line-batch" data-batch={lot.batch_no}>
          <Typography.Text strong data-testid="line-batch-no">
            {lot.batch_no}
          </Typography.Text>{" "}
          · <span className="amount" data-testid="line-batch-qty">{qty(lot.qty)}</span>
          {lot.expires_on ? (
            <Typography.Text type="secondary" data-testid="line-batch-expiry" data-date={lot.expires_on}>
              {" "}
              · {t("lots.expires")} <DateText value={lot.expires_on} />
            </Typography.Text>
          ) : null}
          {lot.change !== null && lot.change !== undefined ? (
            <Typography.Text type="secondary" data-testid="line-batch-change">
              {" "}
              ({t("lots.change", { change: signed(lot.change, qty(lot.change)) })})
            </Typography.Text>
          ) : null}
        </span>
      ))}
    </Flex>
  );
}

function SerialTags({ numbers, colour, testId }: { numbers: string[]; colour?: string; testId: string }) {
  return (
    <>
      {numbers.map((number) => (
        <Tag key={number} color={colour} data-testid={testId}>
          {number}
        </Tag>
      ))}
    </>
  );
}

/** A line's serial numbers; a count's also those found (not in stock there before) and those missing. */
function LineSerials({ line }: { line: LineValues }) {
  const { t } = useTranslation("stock-entries");
  const numbers = serialNumbers(line.serials);
  const found = serialNumbers(line.found);
  const missing = serialNumbers(line.missing);
  if (numbers.length + found.length + missing.length === 0) return <Empty />;
  return (
    <Flex vertical gap={4}>
      {numbers.length > 0 ? (
        <Flex wrap gap={4}>
          <SerialTags numbers={numbers} testId="line-serial" />
        </Flex>
      ) : null}
      {found.length > 0 ? (
        <Flex wrap gap={4} align="center" data-testid="line-serials-found">
          <Typography.Text type="secondary">{t("lots.found")}</Typography.Text>
          <SerialTags numbers={found} colour="green" testId="line-serial-found" />
        </Flex>
      ) : null}
      {missing.length > 0 ? (
        <Flex wrap gap={4} align="center" data-testid="line-serials-missing">
          <Typography.Text type="secondary">{t("lots.missing")}</Typography.Text>
          <SerialTags numbers={missing} colour="red" testId="line-serial-missing" />
        </Flex>
      ) : null}
    </Flex>
  );
}

/** Which tracking the lines have: the grid's by their items, the page's by what the entry moved. */
interface Tracked {
  batch: boolean;
  serial: boolean;
}

function trackedInGrid(lines: readonly (LineValues | undefined)[] | undefined): Tracked {
  const kinds = new Set((lines ?? []).map(trackingOf));
  return { batch: kinds.has("batch"), serial: kinds.has("serial") };
}

function trackedOnPage(lines: readonly LineValues[]): Tracked {
  return {
    batch: lines.some((line) => Array.isArray(line.batches) && line.batches.length > 0),
    serial: lines.some((line) => ["serials", "found", "missing"].some((name) => serialNumbers(line[name]).length > 0)),
  };
}

/** A figure the grid works out (a line's value): shown, never typed. */
function Shown({ children }: { children: ReactNode; id?: string; value?: unknown; onChange?: unknown }) {
  return <span className="amount stock-line-value">{children}</span>;
}

/** What the editable grid knows of its rows: the form's line, its item's tracking and its value, by row. */
interface GridRows {
  line: (row: number) => LineValues | undefined;
  tracking: (row: number) => Tracking | undefined;
  value: (row: number) => string;
}

/** A purpose's columns, for the editable grid (`rows` given) and the read-only table alike. */
function stockColumns(purpose: Purpose, digits: number, tracked: Tracked, rows?: GridRows): LineColumn[] {
  const fields = LINE_FIELDS[purpose];
  const tracking = (row: number) => rows?.tracking(row);
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
      input: ({ row, setField }) => (
        <ItemUnit
          itemId={rows?.line(row)?.item_id}
          tracking={tracking(row)}
          onTracking={(learnt) => setField(TRACKING_FIELD, learnt)}
        />
      ),
      show: (line) => (line.uom ? <CodeText table="units" value={String(line.uom)} /> : <Empty />),
    },
    {
      field: "batch_no",
      width: 160,
      input: ({ row, ariaLabel }) => <BatchInput aria-label={ariaLabel} tracking={tracking(row)} purpose={purpose} />,
    },
    {
      field: "expires_on",
      width: 160,
      input: ({ row, ariaLabel }) => <ExpiryInput aria-label={ariaLabel} tracking={tracking(row)} />,
    },
    // the batches an entry moved, on its page (the grid names one, above)
    { field: "batches", width: 0, input: () => null, show: (line) => <LineBatches line={line} /> },
    {
      field: "serials",
      width: 220,
      input: ({ row, ariaLabel }) => <SerialsInput aria-label={ariaLabel} tracking={tracking(row)} />,
      show: (line) => <LineSerials line={line} />,
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
  const editing = rows !== undefined;
  const wanted = (field: string): boolean => {
    switch (field) {
      case "uom":
        return true;
      case "value":
        return valued(purpose);
      case "batch_no":
        return editing && tracked.batch;
      case "expires_on":
        return editing && (tracked.batch || tracked.serial) && fields.includes(field);
      case "batches": // the page shows the batches moved, the grid the one named
        return !editing && tracked.batch;
      case "serials":
        return tracked.serial;
      default:
        return fields.includes(field as StockLineField);
    }
  };
  return columns.filter(({ field }) => wanted(field));
}

/** The inputs only a tracked item's line has. */
const TRACKED_INPUTS = new Set(["batch_no", "expires_on", "serials"]);

/** The grid's width: its usual columns, and those of the tracked lines when shown. */
const gridWidth = (columns: readonly LineColumn[]) =>
  columns.reduce((width, column) => width + (TRACKED_INPUTS.has(column.field) ? column.width : 0), 1100);

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
  // what the grid keeps on each line besides its inputs: its item's tracking
  const form = Form.useFormInstance();
  const kept = Form.useWatch(field.name, { form, preserve: true }) as LineValues[] | undefined;
  const totals = stockTotals(lines, context.currency);
  const rows = useTotals(purpose, totals, context.currency, true);
  const shown = (row: number) => {
    const value = totals.values[row];
    return typeof value === "bigint" ? amount(fromMinor(value, totals.digits), context.currency) : "";
  };
  const columns = stockColumns(purpose, totals.digits, trackedInGrid(kept), {
    line: (row) => lines?.[row],
    tracking: (row) => trackingOf(kept?.[row]),
    value: shown,
  });
  const width = gridWidth(columns);
  return (
    <LinesGrid
      {...field}
      lines={lines}
      columns={columns}
      digits={totals.digits}
      minimumLines={1}
      tableWidth={{ plain: width, withDimensions: width }}
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
      columns={stockColumns(purpose, totals.digits, trackedOnPage(lines))}
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
