// The e-invoice queue and settings, read through the typed client. Everything sits under ["einvoices"], so
// a resubmit, a cancel or "Submit now" refreshes the list and the page shown.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";

export type EInvoice = Schemas["EInvoiceView"];
export type EInvoiceError = Schemas["EInvoiceError"];
export type EInvoiceEvent = Schemas["EInvoiceEvent"];
export type EInvoiceSettings = Schemas["EInvoiceSettings"];
export type EInvoiceSettingsUpdate = Schemas["EInvoiceSettingsUpdate"];

/** Every state an e-invoice may be in, in the order a document goes through them. */
export const STATES = [
  "pending",
  "sending",
  "submitted",
  "valid",
  "invalid",
  "refused",
  "cancelled",
  "consolidate",
  "consolidated",
] as const;
export type EInvoiceState = (typeof STATES)[number];

/** States the run has not finished with: the screens look again while one is shown. */
export const IN_FLIGHT = new Set<string>(["pending", "sending", "submitted"]);
/** States a fixed document is sent again from. */
export const RESUBMITTABLE = new Set<string>(["invalid", "refused"]);
/** States in which the signed document exists. */
export const SIGNED = new Set<string>(["sending", "submitted", "valid", "invalid", "cancelled"]);

export const TYPE_CODES = ["01", "02", "03", "04"] as const;

export const einvoiceKeys = {
  all: ["einvoices"] as const,
  list: (query: EInvoiceListQuery) => ["einvoices", "list", query] as const,
  one: (id: string) => ["einvoices", "one", id] as const,
  settings: ["einvoices", "settings"] as const,
};

export interface EInvoiceListQuery {
  state?: string;
  limit: number;
  cursor?: string;
}

const POLL_MS = 5000;

export function useEInvoices(query: EInvoiceListQuery) {
  return useQuery({
    queryKey: einvoiceKeys.list(query),
    queryFn: () => unwrap(api.GET("/v1/einvoices", { params: { query } })),
    placeholderData: keepPreviousData,
    // while the run is at work on a document shown, its state changes without anyone doing anything here
    refetchInterval: (found) =>
      found.state.data?.items.some((item) => IN_FLIGHT.has(item.state)) ? POLL_MS : false,
  });
}

export function useEInvoice(id: string | undefined) {
  return useQuery({
    queryKey: einvoiceKeys.one(id ?? ""),
    queryFn: () => unwrap(api.GET("/v1/einvoices/{id}", { params: { path: { id: id ?? "" } } })),
    enabled: Boolean(id),
    refetchInterval: (found) => (found.state.data && IN_FLIGHT.has(found.state.data.state) ? POLL_MS : false),
  });
}

export function useEInvoiceSettings() {
  return useQuery({
    queryKey: einvoiceKeys.settings,
    queryFn: () => unwrap(api.GET("/v1/einvoicing/settings")),
  });
}
