// Pieces every editable lines grid shares: its props, title, table, add and remove buttons, cell labels.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Table, Typography, type TableProps } from "antd";
import type { FormListFieldData } from "antd/es/form";
import type { ColumnType } from "antd/es/table";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { NamePath } from "../fields/valueProps";
import { useLabels } from "../engine/labels";

/** What the form gives a lines field: the kind (for labels), where the lines are and their label. */
export interface LinesFieldProps {
  kind: string;
  name: NamePath;
  label: string;
  /** Lines show their own title unless they are all their section holds. */
  titled: boolean;
}

/** "Unit, line 1": the accessible name of a cell's input. */
export function useCellLabel(kind: string): (field: string, index: number) => string {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  return (field, index) => t("cellLabel", { field: labels.field(field), line: index + 1 });
}

export function LinesTitle({ label, titled }: { label: string; titled: boolean }) {
  if (!titled) return null;
  return (
    <Typography.Title level={5} className="record-lines-title">
      {label}
    </Typography.Title>
  );
}

/** The table of a Form.List's rows, one per line, unpaged. */
export function LineRowsTable(props: Omit<TableProps<FormListFieldData>, "size" | "rowKey" | "pagination">) {
  return <Table<FormListFieldData> size="small" rowKey="key" pagination={false} {...props} />;
}

export function AddLineButton({
  onAdd,
  className,
  "data-testid": testId,
}: {
  onAdd: () => void;
  className?: string;
  "data-testid"?: string;
}) {
  const { t } = useTranslation("records");
  return (
    <Button icon={<PlusOutlined />} onClick={onAdd} className={className} data-testid={testId}>
      {t("addLine")}
    </Button>
  );
}

function RemoveLineButton({
  line,
  disabled,
  onRemove,
  tabbable = true,
}: {
  line: number;
  disabled?: boolean;
  onRemove: () => void;
  /** Out of the tab order in a fast-entry grid (Ctrl+Delete removes the line there). */
  tabbable?: boolean;
}) {
  const { t } = useTranslation("records");
  return (
    <Button
      type="text"
      icon={<DeleteOutlined />}
      aria-label={t("removeLine", { line })}
      title={tabbable ? undefined : t("removeLineShortcut")}
      tabIndex={tabbable ? undefined : -1}
      disabled={disabled}
      onClick={onRemove}
    />
  );
}

/**
 * The last column: a button removing its line, disabled while only `minimumLines` are left; the last
 * line may carry a tool of the document's before it (the journal's Balance).
 */
export function removeLineColumn({
  remove,
  lineCount,
  minimumLines,
  lastLineTool,
  tabbable,
}: {
  remove: (row: number) => void;
  lineCount: number;
  minimumLines?: number;
  lastLineTool?: (row: number, index: number) => ReactNode;
  tabbable?: boolean;
}): ColumnType<FormListFieldData> {
  return {
    key: "remove",
    width: lastLineTool ? 84 : 48,
    render: (_, row, index) => (
      <Flex justify="flex-end" wrap={false}>
        {lastLineTool && index === lineCount - 1 ? lastLineTool(row.name, index) : null}
        <RemoveLineButton
          line={index + 1}
          disabled={minimumLines === undefined ? undefined : lineCount <= minimumLines}
          onRemove={() => remove(row.name)}
          tabbable={tabbable}
        />
      </Flex>
    ),
  };
}
