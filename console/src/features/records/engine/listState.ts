// A list's search, status, filters, order and page size live in the URL (links and Back keep them);
// the cursors of the pages visited live in the history entry's state, so Back returns to the page.
import { useLocation, useSearchParams } from "react-router-dom";

import type { ListParams } from "./client";
import type { Resource } from "./types";

export const PAGE_SIZES = [20, 50, 100] as const;

export interface ListState {
  q: string;
  status: "active" | "archived" | "all";
  sort?: string;
  filters: Record<string, string>;
  limit: number;
  /** Cursors of the pages after the first, as visited: the last one is the current page's. */
  cursors: string[];
}

type Patch = Partial<Pick<ListState, "q" | "status" | "sort" | "limit">> & { filters?: Record<string, string | null> };

export function useListState(resource: Resource) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filterParams = (resource.filters ?? []).map((filter) => filter.param);
  const status = params.get("status");
  const limit = Number(params.get("limit"));
  const state: ListState = {
    q: params.get("q") ?? "",
    status: status === "archived" || status === "all" ? status : "active",
    sort: params.get("sort") ?? resource.defaultSort,
    filters: Object.fromEntries(filterParams.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : []))),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZES[0],
    cursors: ((location.state as { cursors?: string[] } | null)?.cursors ?? []).filter(Boolean),
  };

  /** Change the query; the list starts again at its first page. */
  const update = (patch: Patch) => {
    const next = new URLSearchParams(params);
    const set = (name: string, value: string | number | null | undefined, fallback?: string) => {
      if (value === null || value === undefined || value === "" || String(value) === fallback) next.delete(name);
      else next.set(name, String(value));
    };
    if ("q" in patch) set("q", patch.q?.trim());
    if ("status" in patch) set("status", patch.status, "active");
    if ("sort" in patch) set("sort", patch.sort ?? "", resource.defaultSort);
    if ("limit" in patch) set("limit", patch.limit, String(PAGE_SIZES[0]));
    for (const [name, value] of Object.entries(patch.filters ?? {})) set(name, value);
    setParams(next, { replace: true, state: null });
  };

  const goTo = (cursors: string[]) => setParams(params, { replace: true, state: { cursors } });

  const query: ListParams = {
    limit: state.limit,
    status: resource.editable && resource.archivable !== false ? state.status : undefined,
    q: state.q || undefined,
    sort: state.sort,
    cursor: state.cursors[state.cursors.length - 1],
    ...state.filters,
  };

  return {
    state,
    query,
    update,
    next: (cursor: string) => goTo([...state.cursors, cursor]),
    previous: () => goTo(state.cursors.slice(0, -1)),
    page: state.cursors.length + 1,
  };
}
