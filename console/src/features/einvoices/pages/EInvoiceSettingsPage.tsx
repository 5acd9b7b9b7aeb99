// The company's e-invoice settings: whether and how often its documents go to MyInvois (sandbox or
// production), the MyInvois client id and secret (the secret is never shown: the page says whether one is
// kept, and leaving the field empty keeps it), the supplier's MSIC code, activity and contact, B2C
// consolidation; and the signing certificate (its subject, issuer and expiry, and an upload of a .p12/.pfx
// or PEM file with its password). Both save with the version read; a stale one offers to reload.
import { LockOutlined, SafetyCertificateOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Radio, Switch, Tag, Typography } from "antd";
import { useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { DateText, DateTimeText } from "@/components/Format";
import { SaveAlert, useVersionedSave, VersionedSettingsForm } from "@/components/VersionedSettingsForm";
import { VersionedSettingsPage, versionSummary } from "@/components/VersionedSettingsPage";
import { CodeSelect } from "@/features/records/fields/CodeSelect";
import { today } from "@/lib/format";
import { einvoiceKeys, useEInvoiceSettings, type EInvoiceSettings, type EInvoiceSettingsUpdate } from "../lib/api";

const MANAGE = "einvoices:manage";
const ENVIRONMENTS = ["sandbox", "production"] as const;
const SOON_DAYS = 30;

type SettingsValues = Omit<EInvoiceSettingsUpdate, "version" | "msic"> & { msic?: string | null };

/** What is sent: the fields filled in (an empty secret keeps the one kept), with the version read. */
function changes(values: SettingsValues, version: number): EInvoiceSettingsUpdate {
  const body: Record<string, unknown> = { version };
  for (const [name, value] of Object.entries(values)) {
    const text = typeof value === "string" ? value.trim() : value;
    if (text === "" || text === null || text === undefined) continue;
    body[name] = text;
  }
  return body as unknown as EInvoiceSettingsUpdate;
}

function SettingsForm({ settings }: { settings: EInvoiceSettings }) {
  const { t } = useTranslation("einvoices");
  return (
    <VersionedSettingsForm<SettingsValues, EInvoiceSettings>
      queryKey={einvoiceKeys.settings}
      send={(values) => unwrap(api.PUT("/v1/einvoicing/settings", { body: changes(values, settings.version) }))}
      initialValues={{
        enabled: settings.enabled,
        environment: settings.environment,
        client_id: settings.client_id ?? "",
        client_secret: "",
        msic: settings.msic ?? null,
        activity: settings.activity ?? "",
        phone: settings.phone ?? "",
        email: settings.email ?? "",
        submit_every_minutes: settings.submit_every_minutes,
        consolidate_b2c: settings.consolidate_b2c,
      }}
      permission={MANAGE}
      readOnlyNotice={(permission) => t("settings.readOnly", { permission })}
      testId="einvoice-settings"
    >
      <Flex gap="large" wrap>
        <Form.Item
          name="enabled"
          label={t("settings.fields.enabled")}
          extra={t("settings.help.enabled")}
          valuePropName="checked"
          style={{ flex: "1 1 260px" }}
        >
          <Switch data-testid="einvoice-settings-enabled" />
        </Form.Item>
        <Form.Item
          name="environment"
          label={t("settings.fields.environment")}
          extra={t("settings.help.environment")}
          style={{ flex: "1 1 260px" }}
        >
          <Radio.Group
            options={ENVIRONMENTS.map((environment) => ({
              value: environment,
              label: t(`settings.environment.${environment}`),
            }))}
            data-testid="einvoice-settings-environment"
          />
        </Form.Item>
      </Flex>
      <Typography.Title level={3} className="einvoice-settings-heading" style={{ fontSize: 15 }}>
        {t("settings.sections.client")}
      </Typography.Title>
      <Flex gap="large" wrap>
        <Form.Item
          name="client_id"
          label={t("settings.fields.client_id")}
          extra={t("settings.help.client_id")}
          style={{ flex: "1 1 260px" }}
        >
          <Input autoComplete="off" maxLength={200} data-testid="einvoice-settings-client-id" />
        </Form.Item>
        <Form.Item
          name="client_secret"
          label={
            <Flex gap="small" align="center">
              <span>{t("settings.fields.client_secret")}</span>
              {settings.client_secret_set ? (
                <Tag color="green" icon={<LockOutlined />} data-testid="einvoice-secret-set">
                  {t("settings.secretSet")}
                </Tag>
              ) : (
                <Tag data-testid="einvoice-secret-unset">{t("settings.secretUnset")}</Tag>
              )}
            </Flex>
          }
          extra={t(settings.client_secret_set ? "settings.help.client_secret_kept" : "settings.help.client_secret")}
          style={{ flex: "1 1 260px" }}
        >
          <Input.Password
            autoComplete="new-password"
            maxLength={200}
            placeholder={settings.client_secret_set ? t("settings.secretPlaceholder") : undefined}
            data-testid="einvoice-settings-client-secret"
          />
        </Form.Item>
      </Flex>
      <Typography.Title level={3} className="einvoice-settings-heading" style={{ fontSize: 15 }}>
        {t("settings.sections.supplier")}
      </Typography.Title>
      <Flex gap="large" wrap>
        <Form.Item
          name="msic"
          label={t("settings.fields.msic")}
          extra={t("settings.help.msic")}
          style={{ flex: "1 1 320px" }}
        >
          <CodeSelect table="msic" allowClear={false} />
        </Form.Item>
        <Form.Item
          name="activity"
          label={t("settings.fields.activity")}
          extra={t("settings.help.activity")}
          style={{ flex: "1 1 320px" }}
        >
          <Input maxLength={300} data-testid="einvoice-settings-activity" />
        </Form.Item>
      </Flex>
      <Flex gap="large" wrap>
        <Form.Item
          name="phone"
          label={t("settings.fields.phone")}
          extra={t("settings.help.phone")}
          style={{ flex: "1 1 260px" }}
        >
          <Input type="tel" autoComplete="off" maxLength={30} data-testid="einvoice-settings-phone" />
        </Form.Item>
        <Form.Item name="email" label={t("settings.fields.email")} style={{ flex: "1 1 260px" }}>
          <Input type="email" autoComplete="off" maxLength={200} data-testid="einvoice-settings-email" />
        </Form.Item>
      </Flex>
      <Flex gap="large" wrap>
        <Form.Item
          name="submit_every_minutes"
          label={t("settings.fields.submit_every_minutes")}
          extra={t("settings.help.submit_every_minutes")}
          style={{ flex: "1 1 260px" }}
        >
          <InputNumber min={5} max={1440} precision={0} style={{ width: 160 }} data-testid="einvoice-settings-interval" />
        </Form.Item>
        <Form.Item
          name="consolidate_b2c"
          label={t("settings.fields.consolidate_b2c")}
          extra={t("settings.help.consolidate_b2c")}
          valuePropName="checked"
          style={{ flex: "1 1 260px" }}
        >
          <Switch data-testid="einvoice-settings-consolidate" />
        </Form.Item>
      </Flex>
    </VersionedSettingsForm>
  );
}

/** A file input whose value is the file's bytes as base64 (what the API takes), with the file's name shown. */
function CertificateFile({
  value,
  onChange,
  id,
  disabled,
  ...rest
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  disabled?: boolean;
  "aria-invalid"?: boolean;
}) {
  const { t } = useTranslation("einvoices");
  const [name, setName] = useState<string | null>(null);
  const read = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) {
      setName(null);
      onChange?.(undefined);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? "");
      setName(file.name);
      onChange?.(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => onChange?.(undefined);
    reader.readAsDataURL(file);
  };
  return (
    <Flex align="center" wrap gap="small">
      <input
        {...rest}
        id={id}
        type="file"
        accept=".p12,.pfx,.pem,.crt,.cer,.key,application/x-pkcs12,application/x-pem-file"
        disabled={disabled}
        onChange={read}
        data-testid="einvoice-certificate-file"
      />
      {value && name ? (
        <Typography.Text type="secondary" className="einvoice-file-name" data-testid="einvoice-certificate-chosen">
          {t("certificate.chosen", { name })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

interface CertificateValues {
  certificate?: string;
  password?: string;
}

function CertificateCard({ settings }: { settings: EInvoiceSettings }) {
  const { t } = useTranslation("einvoices");
  const canEdit = usePermission(MANAGE);
  const [form] = Form.useForm<CertificateValues>();
  const upload = useVersionedSave({
    form,
    queryKey: einvoiceKeys.settings,
    send: (values: CertificateValues) =>
      unwrap(
        api.PUT("/v1/einvoicing/certificate", {
          body: {
            version: settings.version,
            certificate: values.certificate ?? "",
            ...(values.password ? { password: values.password } : {}),
          },
        }),
      ),
    savedMessage: t("certificate.uploaded"),
  });
  const certificate = settings.certificate;
  const expiresSoon =
    certificate && certificate.not_after <= new Date(Date.parse(today()) + SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
  const expired = certificate && certificate.not_after < today();
  return (
    <Card
      size="small"
      className="record-section"
      title={
        <Flex gap="small" align="center">
          <SafetyCertificateOutlined aria-hidden />
          <span>{t("certificate.title")}</span>
        </Flex>
      }
      data-testid="einvoice-certificate"
    >
      {certificate ? (
        <Descriptions
          className="einvoice-certificate"
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: "subject",
              label: t("certificate.subject"),
              children: <span data-testid="einvoice-certificate-subject">{certificate.subject}</span>,
            },
            {
              key: "issuer",
              label: t("certificate.issuer"),
              children: <span data-testid="einvoice-certificate-issuer">{certificate.issuer}</span>,
            },
            {
              key: "serial",
              label: t("certificate.serial_number"),
              children: <Typography.Text code>{certificate.serial_number}</Typography.Text>,
            },
            {
              key: "expiry",
              label: t("certificate.not_after"),
              children: (
                <Flex gap="small" align="center" wrap data-testid="einvoice-certificate-expiry">
                  <DateText value={certificate.not_after} />
                  {expired ? (
                    <Tag color="red">{t("certificate.expired")}</Tag>
                  ) : expiresSoon ? (
                    <Tag color="gold">{t("certificate.expiresSoon")}</Tag>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: "uploaded",
              label: t("certificate.uploaded_at"),
              children: <DateTimeText value={certificate.uploaded_at} />,
            },
          ]}
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("certificate.none")}
          description={t("certificate.noneDetail")}
          data-testid="einvoice-certificate-none"
        />
      )}
      {canEdit ? (
        <Form<CertificateValues>
          form={form}
          layout="vertical"
          onFinish={(values) => upload.mutate(values)}
          style={{ marginTop: 16 }}
          data-testid="einvoice-certificate-form"
        >
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t(certificate ? "certificate.replace" : "certificate.upload")}
          </Typography.Title>
          <SaveAlert save={upload} reloadTestId="einvoice-certificate-reload" />
          <Flex gap="large" wrap>
            <Form.Item
              name="certificate"
              label={t("certificate.file")}
              extra={t("certificate.fileHelp")}
              rules={[{ required: true, message: t("certificate.fileRequired") }]}
              style={{ flex: "1 1 320px" }}
            >
              <CertificateFile />
            </Form.Item>
            <Form.Item
              name="password"
              label={t("certificate.password")}
              extra={t("certificate.passwordHelp")}
              style={{ flex: "1 1 260px" }}
            >
              <Input.Password autoComplete="off" maxLength={200} data-testid="einvoice-certificate-password" />
            </Form.Item>
          </Flex>
          <Button
            type="primary"
            htmlType="submit"
            icon={<UploadOutlined />}
            loading={upload.isPending}
            data-testid="einvoice-certificate-upload"
          >
            {t("certificate.uploadAction")}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

export function EInvoiceSettingsPage() {
  const { t } = useTranslation("einvoices");
  const settings = useEInvoiceSettings();
  return (
    <VersionedSettingsPage
      title={t("settings.title")}
      subtitle={t("settings.subtitle")}
      query={settings}
      summary={(data) => [
        {
          key: "state",
          label: t("settings.status"),
          children: (
            <Tag color={data.enabled ? "green" : "default"} data-testid="einvoice-settings-status">
              {t(data.enabled ? "settings.on" : "settings.off")}
            </Tag>
          ),
        },
        ...versionSummary(
          data,
          { version: t("settings.version"), updatedAt: t("settings.updatedAt"), never: t("settings.never") },
          "einvoice-settings",
        ),
      ]}
    >
      {(data) => (
        <>
          <Card size="small" title={t("settings.section")}>
            <SettingsForm key={data.version} settings={data} />
          </Card>
          <CertificateCard key={`certificate-${data.version}`} settings={data} />
        </>
      )}
    </VersionedSettingsPage>
  );
}
