// Applet, category, action and built-in role names in the reader's language; the API's English name
// is the fallback for anything the translations do not know yet.
import { useTranslation } from "react-i18next";

import type { AppletActions, Role } from "./api";

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export function useLabels() {
  const { t } = useTranslation("admin");
  return {
    applet: (applet: Pick<AppletActions, "id" | "name">) => t(`applet.${applet.id}.name`, { defaultValue: applet.name }),
    appletDescription: (applet: Pick<AppletActions, "id">) => t(`applet.${applet.id}.description`, { defaultValue: "" }),
    category: (category: string) => t(`category.${slug(category)}`, { defaultValue: category }),
    action: (action: string) => t(`action.${action}`, { defaultValue: action }),
    roleDescription: (role: Pick<Role, "name" | "description" | "built_in">) =>
      role.built_in ? t(`builtInRole.${role.name}`, { defaultValue: role.description }) : role.description,
  };
}

/** Applets grouped by category, in catalogue order. */
export function byCategory<T extends { category: string }>(items: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  return [...groups.entries()];
}
