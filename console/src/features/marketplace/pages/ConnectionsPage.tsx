// The company's marketplace shops: each with its platform and shop id, whether its orders come in (active)
// or not (paused), and its push URL to paste into the platform's console. Those who may manage marketplaces
// connect a shop (what its orders book to, and the tokens from authorising Ledgerlet's app on the platform),
// change what it books to, pause or resume it, and replace its tokens (never shown again once saved).
import { EditOutlined, KeyOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Switch,
  Tag,
  Typography,
  type DescriptionsProps,
  type FormInstance,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { api, idempotent, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { FormProblemAlert, useFormProblem } from "@/components/FormProblem";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ReferenceName, ReferenceSelect } from "@/features/records/fields/ReferenceSelect";
import {
  CASH_BOOKS,
  CUSTOMERS,
  LOCATIONS,
  POSTABLE_ACCOUNTS,
  PRICE_BOOKS,
} from "@/features/records/fields/targets";
import type { ReferenceTarget } from "@/features/records/engine/types";
import { problemText } from "@/lib/problems";
import { PlatformTag } from "../components/parts";
import {
  MANAGE,
  marketplaceKeys,
  PLATFORMS,
  pushUrl,
  useConnections,
  type Connection,
  type ConnectionCreate,
  type ConnectionCredentials,
  type ConnectionPatch,
} from "../lib/api";

/** What a connection books to, in the form's order. */
const SETTINGS = [
  "location_id",
  "customer_id",
  "wallet_cash_book_id",
  "price_book_id",
  "commission_account_id",
  "service_fee_account_id",
  "transaction_fee_account_id",
  "einvoice_policy",
  "stock_sync",
] as const;
type Setting = (typeof SETTINGS)[number];

/** The master data each setting picks from. */
const PICKERS: Readonly<Partial<Record<Setting, ReferenceTarget>>> = {
  location_id: LOCATIONS,
  customer_id: CUSTOMERS,
  wallet_cash_book_id: CASH_BOOKS,
  price_book_id: PRICE_BOOKS,
  commission_account_id: POSTABLE_ACCOUNTS,
  service_fee_account_id: POSTABLE_ACCOUNTS,
  transaction_fee_account_id: POSTABLE_ACCOUNTS,
};
const OPTIONAL = new Set<Setting>(["price_book_id"]);

interface TokenValues {
  access_token?: string;
  refresh_token?: string;
  expires_at?: Dayjs | null;
}

interface ConnectionValues {
  platform?: (typeof PLATFORMS)[number];
  shop_id?: string;
  name?: string;
  location_id?: string | null;
  customer_id?: string | null;
  wallet_cash_book_id?: string | null;
  price_book_id?: string | null;
  commission_account_id?: string | null;
  service_fee_account_id?: string | null;
  transaction_fee_account_id?: string | null;
  einvoice_policy?: "platform" | "own";
  stock_sync?: boolean;
  credentials?: TokenValues;
}

function credentialsOf(values: TokenValues | undefined): ConnectionCredentials {
  return {
    access_token: (values?.access_token ?? "").trim(),
    refresh_token: (values?.refresh_token ?? "").trim(),
    expires_at: values?.expires_at ? values.expires_at.unix() : null,
  };
}

/** The tokens' fields (a new connection's, or replacing a connection's). */
function TokenFields() {
  const { t } = useTranslation("marketplace");
  const required = { required: true, whitespace: true, message: t("validation.required") };
  return (
    <>
      <Form.Item name={["credentials", "access_token"]} label={t("fields.access_token")} rules={[required]}>
        <Input.Password autoComplete="off" visibilityToggle={false} data-testid="marketplace-access-token" />
      </Form.Item>
      <Form.Item name={["credentials", "refresh_token"]} label={t("fields.refresh_token")} rules={[required]}>
        <Input.Password autoComplete="off" visibilityToggle={false} data-testid="marketplace-refresh-token" />
      </Form.Item>
      <Form.Item name={["credentials", "expires_at"]} label={t("fields.expires_at")} extra={t("help.expires_at")}>
        <DatePicker showTime style={{ width: "100%" }} data-testid="marketplace-expires-at" />
      </Form.Item>
    </>
  );
}

/** The settings' fields: the pickers over the company's master data, the e-invoice policy and stock sync. */
function SettingFields() {
  const { t } = useTranslation("marketplace");
  return (
    <>
      {SETTINGS.map((setting) => {
        const target = PICKERS[setting];
        if (!target) return null;
        const rules = OPTIONAL.has(setting) ? [] : [{ required: true, message: t("validation.required") }];
        return (
          <Form.Item key={setting} name={setting} label={t(`fields.${setting}`)} extra={t(`help.${setting}`)} rules={rules}>
            <ReferenceSelect target={target} allowClear={OPTIONAL.has(setting)} />
          </Form.Item>
        );
      })}
      <Form.Item name="einvoice_policy" label={t("fields.einvoice_policy")}>
        <Radio.Group data-testid="marketplace-einvoice-policy">
          <Flex vertical gap={4}>
            <Radio value="platform">{t("einvoicePolicy.platform")}</Radio>
            <Radio value="own">{t("einvoicePolicy.own")}</Radio>
          </Flex>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="stock_sync" label={t("fields.stock_sync")} valuePropName="checked" extra={t("help.stock_sync")}>
        <Switch data-testid="marketplace-stock-sync" />
      </Form.Item>
    </>
  );
}

/** The settings a form shows, from a connection. */
function valuesOf(connection: Connection): ConnectionValues {
  return {
    name: connection.name,
    location_id: connection.location_id,
    customer_id: connection.customer_id,
    wallet_cash_book_id: connection.wallet_cash_book_id,
    price_book_id: connection.price_book_id ?? null,
    commission_account_id: connection.commission_account_id,
    service_fee_account_id: connection.service_fee_account_id,
    transaction_fee_account_id: connection.transaction_fee_account_id,
    einvoice_policy: connection.einvoice_policy,
    stock_sync: connection.stock_sync,
  };
}

function ConnectionForm({
  form,
  editing,
  onFinish,
  disabled,
}: {
  form: FormInstance<ConnectionValues>;
  editing: Connection | null;
  onFinish: (values: ConnectionValues) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation("marketplace");
  const required = { required: true, whitespace: true, message: t("validation.required") };
  return (
    <Form<ConnectionValues>
      form={form}
      layout="vertical"
      initialValues={editing ? valuesOf(editing) : { platform: "shopee", einvoice_policy: "platform", stock_sync: true }}
      onFinish={onFinish}
      disabled={disabled}
      data-testid="marketplace-connection-form"
    >
      {editing ? null : (
        <>
          <Form.Item name="platform" label={t("fields.platform")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select options={PLATFORMS.map((platform) => ({ value: platform, label: t(`platform.${platform}`) }))} />
          </Form.Item>
          <Form.Item
            name="shop_id"
            label={t("fields.shop_id")}
            extra={t("help.shop_id")}
            rules={[required, { pattern: /^\s*[0-9]{1,20}\s*$/, message: t("validation.shopId") }]}
          >
            <Input inputMode="numeric" autoComplete="off" />
          </Form.Item>
        </>
      )}
      <Form.Item name="name" label={t("fields.name")} rules={[required, { max: 200 }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <SettingFields />
      {editing ? null : (
        <>
          <Typography.Title level={5}>{t("connect.tokens")}</Typography.Title>
          <Typography.Paragraph type="secondary">{t("connect.tokensHelp")}</Typography.Paragraph>
          <TokenFields />
        </>
      )}
    </Form>
  );
}

/** "Connect a shop" (editing null) or a connection's settings changed, in a drawer. */
function ConnectionDrawer({ open, editing, onClose }: { open: boolean; editing: Connection | null; onClose: () => void }) {
  const { t } = useTranslation("marketplace");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  // the version sent is the latest read: after a 409 the list is read again, and saving again sends what
  // this form changed over the other change
  const latest = useConnections(Boolean(editing)).data?.items.find((connection) => connection.id === editing?.id);
  const [form] = Form.useForm<ConnectionValues>();
  const problem = useFormProblem(form);
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());

  const save = useMutation({
    mutationFn: (values: ConnectionValues): Promise<Connection> => {
      if (editing) {
        // only what changed, with the version read: a connection changed meanwhile answers 409
        const body: ConnectionPatch = { version: latest?.version ?? editing.version };
        const before = valuesOf(editing);
        const name = (values.name ?? "").trim();
        if (name !== before.name) body.name = name;
        for (const setting of SETTINGS) {
          const value = values[setting] ?? null;
          if (value !== (before[setting] ?? null)) Object.assign(body, { [setting]: value });
        }
        return unwrap(
          api.PATCH("/v1/platform/connections/{connection_id}", {
            params: { path: { connection_id: editing.id } },
            body,
          }),
        );
      }
      const body = {
        platform: values.platform,
        shop_id: (values.shop_id ?? "").trim(),
        name: (values.name ?? "").trim(),
        ...Object.fromEntries(SETTINGS.map((setting) => [setting, values[setting] ?? null])),
        credentials: credentialsOf(values.credentials),
      } as ConnectionCreate;
      return unwrap(api.POST("/v1/platform/connections", { body, ...idempotent(attempt) }));
    },
    onMutate: () => problem.clear(),
    onSuccess: (saved) => {
      void message.success(t(editing ? "connect.saved" : "connect.connected", { name: saved.name }));
      void queryClient.invalidateQueries({ queryKey: marketplaceKeys.connections });
      onClose();
    },
    onError: (error) => {
      setAttempt(crypto.randomUUID());
      problem.show(error);
      void queryClient.invalidateQueries({ queryKey: marketplaceKeys.connections });
    },
  });

  return (
    <Drawer
      open={open}
      size={560}
      title={editing ? t("connect.editTitle", { name: editing.name }) : t("connect.title")}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap="small">
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="marketplace-connection-save">
            {editing ? t("common:action.save") : t("connect.action")}
          </Button>
        </Flex>
      }
      data-testid="marketplace-connection-drawer"
    >
      {editing ? null : <Typography.Paragraph type="secondary">{t("connect.intro")}</Typography.Paragraph>}
      <FormProblemAlert shown={problem.shown} />
      <ConnectionForm form={form} editing={editing} onFinish={(values) => save.mutate(values)} disabled={save.isPending} />
    </Drawer>
  );
}

/** New tokens for a connection (the shop authorised the app again): they replace the ones kept. */
function TokensModal({ connection, onClose }: { connection: Connection | null; onClose: () => void }) {
  const { t } = useTranslation("marketplace");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ credentials?: TokenValues }>();
  const problem = useFormProblem(form);
  const replace = useMutation({
    mutationFn: ({ target, values }: { target: Connection; values: { credentials?: TokenValues } }) =>
      unwrap(
        api.PATCH("/v1/platform/connections/{connection_id}", {
          params: { path: { connection_id: target.id } },
          body: { version: target.version, credentials: credentialsOf(values.credentials) },
        }),
      ),
    onMutate: () => problem.clear(),
    onSuccess: (saved) => {
      void message.success(t("tokens.replaced", { name: saved.name }));
      void queryClient.invalidateQueries({ queryKey: marketplaceKeys.connections });
      onClose();
    },
    onError: (error) => {
      problem.show(error);
      void queryClient.invalidateQueries({ queryKey: marketplaceKeys.connections });
    },
  });
  return (
    <Modal
      open={Boolean(connection)}
      title={connection ? t("tokens.title", { name: connection.name }) : ""}
      okText={t("tokens.action")}
      cancelText={t("common:action.cancel")}
      okButtonProps={{ id: "marketplace-tokens-save" }}
      confirmLoading={replace.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        problem.clear();
        replace.reset();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("tokens.detail")}</Typography.Paragraph>
      <FormProblemAlert shown={problem.shown} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) => connection && replace.mutate({ target: connection, values })}
        disabled={replace.isPending}
      >
        <TokenFields />
      </Form>
    </Modal>
  );
}

function PauseResume({ connection }: { connection: Connection }) {
  const { t } = useTranslation("marketplace");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const pausing = connection.status === "active";
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/v1/platform/connections/{connection_id}", {
          params: { path: { connection_id: connection.id } },
          body: { version: connection.version, status: pausing ? "paused" : "active" },
        }),
      ),
    onSuccess: (saved) => {
      void message.success(t(saved.status === "paused" ? "pause.paused" : "pause.resumed", { name: saved.name }));
      void queryClient.invalidateQueries({ queryKey: marketplaceKeys.connections });
    },
    onError: (error) => {
      void message.error(problemText(error), 8);
      void queryClient.invalidateQueries({ queryKey: marketplaceKeys.connections });
    },
  });
  const button = (
    <Button
      size="small"
      icon={pausing ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
      loading={change.isPending}
      onClick={pausing ? undefined : () => change.mutate()}
      aria-label={t(pausing ? "pause.pauseShop" : "pause.resumeShop", { name: connection.name })}
      data-testid={pausing ? "marketplace-pause" : "marketplace-resume"}
    >
      {t(pausing ? "pause.pause" : "pause.resume")}
    </Button>
  );
  if (!pausing) return button;
  return (
    <Popconfirm
      title={t("pause.confirm", { name: connection.name })}
      description={t("pause.confirmDetail")}
      okText={t("pause.pause")}
      cancelText={t("common:action.cancel")}
      onConfirm={() => change.mutate()}
    >
      {button}
    </Popconfirm>
  );
}

function PushUrl({ connection }: { connection: Connection }) {
  const { t } = useTranslation("marketplace");
  const url = pushUrl(connection);
  return (
    <Typography.Paragraph
      className="marketplace-push-url"
      copyable={{ text: url, tooltips: [t("shops.copy"), t("shops.copied")] }}
      data-testid="marketplace-push-url"
    >
      <Typography.Text code>{url}</Typography.Text>
    </Typography.Paragraph>
  );
}

/** One shop: what its orders book to, its push URL, and (for those who may manage) its actions. */
function ShopCard({
  connection,
  onEdit,
  onTokens,
}: {
  connection: Connection;
  onEdit?: () => void;
  onTokens?: () => void;
}) {
  const { t } = useTranslation("marketplace");
  const reference = (setting: Setting) => {
    const target = PICKERS[setting];
    const value = connection[setting];
    return target && typeof value === "string" && value ? <ReferenceName target={target} value={value} /> : "—";
  };
  const items: DescriptionsProps["items"] = [
    {
      key: "push",
      label: t("fields.push_url"),
      span: "filled",
      children: <PushUrl connection={connection} />,
    },
    ...(["location_id", "customer_id", "wallet_cash_book_id", "price_book_id"] as const).map((setting) => ({
      key: setting,
      label: t(`fields.${setting}`),
      children: reference(setting),
    })),
    ...(["commission_account_id", "service_fee_account_id", "transaction_fee_account_id"] as const).map((setting) => ({
      key: setting,
      label: t(`fields.${setting}`),
      children: reference(setting),
    })),
    { key: "einvoice", label: t("fields.einvoice_policy"), children: t(`einvoicePolicy.${connection.einvoice_policy}`) },
    {
      key: "stock",
      label: t("fields.stock_sync"),
      children: t(connection.stock_sync ? "stockSync.on" : "stockSync.off"),
    },
    {
      key: "tokens",
      label: t("fields.credentials_updated_at"),
      children: <DateTimeText value={connection.credentials_updated_at} />,
    },
  ];
  return (
    <Card
      size="small"
      className="record-section marketplace-shop"
      data-testid="marketplace-shop"
      data-shop={connection.shop_id}
      data-platform={connection.platform}
      data-status={connection.status}
      title={
        <Flex gap="small" align="center" wrap>
          <Typography.Text strong data-testid="marketplace-shop-name">
            {connection.name}
          </Typography.Text>
          <PlatformTag platform={connection.platform} />
          <Typography.Text type="secondary" data-testid="marketplace-shop-id">
            {connection.shop_id}
          </Typography.Text>
          <Tag
            color={connection.status === "active" ? "green" : "default"}
            data-testid="marketplace-shop-status"
            data-status={connection.status}
          >
            {t(`shopStatus.${connection.status}`, { defaultValue: connection.status })}
          </Tag>
        </Flex>
      }
      extra={
        <Flex gap={4} wrap justify="flex-end">
          <Link
            to={`/marketplace/orders?connection=${encodeURIComponent(connection.id)}`}
            className="marketplace-shop-orders"
            data-testid="marketplace-shop-orders"
          >
            <UnorderedListOutlined /> {t("shops.orders")}
          </Link>
          {onEdit ? (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={onEdit}
              aria-label={t("shops.editShop", { name: connection.name })}
              data-testid="marketplace-edit"
            >
              {t("common:action.edit")}
            </Button>
          ) : null}
          {onEdit ? <PauseResume connection={connection} /> : null}
          {onTokens ? (
            <Button
              size="small"
              icon={<KeyOutlined />}
              onClick={onTokens}
              aria-label={t("tokens.replaceShop", { name: connection.name })}
              data-testid="marketplace-replace-tokens"
            >
              {t("tokens.replace")}
            </Button>
          ) : null}
        </Flex>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} items={items} />
    </Card>
  );
}

export function ConnectionsPage() {
  const { t } = useTranslation("marketplace");
  const canManage = usePermission(MANAGE);
  const connections = useConnections();
  // each opening a fresh drawer (its form from the connection as it is then)
  const [drawer, setDrawer] = useState<{ open: boolean; editing: Connection | null; session: number }>({
    open: false,
    editing: null,
    session: 0,
  });
  const openDrawer = (editing: Connection | null) => setDrawer((now) => ({ open: true, editing, session: now.session + 1 }));
  const [tokensOf, setTokensOf] = useState<Connection | null>(null);
  const items = connections.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t("shops.title")}
        subtitle={t("shops.subtitle")}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)} data-testid="marketplace-connect">
              {t("connect.title")}
            </Button>
          ) : null
        }
      />
      <Alert className="record-section" type="info" showIcon title={t("shops.pushHelp")} data-testid="marketplace-push-help" />
      {connections.isError ? <ProblemAlert error={connections.error} /> : null}
      <div data-testid="marketplace-shops">
        {connections.isPending ? (
          <Card>
            <Skeleton active />
          </Card>
        ) : items.length === 0 ? (
          <Card>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("shops.empty")} />
          </Card>
        ) : (
          items.map((connection) => (
            <ShopCard
              key={connection.id}
              connection={connection}
              onEdit={canManage ? () => openDrawer(connection) : undefined}
              onTokens={canManage ? () => setTokensOf(connection) : undefined}
            />
          ))
        )}
      </div>
      <ConnectionDrawer
        key={drawer.session}
        open={drawer.open}
        editing={drawer.editing}
        onClose={() => setDrawer((now) => ({ ...now, open: false }))}
      />
      <TokensModal connection={tokensOf} onClose={() => setTokensOf(null)} />
    </>
  );
}
