// Stock settings: the costing method of stock items that name none, and whether stock may go negative
// (each item may override both), saved with the version read. Users who may manage stock entries change
// them; anyone who may read stock entries sees them, read-only, with the permission a change needs.
import { Card, Form, Radio } from "antd";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { VersionedSettingsForm } from "@/components/VersionedSettingsForm";
import { VersionedSettingsPage, versionSummary } from "@/components/VersionedSettingsPage";
import { stockKeys, useStockSettings, type StockSettings } from "../lib/api";

const MANAGE = "stock-entries:manage";
const METHODS = ["weighted_average", "fifo"] as const;
const NEGATIVE = ["refuse", "allow"] as const;

type SettingsValues = Pick<StockSettings, "default_costing_method" | "negative_stock">;

function SettingsForm({ settings }: { settings: StockSettings }) {
  const { t } = useTranslation("stock-settings");
  return (
    <VersionedSettingsForm<SettingsValues, StockSettings>
      queryKey={stockKeys.settings}
      send={(values) => unwrap(api.PUT("/v1/stock/settings", { body: { version: settings.version, ...values } }))}
      initialValues={{
        default_costing_method: settings.default_costing_method,
        negative_stock: settings.negative_stock,
      }}
      permission={MANAGE}
      readOnlyNotice={(permission) => t("readOnly", { permission })}
      testId="stock-settings"
    >
      <Form.Item
        name="default_costing_method"
        label={t("fields.default_costing_method")}
        extra={t("help.default_costing_method")}
      >
        <Radio.Group
          options={METHODS.map((method) => ({ value: method, label: t(`enums.costing.${method}`) }))}
          data-testid="stock-settings-costing"
        />
      </Form.Item>
      <Form.Item name="negative_stock" label={t("fields.negative_stock")} extra={t("help.negative_stock")}>
        <Radio.Group
          options={NEGATIVE.map((policy) => ({ value: policy, label: t(`enums.negative_stock.${policy}`) }))}
          data-testid="stock-settings-negative"
        />
      </Form.Item>
    </VersionedSettingsForm>
  );
}

export function StockSettingsPage() {
  const { t } = useTranslation("stock-settings");
  const settings = useStockSettings();
  return (
    <VersionedSettingsPage
      title={t("title")}
      subtitle={t("subtitle")}
      query={settings}
      summary={(data) =>
        versionSummary(data, { version: t("version"), updatedAt: t("updatedAt"), never: t("never") }, "stock-settings")
      }
    >
      {(data) => (
        <Card size="small" title={t("costing")}>
          <SettingsForm key={data.version} settings={data} />
        </Card>
      )}
    </VersionedSettingsPage>
  );
}
