// A sales document's lines. Typed as a grid made for the keyboard: search an item and Enter picks it and
// moves to its quantity; Enter goes on to the next line (adding one after the last), Tab crosses the line's
// cells (unit price, discount, tax code) to the next line. The price, discount and tax code may be left
// empty: the API prices the line and works out its figures when the draft is saved. On the document's page,
// each line as the API priced it (price and where it came from, discount, net, tax code and rate, tax,
// total), what later documents took of it, the taxes per code and the document's totals.
// A line whose tax code (its own, else its item's) is an exemption says why (its exemption reason cell); a
// delivery's line of an item tracked by batch names its batch (empty: the first expiring), one tracked by
// serial number lists a number per unit. The grid learns both from the item and tax code its pickers chose.
import { Descriptions, Empty as NoData, Flex, Form, Input, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useEffect } from "react";
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
import { textColumn, type LineCell, type LineColumn } from "./lineColumns";
import { LinesGrid, useWatchedLines } from "./LinesGrid";
import { LinesView } from "./LinesView";
import {
  EXEMPT_FIELD,
  PRICED_AT,
  TRACKING_FIELD,
  serialNumbers,
  type SalesLinesOptions,
  type Tally,
  type Tracking,
} from "./salesDocumentLines";
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

/** What the grid learns of a line from its item and tax code (kept on the form's line, never sent). */
interface Learnt {
  tracking: Tracking | undefined;
  exempt: boolean | undefined;
}

/**
 * The unit the chosen item is counted in (its base unit), read from the item the picker fetched; and what
 * the line's other cells depend on: how the item is tracked, and whether the line's tax code (its own, else
 * the item's sales tax code) is an exemption (tax type E).
 */
function ItemUnit({
  itemId,
  taxed = false,
  taxCodeId,
  known,
  onLearnt,
}: {
  itemId: unknown;
  taxed?: boolean;
  taxCodeId?: unknown;
  known?: Learnt;
  onLearnt?: (learnt: Learnt) => void;
  id?: string;
  value?: unknown;
  onChange?: unknown;
}) {
  const chosen = typeof itemId === "string" && itemId ? itemId : null;
  const item = useRecord(ITEMS, chosen);
  const named = typeof taxCodeId === "string" && taxCodeId ? taxCodeId : null;
  const itemCode = typeof item.data?.sales_tax_code_id === "string" ? item.data.sales_tax_code_id : null;
  const codeId = named ?? (item.data ? itemCode : null);
  const code = useRecord(TAX_CODES, taxed ? codeId : null);
  // undefined while the item or its code is read: the line keeps what it knew
  const tracking = !chosen ? null : item.data ? trackingOf(item.data.tracking) : undefined;
  const exempt = !taxed
    ? undefined
    : !codeId
      ? chosen && !item.data
        ? undefined
        : false
      : code.data
        ? code.data.tax_type === "E"
        : undefined;
  const trackingNow = tracking === undefined ? known?.tracking : (tracking ?? undefined);
  const exemptNow = exempt === undefined ? known?.exempt : exempt;
  useEffect(() => {
    if (onLearnt && (trackingNow !== known?.tracking || exemptNow !== known?.exempt)) {
      onLearnt({ tracking: trackingNow, exempt: exemptNow });
    }
  }, [onLearnt, trackingNow, exemptNow, known?.tracking, known?.exempt]);
  const unit = item.data?.base_uom;
  return typeof unit === "string" ? (
    <Typography.Text type="secondary" className="stock-line-unit" title={unit}>
      <CodeText table="units" value={unit} nameOnly />
    </Typography.Text>
  ) : null;
}

const trackingOf = (value: unknown): Tracking | null => (value === "batch" || value === "serial" ? value : null);

/** What the grid learnt of a form's line. */
const learntOf = (line: LineValues | undefined): Learnt => ({
  tracking: trackingOf(line?.[TRACKING_FIELD]) ?? undefined,
  exempt: typeof line?.[EXEMPT_FIELD] === "boolean" ? line[EXEMPT_FIELD] : undefined,
});

/** What Form.Item gives the input it wraps. */
interface CellInput<Value> {
  id?: string;
  value?: Value;
  onChange?: (value: Value | undefined) => void;
  "aria-label"?: string;
}

/** Why an exempt line is exempt: only on a line whose tax code is an exemption. */
function ExemptionInput({ exempt, value, onChange, ...rest }: CellInput<string> & { exempt: boolean }) {
  const { t } = useTranslation("sales");
  if (!exempt) return null;
  return (
    <Input
      {...rest}
      value={value ?? ""}
      onChange={(event) => onChange?.(event.target.value)}
      placeholder={t("lines.exemptionPlaceholder")}
      maxLength={200}
    />
  );
}

/** The batch a delivery's line takes (empty: the first expiring); only for an item tracked by batch. */
function BatchInput({ tracking, value, onChange, ...rest }: CellInput<string> & { tracking?: Tracking }) {
  const { t } = useTranslation("stock-entries");
  if (tracking !== "batch") return null;
  return (
    <Input
      {...rest}
      value={value ?? ""}
      onChange={(event) => onChange?.(event.target.value)}
      placeholder={t("lots.firstExpiring")}
      title={t("lots.firstExpiringHint")}
    />
  );
}

/** One serial number per unit delivered, separated by commas, spaces or new lines; how many were typed. */
function SerialsInput({ tracking, value, onChange, ...rest }: CellInput<unknown> & { tracking?: Tracking }) {
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
 * the unit price, the discount and the tax code (and why, for an exempt line); a delivery's batch and serial
 * numbers, when a line's item is tracked so. */
function gridColumns(
  priced: boolean,
  words: { auto: string; itemTax: string; priced: (line: LineValues | undefined) => string | undefined },
  line: (row: number) => LineValues | undefined,
  shown: { exempt: boolean; batch: boolean; serial: boolean },
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
    {
      field: "uom",
      width: 64,
      input: ({ row, setField }) => (
        <ItemUnit
          itemId={line(row)?.item_id}
          taxed={priced}
          taxCodeId={line(row)?.tax_code_id}
          known={learntOf(line(row))}
          onLearnt={(learnt) => {
            setField(TRACKING_FIELD, learnt.tracking);
            setField(EXEMPT_FIELD, learnt.exempt);
          }}
        />
      ),
    },
  ];
  if (!priced) {
    return [
      ...columns,
      ...(shown.batch
        ? [
            {
              field: "batch_no",
              width: 150,
              input: ({ row, ariaLabel }: LineCell) => (
                <BatchInput aria-label={ariaLabel} tracking={learntOf(line(row)).tracking} />
              ),
            },
          ]
        : []),
      ...(shown.serial
        ? [
            {
              field: "serials",
              width: 220,
              input: ({ row, ariaLabel }: LineCell) => (
                <SerialsInput aria-label={ariaLabel} tracking={learntOf(line(row)).tracking} />
              ),
            },
          ]
        : []),
    ];
  }
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
    ...(shown.exempt
      ? [
          {
            field: "exemption_reason",
            width: 180,
            input: ({ row, ariaLabel }: LineCell) => (
              <ExemptionInput aria-label={ariaLabel} exempt={learntOf(line(row)).exempt === true} />
            ),
          },
        ]
      : []),
  ];
}

export function SalesLinesField({
  context,
  priced,
  optional = false,
  ...field
}: LinesFieldProps & { context: FormContext; priced: boolean; optional?: boolean }) {
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
    {
      // an exempt line's reason, a tracked item's batch or serial numbers: shown once a line needs them
      exempt: (kept ?? []).some((row) => learntOf(row).exempt === true || Boolean(row?.exemption_reason)),
      batch: (kept ?? []).some((row) => learntOf(row).tracking === "batch"),
      serial: (kept ?? []).some((row) => learntOf(row).tracking === "serial"),
    },
  );
  const width = columns.reduce((sum, column) => sum + column.width, 88);
  return (
    <LinesGrid
      {...field}
      lines={lines}
      columns={columns}
      digits={digits}
      minimumLines={optional ? 0 : 1}
      tableWidth={{ plain: width, withDimensions: width }}
      newLine={() => ({})}
      totals={[]}
      status={
        <Typography.Text type="secondary" data-testid="sales-lines-hint">
          {optional ? t("lines.sourceHint") : priced ? t("lines.pricedHint") : t("lines.deliveryHint")}
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

/** A delivery's batches and serial numbers, on its page: shown when a line names some. */
function tracked(options: SalesLinesOptions, lines: readonly LineValues[]): LineColumn[] {
  if (options.priced) return [];
  const columns: LineColumn[] = [];
  if (lines.some((line) => line.batch_no)) {
    columns.push({
      field: "batch_no",
      width: 0,
      input: () => null,
      show: (line) => (line.batch_no ? <span data-testid="line-batch-no">{String(line.batch_no)}</span> : <Empty />),
    });
  }
  if (lines.some((line) => serialNumbers(line.serials).length > 0)) {
    columns.push({
      field: "serials",
      width: 0,
      input: () => null,
      show: (line) => {
        const numbers = serialNumbers(line.serials);
        if (numbers.length === 0) return <Empty />;
        return (
          <Flex wrap gap={4}>
            {numbers.map((number) => (
              <Tag key={number} data-testid="line-serial">
                {number}
              </Tag>
            ))}
          </Flex>
        );
      },
    });
  }
  return columns;
}

function viewColumns(
  options: SalesLinesOptions,
  lines: readonly LineValues[],
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
              <Flex vertical>
                <span data-testid="line-tax-code">
                  {String(line.tax_code)} · {String(line.tax_rate ?? "0")}%
                </span>
                {line.exemption_reason ? (
                  <Typography.Text type="secondary" data-testid="line-exemption-reason">
                    {String(line.exemption_reason)}
                  </Typography.Text>
                ) : null}
              </Flex>
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
  const tallies = options.tallies.map((tally) => tallyColumn(tally, record));
  return [...columns, ...priced, ...tracked(options, lines), ...tallies];
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
  const columns = viewColumns(options, lines, record, t, i18n.language);
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
