// The editable grid of a document's lines: one Form.List row per line, each cell a Form.Item (so the
// API's `lines.3.debit` problems land on their cell), optional dimensions, a totals row and an add
// button. What the columns are, the totals and a new line's values are the document's own.
// Enter in a cell's input goes to the next line's first cell, adding a line after the last one (as in
// Xero and QuickBooks); it never submits the form. A picker's Enter still chooses its option.
// A grid made for fast entry (`fastEntry`: a sales document's) also moves on from a picker once it has
// chosen (the item, then its quantity), tabs from a line's last cell to the next line's first (its remove
// button is left out of the tab order: Ctrl+Delete removes the line instead), and its Add line button
// puts the cursor in the new line.
import { Flex, Form } from "antd";
import type { FormListFieldData } from "antd/es/form";
import type { ColumnsType, ColumnType } from "antd/es/table";
import { useEffect, useRef, type HTMLAttributes, type ReactNode, type RefObject } from "react";
import { useTranslation } from "react-i18next";

import { useLabels } from "../engine/labels";
import { DimensionsCheckbox, useDimensionsShown } from "./dimensions";
import { AddLineButton, LineRowsTable, LinesTitle, removeLineColumn, useCellLabel } from "./gridParts";
import type { LinesFieldProps } from "./gridParts";
import { columnLabel, shownColumns, type LineColumn } from "./lineColumns";
import type { LineValues } from "./totals";
import { TotalsRow, type LinesTotals } from "./TotalsRow";

/** The table's line rows, in order (not its measure row or totals). */
function lineRows(section: HTMLElement): HTMLElement[] {
  return Array.from(section.querySelectorAll<HTMLElement>("tbody > tr.ant-table-row"));
}

function focusFirstCell(row: HTMLElement | undefined): boolean {
  const input = row?.querySelector<HTMLElement>("input:not([disabled]), textarea:not([disabled])");
  input?.focus();
  return Boolean(input);
}

/**
 * Enter in an input of line n moves to line n + 1's first cell; on the last line it adds a line first
 * (focused once it is drawn). Text areas keep their new lines, buttons their click and pickers their
 * choice.
 */
function EnterGoesDown({
  section,
  lineCount,
  addLine,
  removeLine,
  pending,
}: {
  section: RefObject<HTMLElement | null>;
  lineCount: number;
  addLine: () => void;
  /** Ctrl+Delete in a line removes it (fast entry, where its remove button is out of the tab order). */
  removeLine?: (index: number) => void;
  /** The line to put the cursor in once it is drawn (a line just added). */
  pending: RefObject<number | null>;
}) {
  const add = useRef(addLine);
  const remove = useRef(removeLine);
  useEffect(() => {
    add.current = addLine;
    remove.current = removeLine;
  });
  useEffect(() => {
    const element = section.current;
    if (!element) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === "Delete" && event.ctrlKey && remove.current) {
        const index = lineRows(element).findIndex((row) => row.contains(target));
        if (index < 0) return;
        event.preventDefault();
        remove.current(index);
        // the cursor stays in the grid: on the line now in its place, or the one before
        window.requestAnimationFrame(() => {
          const rows = lineRows(element);
          focusFirstCell(rows[Math.min(index, rows.length - 1)]);
        });
        return;
      }
      if (event.key !== "Enter" || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
      if (!(target instanceof HTMLInputElement) || target.closest(".ant-select")) return;
      event.preventDefault(); // Enter in a line never submits the form
      const rows = lineRows(element);
      const index = rows.findIndex((row) => row.contains(target));
      if (index < 0) return;
      if (index < rows.length - 1) {
        focusFirstCell(rows[index + 1]);
        return;
      }
      pending.current = index + 1;
      add.current();
    };
    element.addEventListener("keydown", onKeyDown);
    return () => element.removeEventListener("keydown", onKeyDown);
  }, [section, pending]);
  useEffect(() => {
    const element = section.current;
    if (pending.current === null || !element) return;
    if (focusFirstCell(lineRows(element)[pending.current])) pending.current = null;
  }, [section, lineCount, pending]);
  return null;
}

/** The input of a line's cell (`field`), found by the cell the grid marks with its field. */
function cellInput(section: HTMLElement | null, index: number, field: string): HTMLElement | null {
  const row = section ? lineRows(section)[index] : undefined;
  return row?.querySelector<HTMLElement>(`td[data-field="${field}"] input:not([disabled])`) ?? null;
}

/** The lines as the form holds them now. */
export function useWatchedLines(name: LinesFieldProps["name"]): LineValues[] | undefined {
  const form = Form.useFormInstance();
  return Form.useWatch(name, form) as LineValues[] | undefined;
}

const GRID_LINE_NUMBER_COLUMN: ColumnType<FormListFieldData> = {
  key: "line",
  title: "#",
  width: 40,
  render: (_, __, index) => <span className="line-number">{index + 1}</span>,
};

export interface LinesGridProps extends LinesFieldProps {
  lines: LineValues[] | undefined;
  columns: readonly LineColumn[];
  /** Decimals of the document's currency, for its amount inputs. */
  digits: number;
  /** Fewest lines the document takes: their remove buttons are disabled. */
  minimumLines: number;
  /** The table's scroll width, without and with the dimension columns. */
  tableWidth: { plain: number; withDimensions: number };
  /** Values a new line starts with. */
  newLine: () => LineValues;
  totals: LinesTotals | readonly LinesTotals[];
  /** Shown beside the add button (the journal's difference). */
  status?: ReactNode;
  "data-testid": string;
  /** Each row is marked `<rowTestId>-<index>`. */
  rowTestId?: string;
  /** A control on the last line, beside its remove button (the journal's Balance). */
  lastLineTool?: (row: number, index: number) => ReactNode;
  /** Keyboard-first entry (see above): pickers move on, remove buttons are out of the tab order. */
  fastEntry?: boolean;
}

export function LinesGrid({
  kind,
  name,
  label,
  titled,
  lines,
  columns,
  digits,
  minimumLines,
  tableWidth,
  newLine,
  totals,
  status,
  rowTestId,
  lastLineTool,
  fastEntry = false,
  "data-testid": testId,
}: LinesGridProps) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const cellLabel = useCellLabel(kind);
  const form = Form.useFormInstance();
  const dimensions = useDimensionsShown(lines);
  const required = [{ required: true, message: t("requiredShort") }];
  const section = useRef<HTMLElement>(null);
  const pending = useRef<number | null>(null);

  const editColumn = (column: LineColumn): ColumnType<FormListFieldData> => ({
    key: column.field,
    title: labels.field(columnLabel(column)),
    width: column.width,
    align: column.align,
    onCell: () => ({ "data-field": column.field }) as HTMLAttributes<HTMLElement>,
    render: (_, row, index) => (
      <Form.Item name={[row.name, column.field]} className="line-cell" rules={column.required ? required : undefined}>
        {column.input({
          row: row.name,
          ariaLabel: cellLabel(columnLabel(column), index),
          digits,
          clearField: (field) => form.setFieldValue([...name, row.name, field], undefined),
          setField: (field, value) => form.setFieldValue([...name, row.name, field], value),
          // after a picker has closed: the next cell of the same line
          focusField: (field) =>
            window.setTimeout(() => cellInput(section.current, index, field)?.focus(), 0),
        })}
      </Form.Item>
    ),
  });
  const markRow = rowTestId
    ? (_: FormListFieldData, index?: number) => ({ "data-testid": `${rowTestId}-${index}` }) as HTMLAttributes<HTMLElement>
    : undefined;

  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => {
        const tableColumns: ColumnsType<FormListFieldData> = [
          GRID_LINE_NUMBER_COLUMN,
          ...shownColumns(columns, dimensions.shown).map(editColumn),
          removeLineColumn({ remove, lineCount: rows.length, minimumLines, lastLineTool, tabbable: !fastEntry }),
        ];
        const addLine = () => add(newLine());
        // Add line, in a fast-entry grid: the cursor goes to the new line
        const addLineHere = fastEntry
          ? () => {
              pending.current = rows.length;
              addLine();
            }
          : addLine;
        const removeLine =
          fastEntry && rows.length > minimumLines ? (index: number) => remove(rows[index].name) : undefined;
        return (
          <section className="record-lines" aria-label={label} data-testid={testId} ref={section}>
            <EnterGoesDown
              section={section}
              lineCount={rows.length}
              addLine={addLine}
              removeLine={removeLine}
              pending={pending}
            />
            <Flex
              justify={titled ? "space-between" : "flex-end"}
              align="center"
              wrap
              gap="small"
              className="record-lines-head"
            >
              <LinesTitle label={label} titled={titled} />
              {columns.some((column) => column.dimension) ? <DimensionsCheckbox {...dimensions} /> : null}
            </Flex>
            <LineRowsTable
              columns={tableColumns}
              dataSource={rows}
              scroll={{ x: dimensions.shown ? tableWidth.withDimensions : tableWidth.plain }}
              onRow={markRow}
              summary={() =>
                (Array.isArray(totals) ? totals : [totals]).map((row: LinesTotals) => (
                  <TotalsRow key={row.label} columnCount={tableColumns.length} trailingCell {...row} />
                ))
              }
            />
            {status === undefined ? (
              <AddLineButton onAdd={addLineHere} className="record-lines-add" data-testid="add-line" />
            ) : (
              <Flex justify="space-between" align="center" wrap gap="small" className="record-lines-foot">
                <AddLineButton onAdd={addLineHere} data-testid="add-line" />
                {status}
              </Flex>
            )}
          </section>
        );
      }}
    </Form.List>
  );
}
