// What a feature (a folder under src/features) contributes to the app: its pages and menu entries.
// Features are discovered by `app/registry.ts`; no central list to edit.
import type { ComponentType, ReactNode } from "react";
import type { RouteObject } from "react-router-dom";

/** Menu groups, in menu order. */
export const NAV_GROUPS = [
  "home",
  "sales",
  "purchasing",
  "inventory",
  "finance",
  "ledger",
  "compliance",
  "masterdata",
  "admin",
] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavItem {
  path: string;
  /** i18n key, "namespace:key". */
  label: string;
  group: NavGroup;
  icon?: ReactNode;
  /** Hidden when this applet is switched off for the company. */
  applet?: string;
  /** Hidden unless the user's roles grant this permission, "<applet>:<action>". */
  permission?: string;
  order?: number;
}

export interface Feature {
  /** Pages inside the signed-in shell. */
  routes?: RouteObject[];
  /** Pages outside it (sign-up, login, invitation acceptance). */
  publicRoutes?: RouteObject[];
  nav?: NavItem[];
  /** Controls in the signed-in header, before the language switch (the global search). */
  headerTools?: ComponentType[];
}
