// The input for one scalar field, by its widget. Form.Item injects value, onChange and id; dates are
// converted to and from YYYY-MM-DD strings by the Form.Item (see FormField), so form values stay what
// the API takes.
import { DatePicker, Input, InputNumber, Select, Switch, TimePicker } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

import { NumberInput } from "@/components/NumberInput";

import { useLabels } from "../engine/labels";
import type { Widget } from "../engine/types";
import { CodeSelect } from "./CodeSelect";
import { ReferenceSelect } from "./ReferenceSelect";
import { ReferencesSelect } from "./ReferencesSelect";
import { CURRENCIES } from "./targets";

/** How a date picker shows its date: as dates read in each language (Malaysian: 05/12/2024). */
export function dateFormat(language: string): string {
  if (language === "zh-CN") return "YYYY-MM-DD";
  if (language === "ms") return "DD/MM/YYYY";
  return "D MMM YYYY";
}

/** Times are typed and sent as the API writes them: 14:30:00. */
export const TIME_FORMAT = "HH:mm:ss";

export interface ControlProps {
  widget: Widget;
  kind: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
  id?: string;
  "aria-label"?: string;
  disabled?: boolean;
  status?: "error" | "warning" | "";
  placeholder?: string;
  /** Filters clear their value; form fields keep the select's own clear only where it may be empty. */
  allowClear?: boolean;
}

export function FieldControl({ widget, kind, value, onChange, allowClear = true, ...rest }: ControlProps) {
  const { t, i18n } = useTranslation("records");
  const labels = useLabels(kind);
  const text = typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  switch (widget.type) {
    case "text":
      return widget.long ? (
        <Input.TextArea
          {...rest}
          value={text}
          onChange={(event) => onChange?.(event.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
        />
      ) : (
        <Input
          {...rest}
          value={text}
          onChange={(event) => onChange?.(widget.upper ? event.target.value.toUpperCase() : event.target.value)}
        />
      );
    case "money":
    case "decimal":
      return <NumberInput {...rest} value={text} onChange={onChange} />;
    case "integer":
      return (
        <InputNumber
          {...rest}
          value={value === null || value === undefined || value === "" ? null : Number(value)}
          onChange={(next) => onChange?.(next ?? null)}
          min={widget.min}
          max={widget.max}
          precision={0}
          style={{ width: "100%" }}
        />
      );
    case "choice":
      return (
        <Select
          {...rest}
          value={(value as string | null | undefined) ?? undefined}
          onChange={(next: string | undefined) => onChange?.(next ?? null)}
          allowClear={allowClear}
          placeholder={widget.blank ? labels.option(widget.labels, widget.blank) : rest.placeholder}
          showSearch={{ optionFilterProp: "label" }}
          options={widget.options.map((option) => ({ value: option, label: labels.option(widget.labels, option) }))}
          style={{ width: "100%", minWidth: 0 }}
        />
      );
    case "code":
      return (
        <CodeSelect
          {...rest}
          table={widget.table}
          value={value as string | null}
          onChange={onChange}
          allowClear={allowClear}
        />
      );
    case "reference":
      return (
        <ReferenceSelect
          {...rest}
          target={widget.target}
          value={value as string | null}
          onChange={onChange}
          allowClear={allowClear}
        />
      );
    case "references":
      return (
        <ReferencesSelect
          {...rest}
          target={widget.target}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={onChange}
        />
      );
    case "currency":
      return (
        <ReferenceSelect
          {...rest}
          target={CURRENCIES}
          value={value as string | null}
          onChange={onChange}
          allowClear={allowClear}
        />
      );
    case "date":
      return (
        <DatePicker
          {...rest}
          value={value as Dayjs | null | undefined}
          onChange={(next) => onChange?.(next)}
          format={dateFormat(i18n.language)}
          style={{ width: "100%" }}
        />
      );
    case "time":
      return (
        <TimePicker
          {...rest}
          value={value as Dayjs | null | undefined}
          onChange={(next) => onChange?.(next)}
          format={TIME_FORMAT}
          needConfirm={false}
          style={{ width: "100%" }}
        />
      );
    case "switch":
      return <Switch {...rest} checked={Boolean(value)} onChange={(checked) => onChange?.(checked)} />;
    case "tristate":
      // "yes", "no", or left to the API ("auto"): the form keeps true, false or nothing
      return (
        <Select
          {...rest}
          value={value === true ? "yes" : value === false ? "no" : undefined}
          onChange={(next: string | undefined) => onChange?.(next === "yes" ? true : next === "no" ? false : null)}
          allowClear
          placeholder={labels.option(widget.labels, "auto")}
          options={(["yes", "no"] as const).map((option) => ({
            value: option,
            label: labels.option(widget.labels, option),
          }))}
          style={{ width: "100%", minWidth: 0 }}
        />
      );
    case "tags":
      return (
        <Select
          {...rest}
          mode="tags"
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(next: string[]) => onChange?.(next)}
          tokenSeparators={[",", " "]}
          open={false}
          suffixIcon={null}
          placeholder={t("select.tags")}
          style={{ width: "100%", minWidth: 0 }}
        />
      );
    default:
      return null;
  }
}
