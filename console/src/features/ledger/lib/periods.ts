// Accounting periods (calendar months, `YYYY-MM`) and the fiscal year, in the company's time zone.
import { dayjs } from "@/lib/format";

export const PERIOD_FORMAT = "YYYY-MM";
export const DATE_FORMAT = "YYYY-MM-DD";
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A range of months, both ends included, as `YYYY-MM`. */
export type PeriodRange = {
  from: string;
  to: string;
};

export function isPeriod(value: string | null | undefined): value is string {
  return !!value && PERIOD.test(value);
}

export function isDate(value: string | null | undefined): value is string {
  return !!value && DATE.test(value);
}

/** This month in the company's time zone. */
export function thisPeriod(timeZone: string): string {
  return dayjs().tz(timeZone).format(PERIOD_FORMAT);
}

/** `period` moved by `months` (negative: earlier). */
export function shiftPeriod(period: string, months: number): string {
  return dayjs(`${period}-01`).add(months, "month").format(PERIOD_FORMAT);
}

/** The first month of the fiscal year `period` falls in. */
export function fiscalYearStart(period: string, startMonth: number): string {
  const [year, month] = period.split("-").map(Number);
  const startYear = month >= startMonth ? year : year - 1;
  return `${startYear}-${String(startMonth).padStart(2, "0")}`;
}

/** The fiscal year to date: its first month to this month. */
export function fiscalYearToDate(timeZone: string, startMonth: number): PeriodRange {
  const to = thisPeriod(timeZone);
  return { from: fiscalYearStart(to, startMonth), to };
}

/** Every month from `from` to `to`, inclusive. */
export function periodsBetween(from: string, to: string): string[] {
  const periods: string[] = [];
  for (let period = from; period <= to && periods.length < 240; period = shiftPeriod(period, 1)) periods.push(period);
  return periods;
}

/** The number of months from `from` to `to`, inclusive. */
export function monthCount(from: string, to: string): number {
  return periodsBetween(from, to).length;
}

export function firstDay(period: string): string {
  return `${period}-01`;
}

export function lastDay(period: string): string {
  return dayjs(`${period}-01`).endOf("month").format(DATE_FORMAT);
}

/** A Dayjs for a picker, from `YYYY-MM` or `YYYY-MM-DD`. */
export function toDayjs(value: string) {
  return dayjs(value.length === 7 ? `${value}-01` : value);
}
