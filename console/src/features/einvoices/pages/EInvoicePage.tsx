// One e-invoice: its state, LHDN's ids and validation link, why it has not gone yet, the errors to fix
// (LHDN's or our rules', field by field) with "Resubmit", "Cancel e-invoice" while its 72 hours run, the
// signed UBL JSON to download and its history.
import { CloseCircleOutlined, DownloadOutlined, ExportOutlined, RedoOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Result, Skeleton, Table, Timeline, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { DescriptionsProps } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { api, ApiProblem, download, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { DateText, DateTimeText, Money } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { problemMessage, problemText } from "@/lib/problems";
import { EInvoiceProblem, StateTag, useTypeName } from "../components/parts";
import { einvoiceKeys, RESUBMITTABLE, SIGNED, useEInvoice, type EInvoice, type EInvoiceError } from "../lib/api";

/** The screens of the documents e-invoices are made from. */
const SOURCE_KINDS: Readonly<Record<string, string>> = {
  SALESINVOICE: "sales-invoices",
  SALESCREDITNOTE: "credit-notes",
  SALESDEBITNOTE: "debit-notes",
  CUSTOMERREFUND: "customer-refunds",
};

/** The time left until `until` (an ISO timestamp), rounded down to minutes; null once it has passed. */
function timeLeft(until: string | null | undefined, now: number): { hours: number; minutes: number } | null {
  if (!until) return null;
  const left = Date.parse(until) - now;
  if (!(left > 0)) return null;
  const minutes = Math.floor(left / 60_000);
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** The clock, read again every minute (how long is left to cancel). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** An action on the e-invoice: the page then shows it as the API answered; a refusal reads it again. */
function useAction(einvoice: EInvoice, onDone: (saved: EInvoice) => void) {
  const queryClient = useQueryClient();
  const key = useRef(crypto.randomUUID());
  return useMutation({
    mutationFn: ({ action, reason }: { action: "resubmit" | "cancel"; reason?: string }) => {
      const options = { params: { path: { id: einvoice.id } }, headers: { "Idempotency-Key": key.current } };
      return action === "cancel"
        ? unwrap(api.POST("/v1/einvoices/{id}/cancel", { ...options, body: { reason: reason ?? "" } }))
        : unwrap(api.POST("/v1/einvoices/{id}/resubmit", options));
    },
    onSuccess: (saved) => {
      key.current = crypto.randomUUID();
      queryClient.setQueryData(einvoiceKeys.one(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ["einvoices", "list"] });
      onDone(saved);
    },
    onError: () => {
      key.current = crypto.randomUUID();
      void queryClient.invalidateQueries({ queryKey: einvoiceKeys.one(einvoice.id) });
    },
  });
}

function Resubmit({ einvoice }: { einvoice: EInvoice }) {
  const { t } = useTranslation("einvoices");
  const { message } = App.useApp();
  const canManage = usePermission("einvoices:manage");
  const resubmit = useAction(einvoice, (saved) => void message.success(t("resubmit.done", { code: saved.code })));
  if (!canManage || !RESUBMITTABLE.has(einvoice.state)) return null;
  return (
    <>
      <Button
        type="primary"
        icon={<RedoOutlined />}
        loading={resubmit.isPending}
        onClick={() => resubmit.mutate({ action: "resubmit" })}
        data-testid="einvoice-resubmit"
      >
        {t("resubmit.action")}
      </Button>
      {resubmit.error ? (
        <div style={{ flexBasis: "100%" }}>
          <EInvoiceProblem error={resubmit.error} testId="einvoice-resubmit-problem" />
        </div>
      ) : null}
    </>
  );
}

function CancelEInvoice({ einvoice, now }: { einvoice: EInvoice; now: number }) {
  const { t } = useTranslation("einvoices");
  const { message } = App.useApp();
  const canCancel = usePermission("einvoices:cancel");
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const cancel = useAction(einvoice, (saved) => {
    setOpen(false);
    void message.success(t("cancel.done", { code: saved.code }));
  });
  const left = timeLeft(einvoice.cancellable_until, now);
  if (!canCancel || einvoice.state !== "valid" || !left) return null;
  return (
    <>
      <Button
        danger
        icon={<CloseCircleOutlined />}
        onClick={() => {
          cancel.reset();
          setOpen(true);
        }}
        data-testid="einvoice-cancel"
      >
        {t("cancel.action")}
      </Button>
      <Modal
        open={open}
        title={t("cancel.title", { code: einvoice.code })}
        okText={t("cancel.action")}
        okButtonProps={{ danger: true, id: "einvoice-cancel-confirm" }}
        cancelText={t("cancel.keep")}
        confirmLoading={cancel.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <EInvoiceProblem error={cancel.error} testId="einvoice-cancel-problem" />
        <Typography.Paragraph>{t("cancel.detail")}</Typography.Paragraph>
        <Typography.Paragraph strong data-testid="einvoice-cancel-left">
          {t("cancel.left", { hours: left.hours, minutes: left.minutes })}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(values) => cancel.mutate({ action: "cancel", reason: (values.reason ?? "").trim() })}
        >
          <Form.Item
            name="reason"
            label={t("cancel.reason")}
            rules={[{ required: true, whitespace: true, message: t("cancel.reasonRequired") }]}
          >
            <Input maxLength={200} data-testid="einvoice-cancel-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function DownloadDocument({ einvoice }: { einvoice: EInvoice }) {
  const { t } = useTranslation("einvoices");
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!SIGNED.has(einvoice.state)) return null;
  const fetchIt = () => {
    setBusy(true);
    download(`/v1/einvoices/${encodeURIComponent(einvoice.id)}/document`, `${einvoice.code}.json`)
      .catch((error: unknown) => void message.error(problemText(error), 8))
      .finally(() => setBusy(false));
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={fetchIt} data-testid="einvoice-download">
      {t("detail.download")}
    </Button>
  );
}

/** Where an error is fixed: the customer (buyer), the company and these settings (supplier), else the document. */
function FixWhere({ error, einvoice }: { error: EInvoiceError; einvoice: EInvoice }) {
  const { t } = useTranslation("einvoices");
  const root = error.field.split(/[.[]/)[0];
  if (root === "buyer" && einvoice.customer_id) {
    return <Link to={`/customers/${einvoice.customer_id}`}>{t("errors.fixCustomer")}</Link>;
  }
  if (root === "supplier") {
    return (
      <Flex gap="small" wrap>
        <Link to="/settings/company">{t("errors.fixCompany")}</Link>
        <Link to="/einvoices/settings">{t("errors.fixSettings")}</Link>
      </Flex>
    );
  }
  const kind = SOURCE_KINDS[einvoice.source_type];
  return kind ? <Link to={`/${kind}/${einvoice.source_id}`}>{t("errors.fixDocument")}</Link> : null;
}

function ErrorsCard({ einvoice }: { einvoice: EInvoice }) {
  const { t } = useTranslation("einvoices");
  const errors = einvoice.errors ?? [];
  if (errors.length === 0) return null;
  const columns: ColumnsType<EInvoiceError> = [
    {
      key: "field",
      title: t("errors.field"),
      render: (_, error) => (
        <Typography.Text code data-testid="einvoice-error-field">
          {error.field}
        </Typography.Text>
      ),
    },
    {
      key: "message",
      title: t("errors.message"),
      render: (_, error) => (
        <span data-testid="einvoice-error-message">{problemMessage({ code: error.code, message: error.message })}</span>
      ),
    },
    {
      key: "code",
      title: t("errors.code"),
      render: (_, error) => (
        <Typography.Text type="secondary">{[error.step, error.code].filter(Boolean).join(" · ")}</Typography.Text>
      ),
    },
    { key: "fix", title: t("errors.fix"), render: (_, error) => <FixWhere error={error} einvoice={einvoice} /> },
  ];
  return (
    <Card
      size="small"
      className="record-section"
      title={t(einvoice.state === "refused" ? "errors.titleRefused" : "errors.title")}
      data-testid="einvoice-errors"
    >
      <Typography.Paragraph type="secondary">
        {t(RESUBMITTABLE.has(einvoice.state) ? "errors.howToFix" : "errors.earlier")}
      </Typography.Paragraph>
      <Table<EInvoiceError>
        size="small"
        rowKey={(error) => `${error.field}|${error.code}|${error.message}`}
        columns={columns}
        dataSource={errors}
        pagination={false}
        scroll={{ x: 720 }}
        onRow={(error) => ({ "data-field": error.field }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function HistoryCard({ einvoice }: { einvoice: EInvoice }) {
  const { t } = useTranslation("einvoices");
  const events = [...einvoice.history].reverse(); // newest first
  return (
    <Card size="small" className="record-section" title={t("detail.history")} data-testid="einvoice-history">
      {events.length === 0 ? (
        <Typography.Text type="secondary">{t("detail.noHistory")}</Typography.Text>
      ) : (
        <Timeline
          items={events.map((event, index) => ({
            key: `${event.at}-${index}`,
            color: event.state === "invalid" || event.state === "refused" ? "red" : event.state === "valid" ? "green" : "blue",
            content: (
              <Flex vertical gap={2} data-testid="einvoice-event" data-state={event.state}>
                <Flex gap="small" align="center" wrap>
                  <StateTag state={event.state} testId="einvoice-event-state" />
                  <Typography.Text type="secondary">
                    <DateTimeText value={event.at} />
                  </Typography.Text>
                </Flex>
                {event.note ? <Typography.Text>{event.note}</Typography.Text> : null}
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}

export function EInvoicePage() {
  const { t } = useTranslation("einvoices");
  const { id } = useParams();
  const typeName = useTypeName();
  const now = useNow();
  const query = useEInvoice(id);
  const back = <Link to="/einvoices">{t("title")}</Link>;

  if (query.isPending) {
    return (
      <>
        <PageHeader title={t("title")} />
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
        <PageHeader title={t("title")} subtitle={back} />
        <ProblemAlert error={query.error} />
      </>
    );
  }

  const einvoice = query.data;
  const kind = SOURCE_KINDS[einvoice.source_type];
  const left = einvoice.state === "valid" ? timeLeft(einvoice.cancellable_until, now) : null;
  const shown = (value: unknown) => value !== null && value !== undefined && value !== "";
  const items: DescriptionsProps["items"] = [
    { key: "type", label: t("fields.type_code"), children: `${typeName(einvoice.type_code)} (${einvoice.type_code})` },
    {
      key: "source",
      label: t("fields.source"),
      children: kind ? (
        <Link to={`/${kind}/${einvoice.source_id}`} data-testid="einvoice-source">
          {einvoice.code}
        </Link>
      ) : (
        einvoice.code
      ),
    },
    {
      key: "customer",
      label: t("fields.customer_name"),
      children: einvoice.customer_id ? (
        <Link to={`/customers/${einvoice.customer_id}`}>{einvoice.customer_name ?? einvoice.customer_id}</Link>
      ) : (
        (einvoice.customer_name ?? "")
      ),
    },
    { key: "date", label: t("fields.date"), children: <DateText value={einvoice.date} /> },
    {
      key: "total",
      label: t("fields.total"),
      children: (
        <strong data-testid="einvoice-total">
          <Money amount={einvoice.total} currency={einvoice.currency} />
        </strong>
      ),
    },
    { key: "queued", label: t("fields.queued_at"), children: <DateTimeText value={einvoice.queued_at} /> },
    { key: "attempts", label: t("fields.attempts"), children: String(einvoice.attempts) },
  ];
  if (shown(einvoice.issued_at)) {
    items.push({ key: "issued", label: t("fields.issued_at"), children: <DateTimeText value={einvoice.issued_at} /> });
  }
  const lhdn: DescriptionsProps["items"] = [];
  if (shown(einvoice.uuid)) {
    lhdn.push({
      key: "uuid",
      label: t("fields.uuid"),
      children: (
        <Typography.Text code copyable data-testid="einvoice-uuid">
          {einvoice.uuid}
        </Typography.Text>
      ),
    });
  }
  if (shown(einvoice.submission_uid)) {
    lhdn.push({
      key: "submission",
      label: t("fields.submission_uid"),
      children: <Typography.Text code>{einvoice.submission_uid}</Typography.Text>,
    });
  }
  if (shown(einvoice.long_id)) {
    lhdn.push({
      key: "long",
      label: t("fields.long_id"),
      children: (
        <Typography.Text code style={{ wordBreak: "break-all" }} data-testid="einvoice-long-id">
          {einvoice.long_id}
        </Typography.Text>
      ),
    });
  }
  if (shown(einvoice.validated_at)) {
    lhdn.push({
      key: "validated",
      label: t("fields.validated_at"),
      children: <DateTimeText value={einvoice.validated_at} />,
    });
  }
  if (shown(einvoice.validation_link)) {
    lhdn.push({
      key: "link",
      label: t("fields.validation_link"),
      children: (
        <a
          href={einvoice.validation_link ?? undefined}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="einvoice-validation-link"
        >
          {t("detail.openValidation")} <ExportOutlined aria-hidden />
          <span className="einvoice-sr-only"> {t("detail.newWindow")}</span>
        </a>
      ),
    });
  }
  if (einvoice.state === "valid" && shown(einvoice.cancellable_until)) {
    lhdn.push({
      key: "until",
      label: t("fields.cancellable_until"),
      children: (
        <span data-testid="einvoice-cancellable-until">
          <DateTimeText value={einvoice.cancellable_until} />
          {" · "}
          {left ? t("cancel.left", { hours: left.hours, minutes: left.minutes }) : t("cancel.closed")}
        </span>
      ),
    });
  }
  if (shown(einvoice.cancel_reason)) {
    lhdn.push({
      key: "reason",
      label: t("fields.cancel_reason"),
      children: <span data-testid="einvoice-cancel-reason-shown">{einvoice.cancel_reason}</span>,
    });
  }

  return (
    <>
      <PageHeader
        title={t("detail.title", { code: einvoice.code })}
        subtitle={back}
        extra={
          <>
            <DownloadDocument einvoice={einvoice} />
            <CancelEInvoice einvoice={einvoice} now={now} />
            <Resubmit einvoice={einvoice} />
          </>
        }
      />
      <Flex gap="small" align="center" wrap className="record-state">
        <StateTag state={einvoice.state} />
        <Typography.Text type="secondary" data-testid="einvoice-state-help">
          {t(`stateHelp.${einvoice.state}`, { defaultValue: "" })}
        </Typography.Text>
      </Flex>
      {einvoice.waiting ? (
        <Alert
          className="record-section"
          type="info"
          showIcon
          title={t("detail.waiting")}
          description={einvoice.waiting}
          data-testid="einvoice-waiting"
        />
      ) : null}
      <ErrorsCard einvoice={einvoice} />
      <Card size="small" className="record-section" title={t("detail.document")}>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} items={items} />
      </Card>
      <Card size="small" className="record-section" title={t("detail.lhdn")} data-testid="einvoice-lhdn">
        {lhdn.length > 0 ? (
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} items={lhdn} />
        ) : (
          <Typography.Text type="secondary">{t("detail.notYet")}</Typography.Text>
        )}
      </Card>
      <HistoryCard einvoice={einvoice} />
    </>
  );
}
