// The company profile: read it, and (with company:update) edit it.
import { EditOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Tag, Typography } from "antd";
import type { DescriptionsProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { monthName } from "@/features/auth/options";
import type { Address, TenantProfile } from "../api";
import { useTenant } from "../api";
import { CompanyForm } from "./CompanyForm";

function AddressText({ address }: { address: Address | null | undefined }) {
  const { t } = useTranslation("admin");
  if (!address) return <Typography.Text type="secondary">{t("company.noAddress")}</Typography.Text>;
  const lines = [
    address.line1,
    address.line2,
    `${address.postcode} ${address.city}`,
    `${t(`state.${address.state}`, { defaultValue: address.state })}, ${t("company.malaysia")}`,
  ].filter(Boolean);
  return (
    <address style={{ fontStyle: "normal" }}>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </address>
  );
}

const STATUS_COLOUR: Record<TenantProfile["status"], string> = { active: "green", provisioning: "gold", failed: "red" };

function CompanyView({ tenant }: { tenant: TenantProfile }) {
  const { t, i18n } = useTranslation("admin");
  const empty = <Typography.Text type="secondary">—</Typography.Text>;
  const items: DescriptionsProps["items"] = [
    { key: "legal_name", label: t("company.field.legalName"), children: tenant.legal_name, span: "filled" },
    { key: "brn", label: t("company.field.brn"), children: tenant.brn },
    { key: "tin", label: t("company.field.tin"), children: tenant.tin },
    { key: "sst", label: t("company.field.sstNumber"), children: tenant.sst_number || empty },
    {
      key: "currency",
      label: t("company.field.baseCurrency"),
      children: (
        <>
          {tenant.base_currency} <Typography.Text type="secondary">({t("company.immutable")})</Typography.Text>
        </>
      ),
    },
    {
      key: "fy",
      label: t("company.field.fiscalYearStartMonth"),
      children: monthName(tenant.fiscal_year_start_month, i18n.language),
    },
    { key: "tz", label: t("company.field.timeZone"), children: tenant.time_zone.replaceAll("_", " ") },
    { key: "address", label: t("company.field.address"), children: <AddressText address={tenant.address} />, span: "filled" },
    {
      key: "status",
      label: t("company.field.status"),
      children: <Tag color={STATUS_COLOUR[tenant.status]}>{t(`company.status.${tenant.status}`)}</Tag>,
    },
    { key: "updated", label: t("company.field.updatedAt"), children: <DateTimeText value={tenant.updated_at} /> },
  ];
  return (
    <Card>
      <Descriptions
        items={items}
        column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 2 }}
        size="small"
        bordered
        data-testid="company-profile"
      />
    </Card>
  );
}

export function CompanyPage() {
  const { t } = useTranslation("admin");
  const tenant = useTenant();
  const canEdit = usePermission("company:update");
  const [editing, setEditing] = useState(false);

  let body;
  if (tenant.isPending) body = <Card loading aria-busy="true" />;
  else if (tenant.isError) body = <ProblemAlert error={tenant.error} />;
  else if (editing) body = <CompanyForm tenant={tenant.data} onDone={() => setEditing(false)} />;
  else body = <CompanyView tenant={tenant.data} />;

  return (
    <>
      <PageHeader
        title={t("company.title")}
        subtitle={t("company.subtitle")}
        extra={
          canEdit && !editing && tenant.data ? (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t("company.edit")}
            </Button>
          ) : null
        }
      />
      {body}
    </>
  );
}
