// Month pickers for the reports: a period range (with presets: this month, last month, this quarter,
// the fiscal year to date, last fiscal year) and a single month. Both read and write `YYYY-MM`.
import { DatePicker, Flex, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useId } from "react";
import { useTranslation } from "react-i18next";

import { fiscalYearStart, PERIOD_FORMAT, shiftPeriod, toDayjs, type PeriodRange } from "../lib/periods";
import { useFiscal } from "../lib/useFiscal";
import { LabelledRange } from "./LabelledRange";

function usePresets() {
  const { t } = useTranslation("ledger");
  const { current, startMonth } = useFiscal();
  const yearStart = fiscalYearStart(current, startMonth);
  const quarterStart = shiftPeriod(current, -((Number(current.slice(5)) - 1) % 3));
  const ranges: { label: string; from: string; to: string }[] = [
    { label: t("period.thisMonth"), from: current, to: current },
    { label: t("period.lastMonth"), from: shiftPeriod(current, -1), to: shiftPeriod(current, -1) },
    { label: t("period.thisQuarter"), from: quarterStart, to: current },
    { label: t("period.yearToDate"), from: yearStart, to: current },
    { label: t("period.lastYear"), from: shiftPeriod(yearStart, -12), to: shiftPeriod(yearStart, -1) },
  ];
  return ranges.map((range) => ({
    label: range.label,
    value: [toDayjs(range.from), toDayjs(range.to)] as [Dayjs, Dayjs],
  }));
}

/** Reports read at most 24 months ahead (the API refuses later periods). */
function useLatest(): string {
  return shiftPeriod(useFiscal().current, 24);
}

export function PeriodRangePicker({
  value,
  onChange,
  label,
  testId = "period-range",
}: {
  value: PeriodRange;
  onChange: (range: PeriodRange) => void;
  label?: string;
  testId?: string;
}) {
  const { t } = useTranslation("ledger");
  const presets = usePresets();
  const latest = useLatest();
  return (
    <LabelledRange label={label ?? t("period.label")} fromLabel={t("period.from")} toLabel={t("period.to")} testId={testId}>
      {(ids) => (
        <DatePicker.RangePicker
          picker="month"
          format={PERIOD_FORMAT}
          id={ids}
          allowClear={false}
          presets={presets}
          disabledDate={(day) => day.format(PERIOD_FORMAT) > latest}
          value={[toDayjs(value.from), toDayjs(value.to)]}
          onChange={(range) => {
            if (range?.[0] && range[1]) onChange({ from: range[0].format(PERIOD_FORMAT), to: range[1].format(PERIOD_FORMAT) });
          }}
          style={{ width: 240 }}
        />
      )}
    </LabelledRange>
  );
}

export function MonthPicker({
  value,
  onChange,
  label,
  testId = "period-month",
  disabledAfter,
}: {
  value: string;
  onChange: (period: string) => void;
  label: string;
  testId?: string;
  /** Months after this one cannot be picked. */
  disabledAfter?: string;
}) {
  const id = useId();
  const latest = useLatest();
  const last = disabledAfter && disabledAfter < latest ? disabledAfter : latest;
  return (
    <Flex vertical gap={4} data-testid={testId}>
      <label htmlFor={id}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label}
        </Typography.Text>
      </label>
      <DatePicker
        id={id}
        picker="month"
        format={PERIOD_FORMAT}
        allowClear={false}
        value={toDayjs(value)}
        disabledDate={(day) => day.format(PERIOD_FORMAT) > last}
        onChange={(day) => {
          if (day) onChange(day.format(PERIOD_FORMAT));
        }}
        style={{ width: 160 }}
      />
    </Flex>
  );
}
