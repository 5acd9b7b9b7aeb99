// Sales settings: how tax is rounded (per line or per document), how long a quotation holds when it names
// no date, how far a delivery may go past what was ordered, and whether stock items may be invoiced before
// they are delivered; saved with the version read (a stale one offers to reload). Users who may manage
// sales orders change them; anyone who may read orders sees them, read-only, with the permission a change
// needs. Documents already submitted keep their figures.
import { Card, Flex, Form, InputNumber, Radio, Switch } from "antd";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { NumberInput, numberRule } from "@/components/NumberInput";
import { VersionedSettingsForm } from "@/components/VersionedSettingsForm";
import { VersionedSettingsPage, versionSummary } from "@/components/VersionedSettingsPage";
import { salesKeys, useSalesSettings, type SalesSettings } from "../lib/api";

const MANAGE = "sales-orders:manage";
const ROUNDING = ["line", "document"] as const;

type SettingsValues = Pick<
  SalesSettings,
  "tax_rounding" | "quotation_validity_days" | "over_delivery_percent" | "invoice_beyond_delivered"
>;

function SettingsForm({ settings }: { settings: SalesSettings }) {
  const { t } = useTranslation("sales");
  return (
    <VersionedSettingsForm<SettingsValues, SalesSettings>
      queryKey={salesKeys.settings}
      send={(values) => unwrap(api.PUT("/v1/sales/settings", { body: { version: settings.version, ...values } }))}
      initialValues={{
        tax_rounding: settings.tax_rounding,
        quotation_validity_days: settings.quotation_validity_days,
        over_delivery_percent: settings.over_delivery_percent,
        invoice_beyond_delivered: settings.invoice_beyond_delivered,
      }}
      permission={MANAGE}
      readOnlyNotice={(permission) => t("settings.readOnly", { permission })}
      testId="sales-settings"
    >
      <Form.Item name="tax_rounding" label={t("settings.fields.tax_rounding")} extra={t("settings.help.tax_rounding")}>
        <Radio.Group
          options={ROUNDING.map((rounding) => ({ value: rounding, label: t(`settings.rounding.${rounding}`) }))}
          data-testid="sales-settings-rounding"
        />
      </Form.Item>
      <Flex gap="large" wrap>
        <Form.Item
          name="quotation_validity_days"
          label={t("settings.fields.quotation_validity_days")}
          extra={t("settings.help.quotation_validity_days")}
          style={{ flex: "1 1 260px" }}
        >
          <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} data-testid="sales-settings-validity" />
        </Form.Item>
        <Form.Item
          name="over_delivery_percent"
          label={t("settings.fields.over_delivery_percent")}
          extra={t("settings.help.over_delivery_percent")}
          rules={[numberRule()]}
          style={{ flex: "1 1 260px" }}
        >
          <NumberInput style={{ width: 160 }} data-testid="sales-settings-over-delivery" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="invoice_beyond_delivered"
        label={t("settings.fields.invoice_beyond_delivered")}
        extra={t("settings.help.invoice_beyond_delivered")}
        valuePropName="checked"
      >
        <Switch data-testid="sales-settings-invoice-beyond" />
      </Form.Item>
    </VersionedSettingsForm>
  );
}

export function SalesSettingsPage() {
  const { t } = useTranslation("sales");
  const settings = useSalesSettings();
  return (
    <VersionedSettingsPage
      title={t("settings.title")}
      subtitle={t("settings.subtitle")}
      query={settings}
      summary={(data) =>
        versionSummary(
          data,
          { version: t("settings.version"), updatedAt: t("settings.updatedAt"), never: t("settings.never") },
          "sales-settings",
        )
      }
    >
      {(data) => (
        <Card size="small" title={t("settings.section")}>
          <SettingsForm key={data.version} settings={data} />
        </Card>
      )}
    </VersionedSettingsPage>
  );
}
