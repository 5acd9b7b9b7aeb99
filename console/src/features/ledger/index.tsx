// The ledger applet: reports (trial balance, balance sheet, profit and loss), the general ledger of an
// account, the journal, posting exceptions, lock dates and the period close.
import {
  BarChartOutlined,
  BookOutlined,
  ExceptionOutlined,
  FundOutlined,
  LockOutlined,
  ScheduleOutlined,
  TableOutlined,
} from "@ant-design/icons";
import { Flex, Spin } from "antd";
import { Suspense, type ComponentType, type LazyExoticComponent } from "react";

import { lazyPage as page } from "@/app/lazyPage";
import type { Feature } from "@/app/feature";
import "./ledger.css";

const TrialBalancePage = page(() => import("./pages/TrialBalancePage"), "TrialBalancePage");
const BalanceSheetPage = page(() => import("./pages/BalanceSheetPage"), "BalanceSheetPage");
const ProfitAndLossPage = page(() => import("./pages/ProfitAndLossPage"), "ProfitAndLossPage");
const AccountLedgerPage = page(() => import("./pages/AccountLedgerPage"), "AccountLedgerPage");
const EntriesPage = page(() => import("./pages/EntriesPage"), "EntriesPage");
const EntryPage = page(() => import("./pages/EntryPage"), "EntryPage");
const ExceptionsPage = page(() => import("./pages/ExceptionsPage"), "ExceptionsPage");
const SettingsPage = page(() => import("./pages/SettingsPage"), "SettingsPage");
const ClosesPage = page(() => import("./pages/ClosesPage"), "ClosesPage");

function Loading() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin />
    </Flex>
  );
}

function element(Page: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

const LEDGER = { group: "ledger", applet: "ledger" } as const;

export const feature: Feature = {
  routes: [
    { path: "ledger/trial-balance", element: element(TrialBalancePage) },
    { path: "ledger/balance-sheet", element: element(BalanceSheetPage) },
    { path: "ledger/profit-and-loss", element: element(ProfitAndLossPage) },
    { path: "ledger/accounts/:id", element: element(AccountLedgerPage) },
    { path: "ledger/entries", element: element(EntriesPage) },
    { path: "ledger/entries/:id", element: element(EntryPage) },
    { path: "ledger/exceptions", element: element(ExceptionsPage) },
    { path: "ledger/settings", element: element(SettingsPage) },
    { path: "ledger/closes", element: element(ClosesPage) },
  ],
  nav: [
    { ...LEDGER, path: "/ledger/trial-balance", label: "ledger:nav.trialBalance", icon: <TableOutlined />, permission: "ledger:read", order: 10 },
    { ...LEDGER, path: "/ledger/balance-sheet", label: "ledger:nav.balanceSheet", icon: <FundOutlined />, permission: "ledger:read", order: 11 },
    { ...LEDGER, path: "/ledger/profit-and-loss", label: "ledger:nav.profitAndLoss", icon: <BarChartOutlined />, permission: "ledger:read", order: 12 },
    { ...LEDGER, path: "/ledger/entries", label: "ledger:nav.entries", icon: <BookOutlined />, permission: "ledger:read", order: 13 },
    { ...LEDGER, path: "/ledger/exceptions", label: "ledger:nav.exceptions", icon: <ExceptionOutlined />, permission: "ledger:read", order: 14 },
    { ...LEDGER, path: "/ledger/closes", label: "ledger:nav.closes", icon: <ScheduleOutlined />, permission: "ledger:read", order: 15 },
    { ...LEDGER, path: "/ledger/settings", label: "ledger:nav.settings", icon: <LockOutlined />, permission: "ledger:read", order: 16 },
  ],
};

