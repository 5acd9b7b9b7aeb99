// The registers of the company: pick one to open its till (which then works offline), or add one.
import { PlusOutlined } from "@ant-design/icons";
import { Button, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { usePermission } from "@/auth/me";
import { RegisterForm } from "../components/RegisterForm";
import { MANAGE, useRegisters, type PosRegister } from "../lib/api";

export function RegistersPage() {
  const { t } = useTranslation("pos");
  const registers = useRegisters();
  const navigate = useNavigate();
  const manage = usePermission(MANAGE);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t("registers.title")}
        subtitle={t("registers.subtitle")}
        extra={
          manage ? (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="pos-register-new">
              {t("registers.new")}
            </Button>
          ) : null
        }
      />
      <RegisterForm open={creating} onClose={() => setCreating(false)} />
      <ProblemAlert error={registers.error} />
      <Table<PosRegister>
        data-testid="pos-registers"
        rowKey="id"
        size="small"
        loading={registers.isLoading}
        dataSource={registers.data?.items ?? []}
        pagination={false}
        onRow={(register) => ({ "data-code": register.code }) as never}
        columns={[
          { title: t("registers.code"), dataIndex: "code" },
          { title: t("registers.name"), dataIndex: "name" },
          { title: t("registers.blockSize"), dataIndex: "block_size", align: "right" },
          {
            title: "",
            key: "open",
            render: (_, register) => (
              <Button type="primary" size="small" onClick={() => navigate(`/pos/registers/${register.id}`)}>
                {t("registers.openTill")}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
