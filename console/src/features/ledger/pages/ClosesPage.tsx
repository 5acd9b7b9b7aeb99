// Period close: start (or resume) the close of a month that has ended and follow its steps: revalue
// foreign balances, check every document posted, check the trial balance, lock the period.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Empty, Steps, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiProblem, api, idempotent, unwrap } from "@/api/client";
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

function useClose(period: string) {
  return useQuery({
    queryKey: ["ledger", "close", period],
    queryFn: async (): Promise<CloseRecord | null> => {
      try {
        // The operation documents no 200 model; the answer is a CloseRecord.
        const found: unknown = await unwrap(api.GET("/v1/ledger/closes/{period}", { params: { path: { period } } }));
        return found as CloseRecord;
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1500 : false),
  });
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
    onSuccess: (record) => queryClient.setQueryData(["ledger", "close", period], record),
    onSettled: () => setAttempt(crypto.randomUUID()),
  });
  const record = close.data;
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
    </>
  );
}
