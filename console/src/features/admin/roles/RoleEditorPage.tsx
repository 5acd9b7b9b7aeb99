// /settings/roles/new and /settings/roles/:role — the wizard with the catalogue and the roles loaded.
import { Card, Result } from "antd";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { usePermissionCatalogue, useRoles } from "../api";
import { RoleWizard } from "./RoleWizard";

export function RoleEditorPage() {
  const { t } = useTranslation("admin");
  const { role: name } = useParams();
  const roles = useRoles();
  const catalogue = usePermissionCatalogue();
  const editing = name !== undefined;
  const title = editing ? t("wizard.editTitle", { name }) : t("wizard.newTitle");

  let body;
  if (roles.isPending || catalogue.isPending) body = <Card loading aria-busy="true" />;
  else if (roles.isError || catalogue.isError) body = <ProblemAlert error={roles.error ?? catalogue.error} />;
  else {
    const role = roles.data.items.find((item) => item.name === name);
    if (editing && (!role || role.built_in)) {
      body = <Result status="404" title={role ? t("roles.builtInFixed") : t("wizard.notFound", { name })} />;
    } else {
      body = (
        <RoleWizard
          key={name ?? "new"}
          catalogue={catalogue.data.applets}
          role={role}
          takenNames={roles.data.items.map((item) => item.name)}
        />
      );
    }
  }
  return (
    <>
      <PageHeader title={title} subtitle={t("wizard.subtitle")} />
      {body}
    </>
  );
}
