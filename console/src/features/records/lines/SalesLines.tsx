// A sales document's lines. Typed as a grid made for the keyboard: search an item and Enter picks it and
// moves to its quantity; Enter goes on to the next line (adding one after the last), Tab crosses the line's
// cells (unit price, discount, tax code) to the next line. The price, discount and tax code may be left
// empty: the API prices the line and works out its figures when the draft is saved. On the document's page,
// each line as the API priced it (price and where it came from, discount, net, tax code and rate, tax,
// total), what later documents took of it, the taxes per code and the document's totals.
import { Descriptions, Empty as NoData, Flex, Form, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import { NumberInput } from "@/components/NumberInput";
import { currencyDigits, formatDecimal } from "@/lib/format";
import { useRecord } from "../engine/client";
import type { FormContext } from "../engine/types";
import { CodeText } from "../fields/CodeSelect";
import { Empty } from "../fields/FieldValue";
import { ReferenceSelect } from "../fields/ReferenceSelect";
import { ITEMS, TAX_CODES } from "../fields/targets";
import type { LinesFieldProps } from "./gridParts";
import { LineAmount } from "./AmountCells";
import { textColumn, type LineColumn } from "./lineColumns";
import { LinesGrid, useWatchedLines } from "./LinesGrid";
import { LinesView } from "./LinesView";
import { PRICED_AT, type SalesLinesOptions, type Tally } from "./salesDocumentLines";
import type { LineValues } from "./totals";

const QTY_DIGITS = 4;
const PRICE_DIGITS = 6;

function Quantity({ value, testId }: { value: unknown; testId?: string }) {
  const { i18n } = useTranslation();
  if (value === null || value === undefined || value === "") return <Empty />;
  return (
    <span className="amount" data-testid={testId}>
      {formatDecimal(value, i18n.language, 0, QTY_DIGITS)}
    </span>
  );
}

/** The line's item, as the document names it (code and name, linked), and its description when it differs. */
function ItemText({ line, described = false }: { line: LineValues; described?: boolean }) {
  const id = line.item_id ? String(line.item_id) : "";
  const called = [line.item_code, line.item_name].filter(Boolean).join(" — ");
  if (!id) return <Empty />;
  const description = described && line.description && line.description !== line.item_name ? line.description : null;
  return (
    <Flex vertical>
      <Link to={`/items/${id}`}>{called || id}</Link>
      {description ? <Typography.Text type="secondary">{String(description)}</Typography.Text> : null}
    </Flex>
  );
}

/** "Price book RETAIL", "Item price", "Entered": where a line's unit price came from. */
function PriceSource({ source }: { source: unknown }) {
  const { t } = useTranslation("sales");
  if (typeof source !== "string" || !source) return null;
  const text = source.startsWith("price_book:")
    ? t("priceSource.book", { book: source.slice("price_book:".length) })
    : t(`priceSource.${source}`, { defaultValue: source });
  return (
    <Typography.Text type="secondary" className="sales-price-source" data-testid="price-source">
      {text}
    </Typography.Text>
  );
}

/** The unit the chosen item is counted in (its base unit), read from the item the picker fetched. */
function ItemUnit({ itemId }: { itemId: unknown; id?: string; value?: unknown; onChange?: unknown }) {
  const chosen = typeof itemId === "string" && itemId ? itemId : null;
  const item = useRecord(ITEMS, chosen);
  const unit = item.data?.base_uom;
  return typeof unit === "string" ? (
    <Typography.Text type="secondary" className="stock-line-unit" title={unit}>
      <CodeText table="units" value={unit} nameOnly />
    </Typography.Text>
  ) : null;
}

/** An optional decimal cell: empty leaves the figure to the API (`placeholder` says what it will do). */
function OptionalNumber(props: {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  "aria-label"?: string;
  placeholder?: string;
  status?: "error" | "warning" | "";
}) {
  return <NumberInput {...props} />;
}

/** The grid's columns: the item (then its quantity), a description, the quantity and unit and, when priced,
 * the unit price, the discount and the tax code. */
function gridColumns(
  priced: boolean,
  words: { auto: string; itemTax: string; priced: (line: LineValues | undefined) => string | undefined },
  line: (row: number) => LineValues | undefined,
): LineColumn[] {
  const columns: LineColumn[] = [
    {
      field: "item_id",
      width: 250,
      required: true,
      input: ({ ariaLabel, focusField }) => (
        <ReferenceSelect
          target={ITEMS}
          aria-label={ariaLabel}
          allowClear={false}
          // picked: on to its quantity
          onChange={(value) => (value ? focusField("qty") : undefined)}
        />
      ),
    },
    textColumn({ field: "description", width: 170 }),
    {
      field: "qty",
      width: 90,
      align: "right",
      required: true,
      input: ({ ariaLabel }) => <NumberInput aria-label={ariaLabel} />,
    },
    { field: "uom", width: 64, input: ({ row }) => <ItemUnit itemId={line(row)?.item_id} /> },
  ];
  if (!priced) return columns;
  return [
    ...columns,
    {
      field: "unit_price",
      width: 120,
      align: "right",
      input: ({ row, ariaLabel }) => (
        <OptionalNumber aria-label={ariaLabel} placeholder={words.priced(line(row)) ?? words.auto} />
      ),
    },
    {
      field: "discount_percent",
      width: 90,
      align: "right",
      input: ({ ariaLabel }) => <OptionalNumber aria-label={ariaLabel} placeholder="0" />,
    },
    {
      field: "tax_code_id",
      width: 150,
      input: ({ ariaLabel }) => (
        <ReferenceSelect target={TAX_CODES} aria-label={ariaLabel} placeholder={words.itemTax} />
      ),
    },
  ];
}

export function SalesLinesField({
  context,
  priced,
  ...field
}: LinesFieldProps & { context: FormContext; priced: boolean }) {
  const { t, i18n } = useTranslation("sales");
  const lines = useWatchedLines(field.name);
  // what the grid keeps on each line besides its cells: the price the API found for it when last saved
  const form = Form.useFormInstance();
  const kept = Form.useWatch(field.name, { form, preserve: true }) as LineValues[] | undefined;
  const digits = currencyDigits(context.currency);
  const columns = gridColumns(
    priced,
    {
      auto: t("lines.auto"),
      itemTax: t("lines.itemTax"),
      priced: (line) =>
        line?.[PRICED_AT] !== undefined && line?.[PRICED_AT] !== null
          ? formatDecimal(line[PRICED_AT], i18n.language, digits, PRICE_DIGITS)
          : undefined,
    },
    (row) => (lines?.[row] ? { ...kept?.[row], ...lines[row] } : kept?.[row]),
  );
  const width = columns.reduce((sum, column) => sum + column.width, 88);
  return (
    <LinesGrid
      {...field}
      lines={lines}
      columns={columns}
      digits={digits}
      minimumLines={1}
      tableWidth={{ plain: width, withDimensions: width }}
      newLine={() => ({})}
      totals={[]}
      status={
        <Typography.Text type="secondary" data-testid="sales-lines-hint">
          {priced ? t("lines.pricedHint") : t("lines.deliveryHint")}
        </Typography.Text>
      }
      data-testid="sales-lines"
      rowTestId="sales-line"
      fastEntry
    />
  );
}

/** What each line's tally says (a quotation's lines ordered, an order's delivered and invoiced), by line. */
function tallyColumn(tally: Tally, record: Record<string, unknown>): LineColumn {
  const taken = (record[tally] ?? {}) as Record<string, string | undefined>;
  return {
    field: tally,
    width: 0,
    align: "right",
    input: () => null,
    show: (line) => <Quantity value={taken[String(line._key)] ?? "0"} testId={`line-${tally}`} />,
  };
}

function viewColumns(
  options: SalesLinesOptions,
  record: Record<string, unknown>,
  t: TFunction<"sales">,
  language: string,
) {
  const columns: LineColumn[] = [
    { field: "item_id", width: 0, input: () => null, show: (line) => <ItemText line={line} described /> },
    {
      field: "qty",
      width: 0,
      align: "right",
      input: () => null,
      show: (line) => <Quantity value={line.qty} testId="line-qty" />,
    },
    {
      field: "uom",
      width: 0,
      input: () => null,
      show: (line) => (line.uom ? <CodeText table="units" value={String(line.uom)} nameOnly /> : <Empty />),
    },
  ];
  const priced: LineColumn[] = options.priced
    ? [
        {
          field: "unit_price",
          width: 0,
          align: "right",
          input: () => null,
          show: (line, currency) => (
            <Flex vertical align="flex-end">
              <span className="amount" data-testid="line-unit-price">
                {formatDecimal(line.unit_price, language, currencyDigits(currency), PRICE_DIGITS)}
              </span>
              <PriceSource source={line.price_source} />
            </Flex>
          ),
        },
        {
          field: "discount",
          width: 0,
          align: "right",
          input: () => null,
          show: (line, currency) => (
            <Flex vertical align="flex-end">
              <span data-testid="line-discount">
                <LineAmount value={line.discount} currency={currency} />
              </span>
              {line.discount_percent ? (
                <Typography.Text type="secondary">
                  {t("lines.percentOff", { percent: String(line.discount_percent) })}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        {
          field: "net",
          width: 0,
          align: "right",
          input: () => null,
          show: (line, currency) => (
            <span data-testid="line-net">
              <LineAmount value={line.net} currency={currency} />
            </span>
          ),
        },
        {
          field: "tax_code_id",
          width: 0,
          input: () => null,
          show: (line) =>
            line.tax_code ? (
              <span data-testid="line-tax-code">
                {String(line.tax_code)} · {String(line.tax_rate ?? "0")}%
              </span>
            ) : (
              <Empty />
            ),
        },
        {
          field: "tax",
          width: 0,
          align: "right",
          input: () => null,
          show: (line, currency) => (
            <span data-testid="line-tax">
              <LineAmount value={line.tax} currency={currency} />
            </span>
          ),
        },
        {
          field: "total",
          width: 0,
          align: "right",
          input: () => null,
          show: (line, currency) => (
            <span data-testid="line-total">
              <LineAmount value={line.total} currency={currency} />
            </span>
          ),
        },
      ]
    : [];
  return [...columns, ...priced, ...options.tallies.map((tally) => tallyColumn(tally, record))];
}

interface TaxLine {
  tax_code_id: string;
  tax_code: string;
  tax_type: string;
  rate: string;
  taxable: string;
  tax: string;
}

/** The taxes per code (what SST is charged on, and how much) and the document's totals. */
function Totals({ record, currency }: { record: Record<string, unknown>; currency: string }) {
  const { t } = useTranslation("sales");
  const { money } = useFormatters();
  const taxes = (Array.isArray(record.taxes) ? record.taxes : []) as TaxLine[];
  const figure = (name: string) => (
    <strong className="amount" data-testid={`sales-${name}`}>
      {money(record[name] as string | undefined, currency)}
    </strong>
  );
  const rounding = record.rounding as string | undefined;
  const items = [
    { key: "subtotal", label: t("totals.subtotal"), children: figure("subtotal") },
    { key: "discount", label: t("totals.discount"), children: figure("discount") },
    { key: "net", label: t("totals.net"), children: figure("net") },
    { key: "tax", label: t("totals.tax"), children: figure("tax") },
    ...(rounding && Number(rounding) !== 0
      ? [{ key: "rounding", label: t("totals.rounding"), children: figure("rounding") }]
      : []),
    { key: "total", label: t("totals.total"), children: figure("total") },
  ];
  const taxColumns: ColumnsType<TaxLine> = [
    { key: "code", title: t("taxes.code"), render: (_, tax) => tax.tax_code },
    { key: "rate", title: t("taxes.rate"), align: "right", render: (_, tax) => `${tax.rate}%` },
    {
      key: "taxable",
      title: t("taxes.taxable"),
      align: "right",
      render: (_, tax) => (
        <span className="amount" data-testid="tax-taxable">
          {money(tax.taxable, currency)}
        </span>
      ),
    },
    {
      key: "tax",
      title: t("taxes.tax"),
      align: "right",
      render: (_, tax) => (
        <span className="amount" data-testid="tax-amount">
          {money(tax.tax, currency)}
        </span>
      ),
    },
  ];
  return (
    <Flex gap="large" wrap justify="space-between" align="flex-start" className="sales-totals">
      <div className="sales-taxes">
        <Typography.Title level={5} className="record-lines-title">
          {t("taxes.title")}
        </Typography.Title>
        <Table<TaxLine>
          size="small"
          rowKey="tax_code_id"
          pagination={false}
          columns={taxColumns}
          dataSource={taxes}
          locale={{ emptyText: <NoData image={NoData.PRESENTED_IMAGE_SIMPLE} description={t("taxes.none")} /> }}
          onRow={(tax) => ({ "data-code": tax.tax_code }) as React.HTMLAttributes<HTMLElement>}
          data-testid="sales-taxes"
        />
      </div>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={items}
        className="sales-totals-figures"
        data-testid="sales-totals"
      />
    </Flex>
  );
}

/** A document's lines, read-only, as the API priced them, with their tallies, taxes and totals. */
export function SalesLinesView({
  kind,
  lines,
  record,
  context,
  options,
}: {
  kind: string;
  lines: LineValues[];
  record: Record<string, unknown>;
  context: FormContext;
  options: SalesLinesOptions;
}) {
  const { t, i18n } = useTranslation("sales");
  const currency = (record.currency as string | undefined) || context.currency;
  // each line's number (`_key`, from 0) is what its tallies are kept by
  const columns = viewColumns(options, record, t, i18n.language);
  return (
    <>
      <LinesView
        kind={kind}
        columns={columns}
        lines={lines}
        currency={currency}
        totals={[]}
        data-testid="sales-lines-view"
      />
      {options.priced ? <Totals record={record} currency={currency} /> : null}
    </>
  );
}

/** "I-000001 — Kipas Siling · 4 UNIT" for the history. */
export function SalesLineSummary({ line }: { kind: string; line: LineValues }) {
  return (
    <>
      <ItemText line={line} /> · <Quantity value={line.qty} />{" "}
      {line.uom ? <CodeText table="units" value={String(line.uom)} nameOnly /> : null}
    </>
  );
}
