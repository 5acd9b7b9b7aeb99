// Sales settings: how tax is rounded (per line or per document), how long a quotation holds when it names
// no date, how far a delivery may go past what was ordered, and whether stock items may be invoiced before
// they are delivered; saved with the version read (a stale one offers to reload). Users who may manage
// sales orders change them; anyone who may read orders sees them, read-only, with the permission a change
// needs. Documents already submitted keep their figures.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Flex, Form, InputNumber, Radio, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, ApiProblem, unwrap, type FieldProblem } from "@/api/client";
import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { NumberInput, numberRule } from "@/components/NumberInput";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ReportBody } from "@/features/ledger/components/ReportLayout";
import { permissionLabel } from "@/lib/permissions";
import { applyProblem } from "@/lib/problems";
import { salesKeys, useSalesSettings, type SalesSettings } from "../lib/api";

const MANAGE = "sales-orders:manage";
const ROUNDING = ["line", "document"] as const;

type SettingsValues = Pick<
  SalesSettings,
  "tax_rounding" | "quotation_validity_days" | "over_delivery_percent" | "invoice_beyond_delivered"
>;

function SettingsForm({ settings }: { settings: SalesSettings }) {
  const { t } = useTranslation("sales");
  const { message } = App.useApp();
  const canEdit = usePermission(MANAGE);
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsValues>();
  const [unplaced, setUnplaced] = useState<FieldProblem[] | undefined>();
  const [stale, setStale] = useState(false);
  const save = useMutation({
    mutationFn: (values: SettingsValues) =>
      unwrap(api.PUT("/v1/sales/settings", { body: { version: settings.version, ...values } })),
    onSuccess: (saved) => {
      setUnplaced(undefined);
      // the form starts again from what was saved (it is keyed by the version)
      queryClient.setQueryData(salesKeys.settings, saved);
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
  const reload = () => void queryClient.invalidateQueries({ queryKey: salesKeys.settings });
  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      initialValues={{
        tax_rounding: settings.tax_rounding,
        quotation_validity_days: settings.quotation_validity_days,
        over_delivery_percent: settings.over_delivery_percent,
        invoice_beyond_delivered: settings.invoice_beyond_delivered,
      }}
      disabled={!canEdit}
      onFinish={(values) => save.mutate(values)}
      data-testid="sales-settings-form"
    >
      {canEdit ? null : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("settings.readOnly", { permission: permissionLabel(MANAGE) })}
          data-testid="sales-settings-read-only"
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
            <Button onClick={reload} disabled={false} data-testid="sales-settings-reload">
              {t("records:stale.reload")}
            </Button>
          }
        />
      ) : null}
      {save.error && !stale ? <ProblemAlert error={save.error} unplaced={unplaced} /> : null}
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
      {canEdit ? (
        <Flex gap="small">
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="sales-settings-save">
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

export function SalesSettingsPage() {
  const { t } = useTranslation("sales");
  const settings = useSalesSettings();
  const data = settings.data;
  return (
    <>
      <PageHeader title={t("settings.title")} subtitle={t("settings.subtitle")} />
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
                    label: t("settings.version"),
                    children: <span data-testid="sales-settings-version">{data.version}</span>,
                  },
                  {
                    key: "updated",
                    label: t("settings.updatedAt"),
                    children: data.updated_at ? <DateTimeText value={data.updated_at} /> : t("settings.never"),
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t("settings.section")}>
              <SettingsForm key={data.version} settings={data} />
            </Card>
          </>
        ) : null}
      </ReportBody>
    </>
  );
}
