// The dashboard's figures in one request (GET /v1/ledger/dashboard): each of the last twelve months'
// revenue, expenses and profit, receivables, payables and cash at its end, and each cash or bank
// account's balance at every month end — what a trial balance of each month gives.
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/api/client";

export interface CashSeries {
  accountId: string;
  /** The cash books on the account, else the account's code and name. */
  label: string;
  /** Balance at each month end, debit positive. */
  balances: string[];
}

export interface MonthFigures {
  period: string;
  revenue: string;
  expenses: string;
  /** Income less expenses of the month (all income, not only revenue). */
  profit: string;
  receivables: string;
  payables: string;
  cash: string;
}

export interface DashboardData {
  months: MonthFigures[];
  cash: CashSeries[];
  /** No balance in any of the months: a company that has not posted anything yet. */
  empty: boolean;
}

/** The last twelve months up to this one (the company's own month, by its time zone). */
export const dashboardQuery = {
  queryKey: ["ledger", "dashboard"] as const,
  // a posting invalidates ["ledger"]; meanwhile a remount (a language change) does not ask again
  staleTime: 30_000,
  queryFn: async (): Promise<DashboardData> => {
    const summary = await unwrap(api.GET("/v1/ledger/dashboard", {}));
    return {
      months: summary.months,
      cash: summary.cash.map((series) => ({ accountId: series.account_id, label: series.label, balances: series.balances })),
      empty: summary.empty,
    };
  },
};

export function useDashboard() {
  const query = useQuery(dashboardQuery);
  return {
    data: query.data,
    error: query.error ?? undefined,
    isPending: query.isPending && !query.error,
    refetch: () => void query.refetch(),
  };
}
