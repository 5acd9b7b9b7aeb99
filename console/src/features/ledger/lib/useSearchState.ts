import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

import { isDate, isPeriod, type PeriodRange } from "./periods";
import { useFiscal } from "./useFiscal";

/** A report's filters in the URL (so Back after a drill-down, a reload or a shared link keep them). */
export function useSearchState() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (patch: Record<string, string | undefined>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(patch)) {
            if (value) next.set(name, value);
            else next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const get = (name: string) => params.get(name) ?? undefined;
  /** A parameter checked by `valid`, or `fallback` when it is missing or malformed. */
  const checked = (valid: (value: string | undefined) => boolean) => (name: string, fallback: string) => {
    const value = get(name);
    return value !== undefined && valid(value) ? value : fallback;
  };
  return { get, period: checked(isPeriod), date: checked(isDate), update };
}

/** The months a report covers, from the URL's `from` and `to`: the fiscal year to date unless given. */
export function usePeriodRangeSearch() {
  const search = useSearchState();
  const { yearToDate } = useFiscal();
  const range: PeriodRange = { from: search.period("from", yearToDate.from), to: search.period("to", yearToDate.to) };
  return { search, range };
}
