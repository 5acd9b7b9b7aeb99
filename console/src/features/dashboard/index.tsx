// The dashboard: the index page of the signed-in shell.
import { DashboardOutlined } from "@ant-design/icons";
import { Flex, Spin } from "antd";
import { lazy, Suspense } from "react";

import { useQuery } from "@tanstack/react-query";

import type { Feature } from "@/app/feature";
import { usePermission } from "@/auth/me";

import { dashboardQuery } from "./lib/useDashboard";

// The charts (ECharts) load with the dashboard, not with the app; its figures are asked for meanwhile.
const Dashboard = lazy(() => import("./Dashboard").then((module) => ({ default: module.Dashboard })));

function FiguresMeanwhile() {
  useQuery({ ...dashboardQuery, enabled: usePermission("ledger:read") });
  return null;
}

export const feature: Feature = {
  routes: [
    {
      index: true,
      element: (
        <>
          <FiguresMeanwhile />
          <Suspense
          fallback={
            <Flex justify="center" style={{ padding: 48 }}>
              <Spin />
            </Flex>
          }
        >
            <Dashboard />
          </Suspense>
        </>
      ),
    },
  ],
  nav: [{ path: "/", label: "dashboard:nav.dashboard", group: "home", icon: <DashboardOutlined />, order: 0 }],
};
