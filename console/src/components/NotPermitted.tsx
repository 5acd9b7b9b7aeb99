// A page the user's roles do not allow: which permission it needs, by name, and whom to ask.
import { Result } from "antd";
import { useTranslation } from "react-i18next";

import { permissionLabel } from "@/lib/permissions";

export function NotPermitted({ permission }: { permission: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t("permission.title")}
      subTitle={t("errors:forbidden.permission", { permission: permissionLabel(permission) })}
      data-testid="not-permitted"
    />
  );
}
