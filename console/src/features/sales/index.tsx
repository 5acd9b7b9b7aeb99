// Sales reports and settings: the AR aging (what customers owe as at a day, by days overdue) under the Sales
// menu group while the sales reports applet is on and the user may read them; and the company's sales
// settings, with the sales orders applet, for those who may read orders (changed by those who may manage
// them). Quotations, orders, deliveries, invoices and customer receipts are record screens
// (features/records/specs/sales.tsx).
import { FieldTimeOutlined, SettingOutlined } from "@ant-design/icons";
import { type ComponentType, type LazyExoticComponent } from "react";

import { LoadedPage, lazyPage as page } from "@/app/lazyPage";
import type { Feature } from "@/app/feature";
import { Permitted } from "@/features/records/engine/Permitted";

const REPORTS = "sales-reports";
const SETTINGS_APPLET = "sales-orders";

const ReceivablesPage = page(() => import("./pages/ReceivablesPage"), "ReceivablesPage");
const SalesSettingsPage = page(() => import("./pages/SalesSettingsPage"), "SalesSettingsPage");

function element(Page: LazyExoticComponent<ComponentType>, applet: string, permission: string) {
  return (
    <Permitted kind={applet} permission={permission}>
      <LoadedPage page={Page} />
    </Permitted>
  );
}

export const feature: Feature = {
  routes: [
    { path: "sales/receivables", element: element(ReceivablesPage, REPORTS, `${REPORTS}:read`) },
    { path: "sales/settings", element: element(SalesSettingsPage, SETTINGS_APPLET, `${SETTINGS_APPLET}:read`) },
  ],
  nav: [
    {
      path: "/sales/receivables",
      label: "sales-reports:nav.receivables",
      group: "sales",
      applet: REPORTS,
      permission: `${REPORTS}:read`,
      icon: <FieldTimeOutlined />,
      order: 60,
    },
    {
      path: "/sales/settings",
      label: "sales:nav.settings",
      group: "sales",
      applet: SETTINGS_APPLET,
      permission: `${SETTINGS_APPLET}:read`,
      icon: <SettingOutlined />,
      order: 70,
    },
  ],
};
