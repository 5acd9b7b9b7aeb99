// Exchange rates across currencies: one screen beside Currencies (each currency's own panel stays).
import { LineChartOutlined } from "@ant-design/icons";
import { Flex, Spin } from "antd";
import { lazy, Suspense } from "react";

import type { Feature } from "@/app/feature";

const RatesPage = lazy(() => import("./RatesPage").then((module) => ({ default: module.RatesPage })));

export const feature: Feature = {
  routes: [
    {
      path: "exchange-rates",
      element: (
        <Suspense
          fallback={
            <Flex justify="center" style={{ padding: 48 }}>
              <Spin />
            </Flex>
          }
        >
          <RatesPage />
        </Suspense>
      ),
    },
  ],
  nav: [
    {
      path: "/exchange-rates",
      label: "rates:title",
      group: "masterdata",
      icon: <LineChartOutlined />,
      applet: "currencies",
      permission: "currencies:read",
      order: 101, // right after Currencies (100)
    },
  ],
};
