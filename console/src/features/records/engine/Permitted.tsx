// Whether a page may be shown: an applet switched off gives a note saying so and where to switch it on,
// not a refusal; a page the user's roles do not allow (`/payments/new` without `payments:create`) names
// the permission to ask for. Record screens and the inventory reports share it.
import { Result } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { can, useMe } from "@/auth/me";
import { NotPermitted } from "@/components/NotPermitted";
import { useLabels } from "./labels";

/** `kind`: the applet (its title names it when switched off); `permission`: "<applet>:<action>". */
export function Permitted({ kind, permission, children }: { kind: string; permission: string; children: ReactNode }) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const me = useMe();
  if (me.applets.includes(kind)) return can(me, permission) ? children : <NotPermitted permission={permission} />;
  return (
    <Result
      status="info"
      title={t("appletOff.title", { name: labels.title })}
      subTitle={t("appletOff.detail")}
      extra={<Link to="/settings/applets">{t("appletOff.action")}</Link>}
      data-testid="applet-off"
    />
  );
}
