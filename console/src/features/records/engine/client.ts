// The generic screens' access to the API. Each resource names its collection path; the typed client
// cannot check a path chosen at run time, so this is the one place that calls it loosely. Screens for
// one kind (journal reversal, exchange rates) use the typed `api` directly.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, idempotent, unwrap, type Schemas } from "@/api/client";
import type { DocRecord, Page, Resource } from "./types";

type Answer<T> = Promise<{ data?: T; error?: unknown; response: Response }>;
interface Init {
  params?: { path?: Record<string, string>; query?: Record<string, string | number | undefined> };
  body?: unknown;
  headers?: Record<string, string>;
}
interface LooseClient {
  GET<T>(path: string, init: Init): Answer<T>;
  POST<T>(path: string, init: Init): Answer<T>;
  PATCH<T>(path: string, init: Init): Answer<T>;
}
const loose = api as unknown as LooseClient;

export type AuditPage = Schemas["AuditPage"];
export type ListParams = Record<string, string | number | undefined>;

const one = (resource: { path: string }, suffix = "") => `${resource.path}/{id}${suffix}`;

export const records = {
  list: (resource: { path: string }, query: ListParams) =>
    unwrap(loose.GET<Page>(resource.path, { params: { query } })),
  get: (resource: { path: string }, id: string) =>
    unwrap(loose.GET<DocRecord>(one(resource), { params: { path: { id } } })),
  create: (resource: { path: string }, body: Record<string, unknown>, key: string) =>
    unwrap(loose.POST<DocRecord>(resource.path, { body, ...idempotent(key) })),
  update: (resource: Resource, id: string, body: Record<string, unknown>) =>
    unwrap(loose.PATCH<DocRecord>(one(resource), { params: { path: { id } }, body })),
  archive: (resource: Resource, id: string, version: number, key: string) =>
    unwrap(
      loose.POST<DocRecord>(one(resource, "/archive"), {
        params: { path: { id } },
        body: { version },
        ...idempotent(key),
      }),
    ),
  /** `POST <path>/{id}/<action>` (a sales document's submit or cancel), once per key. */
  action: (resource: { path: string }, id: string, action: string, body: Record<string, unknown>, key: string) =>
    unwrap(loose.POST<DocRecord>(one(resource, `/${action}`), { params: { path: { id } }, body, ...idempotent(key) })),
  history: (resource: Resource, id: string, cursor?: string) =>
    unwrap(loose.GET<AuditPage>(one(resource, "/history"), { params: { path: { id }, query: { limit: 50, cursor } } })),
};

/** The most a list's pages are read for at once (a tree, an export): 50 requests of the API's largest page. */
export const ALL_RECORDS_MAX = 10_000;

export interface AllRecords {
  items: DocRecord[];
  /** More records matched than `max`: only the first `max` are here. */
  truncated: boolean;
}

/** A list query without its page size and cursor: what every page of it matches. */
export function everyPage(query: ListParams): ListParams {
  return Object.fromEntries(Object.entries(query).filter(([name]) => name !== "limit" && name !== "cursor"));
}

/** Every page of a list query, from its first, in the API's largest pages (up to `max` records). */
export async function listAll(
  resource: { path: string },
  query: ListParams,
  max: number = ALL_RECORDS_MAX,
): Promise<AllRecords> {
  const items: DocRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await records.list(resource, { ...query, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && items.length < max);
  return { items: items.slice(0, max), truncated: Boolean(cursor) || items.length > max };
}

/** Query keys: everything of a kind sits under ["records", kind], so one invalidation refreshes it. */
export const recordKeys = {
  kind: (kind: string) => ["records", kind] as const,
  list: (kind: string, query: ListParams) => ["records", kind, "list", query] as const,
  all: (kind: string, query: ListParams) => ["records", kind, "all", query] as const,
  one: (kind: string, id: string) => ["records", kind, "one", id] as const,
  history: (kind: string, id: string) => ["records", kind, "history", id] as const,
};

export function useRecordList(resource: { kind: string; path: string }, query: ListParams, enabled = true) {
  return useQuery({
    queryKey: recordKeys.list(resource.kind, query),
    queryFn: () => records.list(resource, query),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}

/** Every record a list query matches (all its pages), e.g. for a tree; `query` takes no limit or cursor. */
export function useAllRecords(resource: { kind: string; path: string }, query: ListParams, enabled = true) {
  return useQuery({
    queryKey: recordKeys.all(resource.kind, query),
    queryFn: () => listAll(resource, query),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}

export function useRecord(
  resource: { kind: string; path: string },
  id: string | null | undefined,
  options: { refetchInterval?: (record: DocRecord | undefined, reads: number) => number | false } = {},
) {
  return useQuery({
    queryKey: recordKeys.one(resource.kind, id ?? ""),
    queryFn: () => records.get(resource, id!),
    enabled: Boolean(id),
    staleTime: 30_000,
    refetchInterval: options.refetchInterval
      ? (query) => options.refetchInterval!(query.state.data, query.state.dataUpdateCount)
      : undefined,
  });
}
