// Sales reports and settings, read through the typed client: what customers owe as at a day by how long it
// is overdue (AR aging), and the company's sales settings. Everything sits under ["sales"], so a document
// submitted or a receipt written (which invalidate it) refreshes them.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";

export type Receivables = Schemas["Receivables"];
export type AgedCustomer = Schemas["AgedCustomer"];
export type SalesSettings = Schemas["SalesSettings"];

export interface ReceivablesQuery {
  as_of?: string;
  /** Upper limits in days, "30,60,90". */
  buckets?: string;
}

export const salesKeys = {
  all: ["sales"] as const,
  receivables: (query: ReceivablesQuery) => ["sales", "receivables", query] as const,
  settings: ["sales", "settings"] as const,
};

export function useReceivables(query: ReceivablesQuery) {
  return useQuery({
    queryKey: salesKeys.receivables(query),
    queryFn: () => unwrap(api.GET("/v1/sales/receivables", { params: { query } })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSalesSettings() {
  return useQuery({ queryKey: salesKeys.settings, queryFn: () => unwrap(api.GET("/v1/sales/settings")) });
}
