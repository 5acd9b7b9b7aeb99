// Screens for every API collection (master data and finance documents), built by one engine from the
// declarations in ./specs: list, create, detail (with history) and, for master data, edit. The pages
// load on first use; the declarations are small and give the menu its entries.
import { Flex, Spin } from "antd";
import { lazy, Suspense, type ReactNode } from "react";
import type { RouteObject } from "react-router-dom";

import type { Feature, NavItem } from "@/app/feature";
import { titleKey } from "./engine/labels";
import { Permitted } from "./engine/Permitted";
import type { Resource } from "./engine/types";
import { RESOURCES } from "./specs";
import "./records.css";

const ListPage = lazy(() => import("./engine/ListPage").then((module) => ({ default: module.ListPage })));
const FormPage = lazy(() => import("./engine/FormPage").then((module) => ({ default: module.FormPage })));
const DetailPage = lazy(() => import("./engine/DetailPage").then((module) => ({ default: module.DetailPage })));

function loaded(page: ReactNode): ReactNode {
  return (
    <Suspense
      fallback={
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      }
    >
      {page}
    </Suspense>
  );
}

function routes(resource: Resource): RouteObject[] {
  const base = resource.kind;
  const page = (action: string, node: ReactNode) =>
    loaded(
      <Permitted kind={base} permission={`${base}:${action}`}>
        {node}
      </Permitted>,
    );
  return [
    { path: base, element: page("read", <ListPage key={base} resource={resource} />) },
    {
      path: `${base}/new`,
      element: page("create", <FormPage key={`${base}/new`} resource={resource} mode="create" />),
    },
    { path: `${base}/:id`, element: page("read", <DetailPage key={`${base}/detail`} resource={resource} />) },
    ...(resource.editable
      ? [
          {
            path: `${base}/:id/edit`,
            element: page("update", <FormPage key={`${base}/edit`} resource={resource} mode="edit" />),
          },
        ]
      : []),
  ];
}

function nav(resource: Resource): NavItem {
  return {
    path: `/${resource.kind}`,
    label: titleKey(resource.kind),
    group: resource.group,
    icon: resource.icon,
    applet: resource.kind,
    permission: `${resource.kind}:read`,
    order: resource.order,
  };
}

export const feature: Feature = {
  routes: RESOURCES.flatMap(routes),
  nav: RESOURCES.map(nav),
};
