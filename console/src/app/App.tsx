import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import msMY from "antd/locale/ms_MY";
import zhCN from "antd/locale/zh_CN";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router-dom";

import { ApiProblem } from "@/api/client";
import { session } from "@/auth/session";
import { NotFound } from "./NotFound";
import { publicRoutes, shellRoutes } from "./registry";
import { Shell } from "./Shell";

/** antd's texts (pagination, pickers, empty states) in the console's language. */
const ANTD_LOCALES: Record<string, typeof enUS> = { en: enUS, "zh-CN": zhCN, ms: msMY };

function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiProblem && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry, refetchOnWindowFocus: false }, mutations: { retry: false } },
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
});

const router = createBrowserRouter([
  ...publicRoutes,
  { path: "/", element: <Shell />, children: [...shellRoutes, { path: "*", element: <NotFound /> }] },
  { path: "*", element: <Navigate to="/" replace /> },
]);

export function App() {
  const { i18n } = useTranslation();
  useEffect(
    () =>
      session.subscribe((reason) => {
        queryClient.clear();
        if (reason === "expired") {
          const next = encodeURIComponent(window.location.pathname + window.location.search);
          void router.navigate(`/login?expired=1&next=${next}`, { replace: true });
        }
      }),
    [],
  );
  return (
    <ConfigProvider
      locale={ANTD_LOCALES[i18n.language] ?? enUS}
      theme={{
        token: {
          colorPrimary: "#0f6e56",
          colorLink: "#0f6e56",
          borderRadius: 6,
          fontSize: 14,
          // antd's lighter greys fall short of WCAG AA contrast (4.5:1) on white and on the page grey.
          colorTextSecondary: "rgba(0, 0, 0, 0.64)",
          colorTextTertiary: "rgba(0, 0, 0, 0.6)",
          colorTextDescription: "rgba(0, 0, 0, 0.6)",
          colorTextPlaceholder: "rgba(0, 0, 0, 0.56)",
          colorError: "#cf1322",
        },
        components: { Menu: { itemSelectedBg: "#e3f1ec", itemSelectedColor: "#0f6e56" } },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
