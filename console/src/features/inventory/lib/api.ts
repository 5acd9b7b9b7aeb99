// The stock reports, read through the typed client: balances (the valuation), an item's stock card at a
// location, and its availability by location; and the company's stock settings. Everything sits under
// ["stock"], so a stock change (a reservation made or released) refreshes them with one invalidation.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";

export type StockBalances = Schemas["StockBalances"];
export type StockBalance = Schemas["StockBalance"];
export type StockCard = Schemas["StockCard"];
export type StockCardRow = Schemas["StockCardRow"];
export type Availability = Schemas["Availability"];
export type LocationAvailability = Schemas["LocationAvailability"];
export type StockSettings = Schemas["StockSettings"];

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

/** While movements wait to be costed, the reports look again every few seconds. */
const PENDING_POLL_MS = 2000;

export const stockKeys = {
  all: ["stock"] as const,
  balances: (query: BalancesQuery) => ["stock", "balances", query] as const,
  card: (query: CardQuery) => ["stock", "card", query] as const,
  availability: (itemId: string) => ["stock", "availability", itemId] as const,
  settings: ["stock", "settings"] as const,
};

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
