// Inventory reports: stock balances (the valuation, by item and location, now or at a date), the stock
// card of an item at a location with its availability, batches on hand by expiry and an item's serial
// numbers, under the Inventory menu group while the stock reports applet is on and the user may read
// them; and the company's stock settings, with the
// stock entries applet, for those who may read stock entries (changed by those who may manage them).
// Stock entries, reservations, requests, reorder rules and count sheets are record screens
// (features/records/specs/inventory.tsx and planning.tsx).
import {
  BarChartOutlined,
  BarcodeOutlined,
  FieldTimeOutlined,
  ProfileOutlined,
  SettingOutlined,
} from "@ant-design/icons";
import { type ComponentType, type LazyExoticComponent } from "react";

import { LoadedPage, lazyPage as page } from "@/app/lazyPage";
import type { Feature, NavItem } from "@/app/feature";
import { Permitted } from "@/features/records/engine/Permitted";
import "./inventory.css";

const APPLET = "stock-reports";
const READ = `${APPLET}:read`;
// The settings belong to the stock entries applet: read with its entries, changed by who may manage them
const SETTINGS_APPLET = "stock-entries";
const SETTINGS_READ = `${SETTINGS_APPLET}:read`;

const StockBalancesPage = page(() => import("./pages/StockBalancesPage"), "StockBalancesPage");
const StockCardPage = page(() => import("./pages/StockCardPage"), "StockCardPage");
const StockBatchesPage = page(() => import("./pages/StockBatchesPage"), "StockBatchesPage");
const StockSerialsPage = page(() => import("./pages/StockSerialsPage"), "StockSerialsPage");
const StockSettingsPage = page(() => import("./pages/StockSettingsPage"), "StockSettingsPage");

function element(Page: LazyExoticComponent<ComponentType>, applet = APPLET, permission = READ) {
  return (
    <Permitted kind={applet} permission={permission}>
      <LoadedPage page={Page} />
    </Permitted>
  );
}

const REPORT = { group: "inventory", applet: APPLET, permission: READ } as const satisfies Partial<NavItem>;

export const feature: Feature = {
  routes: [
    { path: "stock/balances", element: element(StockBalancesPage) },
    { path: "stock/card", element: element(StockCardPage) },
    { path: "stock/batches", element: element(StockBatchesPage) },
    { path: "stock/serials", element: element(StockSerialsPage) },
    { path: "stock/settings", element: element(StockSettingsPage, SETTINGS_APPLET, SETTINGS_READ) },
  ],
  nav: [
    { ...REPORT, path: "/stock/balances", label: "stock-reports:nav.balances", icon: <BarChartOutlined />, order: 30 },
    { ...REPORT, path: "/stock/card", label: "stock-reports:nav.card", icon: <ProfileOutlined />, order: 31 },
    { ...REPORT, path: "/stock/batches", label: "stock-reports:nav.batches", icon: <FieldTimeOutlined />, order: 32 },
    { ...REPORT, path: "/stock/serials", label: "stock-reports:nav.serials", icon: <BarcodeOutlined />, order: 33 },
    {
      path: "/stock/settings",
      label: "stock-settings:nav",
      group: "inventory",
      applet: SETTINGS_APPLET,
      permission: SETTINGS_READ,
      icon: <SettingOutlined />,
      order: 50,
    },
  ],
};
