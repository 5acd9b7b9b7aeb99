// The marketplace connections (control plane, /v1/platform/connections) and the marketplace order log
// (/v1/marketplace/orders), read through the typed client. Connections sit under ["marketplace",
// "connections"], the log under ["marketplace", "orders"], so a change refreshes the lists and the page shown.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";
import i18n from "@/i18n";

export type Connection = Schemas["Connection"];
export type ConnectionCreate = Schemas["ConnectionCreate"];
export type ConnectionPatch = Schemas["ConnectionPatch"];
export type ConnectionCredentials = Schemas["ConnectionCredentials"];
export type MarketplaceOrder = Schemas["MarketplaceOrderView"];
export type OrderEvent = Schemas["OrderEvent"];

export const PLATFORMS = ["shopee", "lazada"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The states of an order's import, in the order an order goes through them. */
export const STATES = ["importing", "imported", "error", "cancelled"] as const;
/** The order's status on its platform, normalised. */
export const STATUSES = ["unpaid", "paid", "shipped", "delivered", "completed", "cancelled", "returned"] as const;

export const marketplaceKeys = {
  all: ["marketplace"] as const,
  connections: ["marketplace", "connections"] as const,
  connection: (id: string) => ["marketplace", "connections", id] as const,
  orders: ["marketplace", "orders"] as const,
  list: (query: OrderListQuery) => ["marketplace", "orders", "list", query] as const,
  one: (id: string) => ["marketplace", "orders", "one", id] as const,
};

export interface OrderListQuery {
  state?: string;
  connection_id?: string;
  limit: number;
  cursor?: string;
}

/** While an import is under way (or a retry is waiting for its turn) the screens look again this often. */
export const BUSY_POLL_MS = 2000;
/** Pushes come in at any time: an open order log looks again this often anyway. */
const IDLE_POLL_MS = 15_000;

/** The full push URL the platform's console is given: this console's origin and the connection's path. */
export function pushUrl(connection: Pick<Connection, "webhook_path">): string {
  return `${window.location.origin}${connection.webhook_path}`;
}

export function useConnections(enabled = true) {
  return useQuery({
    queryKey: marketplaceKeys.connections,
    queryFn: () => unwrap(api.GET("/v1/platform/connections")),
    enabled,
  });
}

/** Orders retried, each with the attempts it had then: the screens look again until the import has run. */
export type Retried = Record<string, { attempts: number; until: number }>;

const RETRY_WATCH_MS = 90_000;

export function retried(watching: Retried, order: MarketplaceOrder): Retried {
  return { ...watching, [order.id]: { attempts: order.attempts, until: Date.now() + RETRY_WATCH_MS } };
}

/** Is an order being imported, or retried and still waiting for its import (same attempts, not long ago)? */
function busy(orders: MarketplaceOrder[], watching: Retried): boolean {
  const now = Date.now();
  return orders.some((order) => {
    const watched = watching[order.id];
    return order.state === "importing" || (Boolean(watched) && watched.until > now && order.attempts === watched.attempts);
  });
}

export function useMarketplaceOrders(query: OrderListQuery, watching: Retried) {
  return useQuery({
    queryKey: marketplaceKeys.list(query),
    queryFn: () => unwrap(api.GET("/v1/marketplace/orders", { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (found) => (busy(found.state.data?.items ?? [], watching) ? BUSY_POLL_MS : IDLE_POLL_MS),
  });
}

export function useMarketplaceOrder(id: string | undefined, watching: Retried) {
  return useQuery({
    queryKey: marketplaceKeys.one(id ?? ""),
    queryFn: () => unwrap(api.GET("/v1/marketplace/orders/{id}", { params: { path: { id: id ?? "" } } })),
    enabled: Boolean(id),
    refetchInterval: (found) => {
      const order = found.state.data;
      return order && busy([order], watching) ? BUSY_POLL_MS : false;
    },
  });
}

/** The last import's refusal in the reader's language: each field's error by its code (the errors namespace),
 * the API's English where the console has no words for a code. */
export function importErrorText(order: Pick<MarketplaceOrder, "error" | "errors">): string {
  const problems = order.errors ?? [];
  if (!problems.length) return order.error ?? "";
  return problems
    .map((problem) =>
      i18n.exists(problem.code, { ns: "errors" })
        ? i18n.t(problem.code, { ns: "errors", ...(problem.params ?? {}) })
        : problem.message,
    )
    .join(" ");
}

/** The applet's permissions: reading the shops and the log, and changing them (connect, pause, retry). */
export const READ = "marketplaces:read";
export const MANAGE = "marketplaces:manage";
