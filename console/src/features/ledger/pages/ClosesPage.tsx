// Period close: start (or resume) the close of a month that has ended and follow its steps: revalue
// foreign balances, check every document posted, check the trial balance, lock the period.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Empty, Steps, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, idempotent, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { MonthPicker } from "../components/PeriodPickers";
import { Filters } from "../components/ReportLayout";
import type { CloseRecord } from "../lib/api";
import { shiftPeriod } from "../lib/periods";
import { useFiscal } from "../lib/useFiscal";
import { useSearchState } from "../lib/useSearchState";

const STEPS = ["revalue", "check_all_posted", "check_trial_balance", "lock"] as const;
const CLOSES_KEY = ["ledger", "closes"] as const;

/** Every close started (the latest period first), and the one of `period` among them. */
function useClose(period: string) {
  const closes = useQuery({
    queryKey: CLOSES_KEY,
    queryFn: () => unwrap(api.GET("/v1/ledger/closes", { params: { query: { limit: 200 } } })),
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.status === "running") ? 1500 : false),
  });
  return { ...closes, record: closes.data?.items.find((item) => item.period === period) };
}

function statusColor(status: string): string {
  return status === "closed" ? "success" : status === "failed" ? "error" : "processing";
}

function CloseProgress({ record }: { record: CloseRecord }) {
  const { t } = useTranslation("ledger");
  const done = new Set(record.steps.map((step) => step.name));
  const current = STEPS.findIndex((step) => !done.has(step));
  const items = STEPS.map((step, index) => {
    const finished = record.steps.find((item) => item.name === step);
    const status: "finish" | "process" | "error" | "wait" = finished
      ? "finish"
      : index === current
        ? record.status === "failed"
          ? "error"
          : record.status === "running"
            ? "process"
            : "wait"
        : "wait";
    return {
      title: t(`closes.step.${step}`),
      status,
      content: finished ? <DateTimeText value={finished.done_at} /> : undefined,
    };
  });
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: "status",
            label: t("closes.status"),
            children: (
              <Tag color={statusColor(record.status)} data-testid="close-status">
                {t(`closes.state.${record.status}`, { defaultValue: record.status })}
              </Tag>
            ),
          },
          { key: "started", label: t("closes.startedAt"), children: <DateTimeText value={record.started_at} /> },
          { key: "closed", label: t("closes.closedAt"), children: record.closed_at ? <DateTimeText value={record.closed_at} /> : "—" },
        ]}
      />
      <Steps items={items} current={current === -1 ? STEPS.length - 1 : current} responsive />
      {record.failure ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={t(`closes.failure.${record.failure.error}`, { defaultValue: record.failure.error })}
          description={record.failure.cause}
        />
      ) : null}
    </>
  );
}

export function ClosesPage() {
  const { t } = useTranslation("ledger");
  const { current } = useFiscal();
  const canClose = usePermission("ledger:close");
  const queryClient = useQueryClient();
  const search = useSearchState();
  const lastMonth = shiftPeriod(current, -1);
  const period = search.get("period") && search.get("period")! <= lastMonth ? search.get("period")! : lastMonth;
  // One key per attempt: a double submission is answered once; a new attempt after an answer gets a new key.
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const close = useClose(period);
  const start = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/v1/ledger/closes", { body: { period }, ...idempotent(attempt) })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CLOSES_KEY }),
    onSettled: () => setAttempt(crypto.randomUUID()),
  });
  const { record } = close;
  const startable = canClose && record?.status !== "closed" && record?.status !== "running";
  return (
    <>
      <PageHeader title={t("closes.title")} subtitle={t("closes.subtitle")} />
      <Filters label={t("filters")}>
        <MonthPicker
          label={t("closes.period")}
          value={period}
          onChange={(next) => search.update({ period: next })}
          disabledAfter={lastMonth}
          testId="close-period"
        />
        <Button type="primary" disabled={!startable} loading={start.isPending} onClick={() => start.mutate()}>
          {record?.status === "failed" ? t("closes.resume") : t("closes.start")}
        </Button>
      </Filters>
      {start.error ? <ProblemAlert error={start.error} /> : null}
      {close.error ? <ProblemAlert error={close.error} /> : null}
      <Card size="small" title={t("closes.heading", { period })} loading={close.isPending}>
        {record ? <CloseProgress record={record} /> : <Empty description={t("closes.notStarted")} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </Card>
      <Card size="small" title={t("closes.history")} style={{ marginTop: 16 }}>
        <Table<CloseRecord>
          data-testid="close-history"
          size="small"
          rowKey="period"
          pagination={false}
          loading={close.isPending}
          dataSource={close.data?.items ?? []}
          columns={[
            {
              key: "period",
              title: t("closes.month"),
              render: (_, item) => (
                <Button type="link" size="small" onClick={() => search.update({ period: item.period })}>
                  {item.period}
                </Button>
              ),
            },
            {
              key: "status",
              title: t("closes.status"),
              render: (_, item) => (
                <Tag color={statusColor(item.status)}>{t(`closes.state.${item.status}`, { defaultValue: item.status })}</Tag>
              ),
            },
            {
              key: "closed",
              title: t("closes.closedAt"),
              render: (_, item) => (item.closed_at ? <DateTimeText value={item.closed_at} /> : "—"),
            },
          ]}
        />
      </Card>
    </>
  );
}
