// The optional dimensions of a document line (branch, department, project): hidden until the user
// asks for them or a line carries one.
import { Checkbox } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { BRANCHES, DEPARTMENTS, ORG_UNITS } from "../fields/targets";
import { referenceColumn, textColumn, type LineColumn } from "./lineColumns";
import type { LineValues } from "./totals";

const DIMENSIONS = ["branch_id", "department_id", "project_id"] as const;

type Dimension = (typeof DIMENSIONS)[number];

export function hasDimensions(lines: readonly (LineValues | undefined)[] | null | undefined): boolean {
  return (lines ?? []).some((line) => DIMENSIONS.some((name) => Boolean(line?.[name])));
}

/** The dimension columns, with their widths in the editable grid. */
export function dimensionColumns(widths: Record<Dimension, number>): LineColumn[] {
  return [
    referenceColumn({
      field: "branch_id",
      width: widths.branch_id,
      dimension: true,
      target: BRANCHES,
      shownAs: ORG_UNITS,
    }),
    referenceColumn({
      field: "department_id",
      width: widths.department_id,
      dimension: true,
      target: DEPARTMENTS,
      shownAs: ORG_UNITS,
    }),
    textColumn({ field: "project_id", width: widths.project_id, dimension: true }),
  ];
}

/** Whether the grid shows dimensions; a line that has one keeps them shown. */
export function useDimensionsShown(lines: readonly (LineValues | undefined)[] | undefined) {
  const [chosen, choose] = useState(false);
  const required = hasDimensions(lines);
  return { shown: chosen || required, required, choose };
}

export function DimensionsCheckbox({
  shown,
  required,
  choose,
}: {
  shown: boolean;
  required: boolean;
  choose: (shown: boolean) => void;
}) {
  const { t } = useTranslation("records");
  return (
    <Checkbox checked={shown} disabled={required} onChange={(event) => choose(event.target.checked)}>
      {t("journal.showDimensions")}
    </Checkbox>
  );
}
