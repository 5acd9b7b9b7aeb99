// The dashboard's figures, from one trial balance per month of the last twelve (each month's income and
// expense, and every balance-sheet account at its month end), the chart of accounts (to tell revenue,
// cash and bank, receivables and payables apart) and the cash books (to name cash and bank accounts).
// Fourteen small requests in parallel; the monthly trial balances are shared with the ledger pages' cache.
import { useQueries, useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";
import { usePermission } from "@/auth/me";
import { trialBalanceOptions, type TrialBalanceReport } from "@/features/ledger/lib/api";
import { fromCents, toCents } from "@/features/ledger/lib/money";
import { periodsBetween, shiftPeriod } from "@/features/ledger/lib/periods";

type Account = Schemas["Account"];
type CashBook = Schemas["CashBook"];

export type Role = "revenue" | "income" | "expense" | "cash" | "receivable" | "payable" | "other";

/** Codes of the SME chart's system accounts, for when the chart of accounts cannot be read. */
const FALLBACK_ROLES: Record<string, Role> = {
  "1010": "cash",
  "1020": "cash",
  "1030": "cash",
  "1040": "cash",
  "1100": "receivable",
  "2100": "payable",
};

export function roleOf(line: { code: string; type: string }, account: Account | undefined): Role {
  if (account) {
    const subtype = account.subtype ?? "";
    if (subtype === "cash" || subtype === "bank") return "cash";
    if (subtype === "receivable" || account.control === "receivable") return "receivable";
    if (subtype === "payable" || account.control === "payable") return "payable";
    if (account.type === "income") return subtype === "revenue" ? "revenue" : "income";
  } else {
    if (FALLBACK_ROLES[line.code]) return FALLBACK_ROLES[line.code];
    if (line.type === "income") return "revenue";
  }
  if (line.type === "income") return "income";
  if (line.type === "expense") return "expense";
  return "other";
}

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

async function listAll<T>(fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const answer = await fetchPage(cursor);
    items.push(...answer.items);
    if (!answer.next_cursor) break;
    cursor = answer.next_cursor;
  }
  return items;
}

/** Every item of a collection (`kind`, e.g. "accounts"), archived too, when the user may read it. */
function useWholeCollection<T>(kind: string, fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const permitted = usePermission(`${kind}:read`);
  return useQuery({
    enabled: permitted,
    queryKey: [kind, "all-for-dashboard"],
    queryFn: () => listAll(fetchPage),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

function useAccounts() {
  return useWholeCollection<Account>("accounts", (cursor) =>
    unwrap(api.GET("/v1/accounts", { params: { query: { limit: 200, status: "all", cursor } } })),
  );
}

function useCashBooks() {
  return useWholeCollection<CashBook>("cash-books", (cursor) =>
    unwrap(api.GET("/v1/cash-books", { params: { query: { limit: 200, status: "all", cursor } } })),
  );
}

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

function figures(
  reports: TrialBalanceReport[],
  accounts: Map<string, Account>,
  books: CashBook[],
): DashboardData {
  const cashAccounts = new Map<string, { label: string; balances: bigint[] }>();
  const months = reports.map((report, index) => {
    const totals: Record<Role, bigint> = { revenue: 0n, income: 0n, expense: 0n, cash: 0n, receivable: 0n, payable: 0n, other: 0n };
    for (const line of report.lines) {
      const role = roleOf(line, accounts.get(line.account_id));
      const balance = toCents(line.balance);
      totals[role] += balance;
      if (role === "cash") {
        const series = cashAccounts.get(line.account_id) ?? {
          label: `${line.code} ${line.name}`,
          balances: reports.map(() => 0n),
        };
        series.balances[index] = balance;
        cashAccounts.set(line.account_id, series);
      }
    }
    return {
      period: report.period_to,
      revenue: fromCents(-totals.revenue),
      expenses: fromCents(totals.expense),
      profit: fromCents(-(totals.revenue + totals.income + totals.expense)),
      receivables: fromCents(totals.receivable),
      payables: fromCents(-totals.payable),
      cash: fromCents(totals.cash),
    };
  });
  const cash = [...cashAccounts.entries()]
    .map(([accountId, series]) => {
      const names = books.filter((book) => book.account_id === accountId).map((book) => book.name ?? book.code ?? "");
      return {
        accountId,
        label: names.length > 0 ? names.join(" / ") : series.label,
        balances: series.balances.map(fromCents),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
  return { months, cash, empty: reports.every((report) => report.lines.length === 0) };
}

/** The last `count` months up to `current`, oldest first. */
export function lastMonths(current: string, count = 12): string[] {
  return periodsBetween(shiftPeriod(current, 1 - count), current);
}

export function useDashboard(current: string) {
  const periods = lastMonths(current);
  const monthly = useQueries({
    queries: periods.map((period) => trialBalanceOptions({ period_from: period, period_to: period })),
  });
  const accounts = useAccounts();
  const books = useCashBooks();
  const error = monthly.find((query) => query.error)?.error;
  // The chart of accounts and the cash books only refine the figures: go on without them when not
  // permitted (the query stays disabled) or refused.
  const ready = monthly.every((query) => query.data) && !accounts.isLoading && !books.isLoading;
  const data =
    ready && !error
      ? figures(
          monthly.map((query) => query.data!),
          new Map((accounts.data ?? []).map((account) => [account.id, account])),
          books.data ?? [],
        )
      : undefined;
  return { data, error, isPending: !ready && !error, refetch: () => monthly.forEach((query) => void query.refetch()) };
}
