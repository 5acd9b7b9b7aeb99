// The e-invoice queue: every document sent (or to be sent) to MyInvois by its number, or those in one state
// in the order they fell due; cursor pages, rows that open the e-invoice, and "Submit now". The state and
// page size live in the URL, the cursors of the pages visited in the history entry (Back returns to them).
import { LeftOutlined, ReloadOutlined, RightOutlined, SettingOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Select, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";

import { usePermission } from "@/auth/me";
import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StateTag, SubmitNow, useTypeName } from "../components/parts";
import { STATES, useEInvoices, type EInvoice } from "../lib/api";

const PAGE_SIZES = [20, 50, 100] as const;
const ALL = "all";

function useQueueState() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const state = params.get("state");
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
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZES[0],
    cursor: cursors[cursors.length - 1],
    page: cursors.length + 1,
    setState: (value: string) => set("state", value === ALL ? null : value),
    setLimit: (value: number) => set("limit", value === PAGE_SIZES[0] ? null : String(value)),
    next: (cursor: string) => goTo([...cursors, cursor]),
    previous: () => goTo(cursors.slice(0, -1)),
  };
}

export function EInvoicesPage() {
  const { t } = useTranslation("einvoices");
  const navigate = useNavigate();
  const format = useFormatters();
  const typeName = useTypeName();
  const canSeeSettings = usePermission("einvoices:read");
  const queue = useQueueState();
  const answer = useEInvoices({ state: queue.state, limit: queue.limit, cursor: queue.cursor });
  const items = answer.data?.items ?? [];
  const nextCursor = answer.data?.next_cursor;
  const open = (item: EInvoice) => navigate(`/einvoices/${item.id}`);

  const columns: ColumnsType<EInvoice> = [
    {
      key: "code",
      title: t("fields.code"),
      render: (_, item) => (
        <Link to={`/einvoices/${item.id}`} className="record-link" data-testid="einvoice-link">
          {item.code}
        </Link>
      ),
    },
    { key: "type", title: t("fields.type_code"), render: (_, item) => typeName(item.type_code) },
    { key: "customer", title: t("fields.customer_name"), render: (_, item) => item.customer_name ?? "" },
    { key: "date", title: t("fields.date"), render: (_, item) => format.date(item.date) },
    {
      key: "total",
      title: t("fields.total"),
      align: "right",
      render: (_, item) => <span className="amount">{format.money(item.total, item.currency)}</span>,
    },
    { key: "state", title: t("fields.state"), render: (_, item) => <StateTag state={item.state} /> },
    {
      key: "uuid",
      title: t("fields.uuid"),
      render: (_, item) =>
        item.uuid ? (
          <Typography.Text code data-testid="einvoice-uuid">
            {item.uuid}
          </Typography.Text>
        ) : (
          ""
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("list.subtitle")}
        extra={
          <>
            {canSeeSettings ? (
              <Button icon={<SettingOutlined />} onClick={() => navigate("/einvoices/settings")}>
                {t("nav.settings")}
              </Button>
            ) : null}
            <SubmitNow />
          </>
        }
      />
      <Flex className="list-toolbar" wrap gap="small" align="center">
        <Select
          aria-label={t("list.stateFilter")}
          value={queue.state ?? ALL}
          onChange={queue.setState}
          options={[ALL, ...STATES].map((state) => ({
            value: state,
            label: state === ALL ? t("list.allStates") : t(`state.${state}`),
          }))}
          className="list-filter"
          style={{ minWidth: 220 }}
          data-testid="einvoice-state-filter"
        />
        {queue.state ? (
          <Typography.Text type="secondary" data-testid="einvoice-state-help">
            {t(`stateHelp.${queue.state}`)}
          </Typography.Text>
        ) : null}
        <Flex gap="small" className="list-tools">
          <Button
            icon={<ReloadOutlined />}
            aria-label={t("common:action.refresh")}
            loading={answer.isFetching && !answer.isPending}
            onClick={() => void answer.refetch()}
            data-testid="einvoice-refresh"
          />
        </Flex>
      </Flex>
      {answer.isError ? <ProblemAlert error={answer.error} /> : null}
      <Table<EInvoice>
        className="record-table"
        data-testid="einvoice-table"
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={answer.isPending || (answer.isFetching && answer.isPlaceholderData)}
        pagination={false}
        scroll={{ x: "max-content" }}
        onRow={(item) => ({
          onClick: (event) => {
            if (!(event.target as HTMLElement).closest("a, button")) open(item);
          },
          className: "record-row",
          "data-code": item.code,
          "data-state": item.state,
        })}
        locale={{
          emptyText: answer.isPending ? (
            " "
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={queue.state ? t("list.emptyState", { state: t(`state.${queue.state}`) }) : t("list.empty")}
            />
          ),
        }}
      />
      <Flex justify="flex-end" align="center" gap="small" wrap className="list-pager" data-testid="list-pager">
        <Typography.Text type="secondary">{t("records:rowsPerPage")}</Typography.Text>
        <Select
          aria-label={t("records:rowsPerPage")}
          value={queue.limit}
          onChange={queue.setLimit}
          options={PAGE_SIZES.map((size) => ({ value: size, label: String(size) }))}
          style={{ width: 80 }}
          data-testid="page-size"
        />
        <Button icon={<LeftOutlined />} disabled={queue.page === 1} onClick={queue.previous} data-testid="page-previous">
          {t("common:action.previous")}
        </Button>
        <Typography.Text data-testid="page-number">{t("records:page", { page: queue.page })}</Typography.Text>
        <Button disabled={!nextCursor} onClick={() => nextCursor && queue.next(nextCursor)} data-testid="page-next">
          {t("common:action.next")} <RightOutlined />
        </Button>
      </Flex>
    </>
  );
}
