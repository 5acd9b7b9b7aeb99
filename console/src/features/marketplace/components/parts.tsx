// What the marketplace screens share: the import state, the order's status and the platform as tags, the
// import error in the reader's words, the documents an order became as links to their pages, and Retry.
import { RedoOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { api, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { problemText } from "@/lib/problems";
import { importErrorText, MANAGE, marketplaceKeys, type MarketplaceOrder } from "../lib/api";

const STATE_COLOURS: Readonly<Record<string, string>> = {
  importing: "blue",
  imported: "green",
  error: "red",
  cancelled: "default",
};

const STATUS_COLOURS: Readonly<Record<string, string>> = {
  unpaid: "gold",
  paid: "cyan",
  shipped: "blue",
  delivered: "geekblue",
  completed: "green",
  cancelled: "default",
  returned: "volcano",
};

const PLATFORM_COLOURS: Readonly<Record<string, string>> = { shopee: "orange", lazada: "blue" };

export function StateTag({ state, testId = "marketplace-state" }: { state: string; testId?: string }) {
  const { t } = useTranslation("marketplace");
  return (
    <Tag color={STATE_COLOURS[state] ?? "default"} data-testid={testId} data-state={state}>
      {t(`state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

export function StatusTag({ status, raw, testId = "marketplace-status" }: { status: string; raw?: string; testId?: string }) {
  const { t } = useTranslation("marketplace");
  return (
    <Tag color={STATUS_COLOURS[status] ?? "default"} data-testid={testId} data-status={status} title={raw}>
      {t(`status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function PlatformTag({ platform }: { platform: string }) {
  const { t } = useTranslation("marketplace");
  return (
    <Tag color={PLATFORM_COLOURS[platform] ?? "default"} data-testid="marketplace-platform" data-platform={platform}>
      {t(`platform.${platform}`, { defaultValue: platform })}
    </Tag>
  );
}

/** The last import error, in the reader's words where the console knows it. */
export function ImportProblem({
  order,
  testId = "marketplace-error",
}: {
  order: Pick<MarketplaceOrder, "error" | "errors">;
  testId?: string;
}) {
  useTranslation(); // shown again in a new language
  if (!order.error && !order.errors?.length) return null;
  return (
    <Typography.Text type="danger" className="marketplace-error" data-testid={testId}>
      {importErrorText(order)}
    </Typography.Text>
  );
}

/** The documents an order may become, in the order it becomes them, and the console's page of each. */
export const DOCUMENTS = [
  { key: "sales_order", path: "sales-orders" },
  { key: "delivery", path: "delivery-orders" },
  { key: "invoice", path: "sales-invoices" },
  { key: "receipt", path: "customer-receipts" },
  { key: "fees_payment", path: "payments" },
  { key: "credit_note", path: "credit-notes" },
  { key: "refund", path: "customer-refunds" },
] as const;
export type DocumentKey = (typeof DOCUMENTS)[number]["key"];

export interface OrderDocument {
  key: DocumentKey;
  id: string;
  code: string;
  href: string;
}

/** The documents the order became so far. */
export function documentsOf(order: MarketplaceOrder): OrderDocument[] {
  const found: OrderDocument[] = [];
  for (const { key, path } of DOCUMENTS) {
    const id = order[`${key}_id`];
    if (id) found.push({ key, id, code: order[`${key}_code`] || id, href: `/${path}/${id}` });
  }
  return found;
}

export function DocumentLink({ document }: { document: OrderDocument }) {
  return (
    <Link to={document.href} className="record-link" data-testid={`marketplace-doc-${document.key}`}>
      {document.code}
    </Link>
  );
}

/** "Retry": the order read again from its platform and imported (for those who may manage marketplaces). */
export function RetryButton({
  order,
  onQueued,
  size,
}: {
  order: MarketplaceOrder;
  onQueued?: (order: MarketplaceOrder) => void;
  size?: "small" | "middle";
}) {
  const { t } = useTranslation("marketplace");
  const { message } = App.useApp();
  const canManage = usePermission(MANAGE);
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/marketplace/orders/{id}/retry", { params: { path: { id: order.id } } })),
    onSuccess: () => {
      void message.success(t("retry.queued", { order: order.order_id }));
      onQueued?.(order);
      void queryClient.invalidateQueries({ queryKey: marketplaceKeys.orders });
    },
    onError: (error) => {
      void message.error(problemText(error), 8);
    },
  });
  if (!canManage || order.state !== "error") return null;
  return (
    <Button
      size={size}
      icon={<RedoOutlined />}
      loading={retry.isPending}
      onClick={() => retry.mutate()}
      data-testid="marketplace-retry"
    >
      {t("retry.action")}
    </Button>
  );
}
