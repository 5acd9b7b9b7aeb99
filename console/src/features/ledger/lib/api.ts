// The ledger API's reads as TanStack queries, and the report download paths.
import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";

export type TrialBalanceReport = Schemas["TrialBalanceReport"];
export type TrialBalanceLine = Schemas["TrialBalanceLine"];
export type BalanceSheetReport = Schemas["BalanceSheetReport"];
export type ProfitAndLossReport = Schemas["ProfitAndLossReport"];
export type StatementSection = Schemas["StatementSection"];
export type StatementGroup = Schemas["StatementGroup"];
export type StatementLine = Schemas["StatementLine"];
export type AccountLedgerReport = Schemas["AccountLedgerReport"];
export type LedgerLine = Schemas["LedgerLine"];
export type EntryPage = Schemas["EntryPage"];
export type EntryView = Schemas["EntryView"];
export type EntryLineView = Schemas["EntryLineView"];
export type LedgerSettings = Schemas["LedgerSettings"];
export type SettingsAudit = Schemas["SettingsAudit"];
export type PostingException = Schemas["PostingException"];
export type CloseRecord = Schemas["CloseRecord"];

export interface TrialBalanceQuery {
  period_from: string;
  period_to: string;
  branch_id?: string;
  department_id?: string;
  project_id?: string;
}

export interface ProfitAndLossQuery {
  period_from: string;
  period_to: string;
  compare_from?: string;
  compare_to?: string;
}

export interface DateRange {
  date_from: string;
  date_to: string;
}

/** Leave out empty filters so the query key and the URL stay the same for the same report. */
function defined<T extends object>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== "")) as T;
}

/** The API's cursor paging: the first page without a cursor, each next one with the page's `next_cursor`. */
const byCursor = {
  initialPageParam: null as string | null,
  getNextPageParam: (page: { next_cursor?: string | null }) => page.next_cursor ?? null,
};

// The report operations answer JSON, CSV or XLSX; a JSON request gets the JSON model.
export function trialBalanceOptions(query: TrialBalanceQuery) {
  const params = defined(query);
  return queryOptions({
    queryKey: ["ledger", "trial-balance", params],
    queryFn: async () =>
      (await unwrap(api.GET("/v1/ledger/trial-balance", { params: { query: params } }))) as TrialBalanceReport,
    staleTime: 30_000,
  });
}

export function useTrialBalance(query: TrialBalanceQuery) {
  return useQuery({ ...trialBalanceOptions(query), placeholderData: keepPreviousData });
}

export function useBalanceSheet(asOf: string) {
  return useQuery({
    queryKey: ["ledger", "balance-sheet", asOf],
    queryFn: async () =>
      (await unwrap(api.GET("/v1/ledger/balance-sheet", { params: { query: { as_of: asOf } } }))) as BalanceSheetReport,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useProfitAndLoss(query: ProfitAndLossQuery) {
  const params = defined(query);
  return useQuery({
    queryKey: ["ledger", "profit-and-loss", params],
    queryFn: async () =>
      (await unwrap(api.GET("/v1/ledger/profit-and-loss", { params: { query: params } }))) as ProfitAndLossReport,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export const GL_PAGE_SIZE = 100;

export function useAccountLedger(accountId: string, periodFrom: string, periodTo: string) {
  return useInfiniteQuery({
    queryKey: ["ledger", "account-ledger", accountId, periodFrom, periodTo],
    queryFn: async ({ pageParam }) =>
      (await unwrap(
        api.GET("/v1/ledger/accounts/{id}/ledger", {
          params: {
            path: { id: accountId },
            query: { period_from: periodFrom, period_to: periodTo, limit: GL_PAGE_SIZE, cursor: pageParam ?? undefined },
          },
        }),
      )) as AccountLedgerReport,
    ...byCursor,
    staleTime: 30_000,
  });
}

export const ENTRIES_PAGE_SIZE = 50;

export function useEntries(range: DateRange) {
  return useInfiniteQuery({
    queryKey: ["ledger", "entries", range],
    queryFn: async ({ pageParam }) =>
      (await unwrap(
        api.GET("/v1/ledger/entries", {
          params: { query: { ...range, limit: ENTRIES_PAGE_SIZE, cursor: pageParam ?? undefined } },
        }),
      )) as EntryPage,
    ...byCursor,
    staleTime: 30_000,
  });
}

export function useEntry(entryId: string) {
  return useQuery({
    queryKey: ["ledger", "entry", entryId],
    queryFn: () => unwrap(api.GET("/v1/ledger/entries/{id}", { params: { path: { id: entryId } } })),
    staleTime: 5 * 60_000, // posted entries never change
  });
}

export function useLedgerSettings() {
  return useQuery({ queryKey: ["ledger", "settings"], queryFn: () => unwrap(api.GET("/v1/ledger/settings")) });
}

export function useSettingsHistory() {
  return useInfiniteQuery({
    queryKey: ["ledger", "settings-history"],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/v1/ledger/settings/history", { params: { query: { limit: 20, cursor: pageParam ?? undefined } } })),
    ...byCursor,
  });
}

export function useExceptions() {
  return useInfiniteQuery({
    queryKey: ["ledger", "exceptions"],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/v1/ledger/exceptions", { params: { query: { limit: 50, cursor: pageParam ?? undefined } } })),
    ...byCursor,
  });
}

/** The path of a report download: the report's query and `format`. */
export function downloadPath(path: string, query: object, format: "csv" | "xlsx"): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(defined(query))) search.set(name, String(value));
  search.set("format", format);
  return `${path}?${search.toString()}`;
}
