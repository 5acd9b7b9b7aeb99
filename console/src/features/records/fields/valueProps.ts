import type { Dayjs } from "dayjs";

import { dayjs } from "@/lib/format";
import type { Widget } from "../engine/types";

export type NamePath = (string | number)[];

/** Form.Item props that keep dates as YYYY-MM-DD strings and times as HH:MM:SS in the form's values. */
export function valueProps(widget: Widget) {
  if (widget.type === "time") {
    return {
      getValueProps: (value: unknown) => ({
        value: typeof value === "string" && value ? dayjs(`2000-01-01T${value}`) : undefined,
      }),
      normalize: (value: Dayjs | null) => (value ? value.format("HH:mm:ss") : null),
    };
  }
  if (widget.type !== "date") return {};
  return {
    getValueProps: (value: unknown) => ({ value: typeof value === "string" && value ? dayjs(value) : undefined }),
    normalize: (value: Dayjs | null) => (value ? value.format("YYYY-MM-DD") : null),
  };
}
