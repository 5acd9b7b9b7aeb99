// What a sales document's page does besides showing it: its state beside the title; Submit (the version
// read is sent: a draft changed meanwhile answers 409 and the page shows it as it now is) and Cancel (with
// a reason); and "Create order / delivery / invoice from this", which makes the next document of the chain
// from this one (its lines left to take, at their fixed prices and tax) and opens it as a draft.
import { CheckCircleOutlined, CloseCircleOutlined, NodeIndexOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Tag, Typography } from "antd";
import { useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { ApiProblem } from "@/api/client";
import { can, useMe, usePermission, useTenantSettings } from "@/auth/me";
import { DateText, Money } from "@/components/Format";
import { toMinor } from "@/lib/decimal";
import { today } from "@/lib/format";
import { fieldPath, problemDetail, problemMessage, problemText } from "@/lib/problems";
import { recordKeys, records } from "../engine/client";
import { useLabels } from "../engine/labels";
import type { DocRecord, RecordActionProps } from "../engine/types";
import { ReferenceText } from "../fields/ReferenceSelect";
import { CREDIT_NOTES, CUSTOMER_RECEIPTS } from "../fields/targets";

/** The sales kinds by the document type the API names them with (in `source_type` and `flow`). */
export const SALES_KINDS: Readonly<Record<string, string>> = {
  QUOTATION: "quotations",
  SALESORDER: "sales-orders",
  DELIVERYORDER: "delivery-orders",
  SALESINVOICE: "sales-invoices",
  CUSTOMERRECEIPT: "customer-receipts",
  SALESCREDITNOTE: "credit-notes",
  SALESDEBITNOTE: "debit-notes",
  CUSTOMERREFUND: "customer-refunds",
  PROFORMA: "proforma-invoices",
  DELIVERYRUN: "delivery-runs",
};

/**
 * Kinds posted when submitted, then never cancelled from here: an invoice and a debit note are corrected by a
 * credit note (the API refuses their cancel); a credit note's cancel would leave its posting, what it settled
 * of the invoice and the goods it took back as they are.
 */
const POSTED_WHEN_SUBMITTED = new Set(["sales-invoices", "credit-notes", "debit-notes"]);
/** What the submit dialog says a kind's submit does. */
const SUBMIT_DETAIL: Readonly<Record<string, string>> = {
  "sales-invoices": "submit.detailInvoice",
  "debit-notes": "submit.detailInvoice",
  "credit-notes": "submit.detailCredit",
  "proforma-invoices": "submit.detailProforma",
};

export const SALES_STATES = ["draft", "submitted", "cancelled"] as const;
export const SALES_STATE_COLOURS = { draft: "gold", submitted: "green", cancelled: "default" } as const;

const isDraft = (record: DocRecord) => record.state === "draft";

/** The document's state, beside its actions. */
export function SalesStateTag({ record }: RecordActionProps) {
  const { t } = useTranslation("records");
  const state = typeof record.state === "string" ? record.state : "";
  if (!state) return null;
  return (
    <Tag
      color={SALES_STATE_COLOURS[state as keyof typeof SALES_STATE_COLOURS] ?? "default"}
      data-testid="sales-state"
      data-state={state}
      style={{ alignSelf: "center" }}
    >
      {t(`enums.sales_state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

/** "Line 2 · Quantity: only 3 is left…": an API problem in the reader's words, its line and field named. */
function useProblemLines(kind: string): (error: unknown) => string[] {
  const { t } = useTranslation("sales");
  const labels = useLabels(kind);
  return (error) => {
    if (!(error instanceof ApiProblem)) return [];
    return error.errors.map((problem) => {
      const path = fieldPath(problem.field);
      const where =
        path[0] === "lines" && typeof path[1] === "number"
          ? [t("problem.line", { line: path[1] + 1 }), path[2] ? labels.field(String(path[2])) : null]
          : path.length > 0 && path[0] !== "id"
            ? [labels.field(String(path[path.length - 1]))]
            : [];
      const named = where.filter(Boolean).join(" · ");
      return named ? `${named}: ${problemMessage(problem)}` : problemMessage(problem);
    });
  };
}

/** A problem answered to an action, in a dialog or above the page. */
export function ActionProblem({ kind, error }: { kind: string; error: unknown }) {
  const lines = useProblemLines(kind);
  if (!error) return null;
  const found = lines(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={error instanceof ApiProblem ? problemDetail(error) : problemText(error)}
      description={
        found.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {found.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : undefined
      }
      data-testid="sales-action-problem"
    />
  );
}

/**
 * An action on the document, sent once (one Idempotency-Key per attempt): the page then shows the
 * document as the API answered it; a stale version or a refusal reads it again.
 */
export function useDocumentAction(kind: string, record: DocRecord, onDone?: (saved: DocRecord) => void) {
  const queryClient = useQueryClient();
  const key = useRef(crypto.randomUUID());
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body: Record<string, unknown> }) =>
      records.action({ path: `/v1/${kind}` }, record.id, action, body, key.current),
    onSuccess: (saved) => {
      key.current = crypto.randomUUID();
      queryClient.setQueryData(recordKeys.one(kind, saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind(kind) });
      // the documents it took from (their tallies and flow) and made from it change too
      for (const other of Object.values(SALES_KINDS)) {
        if (other !== kind) void queryClient.invalidateQueries({ queryKey: recordKeys.kind(other) });
      }
      void queryClient.invalidateQueries({ queryKey: ["sales"] });
      onDone?.(saved);
    },
    onError: () => {
      key.current = crypto.randomUUID();
      void queryClient.invalidateQueries({ queryKey: recordKeys.one(kind, record.id) });
    },
  });
}

/** Submit a draft: its prices and tax are fixed and it is never edited again (an invoice posts). */
export function SubmitSales({ resource, record }: RecordActionProps) {
  const { t } = useTranslation("sales");
  const labels = useLabels(resource.kind);
  const canSubmit = usePermission(`${resource.kind}:submit`);
  if (!canSubmit || !isDraft(record)) return null;
  return (
    <SubmitDraft
      resource={resource}
      record={record}
      label={t("submit.action")}
      title={t("submit.title", { one: labels.one, code: record.code ?? "" })}
      detail={t(SUBMIT_DETAIL[resource.kind] ?? "submit.detail")}
      done={(saved) => t("submit.done", { code: saved.code ?? "" })}
      testId="sales-submit"
    />
  );
}

/** A button asking to confirm, then submitting the draft at the version shown (`<testId>-confirm`). */
export function SubmitDraft({
  resource,
  record,
  label,
  title,
  detail,
  done,
  testId,
}: RecordActionProps & {
  label: string;
  title: string;
  detail: string;
  done: (saved: DocRecord) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const submit = useDocumentAction(resource.kind, record, (saved) => {
    setOpen(false);
    void message.success(done(saved));
  });
  return (
    <>
      <Button
        type="primary"
        icon={<CheckCircleOutlined />}
        onClick={() => {
          submit.reset();
          setOpen(true);
        }}
        data-testid={testId}
      >
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={label}
        okButtonProps={{ id: `${testId}-confirm` }}
        cancelText={t("common:action.cancel")}
        confirmLoading={submit.isPending}
        onOk={() => submit.mutate({ action: "submit", body: { version: record.version } })}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ActionProblem kind={resource.kind} error={submit.error} />
        <Typography.Paragraph>{detail}</Typography.Paragraph>
      </Modal>
    </>
  );
}

/** A dialog asking a reason (cancel, reject), then sending the action. */
export function ReasonDialog({
  open,
  title,
  action,
  label,
  required,
  danger,
  pending,
  error,
  kind,
  onSend,
  onClose,
  testId,
  closeText,
  children,
}: {
  open: boolean;
  title: string;
  action: string;
  label: string;
  required: boolean;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  kind: string;
  onSend: (reason: string) => void;
  onClose: () => void;
  testId: string;
  /** The dialog's own close button (default: Cancel). */
  closeText?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation("sales");
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okText={action}
      okButtonProps={{ danger, id: `${testId}-confirm` }}
      cancelText={closeText ?? t("common:action.cancel")}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ActionProblem kind={kind} error={error} />
      {children}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) => onSend((values.reason ?? "").trim())}
      >
        <Form.Item
          name="reason"
          label={label}
          rules={required ? [{ required: true, whitespace: true, message: t("cancel.reasonRequired") }] : undefined}
        >
          <Input maxLength={200} data-testid={`${testId}-reason`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Cancel: a draft at any time, a submitted document while nothing was taken from it (not an invoice). */
export function CancelSales({ resource, record }: RecordActionProps) {
  const { t } = useTranslation("sales");
  const { message } = App.useApp();
  const labels = useLabels(resource.kind);
  const canCancel = usePermission(`${resource.kind}:cancel`);
  const [open, setOpen] = useState(false);
  const cancel = useDocumentAction(resource.kind, record, (saved) => {
    setOpen(false);
    void message.success(t("cancel.done", { code: saved.code ?? "" }));
  });
  const submittedInvoice = POSTED_WHEN_SUBMITTED.has(resource.kind) && record.state === "submitted";
  // a document later ones took from is cancelled only once they are (the API refuses it before)
  const takenFrom = TALLIES.some((tally) => !untouched(record, tally));
  if (!canCancel || record.state === "cancelled" || submittedInvoice || takenFrom) return null;
  return (
    <>
      <Button
        danger
        icon={<CloseCircleOutlined />}
        onClick={() => {
          cancel.reset();
          setOpen(true);
        }}
        data-testid="sales-cancel"
      >
        {t("cancel.action")}
      </Button>
      <ReasonDialog
        open={open}
        title={t("cancel.title", { one: labels.one, code: record.code ?? "" })}
        action={t("cancel.action")}
        label={t("cancel.reason")}
        required
        danger
        pending={cancel.isPending}
        error={cancel.error}
        kind={resource.kind}
        onSend={(reason) => cancel.mutate({ action: "cancel", body: { reason, version: record.version } })}
        onClose={() => setOpen(false)}
        testId="sales-cancel"
        closeText={t("cancel.keep")}
      >
        <Typography.Paragraph>{t("cancel.detail")}</Typography.Paragraph>
      </ReasonDialog>
    </>
  );
}

/** What later documents took of a document's lines, per kind of document. */
const TALLIES = ["ordered", "delivered", "invoiced"] as const;

/** The quantity of each line later documents of a kind have not taken yet (by the source's tally). */
function somethingLeft(record: DocRecord, tally: string): boolean {
  const lines = Array.isArray(record.lines) ? (record.lines as { qty?: unknown }[]) : [];
  const taken = (record[tally] ?? {}) as Record<string, unknown>;
  return lines.some((line, index) => {
    const qty = toMinor(line.qty, 4) ?? 0n;
    const done = toMinor(taken[String(index)], 4) ?? 0n;
    return typeof qty === "bigint" && typeof done === "bigint" && qty > done;
  });
}

/** Nothing was taken yet: a document's own discount amount is carried whole to the first document made from it. */
function untouched(record: DocRecord, tally: string): boolean {
  return !Object.values((record[tally] ?? {}) as Record<string, unknown>).some((value) => Number(value) > 0);
}

interface Next {
  kind: string;
  /** The field naming the source in the next document's body. */
  field: "quotation_id" | "order_id";
  /** The source's tally of what documents of that kind took. */
  tally: string;
  testId: string;
}

const NEXT: Readonly<Record<string, readonly Next[]>> = {
  quotations: [
    { kind: "sales-orders", field: "quotation_id", tally: "ordered", testId: "create-order" },
    { kind: "proforma-invoices", field: "quotation_id", tally: "ordered", testId: "create-proforma" },
  ],
  "sales-orders": [
    { kind: "delivery-orders", field: "order_id", tally: "delivered", testId: "create-delivery" },
    { kind: "sales-invoices", field: "order_id", tally: "invoiced", testId: "create-invoice" },
    { kind: "proforma-invoices", field: "order_id", tally: "invoiced", testId: "create-proforma" },
  ],
};
const HELD = new Set(["blocked", "awaiting_approval", "rejected"]);

/** The next document's body: this one's customer, currency, tax basis and discount; its lines left to take. */
function nextBody(record: DocRecord, next: Next, date: string): Record<string, unknown> {
  const body: Record<string, unknown> = { customer_id: record.customer_id, date, [next.field]: record.id };
  if (record.currency) body.currency = record.currency;
  if (typeof record.prices_include_tax === "boolean") body.prices_include_tax = record.prices_include_tax;
  if (record.discount_percent) body.discount_percent = record.discount_percent;
  else if (record.discount_amount && untouched(record, next.tally)) body.discount_amount = record.discount_amount;
  if (next.kind === "delivery-orders" && record.location_id) body.location_id = record.location_id;
  return body;
}

function CreateNext({ record, next }: { record: DocRecord; next: Next }) {
  const { t } = useTranslation("sales");
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { timeZone } = useTenantSettings();
  const labels = useLabels(next.kind);
  const key = useRef(crypto.randomUUID());
  const create = useMutation({
    mutationFn: () =>
      records.create({ path: `/v1/${next.kind}` }, nextBody(record, next, today(timeZone)), key.current),
    onSuccess: (made) => {
      key.current = crypto.randomUUID();
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind(next.kind) });
      void message.success(t("next.done", { one: labels.one, code: made.code ?? "", source: record.code ?? "" }));
      navigate(`/${next.kind}/${made.id}`);
    },
    onError: (error) => {
      key.current = crypto.randomUUID();
      void message.error(error instanceof ApiProblem ? problemLine(error) : problemText(error), 8);
    },
  });
  return (
    <Button
      icon={<NodeIndexOutlined />}
      loading={create.isPending}
      onClick={() => create.mutate()}
      data-testid={next.testId}
    >
      {t("next.action", { one: labels.one })}
    </Button>
  );
}

/** A refusal in one line: its field problems' messages, else its detail. */
function problemLine(error: ApiProblem): string {
  return error.errors.length > 0
    ? error.errors.map((problem) => problemMessage(problem)).join(" ")
    : problemDetail(error);
}

/** "Create sales order", "Create delivery order", "Create invoice": what may be made from this one now. */
export function NextDocuments({ resource, record }: RecordActionProps) {
  const me = useMe();
  if (record.state !== "submitted") return null;
  const offered = (NEXT[resource.kind] ?? []).filter(
    (next) =>
      me.applets.includes(next.kind) &&
      can(me, `${next.kind}:create`) &&
      somethingLeft(record, next.tally) &&
      // an order waiting for credit approval (or refused it) delivers nothing
      !(next.kind === "delivery-orders" && HELD.has(String(record.credit_state ?? ""))),
  );
  return (
    <>
      {offered.map((next) => (
        <CreateNext key={next.kind} record={record} next={next} />
      ))}
    </>
  );
}

/** Why a cancelled document was cancelled. */
export function CancelledPanel({ record }: RecordActionProps) {
  const { t } = useTranslation("sales");
  if (record.state !== "cancelled") return null;
  return (
    <Alert
      className="record-section"
      type="warning"
      showIcon
      title={t("cancel.cancelled")}
      description={record.cancel_reason ? t("cancel.reasonShown", { reason: String(record.cancel_reason) }) : undefined}
      data-testid="sales-cancelled"
    />
  );
}

/** What settled an invoice or a debit note: a receipt, or a credit note. */
interface Settlement {
  receipt_id?: string;
  credit_note_id?: string;
  date: string;
  amount: string;
}

/** A submitted invoice's payments: what is still outstanding, and the receipts that settled it. */
export function InvoicePayments({ record }: RecordActionProps) {
  const { t } = useTranslation("sales");
  const settled = (Array.isArray(record.allocations) ? record.allocations : []) as Settlement[];
  if (record.state !== "submitted") return null;
  const currency = record.currency as string | undefined;
  return (
    <Card size="small" className="record-section" title={t("payments.title")} data-testid="invoice-payments">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: "outstanding",
            label: t("payments.outstanding"),
            children: (
              <strong data-testid="invoice-outstanding">
                <Money amount={record.outstanding as string} currency={currency} />
              </strong>
            ),
          },
          { key: "due", label: t("payments.due"), children: <DateText value={record.due_date as string} /> },
        ]}
      />
      {settled.length > 0 ? (
        <ul className="sales-payments">
          {settled.map((payment) => (
            <li key={payment.receipt_id ?? payment.credit_note_id} data-testid="invoice-payment">
              <DateText value={payment.date} /> ·{" "}
              {payment.credit_note_id ? (
                <ReferenceText target={CREDIT_NOTES} value={payment.credit_note_id} />
              ) : (
                <ReferenceText target={CUSTOMER_RECEIPTS} value={payment.receipt_id ?? ""} />
              )}{" "}
              ·{" "}
              <Money amount={payment.amount} currency={currency} />
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Text type="secondary">{t("payments.none")}</Typography.Text>
      )}
    </Card>
  );
}
