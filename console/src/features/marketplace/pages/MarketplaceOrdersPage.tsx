// The marketplace order log: every order the shops pushed, newest first, or those in one state or of one
// shop; what each became (its sales order), its status on the platform, and the error that stopped its
// import, with Retry for those who may manage. The filters and page size live in the URL, the cursors of
// the pages visited in the history entry (Back returns to them).
import { LeftOutlined, ReloadOutlined, RightOutlined, ShopOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Select, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { DocumentLink, documentsOf, ImportProblem, PlatformTag, RetryButton, StateTag, StatusTag } from "../components/parts";
import {
  retried,
  STATES,
  useConnections,
  useMarketplaceOrders,
  type MarketplaceOrder,
  type Retried,
} from "../lib/api";

const PAGE_SIZES = [20, 50, 100] as const;
const ALL = "all";

function useLogState() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const state = params.get("state");
  const connection = params.get("connection");
  const limit = Number(params.get("limit"));
  const cursors = ((location.state as { cursors?: string[] } | null)?.cursors ?? []).filter(Boolean);
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true, state: null });
  };
  const goTo = (visited: string[]) => setParams(params, { replace: true, state: { cursors: visited } });
  return {
    state: state && (STATES as readonly string[]).includes(state) ? state : undefined,
    connection: connection || undefined,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZES[0],
    cursor: cursors[cursors.length - 1],
    page: cursors.length + 1,
    setState: (value: string) => set("state", value === ALL ? null : value),
    setConnection: (value: string) => set("connection", value === ALL ? null : value),
    setLimit: (value: number) => set("limit", value === PAGE_SIZES[0] ? null : String(value)),
    next: (cursor: string) => goTo([...cursors, cursor]),
    previous: () => goTo(cursors.slice(0, -1)),
  };
}

export function MarketplaceOrdersPage() {
  const { t } = useTranslation("marketplace");
  const navigate = useNavigate();
  const format = useFormatters();
  const log = useLogState();
  const [watching, setWatching] = useState<Retried>({});
  const connections = useConnections();
  const shops = connections.data?.items ?? [];
  const shopName = new Map(shops.map((shop) => [shop.id, shop.name]));
  const query = { state: log.state, connection_id: log.connection, limit: log.limit, cursor: log.cursor };
  const answer = useMarketplaceOrders(query, watching);
  const items = answer.data?.items ?? [];
  const nextCursor = answer.data?.next_cursor;
  const open = (order: MarketplaceOrder) => navigate(`/marketplace/orders/${order.id}`);

  const columns: ColumnsType<MarketplaceOrder> = [
    {
      key: "order",
      title: t("fields.order_id"),
      render: (_, order) => (
        <Flex vertical gap={2}>
          <Link to={`/marketplace/orders/${order.id}`} className="record-link" data-testid="marketplace-order-link">
            {order.order_id}
          </Link>
          <Typography.Text type="secondary">{format.dateTime(order.created_at)}</Typography.Text>
        </Flex>
      ),
    },
    {
      key: "shop",
      title: t("fields.shop"),
      render: (_, order) => (
        <Flex gap={4} align="center" wrap>
          <PlatformTag platform={order.platform} />
          <span>{shopName.get(order.connection_id) ?? order.shop_id}</span>
        </Flex>
      ),
    },
    { key: "buyer", title: t("fields.buyer"), render: (_, order) => order.buyer ?? "" },
    {
      key: "total",
      title: t("fields.total"),
      align: "right",
      render: (_, order) => <span className="amount">{format.money(order.total, order.currency)}</span>,
    },
    {
      key: "status",
      title: t("fields.status"),
      render: (_, order) => <StatusTag status={order.order_status} raw={order.raw_status} />,
    },
    {
      key: "documents",
      title: t("fields.sales_order"),
      render: (_, order) => {
        const salesOrder = documentsOf(order).find((document) => document.key === "sales_order");
        return salesOrder ? <DocumentLink document={salesOrder} /> : "";
      },
    },
    {
      key: "state",
      title: t("fields.state"),
      render: (_, order) => (
        <Flex vertical gap={4} align="flex-start">
          <StateTag state={order.state} />
          <ImportProblem order={order} />
          <RetryButton size="small" order={order} onQueued={(queued) => setWatching((now) => retried(now, queued))} />
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("orders.title")}
        subtitle={t("orders.subtitle")}
        extra={
          <Button icon={<ShopOutlined />} onClick={() => navigate("/marketplace/shops")} data-testid="marketplace-shops-link">
            {t("nav.shops")}
          </Button>
        }
      />
      <Flex className="list-toolbar" wrap gap="small" align="center">
        <Select
          aria-label={t("orders.stateFilter")}
          value={log.state ?? ALL}
          onChange={log.setState}
          options={[ALL, ...STATES].map((state) => ({
            value: state,
            label: state === ALL ? t("orders.allStates") : t(`state.${state}`),
          }))}
          className="list-filter"
          style={{ minWidth: 200 }}
          data-testid="marketplace-state-filter"
        />
        <Select
          aria-label={t("orders.shopFilter")}
          value={log.connection ?? ALL}
          onChange={log.setConnection}
          loading={connections.isPending}
          options={[
            { value: ALL, label: t("orders.allShops") },
            ...shops.map((shop) => ({
              value: shop.id,
              label: `${shop.name} (${t(`platform.${shop.platform}`)} ${shop.shop_id})`,
            })),
          ]}
          className="list-filter"
          style={{ minWidth: 260 }}
          data-testid="marketplace-shop-filter"
        />
        {log.state ? (
          <Typography.Text type="secondary" data-testid="marketplace-state-help">
            {t(`stateHelp.${log.state}`)}
          </Typography.Text>
        ) : null}
        <Flex gap="small" className="list-tools">
          <Button
            icon={<ReloadOutlined />}
            aria-label={t("common:action.refresh")}
            loading={answer.isFetching && !answer.isPending}
            onClick={() => void answer.refetch()}
            data-testid="marketplace-refresh"
          />
        </Flex>
      </Flex>
      {answer.isError ? <ProblemAlert error={answer.error} /> : null}
      <Table<MarketplaceOrder>
        className="record-table"
        data-testid="marketplace-orders"
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={answer.isPending || (answer.isFetching && answer.isPlaceholderData)}
        pagination={false}
        scroll={{ x: "max-content" }}
        onRow={(order) => ({
          onClick: (event) => {
            if (!(event.target as HTMLElement).closest("a, button")) open(order);
          },
          className: order.state === "error" ? "record-row marketplace-row-error" : "record-row",
          "data-order": order.order_id,
          "data-state": order.state,
        })}
        locale={{
          emptyText: answer.isPending ? (
            " "
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={log.state ? t("orders.emptyState", { state: t(`state.${log.state}`) }) : t("orders.empty")}
            />
          ),
        }}
      />
      <Flex justify="flex-end" align="center" gap="small" wrap className="list-pager" data-testid="list-pager">
        <Typography.Text type="secondary">{t("records:rowsPerPage")}</Typography.Text>
        <Select
          aria-label={t("records:rowsPerPage")}
          value={log.limit}
          onChange={log.setLimit}
          options={PAGE_SIZES.map((size) => ({ value: size, label: String(size) }))}
          style={{ width: 80 }}
          data-testid="page-size"
        />
        <Button icon={<LeftOutlined />} disabled={log.page === 1} onClick={log.previous} data-testid="page-previous">
          {t("common:action.previous")}
        </Button>
        <Typography.Text data-testid="page-number">{t("records:page", { page: log.page })}</Typography.Text>
        <Button disabled={!nextCursor} onClick={() => nextCursor && log.next(nextCursor)} data-testid="page-next">
          {t("common:action.next")} <RightOutlined />
        </Button>
      </Flex>
    </>
  );
}
