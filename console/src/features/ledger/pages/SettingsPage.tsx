// Ledger settings: the lock dates (nothing posts on or before them), saved with the version read, and
// the audit history of every change.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Card, Col, DatePicker, Empty, Flex, Form, Row, Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { useMe, usePermission } from "@/auth/me";
import { DateText, DateTimeText } from "@/components/Format";
import { ProblemAlert } from "@/components/ProblemAlert";
import { SaveButtons } from "@/components/VersionedSettingsForm";
import { VersionedSettingsPage } from "@/components/VersionedSettingsPage";
import { applyProblem } from "@/lib/problems";
import type { FieldProblem } from "@/api/client";
import { dayjs } from "@/lib/format";
import { TableFooter } from "../components/TableFooter";
import { useLedgerSettings, useSettingsHistory, type LedgerSettings, type SettingsAudit } from "../lib/api";
import { DATE_FORMAT } from "../lib/periods";

const MODULES = ["general", "cash", "sales", "purchasing", "inventory"] as const;

interface LockForm {
  hard_lock: Dayjs | null;
  module_locks: Partial<Record<(typeof MODULES)[number], Dayjs | null>>;
}

function toForm(settings: LedgerSettings): LockForm {
  const locks: LockForm["module_locks"] = {};
  for (const module of MODULES) {
    const value = settings.module_locks[module];
    locks[module] = value ? dayjs(value) : null;
  }
  return { hard_lock: settings.hard_lock ? dayjs(settings.hard_lock) : null, module_locks: locks };
}

function LockDatesForm({ settings }: { settings: LedgerSettings }) {
  const { t } = useTranslation("ledger");
  const { message } = App.useApp();
  const canEdit = usePermission("ledger:manage");
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LockForm>();
  const [unplaced, setUnplaced] = useState<FieldProblem[] | undefined>();
  const save = useMutation({
    mutationFn: (values: LockForm) => {
      const moduleLocks: Record<string, string> = {};
      for (const module of MODULES) {
        const value = values.module_locks[module];
        if (value) moduleLocks[module] = value.format(DATE_FORMAT);
      }
      return unwrap(
        api.PUT("/v1/ledger/settings", {
          body: {
            version: settings.version,
            hard_lock: values.hard_lock ? values.hard_lock.format(DATE_FORMAT) : null,
            module_locks: moduleLocks,
          },
        }),
      );
    },
    onSuccess: (saved) => {
      setUnplaced(undefined);
      queryClient.setQueryData(["ledger", "settings"], saved);
      void queryClient.invalidateQueries({ queryKey: ["ledger", "settings-history"] });
      void message.success(t("common:saved"));
    },
    onError: (error) => setUnplaced(applyProblem(form, error)),
  });
  return (
    <Form<LockForm>
      form={form}
      layout="vertical"
      initialValues={toForm(settings)}
      key={settings.version}
      disabled={!canEdit}
      onFinish={(values) => save.mutate(values)}
    >
      {save.error ? <ProblemAlert error={save.error} unplaced={unplaced} /> : null}
      <Form.Item name="hard_lock" label={t("settings.hardLock")} extra={t("settings.hardLockHelp")}>
        <DatePicker format={DATE_FORMAT} style={{ width: 200 }} />
      </Form.Item>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t("settings.moduleLocks")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("settings.moduleLocksHelp")}</Typography.Paragraph>
      <Row gutter={16}>
        {MODULES.map((module) => (
          <Col key={module} xs={24} sm={12} lg={8}>
            <Form.Item name={["module_locks", module]} label={t(`settings.module.${module}`)}>
              <DatePicker format={DATE_FORMAT} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <SaveButtons form={form} saving={save.isPending} />
    </Form>
  );
}

interface Change {
  field: string;
  before: string;
  after: string;
}

/** What a settings change changed: the hard lock, each module lock, the fiscal year start. */
function changes(before: Record<string, unknown> | null | undefined, after: Record<string, unknown>): Change[] {
  const text = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : String(value));
  const found: Change[] = [];
  for (const field of ["hard_lock", "fiscal_year_start_month"]) {
    if (text(before?.[field]) !== text(after[field])) found.push({ field, before: text(before?.[field]), after: text(after[field]) });
  }
  const locksBefore = (before?.module_locks ?? {}) as Record<string, string>;
  const locksAfter = (after.module_locks ?? {}) as Record<string, string>;
  for (const module of MODULES) {
    if (text(locksBefore[module]) !== text(locksAfter[module])) {
      found.push({ field: `module.${module}`, before: text(locksBefore[module]), after: text(locksAfter[module]) });
    }
  }
  return found;
}

function ChangeList({ item }: { item: SettingsAudit }) {
  const { t } = useTranslation("ledger");
  const found = changes(item.before, item.after);
  if (found.length === 0) return <Typography.Text type="secondary">{t("settings.noChange")}</Typography.Text>;
  return (
    <Flex vertical>
      {found.map((change) => (
        <span key={change.field}>
          {t(`settings.field.${change.field}`, { defaultValue: change.field })}: {change.before} → <strong>{change.after}</strong>
        </span>
      ))}
    </Flex>
  );
}

function History() {
  const { t } = useTranslation("ledger");
  const me = useMe();
  const history = useSettingsHistory();
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: TableColumnsType<SettingsAudit> = [
    { title: t("settings.version"), dataIndex: "version", width: 90 },
    { title: t("settings.at"), dataIndex: "at", width: 180, render: (value: string) => <DateTimeText value={value} /> },
    {
      title: t("settings.by"),
      dataIndex: "actor",
      width: 260,
      ellipsis: true,
      render: (actor: string) => {
        // A period close saves the lock as `close:<user id>`.
        const [, closedBy] = /^close:(.+)$/.exec(actor) ?? [];
        const who = (id: string) => (id === me.user.id ? me.user.name : id);
        return closedBy ? t("settings.byClose", { name: who(closedBy) }) : who(actor);
      },
    },
    {
      title: t("settings.change"),
      key: "change",
      render: (_: unknown, item) => <ChangeList item={item} />,
    },
  ];
  return (
    <Card size="small" title={t("settings.history")} styles={{ body: { padding: 0 } }}>
      <Table<SettingsAudit>
        data-testid="settings-history"
        rowKey="version"
        size="small"
        columns={columns}
        dataSource={items}
        loading={history.isPending}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      />
      <TableFooter query={history} />
    </Card>
  );
}

export function SettingsPage() {
  const { t, i18n } = useTranslation("ledger");
  const settings = useLedgerSettings();
  return (
    <VersionedSettingsPage
      title={t("settings.title")}
      subtitle={t("settings.subtitle")}
      query={settings}
      summary={(data) => [
        {
          key: "fy",
          label: t("settings.fiscalYearStart"),
          children: new Intl.DateTimeFormat(i18n.language, { month: "long" }).format(
            new Date(2000, data.fiscal_year_start_month - 1, 1),
          ),
        },
        { key: "version", label: t("settings.version"), children: data.version },
        {
          key: "updated",
          label: t("settings.updatedAt"),
          children: data.updated_at ? <DateText value={data.updated_at} /> : "—",
        },
      ]}
    >
      {(data) => (
        <>
          <Card size="small" title={t("settings.lockDates")} style={{ marginBottom: 16 }}>
            <LockDatesForm settings={data} />
          </Card>
          <History />
        </>
      )}
    </VersionedSettingsPage>
  );
}
