import { useMe } from "@/auth/me";
import { DEFAULT_TIME_ZONE } from "@/lib/format";
import { fiscalYearToDate, thisPeriod } from "./periods";

/** The company's fiscal calendar: the first month of its fiscal year, this month, the year to date. */
export function useFiscal() {
  const { tenant } = useMe();
  const timeZone = tenant.time_zone || DEFAULT_TIME_ZONE;
  const startMonth = tenant.fiscal_year_start_month || 1;
  return {
    timeZone,
    startMonth,
    current: thisPeriod(timeZone),
    yearToDate: fiscalYearToDate(timeZone, startMonth),
  };
}
