// Inventory reports: stock balances (the valuation, by item and location, now or at a date) and the
// stock card of an item at a location with its availability, under the Inventory menu group while the
// stock reports applet is on and the user may read them. Stock entries and reservations are record
// screens (features/records/specs/inventory.tsx).
import { BarChartOutlined, ProfileOutlined } from "@ant-design/icons";
import { Flex, Spin } from "antd";
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";

import type { Feature, NavItem } from "@/app/feature";
import { Permitted } from "@/features/records/engine/Permitted";
import "./inventory.css";

const APPLET = "stock-reports";
const READ = `${APPLET}:read`;

function page<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const StockBalancesPage = page(() => import("./pages/StockBalancesPage"), "StockBalancesPage");
const StockCardPage = page(() => import("./pages/StockCardPage"), "StockCardPage");

function element(Page: LazyExoticComponent<ComponentType>) {
  return (
    <Permitted kind={APPLET} permission={READ}>
      <Suspense
        fallback={
          <Flex justify="center" style={{ padding: 48 }}>
            <Spin />
          </Flex>
        }
      >
        <Page />
      </Suspense>
    </Permitted>
  );
}

const REPORT = { group: "inventory", applet: APPLET, permission: READ } as const satisfies Partial<NavItem>;

export const feature: Feature = {
  routes: [
    { path: "stock/balances", element: element(StockBalancesPage) },
    { path: "stock/card", element: element(StockCardPage) },
  ],
  nav: [
    { ...REPORT, path: "/stock/balances", label: "stock-reports:nav.balances", icon: <BarChartOutlined />, order: 30 },
    { ...REPORT, path: "/stock/card", label: "stock-reports:nav.card", icon: <ProfileOutlined />, order: 31 },
  ],
};
