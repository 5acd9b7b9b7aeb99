import type { Dayjs } from "dayjs";

import { dayjs } from "@/lib/format";
import type { Widget } from "../engine/types";

export type NamePath = (string | number)[];

/** Form.Item props that keep dates as YYYY-MM-DD strings in the form's values. */
export function valueProps(widget: Widget) {
  if (widget.type !== "date") return {};
  return {
    getValueProps: (value: unknown) => ({ value: typeof value === "string" && value ? dayjs(value) : undefined }),
    normalize: (value: Dayjs | null) => (value ? value.format("YYYY-MM-DD") : null),
  };
}
