// A stock request's lines (typed as a grid of stock items and quantities; read as each line's quantity
// asked, fulfilled by stock entries so far, and left) and a count sheet's (each item's quantity expected
// and, once counted, the quantity counted and the difference). Quantities are the API's decimal strings,
// subtracted exactly (4 places), never through floats.
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { fromMinor, toMinor } from "@/lib/decimal";
import { formatDecimal } from "@/lib/format";
import { useLabels } from "../engine/labels";
import type { FormContext, Widget } from "../engine/types";
import { Empty } from "../fields/FieldValue";
import { STOCK_ITEMS } from "../fields/targets";
import type { LinesFieldProps } from "./gridParts";
import { LINE_NUMBER_COLUMN, LinesTable } from "./LinesTable";
import { ListField } from "./ListField";
import type { LineValues } from "./totals";

const QTY_DIGITS = 4;

/** The request's lines grid: the stock item, a note and the quantity asked for. */
const REQUEST_GRID: Extract<Widget, { type: "list" }> = {
  type: "list",
  rowField: "qty",
  max: 50,
  fields: {
    item_id: { widget: { type: "reference", target: STOCK_ITEMS }, required: true },
    memo: { widget: { type: "text" } },
    qty: { widget: { type: "decimal" }, required: true },
  },
};

/** `a − b` of two quantities, exactly; null when either is no quantity. */
function difference(a: unknown, b: unknown): string | null {
  const left = toMinor(a, QTY_DIGITS);
  const right = toMinor(b ?? "0", QTY_DIGITS);
  if (left === null || left === undefined || right === null || right === undefined) return null;
  return fromMinor(left - right, QTY_DIGITS);
}

/** The line's item, as the document names it (code and name, linked); no lookup needed. */
function ItemText({ line }: { line: LineValues }) {
  const id = line.item_id ? String(line.item_id) : "";
  const called = [line.item_code, line.item_name].filter(Boolean).join(" — ");
  if (!id) return <Empty />;
  return <Link to={`/items/${id}`}>{called || id}</Link>;
}

function Quantity({ value, testId, signed = false }: { value: unknown; testId?: string; signed?: boolean }) {
  const { i18n } = useTranslation();
  if (value === null || value === undefined || value === "") return <Empty />;
  const shown = formatDecimal(value, i18n.language, 0, QTY_DIGITS);
  const plus = signed && !String(value).startsWith("-") && /[1-9]/.test(String(value)) ? "+" : "";
  return (
    <span className="amount" data-testid={testId}>
      {plus}
      {shown}
    </span>
  );
}

export function RequestLinesField({ kind, name, label, titled }: LinesFieldProps & { context: FormContext }) {
  return <ListField kind={kind} name={name} label={label} titled={titled} widget={REQUEST_GRID} />;
}

/** Each line's quantity asked for, fulfilled by the stock entries that name the request, and left. */
export function RequestLinesView({
  kind,
  lines,
  record,
}: {
  kind: string;
  lines: LineValues[];
  record: Record<string, unknown>;
}) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const fulfilled = (record.fulfilled ?? {}) as Record<string, string | undefined>;
  const done = (index: number) => fulfilled[String(index)] ?? "0";
  const columns: ColumnsType<LineValues> = [
    LINE_NUMBER_COLUMN,
    { key: "item_id", title: labels.field("item_id"), render: (_, line) => <ItemText line={line} /> },
    {
      key: "memo",
      title: labels.field("memo"),
      render: (_, line) => (line.memo ? String(line.memo) : <Empty />),
    },
    {
      key: "qty",
      title: labels.field("requested"),
      align: "right",
      render: (_, line) => <Quantity value={line.qty} testId="requested-qty" />,
    },
    {
      key: "fulfilled",
      title: labels.field("fulfilled"),
      align: "right",
      render: (_, __, index) => <Quantity value={done(index)} testId="fulfilled-qty" />,
    },
    {
      key: "left",
      title: labels.field("left"),
      align: "right",
      render: (_, line, index) => <Quantity value={difference(line.qty, done(index))} testId="left-qty" />,
    },
  ];
  return <LinesTable columns={columns} lines={lines} emptyText={t("noLines")} data-testid="request-lines-view" />;
}

/** "I-000001 — Beras 10kg · 10" for the history. */
export function RequestLineSummary({ line }: { kind: string; line: LineValues }) {
  return (
    <>
      <ItemText line={line} /> · <Quantity value={line.qty} />
    </>
  );
}

/** Each item on the sheet: the quantity the books expected and, once counted, what was counted. */
export function CountLinesView({ kind, lines }: { kind: string; lines: LineValues[] }) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const counted = lines.some((line) => line.counted_qty !== null && line.counted_qty !== undefined);
  const columns: ColumnsType<LineValues> = [
    LINE_NUMBER_COLUMN,
    { key: "item_id", title: labels.field("item_id"), render: (_, line) => <ItemText line={line} /> },
    {
      key: "expected_qty",
      title: labels.field("expected_qty"),
      align: "right",
      render: (_, line) => <Quantity value={line.expected_qty} testId="expected-qty" />,
    },
    ...(counted
      ? ([
          {
            key: "counted_qty",
            title: labels.field("counted_qty"),
            align: "right",
            render: (_, line) => <Quantity value={line.counted_qty} testId="counted-qty" />,
          },
          {
            key: "difference",
            title: labels.field("difference"),
            align: "right",
            render: (_, line) => (
              <Quantity value={difference(line.counted_qty, line.expected_qty)} testId="difference-qty" signed />
            ),
          },
        ] satisfies ColumnsType<LineValues>)
      : []),
  ];
  return <LinesTable columns={columns} lines={lines} emptyText={t("noLines")} data-testid="count-lines-view" />;
}

/** "I-000001 — Beras 10kg · 10" (counted, or expected before the count) for the history. */
export function CountLineSummary({ line }: { kind: string; line: LineValues }) {
  return (
    <>
      <ItemText line={line} /> · <Quantity value={line.counted_qty ?? line.expected_qty} />
    </>
  );
}
