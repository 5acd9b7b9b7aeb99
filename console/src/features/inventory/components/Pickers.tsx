// The reports' filters, each with a visible label: a date, a stock item (stock items only; those tracked by
// batch or serial number for their reports), a location (org units of kind location only) and a choice, fed
// by the same lists as the stock entry form's pickers.
import { DatePicker, Flex, Select } from "antd";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { dayjs } from "@/lib/format";
import { dateFormat } from "@/features/records/fields/FieldControl";
import { ReferenceSelect } from "@/features/records/fields/ReferenceSelect";
import { BATCH_ITEMS, LOCATIONS, SERIAL_ITEMS, STOCK_ITEMS } from "@/features/records/fields/targets";

/** A filter under its label; the control is given the id its label points at. */
export function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <Flex vertical gap={4} className="stock-filter">
      <label htmlFor={id} className="stock-filter-label">
        {label}
      </label>
      {children(id)}
    </Flex>
  );
}

interface PickerProps {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  testId?: string;
}

export function DateFilter({ label, value, onChange, placeholder, testId }: PickerProps) {
  const { i18n } = useTranslation();
  return (
    <Labelled label={label}>
      {(id) => (
        <DatePicker
          id={id}
          format={dateFormat(i18n.language)}
          value={value ? dayjs(value) : null}
          onChange={(picked) => onChange(picked ? picked.format("YYYY-MM-DD") : undefined)}
          placeholder={placeholder}
          data-testid={testId}
          style={{ width: 170 }}
        />
      )}
    </Labelled>
  );
}

function Reference({ target, label, value, onChange, placeholder, testId }: PickerProps & { target: typeof LOCATIONS }) {
  return (
    <Labelled label={label}>
      {(id) => (
        <div data-testid={testId} style={{ width: 260, maxWidth: "100%" }}>
          <ReferenceSelect
            id={id}
            target={target}
            value={value ?? null}
            onChange={(next) => onChange(next ?? undefined)}
            placeholder={placeholder}
          />
        </div>
      )}
    </Labelled>
  );
}

export function StockItemFilter(props: PickerProps) {
  return <Reference {...props} target={STOCK_ITEMS} />;
}

export function LocationFilter(props: PickerProps) {
  return <Reference {...props} target={LOCATIONS} />;
}

export function BatchItemFilter(props: PickerProps) {
  return <Reference {...props} target={BATCH_ITEMS} />;
}

export function SerialItemFilter(props: PickerProps) {
  return <Reference {...props} target={SERIAL_ITEMS} />;
}

/** One of a few values, each in the reader's words; empty for all. */
export function ChoiceFilter({ options, ...props }: PickerProps & { options: { value: string; label: string }[] }) {
  return (
    <Labelled label={props.label}>
      {(id) => (
        <Select
          id={id}
          value={props.value}
          onChange={(next: string | undefined) => props.onChange(next || undefined)}
          options={options}
          allowClear
          placeholder={props.placeholder}
          data-testid={props.testId}
          style={{ width: 170 }}
        />
      )}
    </Labelled>
  );
}
