// The dashboard: the index page of the signed-in shell.
import { DashboardOutlined } from "@ant-design/icons";
import { Flex, Spin } from "antd";
import { lazy, Suspense } from "react";

import type { Feature } from "@/app/feature";

// The charts (ECharts) load with the dashboard, not with the app.
const Dashboard = lazy(() => import("./Dashboard").then((module) => ({ default: module.Dashboard })));

export const feature: Feature = {
  routes: [
    {
      index: true,
      element: (
        <Suspense
          fallback={
            <Flex justify="center" style={{ padding: 48 }}>
              <Spin />
            </Flex>
          }
        >
          <Dashboard />
        </Suspense>
      ),
    },
  ],
  nav: [{ path: "/", label: "dashboard:nav.dashboard", group: "home", icon: <DashboardOutlined />, order: 0 }],
};
