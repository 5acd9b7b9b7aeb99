// A record's page: its fields by section, status, posting (state, error, ledger entries), actions the
// user may take (edit, archive, the kind's own) and its history.
import { EditOutlined, InboxOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Flex, Result, Skeleton, Space, Spin, Typography } from "antd";
import type { DescriptionsProps } from "antd";
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";

import { ApiProblem } from "@/api/client";
import { usePermission, useTenantSettings } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { problemText } from "@/lib/problems";
import { FieldValue } from "../fields/FieldValue";
import { recordLabel } from "../fields/ReferenceSelect";
import { CashLinesView } from "../lines/CashLines";
import { JournalLinesView } from "../lines/JournalLines";
import { ListView } from "../lines/ListView";
import type { LineValues } from "../lines/totals";
import { recordKeys, records, useRecord } from "./client";
import { History } from "./History";
import { useLabels, type Labels } from "./labels";
import { PostingTag, StatusTag } from "./tags";
import type { DocRecord, FieldSpec, FormContext, Resource } from "./types";
import { isShown } from "./values";

const BLOCKS = new Set(["group", "list", "journalLines", "cashLines", "documentLines"]);
const POLL_MS = 1500;

function currencyOf(record: Record<string, unknown>, spec: FieldSpec): string | undefined {
  return (record[spec.currencyField ?? "currency"] as string | undefined) || undefined;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** Scalar fields as Descriptions items; lines and groups as blocks of their own below. */
function FieldsBlock({
  resource,
  labels,
  record,
  names,
  fields,
  context,
}: {
  resource: Resource;
  labels: Labels;
  record: Record<string, unknown>;
  names: readonly string[];
  fields: Resource["fields"];
  context: FormContext;
}) {
  const items: DescriptionsProps["items"] = [];
  const blocks: ReactNode[] = [];
  const titled = names.length > 1;
  for (const name of names) {
    const spec = fields[name];
    if (!spec || !isShown(spec, context)) continue;
    const value = record[name];
    // What the server fills in (reversals, last errors) is shown only once there is something.
    if (spec.readOnly && isBlank(value)) continue;
    const widget = spec.widget;
    if (!BLOCKS.has(widget.type)) {
      items.push({
        key: name,
        label: labels.field(name),
        children: <FieldValue widget={widget} value={value} kind={resource.kind} currency={currencyOf(record, spec)} />,
      });
      continue;
    }
    const lines = (Array.isArray(value) ? value : []) as LineValues[];
    const currency = currencyOf(record, spec) ?? context.currency;
    blocks.push(
      <div key={name} className="record-block">
        {titled ? (
          <Typography.Title level={5} className="record-lines-title">
            {labels.field(name)}
          </Typography.Title>
        ) : null}
        {widget.type === "group" ? (
          <FieldsBlock
            resource={resource}
            labels={labels}
            record={(value as Record<string, unknown>) ?? {}}
            names={Object.keys(widget.fields)}
            fields={widget.fields}
            context={{
              ...context,
              currency: ((value as Record<string, unknown> | null)?.currency as string) || context.currency,
            }}
          />
        ) : widget.type === "journalLines" ? (
          <JournalLinesView kind={resource.kind} lines={lines} currency={currency} />
        ) : widget.type === "cashLines" ? (
          <CashLinesView kind={resource.kind} record={record} currency={currency} />
        ) : widget.type === "list" ? (
          <ListView kind={resource.kind} widget={widget} lines={lines} currency={currency} />
        ) : widget.type === "documentLines" ? (
          <widget.lines.View kind={resource.kind} lines={lines} record={record} context={context} />
        ) : null}
      </div>,
    );
  }
  return (
    <>
      {items.length > 0 ? <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} items={items} /> : null}
      {blocks}
    </>
  );
}

function PostingPanel({ record, onRefresh }: { record: DocRecord; onRefresh: () => void }) {
  const { t } = useTranslation("records");
  const entries = record.entry_ids ?? [];
  return (
    <Card size="small" title={t("posting.title")} className="record-section" data-testid="posting-panel">
      <Flex vertical gap="small">
        <Flex align="center" gap="small" wrap>
          <PostingTag state={record.posting_state} />
          {record.posting_state === "pending" ? (
            <>
              <Spin size="small" />
              <Typography.Text type="secondary">{t("posting.pending")}</Typography.Text>
              <Button size="small" onClick={onRefresh}>
                {t("common:action.refresh")}
              </Button>
            </>
          ) : null}
          {entries.length > 0 ? (
            <>
              <Typography.Text type="secondary">{t("posting.entries")}:</Typography.Text>
              <Space size="small" wrap>
                {entries.map((entry) => (
                  <Link key={entry} to={`/ledger/entries/${entry}`} data-testid="ledger-entry-link">
                    {entry}
                  </Link>
                ))}
              </Space>
            </>
          ) : null}
        </Flex>
        {record.posting_state === "failed" && record.posting_error ? (
          <Alert
            type="error"
            showIcon
            title={t("posting.failed")}
            description={record.posting_error}
            data-testid="posting-error"
          />
        ) : null}
      </Flex>
    </Card>
  );
}

function ArchiveButton({ resource, record }: { resource: Resource; record: DocRecord }) {
  const { t } = useTranslation("records");
  const labels = useLabels(resource.kind);
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const key = useRef(crypto.randomUUID());
  // a record numbered by no series (a reorder rule) is named as its page names it
  const named = (shown: DocRecord) => (resource.describe ? resource.describe(shown, labels) : recordLabel(shown));
  const archive = useMutation({
    mutationFn: () => records.archive(resource, record.id, record.version, key.current),
    onSuccess: (saved) => {
      key.current = crypto.randomUUID();
      queryClient.setQueryData(recordKeys.one(resource.kind, saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind(resource.kind) });
      void message.success(t("archivedMessage", { one: labels.one, code: saved.code || named(saved) }));
    },
    onError: (error) => {
      key.current = crypto.randomUUID();
      void message.error(error instanceof ApiProblem && error.status === 409 ? t("stale.title") : problemText(error));
      void queryClient.invalidateQueries({ queryKey: recordKeys.one(resource.kind, record.id) });
    },
  });
  return (
    <Button
      icon={<InboxOutlined />}
      loading={archive.isPending}
      data-testid="record-archive"
      onClick={() =>
        modal.confirm({
          title: t("archiveConfirm.title", { one: labels.one, name: named(record) }),
          content: t("archiveConfirm.detail"),
          okText: t("common:action.archive"),
          okButtonProps: { danger: true },
          cancelText: t("common:action.cancel"),
          onOk: () => archive.mutateAsync().catch(() => undefined),
        })
      }
    >
      {t("common:action.archive")}
    </Button>
  );
}

export function DetailPage({ resource }: { resource: Resource }) {
  const { t } = useTranslation("records");
  const { id } = useParams();
  const navigate = useNavigate();
  const labels = useLabels(resource.kind);
  const canUpdate = usePermission(`${resource.kind}:update`);
  const canArchive = usePermission(`${resource.kind}:archive`);
  const { baseCurrency } = useTenantSettings();
  const query = useRecord(resource, id, {
    // a pending document usually posts within a second: look every 250 ms for two seconds, then less often
    refetchInterval: (record, reads) =>
      resource.posting && record?.posting_state === "pending" ? (reads <= 8 ? 250 : POLL_MS) : false,
  });
  const back = <Link to={`/${resource.kind}`}>{labels.title}</Link>;
  const postingState = query.data?.posting_state;
  const queryClient = useQueryClient();
  useEffect(() => {
    // Once the ledger has posted the document, reports and the dashboard read before are out of date.
    if (postingState === "posted") void queryClient.invalidateQueries({ queryKey: ["ledger"] });
  }, [postingState, queryClient]);

  if (query.isPending) {
    return (
      <>
        <PageHeader title={labels.title} />
        <Card>
          <Skeleton active />
        </Card>
      </>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiProblem && query.error.status === 404;
    return missing ? (
      <Result status="404" title={t("notFound", { one: labels.one })} extra={back} />
    ) : (
      <>
        <PageHeader title={labels.title} />
        <ProblemAlert error={query.error} />
      </>
    );
  }

  const record = query.data;
  const active = record.status === "active";
  const archivable = resource.editable && resource.archivable !== false;
  const editable = resource.editable && active && (!resource.editableWhen || resource.editableWhen(record));
  const currency = (record.currency as string | undefined) || baseCurrency;
  const context: FormContext = { values: record, mode: "edit", currency, baseCurrency };
  const actions = (
    <>
      {(resource.actions ?? []).map((Action, index) => (
        <Action key={index} resource={resource} record={record} />
      ))}
      {archivable && active && canArchive ? <ArchiveButton resource={resource} record={record} /> : null}
      {editable && canUpdate ? (
        <Button
          type="primary"
          icon={<EditOutlined />}
          onClick={() => navigate(`/${resource.kind}/${record.id}/edit`)}
          data-testid="record-edit"
        >
          {t("common:action.edit")}
        </Button>
      ) : null}
    </>
  );

  return (
    <>
      <PageHeader
        title={(resource.describe ? resource.describe(record, labels) : recordLabel(record)) || record.id}
        subtitle={back}
        extra={actions}
      />
      <Flex gap="small" align="center" wrap className="record-state">
        {archivable ? <StatusTag status={record.status} /> : null}
        <Typography.Text type="secondary">
          {t("updatedAt")} <DateTimeText value={record.updated_at} /> · {t("versionLabel", { version: record.version })}
        </Typography.Text>
      </Flex>
      {/* a document posts once it is submitted: a draft has nothing to show yet */}
      {resource.posting && record.posting_state ? (
        <PostingPanel record={record} onRefresh={() => void query.refetch()} />
      ) : null}
      {resource.sections.map((section) => (
        <Card key={section.key} size="small" title={labels.section(section.key)} className="record-section">
          <FieldsBlock
            resource={resource}
            labels={labels}
            record={record}
            names={section.fields}
            fields={resource.fields}
            context={context}
          />
        </Card>
      ))}
      {(resource.panels ?? []).map((Panel, index) => (
        <Panel key={index} resource={resource} record={record} />
      ))}
      <History resource={resource} id={record.id} />
    </>
  );
}
