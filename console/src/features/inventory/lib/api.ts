// The stock reports, read through the typed client: balances (the valuation), an item's stock card at a
// location, and its availability by location; batches on hand by expiry and an item's serial numbers (a
// page at a time); and the company's stock settings. Everything sits under ["stock"], so a stock change
// (a reservation made or released) refreshes them with one invalidation.
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";

export type StockBalances = Schemas["StockBalances"];
export type StockBalance = Schemas["StockBalance"];
export type StockCard = Schemas["StockCard"];
export type StockCardRow = Schemas["StockCardRow"];
export type Availability = Schemas["Availability"];
export type LocationAvailability = Schemas["LocationAvailability"];
export type StockSettings = Schemas["StockSettings"];
export type Batches = Schemas["Batches"];
export type BatchLine = Schemas["BatchLine"];
export type Serials = Schemas["Serials"];
export type SerialLine = Schemas["SerialLine"];
export type SerialState = "in_stock" | "out";

export interface BalancesQuery {
  as_of?: string;
  item_id?: string;
  location_id?: string;
}

export interface CardQuery {
  item_id: string;
  location_id: string;
  from?: string;
  to?: string;
}

export interface BatchesQuery {
  as_of?: string;
  item_id?: string;
  location_id?: string;
  expires_by?: string;
}

export interface SerialsQuery {
  item_id: string;
  location_id?: string;
  state?: SerialState;
}

/** While movements wait to be costed, the reports look again every few seconds. */
const PENDING_POLL_MS = 2000;

export const stockKeys = {
  all: ["stock"] as const,
  balances: (query: BalancesQuery) => ["stock", "balances", query] as const,
  card: (query: CardQuery) => ["stock", "card", query] as const,
  availability: (itemId: string) => ["stock", "availability", itemId] as const,
  settings: ["stock", "settings"] as const,
  batches: (query: BatchesQuery) => ["stock", "batches", query] as const,
  serials: (query: SerialsQuery) => ["stock", "serials", query] as const,
};

const byCursor = {
  initialPageParam: null as string | null,
  getNextPageParam: (page: { next_cursor?: string | null }) => page.next_cursor ?? null,
};

/** One page of the batches on hand, first expiring first. */
export const batchesPage = (query: BatchesQuery, cursor: string | null) =>
  unwrap(api.GET("/v1/stock/batches", { params: { query: { ...query, cursor: cursor ?? undefined } } }));

/** Every page of the batches a query matches (an export). */
export async function allBatches(query: BatchesQuery): Promise<BatchLine[]> {
  const lines: BatchLine[] = [];
  let cursor: string | null = null;
  do {
    const page: Batches = await batchesPage(query, cursor);
    lines.push(...page.lines);
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return lines;
}

export function useStockBatches(query: BatchesQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: stockKeys.batches(query),
    queryFn: ({ pageParam }) => batchesPage(query, pageParam),
    ...byCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useStockSerials(query: SerialsQuery | null) {
  return useInfiniteQuery({
    queryKey: stockKeys.serials(query ?? { item_id: "" }),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/v1/stock/serials", { params: { query: { ...query!, cursor: pageParam ?? undefined } } }),
      ),
    ...byCursor,
    placeholderData: keepPreviousData,
    enabled: query !== null,
  });
}

export function useStockBalances(query: BalancesQuery, enabled = true) {
  return useQuery({
    queryKey: stockKeys.balances(query),
    queryFn: () => unwrap(api.GET("/v1/stock/balances", { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (current) =>
      current.state.data?.lines.some((line) => line.valuation_pending) ? PENDING_POLL_MS : false,
    enabled,
  });
}

/** A card row still to be costed (a cancelled row is never costed: it keeps no figures). */
export const awaitsValuation = (row: StockCardRow) => !row.valued && !row.cancelled;

export function useStockCard(query: CardQuery | null) {
  return useQuery({
    queryKey: stockKeys.card(query ?? { item_id: "", location_id: "" }),
    queryFn: () => unwrap(api.GET("/v1/stock/card", { params: { query: query! } })),
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (current.state.data?.rows.some(awaitsValuation) ? PENDING_POLL_MS : false),
    enabled: query !== null,
  });
}

export function useAvailability(itemId: string | null | undefined) {
  return useQuery({
    queryKey: stockKeys.availability(itemId ?? ""),
    queryFn: () => unwrap(api.GET("/v1/stock/availability", { params: { query: { item_id: itemId! } } })),
    enabled: Boolean(itemId),
  });
}

/** The company's stock settings: the default costing method and the negative-stock policy, with their version. */
export function useStockSettings() {
  return useQuery({ queryKey: stockKeys.settings, queryFn: () => unwrap(api.GET("/v1/stock/settings")) });
}
