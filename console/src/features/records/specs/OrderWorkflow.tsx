// A submitted sales order's credit and its order-to-cash workflow. Its credit was decided when it was
// submitted: clear, or blocked (invoices overdue, or past the customer's credit limit) with the reason;
// a blocked order waits for someone who may approve orders (Approve, or Reject with a reason). The
// workflow (confirm, reserve, deliver, invoice, hand off, payment) is started here, shows where it is while
// it runs (the page looks again every few seconds) and, when it waits for stock, is resumed once stock came in.
import { CheckOutlined, PlayCircleOutlined, RedoOutlined, StopOutlined } from "@ant-design/icons";
import { App, Button, Card, Descriptions, Flex, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { usePermission } from "@/auth/me";
import { useRecord } from "../engine/client";
import type { DocRecord, RecordActionProps } from "../engine/types";
import { ActionProblem, ReasonDialog, useDocumentAction } from "./SalesDocument";

export const CREDIT_STATES = ["clear", "blocked", "awaiting_approval", "approved", "rejected"] as const;
export const CREDIT_COLOURS = {
  clear: "green",
  blocked: "red",
  awaiting_approval: "orange",
  approved: "green",
  rejected: "red",
} as const;
export const WORKFLOW_STATES = [
  "running",
  "awaiting_approval",
  "awaiting_stock",
  "stock_short",
  "awaiting_payment",
  "paid",
  "failed",
] as const;
export const WORKFLOW_COLOURS = {
  running: "processing",
  awaiting_approval: "orange",
  awaiting_stock: "orange",
  stock_short: "orange",
  awaiting_payment: "blue",
  paid: "green",
  failed: "red",
} as const;

/** Workflow states in which it is under way (not started again); "running" ones are looked at again soon. */
const UNDER_WAY = new Set(["running", "awaiting_approval", "awaiting_stock", "awaiting_payment"]);
const MOVING = new Set(["running"]);
const HELD = new Set(["blocked", "awaiting_approval"]);
const POLL_MS = 2000;

function StateTag({
  kind,
  state,
  colours,
  testId,
}: {
  kind: string;
  state: string;
  colours: Record<string, string>;
  testId: string;
}) {
  const { t } = useTranslation("records");
  return (
    <Tag color={colours[state] ?? "default"} data-testid={testId} data-state={state}>
      {t(`enums.${kind}.${state}`, { defaultValue: state })}
    </Tag>
  );
}

function Decide({ record, approve }: { record: DocRecord; approve: boolean }) {
  const { t } = useTranslation("sales");
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const decide = useDocumentAction("sales-orders", record, (saved) => {
    setOpen(false);
    void message.success(t(approve ? "credit.approved" : "credit.rejected", { code: saved.code ?? "" }));
  });
  const testId = approve ? "order-approve" : "order-reject";
  return (
    <>
      <Button
        type={approve ? "primary" : "default"}
        danger={!approve}
        icon={approve ? <CheckOutlined /> : <StopOutlined />}
        onClick={() => {
          decide.reset();
          setOpen(true);
        }}
        data-testid={testId}
      >
        {t(approve ? "credit.approve" : "credit.reject")}
      </Button>
      <ReasonDialog
        open={open}
        title={t(approve ? "credit.approveTitle" : "credit.rejectTitle", { code: record.code ?? "" })}
        action={t(approve ? "credit.approve" : "credit.reject")}
        label={t("credit.reason")}
        required={!approve}
        danger={!approve}
        pending={decide.isPending}
        error={decide.error}
        kind="sales-orders"
        onSend={(reason) => decide.mutate({ action: "approve", body: { approve, reason: reason || null } })}
        onClose={() => setOpen(false)}
        testId={testId}
      >
        {record.credit_reason ? (
          <Typography.Paragraph>{t("credit.why", { reason: String(record.credit_reason) })}</Typography.Paragraph>
        ) : null}
      </ReasonDialog>
    </>
  );
}

/** Start the workflow, or resume it once stock came in. */
function WorkflowButton({ record, action }: { record: DocRecord; action: "fulfil" | "resume" }) {
  const { t } = useTranslation("sales");
  const { message } = App.useApp();
  const run = useDocumentAction("sales-orders", record, (saved) =>
    void message.success(t(`workflow.${action}Done`, { code: saved.code ?? "" })),
  );
  return (
    <Flex vertical gap="small">
      <Button
        icon={action === "fulfil" ? <PlayCircleOutlined /> : <RedoOutlined />}
        loading={run.isPending}
        onClick={() => run.mutate({ action, body: {} })}
        data-testid={`order-${action}`}
      >
        {t(`workflow.${action}`)}
      </Button>
      <ActionProblem kind="sales-orders" error={run.error} />
    </Flex>
  );
}

/** The order's credit and workflow, with what the user may do about them. */
export function OrderWorkflowPanel({ resource, record }: RecordActionProps) {
  const { t } = useTranslation("sales");
  const canApprove = usePermission("sales-orders:approve");
  const canFulfil = usePermission("sales-orders:fulfil");
  // while the workflow moves, the order is read again every few seconds (the page shows the same query)
  useRecord(resource, record.id, {
    refetchInterval: (current) => (MOVING.has(String(current?.workflow_state ?? "")) ? POLL_MS : false),
  });
  if (record.state !== "submitted") return null;
  const credit = String(record.credit_state ?? "");
  const workflow = String(record.workflow_state ?? "");
  const items = [
    {
      key: "credit",
      label: t("credit.title"),
      children: (
        <Flex vertical gap={4}>
          <span>
            {credit ? (
              <StateTag kind="credit_state" state={credit} colours={CREDIT_COLOURS} testId="credit-state" />
            ) : null}
          </span>
          {record.credit_reason ? (
            <Typography.Text type="secondary" data-testid="credit-reason">
              {String(record.credit_reason)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: "workflow",
      label: t("workflow.title"),
      children: (
        <Flex vertical gap={4}>
          <span>
            {workflow ? (
              <StateTag kind="workflow_state" state={workflow} colours={WORKFLOW_COLOURS} testId="workflow-state" />
            ) : (
              <Typography.Text type="secondary" data-testid="workflow-state" data-state="">
                {t("workflow.notStarted")}
              </Typography.Text>
            )}
          </span>
          {record.workflow_error ? (
            <Typography.Text type="danger" data-testid="workflow-error">
              {String(record.workflow_error)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];
  const deciding = canApprove && HELD.has(credit);
  const starting = canFulfil && !UNDER_WAY.has(workflow) && workflow !== "paid";
  const resuming = canFulfil && workflow === "awaiting_stock";
  return (
    <Card size="small" className="record-section" title={t("credit.panel")} data-testid="order-workflow">
      <Flex justify="space-between" align="flex-start" wrap gap="middle">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={items} style={{ flex: "1 1 420px" }} />
        <Flex gap="small" wrap>
          {deciding ? (
            <>
              <Decide record={record} approve />
              <Decide record={record} approve={false} />
            </>
          ) : null}
          {starting ? <WorkflowButton record={record} action="fulfil" /> : null}
          {resuming ? <WorkflowButton record={record} action="resume" /> : null}
        </Flex>
      </Flex>
    </Card>
  );
}
