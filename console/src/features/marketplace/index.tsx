// Marketplaces (Shopee, Lazada): the shops connected to the company (what their orders book to, their push
// URL, paused or not, their tokens replaced) and the marketplace order log (what each order became, what
// refused it, and a retry once that is fixed); under the Sales menu group while the applet is on and the
// user may read marketplaces (changed by those who may manage them).
import { ShopOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Result } from "antd";
import { type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { LoadedPage, lazyPage as page } from "@/app/lazyPage";
import type { Feature } from "@/app/feature";
import { useMe } from "@/auth/me";
import { Permitted } from "@/features/records/engine/Permitted";
import "./marketplace.css";

const APPLET = "marketplaces";
const READ = `${APPLET}:read`;

const ConnectionsPage = page(() => import("./pages/ConnectionsPage"), "ConnectionsPage");
const MarketplaceOrdersPage = page(() => import("./pages/MarketplaceOrdersPage"), "MarketplaceOrdersPage");
const MarketplaceOrderPage = page(() => import("./pages/MarketplaceOrderPage"), "MarketplaceOrderPage");

/** The applet switched off: a note naming it (in this feature's words) and where to switch it on. */
function AppletOn({ children }: { children: ReactNode }) {
  const { t } = useTranslation("marketplace");
  const me = useMe();
  if (me.applets.includes(APPLET)) {
    return (
      <Permitted kind={APPLET} permission={READ}>
        {children}
      </Permitted>
    );
  }
  return (
    <Result
      status="info"
      title={t("records:appletOff.title", { name: t("title") })}
      subTitle={t("records:appletOff.detail")}
      extra={<Link to="/settings/applets">{t("records:appletOff.action")}</Link>}
      data-testid="applet-off"
    />
  );
}

function element(Page: LazyExoticComponent<ComponentType>) {
  return (
    <AppletOn>
      <LoadedPage page={Page} />
    </AppletOn>
  );
}

export const feature: Feature = {
  routes: [
    { path: "marketplace/shops", element: element(ConnectionsPage) },
    { path: "marketplace/orders", element: element(MarketplaceOrdersPage) },
    { path: "marketplace/orders/:id", element: element(MarketplaceOrderPage) },
  ],
  nav: [
    {
      path: "/marketplace/orders",
      label: "marketplace:nav.orders",
      group: "sales",
      applet: APPLET,
      permission: READ,
      icon: <UnorderedListOutlined />,
      order: 62,
    },
    {
      path: "/marketplace/shops",
      label: "marketplace:nav.shops",
      group: "sales",
      applet: APPLET,
      permission: READ,
      icon: <ShopOutlined />,
      order: 63,
    },
  ],
};
