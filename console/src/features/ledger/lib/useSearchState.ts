import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

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
  return { get: (name: string) => params.get(name) ?? undefined, update };
}
