// Delivery runs: one vehicle's trip on a date, with its driver, its time slot and its stops (submitted
// delivery orders, delivered or installed in that order). Edited while a draft; Dispatch fixes it; each
// stop's proof of delivery is recorded on the run's page ("Record proof"), the last one completing it.
// Its words are in locales/<language>/delivery-runs.json.
import { CarOutlined, CloseCircleOutlined, EditOutlined } from "@ant-design/icons";
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { usePermission } from "@/auth/me";
import { defineResource, type DocRecord, type RecordActionProps } from "../engine/types";
import { EMPLOYEES, SUBMITTED_DELIVERIES } from "../fields/targets";
import { choice, date, field, numberedCode, reference, text, todayDate, upper } from "./build";
import { filterBy, offered, shown } from "./listing";
import { ActionProblem, ReasonDialog, SubmitDraft, useDocumentAction } from "./SalesDocument";

const NS = "delivery-runs";
export const RUN_STATES = ["draft", "submitted", "completed", "cancelled"] as const;
const RUN_COLOURS = { draft: "gold", submitted: "blue", completed: "green", cancelled: "default" } as const;
const STOP_KINDS = ["delivery", "installation"] as const;
const OUTCOMES = ["delivered", "installed", "failed"] as const;
const OUTCOME_COLOURS: Readonly<Record<string, string>> = { delivered: "green", installed: "green", failed: "red" };

interface Stop {
  delivery_order_id: string;
  delivery_order_code?: string | null;
  kind?: string | null;
  window_start?: string | null;
  window_end?: string | null;
  note?: string | null;
  customer_name?: string | null;
  address?: string[] | null;
  phone?: string | null;
  outcome?: string | null;
  received_by?: string | null;
  received_at?: string | null;
  failure_reason?: string | null;
}

const stopsOf = (record: DocRecord): Stop[] => (Array.isArray(record.stops) ? (record.stops as Stop[]) : []);
const hasProof = (record: DocRecord) => stopsOf(record).some((stop) => Boolean(stop.outcome));

/** The run's state, beside its actions. */
function RunStateTag({ record }: RecordActionProps) {
  const { t } = useTranslation(NS);
  const state = typeof record.state === "string" ? record.state : "";
  if (!state) return null;
  return (
    <Tag
      color={RUN_COLOURS[state as keyof typeof RUN_COLOURS] ?? "default"}
      data-testid="run-state"
      data-state={state}
      style={{ alignSelf: "center" }}
    >
      {t(`enums.run_state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

/** Dispatch a draft: from then on only its stops' proof is recorded. */
function DispatchRun({ resource, record }: RecordActionProps) {
  const { t } = useTranslation(NS);
  const allowed = usePermission(`${resource.kind}:submit`);
  if (!allowed || record.state !== "draft") return null;
  return (
    <SubmitDraft
      resource={resource}
      record={record}
      label={t("dispatch.action")}
      title={t("dispatch.title", { code: record.code ?? "" })}
      detail={t("dispatch.detail")}
      done={(saved) => t("dispatch.done", { code: saved.code ?? "" })}
      testId="run-dispatch"
    />
  );
}

/** Cancel a draft, or a dispatched run with no proof yet: its driver, vehicle and delivery orders are free. */
function CancelRun({ resource, record }: RecordActionProps) {
  const { t } = useTranslation(NS);
  const { message } = App.useApp();
  const allowed = usePermission(`${resource.kind}:cancel`);
  const [open, setOpen] = useState(false);
  const cancel = useDocumentAction(resource.kind, record, (saved) => {
    setOpen(false);
    void message.success(t("cancel.done", { code: saved.code ?? "" }));
  });
  if (!allowed || !["draft", "submitted"].includes(String(record.state)) || hasProof(record)) return null;
  return (
    <>
      <Button
        danger
        icon={<CloseCircleOutlined />}
        onClick={() => {
          cancel.reset();
          setOpen(true);
        }}
        data-testid="run-cancel"
      >
        {t("cancel.action")}
      </Button>
      <ReasonDialog
        open={open}
        title={t("cancel.title", { code: record.code ?? "" })}
        action={t("cancel.action")}
        label={t("cancel.reason")}
        required
        danger
        pending={cancel.isPending}
        error={cancel.error}
        kind={resource.kind}
        onSend={(reason) => cancel.mutate({ action: "cancel", body: { reason, version: record.version } })}
        onClose={() => setOpen(false)}
        testId="run-cancel"
        closeText={t("cancel.keep")}
      >
        <Typography.Paragraph>{t("cancel.detail")}</Typography.Paragraph>
      </ReasonDialog>
    </>
  );
}

/** Now, as the API takes a moment: local time with its offset, to the second. */
function nowWithOffset(): string {
  const now = new Date();
  const pad = (n: number) => String(Math.abs(Math.trunc(n))).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

interface ProofValues {
  outcome?: string;
  received_by?: string;
  received_at?: string;
  failure_reason?: string;
}

/** One stop's proof: the outcome, who received it and when, or why it failed. */
function ProofDialog({
  resource,
  record,
  number,
  onClose,
}: RecordActionProps & { number: number; onClose: () => void }) {
  const { t } = useTranslation(NS);
  const { message } = App.useApp();
  const [form] = Form.useForm<ProofValues>();
  const outcome = Form.useWatch("outcome", form);
  const prove = useDocumentAction(resource.kind, record, () => {
    onClose();
    void message.success(t("proof.done", { stop: number + 1 }));
  });
  const send = (values: ProofValues) => {
    const failed = values.outcome === "failed";
    const body: Record<string, unknown> = { outcome: values.outcome, received_at: values.received_at };
    if (failed) body.failure_reason = values.failure_reason?.trim();
    else body.received_by = values.received_by?.trim();
    prove.mutate({ action: `stops/${number}/proof`, body });
  };
  const stop = stopsOf(record)[number];
  return (
    <Modal
      open
      title={t("proof.title", { stop: number + 1, order: stop?.delivery_order_code ?? "" })}
      okText={t("proof.save")}
      okButtonProps={{ id: "run-proof-confirm" }}
      cancelText={t("common:action.cancel")}
      confirmLoading={prove.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ActionProblem kind={resource.kind} error={prove.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          outcome: stop?.kind === "installation" ? "installed" : "delivered",
          received_at: nowWithOffset(),
        }}
        onFinish={send}
      >
        <Form.Item name="outcome" label={t("fields.outcome")} rules={[{ required: true }]}>
          <Select
            data-testid="run-proof-outcome"
            options={OUTCOMES.map((value) => ({ value, label: t(`enums.outcome.${value}`) }))}
          />
        </Form.Item>
        {outcome === "failed" ? (
          <Form.Item
            name="failure_reason"
            label={t("fields.failure_reason")}
            rules={[{ required: true, whitespace: true, message: t("proof.reasonRequired") }]}
          >
            <Input maxLength={200} data-testid="run-proof-reason" />
          </Form.Item>
        ) : (
          <Form.Item
            name="received_by"
            label={t("fields.received_by")}
            rules={[{ required: true, whitespace: true, message: t("proof.receiverRequired") }]}
          >
            <Input maxLength={200} data-testid="run-proof-received-by" />
          </Form.Item>
        )}
        <Form.Item
          name="received_at"
          label={t("fields.received_at")}
          extra={t("help.received_at")}
          rules={[{ required: true }]}
        >
          <Input maxLength={40} data-testid="run-proof-received-at" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The driver's sheet: each stop's customer, address and window, its outcome, and "Record proof". */
function RunStops({ resource, record }: RecordActionProps) {
  const { t } = useTranslation(NS);
  const canProve = usePermission(`${resource.kind}:proof`);
  const [proving, setProving] = useState<number | null>(null);
  const stops = stopsOf(record);
  const columns: ColumnsType<Stop & { number: number }> = [
    { key: "number", title: "#", render: (_, stop) => stop.number + 1, width: 48 },
    { key: "order", title: t("fields.delivery_order_id"), render: (_, stop) => stop.delivery_order_code },
    { key: "kind", title: t("fields.kind"), render: (_, stop) => t(`enums.stop_kind.${stop.kind ?? "delivery"}`) },
    {
      key: "customer",
      title: t("fields.customer_name"),
      render: (_, stop) => (
        <>
          <div>{stop.customer_name}</div>
          {(stop.address ?? []).map((line) => (
            <Typography.Text key={line} type="secondary" style={{ display: "block" }}>
              {line}
            </Typography.Text>
          ))}
          {stop.phone ? <Typography.Text type="secondary">{stop.phone}</Typography.Text> : null}
        </>
      ),
    },
    {
      key: "window",
      title: t("fields.window"),
      render: (_, stop) => [stop.window_start, stop.window_end].filter(Boolean).join("–"),
    },
    { key: "note", title: t("fields.note"), render: (_, stop) => stop.note },
    {
      key: "outcome",
      title: t("fields.outcome"),
      render: (_, stop) =>
        stop.outcome ? (
          <>
            <Tag color={OUTCOME_COLOURS[stop.outcome] ?? "default"} data-testid={`run-stop-outcome-${stop.number}`}>
              {t(`enums.outcome.${stop.outcome}`, { defaultValue: stop.outcome })}
            </Tag>
            <Typography.Text type="secondary" style={{ display: "block" }}>
              {stop.outcome === "failed" ? stop.failure_reason : stop.received_by}
            </Typography.Text>
          </>
        ) : null,
    },
    {
      key: "action",
      title: "",
      render: (_, stop) =>
        canProve && record.state === "submitted" && !stop.outcome ? (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setProving(stop.number)}
            data-testid={`run-proof-${stop.number}`}
            aria-label={t("proof.actionFor", { stop: stop.number + 1 })}
          >
            {t("proof.action")}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card title={t("sheet.title")} size="small" data-testid="run-stops">
      <Table
        size="small"
        rowKey="number"
        pagination={false}
        columns={columns}
        dataSource={stops.map((stop, number) => ({ ...stop, number }))}
        scroll={{ x: "max-content" }}
      />
      {proving !== null ? (
        <ProofDialog resource={resource} record={record} number={proving} onClose={() => setProving(null)} />
      ) : null}
    </Card>
  );
}

const runState = field(
  { type: "choice", options: RUN_STATES, labels: "run_state", colours: RUN_COLOURS },
  { readOnly: true },
);

export const deliveryRuns = defineResource({
  kind: NS,
  path: "/v1/delivery-runs",
  group: "sales",
  icon: <CarOutlined />,
  order: 35,
  editable: true,
  archivable: false,
  editableWhen: (record: DocRecord) => record.state === "draft",
  fields: {
    code: numberedCode(),
    run_date: todayDate(),
    driver_id: reference(EMPLOYEES, { required: true }),
    vehicle: upper({ required: true, help: true }),
    slot_start: text({ required: true, help: true, initial: "09:00" }),
    slot_end: text({ required: true, initial: "17:00" }),
    memo: text(),
    state: runState,
    driver_name: text({ readOnly: true }),
    stops: field(
      {
        type: "list",
        rowField: "delivery_order_id",
        max: 40,
        fields: {
          delivery_order_id: reference(SUBMITTED_DELIVERIES, { required: true }),
          kind: choice(STOP_KINDS, "stop_kind"),
          window_start: text(),
          window_end: text(),
          note: text(),
        },
      },
      { initial: () => [{ kind: "delivery" }] },
    ),
  },
  sections: [
    { key: "run", columns: 3, fields: ["run_date", "driver_id", "vehicle", "slot_start", "slot_end", "memo"] },
    { key: "stops", fields: ["stops"] },
  ],
  columns: [
    ...shown("code", "run_date", "driver_name", "vehicle", "slot_start", "slot_end", "state"),
    ...offered("memo", "created_at"),
  ],
  filters: [filterBy("run_date", date()), filterBy("driver_id", reference(EMPLOYEES)), filterBy("state", runState)],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "save" },
  actions: [RunStateTag, DispatchRun, CancelRun],
  panels: [RunStops],
  describe: (record) => [record.code, record.vehicle, record.run_date].filter(Boolean).join(" — "),
});
