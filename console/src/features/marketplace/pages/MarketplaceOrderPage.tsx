// One marketplace order: its import state, the error that stopped it (in the reader's words, with the fields
// it names) and Retry, the documents it became (each a link to its page), what the platform paid, and the
// statuses it was seen in (pushed, re-fetched or retried).
import { Alert, Card, Descriptions, Empty, Flex, Result, Skeleton, Timeline, Typography } from "antd";
import type { DescriptionsProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { ApiProblem } from "@/api/client";
import { DateTimeText, Money } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { DocumentLink, documentsOf, ImportProblem, PlatformTag, RetryButton, StateTag, StatusTag } from "../components/parts";
import { retried, useConnections, useMarketplaceOrder, type MarketplaceOrder, type Retried } from "../lib/api";

function DocumentsCard({ order }: { order: MarketplaceOrder }) {
  const { t } = useTranslation("marketplace");
  const documents = documentsOf(order);
  return (
    <Card size="small" className="record-section" title={t("detail.documents")} data-testid="marketplace-documents">
      {documents.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("detail.noDocuments")} />
      ) : (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
          items={documents.map((document) => ({
            key: document.key,
            label: t(`documents.${document.key}`),
            children: <DocumentLink document={document} />,
          }))}
        />
      )}
    </Card>
  );
}

function HistoryCard({ order }: { order: MarketplaceOrder }) {
  const { t } = useTranslation("marketplace");
  const events = [...(order.events ?? [])].reverse(); // newest first
  return (
    <Card size="small" className="record-section" title={t("detail.history")} data-testid="marketplace-history">
      {events.length === 0 ? (
        <Typography.Text type="secondary">{t("detail.noHistory")}</Typography.Text>
      ) : (
        <Timeline
          items={events.map((event, index) => ({
            key: `${event.at}-${index}`,
            color: index === 0 ? "blue" : "gray",
            content: (
              <Flex vertical gap={2} data-testid="marketplace-event" data-status={event.status}>
                <Flex gap="small" align="center" wrap>
                  <Typography.Text code>{event.status}</Typography.Text>
                  <Typography.Text>{t(`source.${event.source}`, { defaultValue: event.source })}</Typography.Text>
                </Flex>
                <Typography.Text type="secondary">
                  <DateTimeText value={event.at} />
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function ErrorAlert({ order }: { order: MarketplaceOrder }) {
  const { t } = useTranslation("marketplace");
  if (order.state !== "error" || !order.error) return null;
  const fields = order.error_fields ?? [];
  return (
    <Alert
      className="record-section"
      type="error"
      showIcon
      role="alert"
      title={t("detail.errorTitle")}
      description={
        <Flex vertical gap={4}>
          <ImportProblem order={order} testId="marketplace-order-error" />
          {fields.length > 0 ? (
            <Typography.Text type="secondary" data-testid="marketplace-error-fields">
              {t("detail.errorFields")}{" "}
              {fields.map((field) => (
                <Typography.Text code key={field}>
                  {field}
                </Typography.Text>
              ))}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary">{t("detail.errorHelp")}</Typography.Text>
        </Flex>
      }
      data-testid="marketplace-error-alert"
    />
  );
}

export function MarketplaceOrderPage() {
  const { t } = useTranslation("marketplace");
  const { id } = useParams();
  const [watching, setWatching] = useState<Retried>({});
  const query = useMarketplaceOrder(id, watching);
  const connections = useConnections();
  const back = <Link to="/marketplace/orders">{t("orders.title")}</Link>;

  if (query.isPending) {
    return (
      <>
        <PageHeader title={t("orders.title")} />
        <Card>
          <Skeleton active />
        </Card>
      </>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiProblem && query.error.status === 404;
    return missing ? (
      <Result status="404" title={t("detail.notFound")} extra={back} />
    ) : (
      <>
        <PageHeader title={t("orders.title")} subtitle={back} />
        <ProblemAlert error={query.error} />
      </>
    );
  }

  const order = query.data;
  const shop = connections.data?.items.find((connection) => connection.id === order.connection_id);
  const onRetried = (queued: MarketplaceOrder) => setWatching((now) => retried(now, queued));
  const items: DescriptionsProps["items"] = [
    {
      key: "shop",
      label: t("fields.shop"),
      children: (
        <Flex gap={4} align="center" wrap>
          <PlatformTag platform={order.platform} />
          <span>{shop ? `${shop.name} (${shop.shop_id})` : order.shop_id}</span>
        </Flex>
      ),
    },
    { key: "buyer", label: t("fields.buyer"), children: order.buyer ?? "" },
    {
      key: "total",
      label: t("fields.total"),
      children: (
        <strong data-testid="marketplace-total">
          <Money amount={order.total} currency={order.currency} />
        </strong>
      ),
    },
    {
      key: "status",
      label: t("fields.status"),
      children: (
        <Flex gap={4} align="center" wrap>
          <StatusTag status={order.order_status} raw={order.raw_status} />
          <Typography.Text type="secondary" code>
            {order.raw_status}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: "created", label: t("fields.created_at"), children: <DateTimeText value={order.created_at} /> },
    { key: "imported", label: t("fields.imported_at"), children: <DateTimeText value={order.imported_at} /> },
    { key: "attempts", label: t("fields.attempts"), children: String(order.attempts) },
    {
      key: "settlement",
      label: t("fields.settlement"),
      children: order.settlement ? (
        <span data-testid="marketplace-settlement">
          {t(`settlement.${order.settlement}`, { defaultValue: order.settlement })}
        </span>
      ) : (
        t("settlement.none")
      ),
    },
  ];
  if (order.payout) {
    items.push({
      key: "payout",
      label: t("fields.payout"),
      children: <Money amount={order.payout} currency={order.currency} />,
    });
  }

  return (
    <>
      <PageHeader
        title={t("detail.title", { order: order.order_id })}
        subtitle={back}
        extra={order.state === "error" ? <RetryButton order={order} onQueued={onRetried} /> : null}
      />
      <Flex gap="small" align="center" wrap className="record-state">
        <StateTag state={order.state} />
        <Typography.Text type="secondary" data-testid="marketplace-state-help">
          {t(`stateHelp.${order.state}`, { defaultValue: "" })}
        </Typography.Text>
      </Flex>
      <ErrorAlert order={order} />
      {order.stock_held === false ? (
        <Alert
          className="record-section"
          type="warning"
          showIcon
          title={t("detail.stockShort")}
          data-testid="marketplace-stock-short"
        />
      ) : null}
      <Card size="small" className="record-section" title={t("detail.order")}>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} items={items} />
      </Card>
      <DocumentsCard order={order} />
      <HistoryCard order={order} />
    </>
  );
}
