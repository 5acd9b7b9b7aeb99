// Stock settings: the costing method of stock items that name none, and whether stock may go negative
// (each item may override both), saved with the version read. Users who may manage stock entries change
// them; anyone who may read stock entries sees them, read-only, with the permission a change needs.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Flex, Form, Radio } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, ApiProblem, unwrap, type FieldProblem } from "@/api/client";
import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ReportBody } from "@/features/ledger/components/ReportLayout";
import { permissionLabel } from "@/lib/permissions";
import { applyProblem } from "@/lib/problems";
import { stockKeys, useStockSettings, type StockSettings } from "../lib/api";

const MANAGE = "stock-entries:manage";
const METHODS = ["weighted_average", "fifo"] as const;
const NEGATIVE = ["refuse", "allow"] as const;

type SettingsValues = Pick<StockSettings, "default_costing_method" | "negative_stock">;

function SettingsForm({ settings }: { settings: StockSettings }) {
  const { t } = useTranslation("stock-settings");
  const { message } = App.useApp();
  const canEdit = usePermission(MANAGE);
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsValues>();
  const [unplaced, setUnplaced] = useState<FieldProblem[] | undefined>();
  const [stale, setStale] = useState(false);
  const save = useMutation({
    mutationFn: (values: SettingsValues) =>
      unwrap(api.PUT("/v1/stock/settings", { body: { version: settings.version, ...values } })),
    onSuccess: (saved) => {
      setUnplaced(undefined);
      // the form starts again from what was saved (it is keyed by the version)
      queryClient.setQueryData(stockKeys.settings, saved);
      void message.success(t("common:saved"));
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 409) {
        setStale(true);
        return;
      }
      setUnplaced(applyProblem(form, error));
    },
  });
  const reload = () => void queryClient.invalidateQueries({ queryKey: stockKeys.settings });
  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      initialValues={{
        default_costing_method: settings.default_costing_method,
        negative_stock: settings.negative_stock,
      }}
      disabled={!canEdit}
      onFinish={(values) => save.mutate(values)}
      data-testid="stock-settings-form"
    >
      {canEdit ? null : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("readOnly", { permission: permissionLabel(MANAGE) })}
          data-testid="stock-settings-read-only"
        />
      )}
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t("records:stale.title")}
          description={t("records:stale.detail")}
          action={
            <Button onClick={reload} disabled={false} data-testid="stock-settings-reload">
              {t("records:stale.reload")}
            </Button>
          }
        />
      ) : null}
      {save.error && !stale ? <ProblemAlert error={save.error} unplaced={unplaced} /> : null}
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
      {canEdit ? (
        <Flex gap="small">
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="stock-settings-save">
            {t("common:action.save")}
          </Button>
          <Button htmlType="button" onClick={() => form.resetFields()}>
            {t("common:action.cancel")}
          </Button>
        </Flex>
      ) : null}
    </Form>
  );
}

export function StockSettingsPage() {
  const { t } = useTranslation("stock-settings");
  const settings = useStockSettings();
  const data = settings.data;
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <ReportBody error={settings.error} loading={settings.isPending}>
        {data ? (
          <>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                items={[
                  {
                    key: "version",
                    label: t("version"),
                    children: <span data-testid="stock-settings-version">{data.version}</span>,
                  },
                  {
                    key: "updated",
                    label: t("updatedAt"),
                    children: data.updated_at ? <DateTimeText value={data.updated_at} /> : t("never"),
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t("costing")}>
              <SettingsForm key={data.version} settings={data} />
            </Card>
          </>
        ) : null}
      </ReportBody>
    </>
  );
}
