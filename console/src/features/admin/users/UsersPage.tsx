import { Flex } from "antd";
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/PageHeader";
import { InvitationsTable } from "./InvitationsTable";
import { UsersTable } from "./UsersTable";

export function UsersPage() {
  const { t } = useTranslation("admin");
  return (
    <>
      <PageHeader title={t("users.pageTitle")} subtitle={t("users.subtitle")} />
      <Flex vertical gap={16}>
        <UsersTable />
        <InvitationsTable />
      </Flex>
    </>
  );
}
