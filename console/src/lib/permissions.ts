// Permissions by name in the reader's language ("Chart of accounts — View"), never by slug
// ("accounts:read"): in the role wizard, and where the console says which permission is missing.
import i18n from "@/i18n";

/** An applet's name ("Receipts"); its id for one the translations do not know. */
export function appletLabel(applet: string): string {
  return i18n.t(`admin:applet.${applet}.name`, { defaultValue: applet });
}

/** `<applet>:<action>` as "Chart of accounts — View"; `*` as everything, `<applet>:*` as all its actions. */
export function permissionLabel(permission: string): string {
  if (permission === "*") return i18n.t("admin:roles.everything");
  const [applet, action = "*"] = permission.split(":");
  const actionName =
    action === "*" ? i18n.t("admin:wizard.review.allActions") : i18n.t(`admin:action.${action}`, { defaultValue: action });
  return i18n.t("common:permission.label", { applet: appletLabel(applet), action: actionName });
}
