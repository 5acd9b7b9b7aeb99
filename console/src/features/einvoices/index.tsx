// MyInvois e-invoicing: the queue of documents sent (or to be sent) to LHDN with their states, one
// e-invoice's page (errors to fix and resubmit, cancel within 72 hours, the signed document) and the
// company's e-invoice settings with its signing certificate; under the Compliance menu group while the
// applet is on and the user may read e-invoices (changed by those who may manage them).
import { AuditOutlined, SettingOutlined } from "@ant-design/icons";
import { type ComponentType, type LazyExoticComponent } from "react";

import { LoadedPage, lazyPage as page } from "@/app/lazyPage";
import type { Feature } from "@/app/feature";
import { Permitted } from "@/features/records/engine/Permitted";
import "./einvoices.css";

const APPLET = "einvoices";
const READ = `${APPLET}:read`;

const EInvoicesPage = page(() => import("./pages/EInvoicesPage"), "EInvoicesPage");
const EInvoicePage = page(() => import("./pages/EInvoicePage"), "EInvoicePage");
const EInvoiceSettingsPage = page(() => import("./pages/EInvoiceSettingsPage"), "EInvoiceSettingsPage");

function element(Page: LazyExoticComponent<ComponentType>) {
  return (
    <Permitted kind={APPLET} permission={READ}>
      <LoadedPage page={Page} />
    </Permitted>
  );
}

export const feature: Feature = {
  routes: [
    { path: "einvoices", element: element(EInvoicesPage) },
    { path: "einvoices/settings", element: element(EInvoiceSettingsPage) },
    { path: "einvoices/:id", element: element(EInvoicePage) },
  ],
  nav: [
    {
      path: "/einvoices",
      label: "einvoices:nav.queue",
      group: "compliance",
      applet: APPLET,
      permission: READ,
      icon: <AuditOutlined />,
      order: 10,
    },
    {
      path: "/einvoices/settings",
      label: "einvoices:nav.settings",
      group: "compliance",
      applet: APPLET,
      permission: READ,
      icon: <SettingOutlined />,
      order: 11,
    },
  ],
};
