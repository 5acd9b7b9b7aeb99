// A record's audit trail (GET .../history, newest first): who did what when, and for changes each
// field's value before and after.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Card, Empty, Table, Tag, Timeline, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";

import type { Schemas } from "@/api/client";
import { DateTimeText } from "@/components/Format";
import { ProblemAlert } from "@/components/ProblemAlert";
import { FieldValue } from "../fields/FieldValue";
import { recordKeys, records } from "./client";
import { useLabels } from "./labels";
import type { FieldSpec, Resource } from "./types";
import { ADDRESS_FIELDS } from "./values";

type AuditEntry = Schemas["AuditEntry"];
type Snapshot = Record<string, unknown>;

interface Change {
  path: string;
  /** The field's last segment, for its label. */
  leaf: string;
  spec?: FieldSpec;
  before: unknown;
  after: unknown;
  currency?: string;
}

const ACTION_COLOURS: Record<string, string> = {
  create: "green",
  update: "blue",
  archive: "default",
  submit: "cyan",
  cancel: "default",
  approve: "purple",
};
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isObject = (value: unknown): value is Snapshot =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** The fields an entry changed that the screens know (server bookkeeping left out); addresses by line. */
export function changes(resource: Resource, before: Snapshot | null | undefined, after: Snapshot): Change[] {
  const found: Change[] = [];
  const names = [...Object.keys(resource.fields), "status"];
  for (const name of names) {
    const spec = resource.fields[name];
    const old = before?.[name];
    const now = after[name];
    if (same(old, now)) continue;
    const currency = String(after[spec?.currencyField ?? "currency"] ?? "") || undefined;
    const parts =
      spec?.widget.type === "address" ? ADDRESS_FIELDS : spec?.widget.type === "group" ? spec.widget.fields : null;
    if (parts && (isObject(old) || isObject(now))) {
      // An address or a group (a recurring journal's template) by its parts.
      const inner = isObject(now) ? now : isObject(old) ? old : {};
      const partCurrency = String(inner.currency ?? "") || currency;
      for (const [part, partSpec] of Object.entries(parts)) {
        const a = isObject(old) ? old[part] : undefined;
        const b = isObject(now) ? now[part] : undefined;
        if (!same(a, b))
          found.push({
            path: `${name}.${part}`,
            leaf: part,
            spec: partSpec,
            before: a,
            after: b,
            currency: partCurrency,
          });
      }
      continue;
    }
    found.push({ path: name, leaf: name, spec, before: old, after: now, currency });
  }
  return found;
}

function ChangeTable({ resource, entry }: { resource: Resource; entry: AuditEntry }) {
  const { t } = useTranslation("records");
  const labels = useLabels(resource.kind);
  const rows = changes(resource, entry.before, entry.after);
  if (rows.length === 0) return null;
  const show = (row: Change, value: unknown) =>
    row.path === "status" ? (
      t(`enums.status.${String(value)}`, { defaultValue: String(value ?? "") })
    ) : row.spec ? (
      <FieldValue widget={row.spec.widget} value={value} kind={resource.kind} currency={row.currency} />
    ) : (
      String(value ?? "")
    );
  const columns: ColumnsType<Change> = [
    {
      key: "field",
      title: t("history.field"),
      width: "24%",
      render: (_, row) =>
        row.path.includes(".")
          ? `${labels.field(row.path.split(".")[0])} · ${labels.field(row.leaf)}`
          : labels.field(row.leaf),
    },
    {
      key: "before",
      title: t("history.before"),
      width: "38%",
      render: (_, row) => (entry.action === "create" ? null : show(row, row.before)),
    },
    { key: "after", title: t("history.after"), width: "38%", render: (_, row) => show(row, row.after) },
  ];
  return (
    <Table<Change>
      size="small"
      rowKey="path"
      columns={entry.action === "create" ? columns.filter((column) => column.key !== "before") : columns}
      dataSource={rows}
      pagination={false}
      className="history-changes"
      scroll={{ x: "max-content" }}
    />
  );
}

export function History({ resource, id }: { resource: Resource; id: string }) {
  const { t } = useTranslation("records");
  const history = useInfiniteQuery({
    queryKey: recordKeys.history(resource.kind, id),
    queryFn: ({ pageParam }) => records.history(resource, id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const entries = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card
      size="small"
      title={t("history.title")}
      className="record-section"
      data-testid="record-history"
      loading={history.isPending}
    >
      {history.isError ? <ProblemAlert error={history.error} /> : null}
      {entries.length === 0 && !history.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("history.empty")} />
      ) : null}
      <Timeline
        items={entries.map((entry) => ({
          key: entry.version,
          color: ACTION_COLOURS[entry.action] === "default" ? "gray" : ACTION_COLOURS[entry.action],
          content: (
            <div className="history-entry" data-testid="history-entry" data-action={entry.action}>
              <div>
                <Typography.Text strong className="history-when">
                  <DateTimeText value={entry.at} />
                </Typography.Text>
                <Tag color={ACTION_COLOURS[entry.action]}>
                  {t(`history.actions.${entry.action}`, { defaultValue: entry.action })}
                </Tag>
                <Typography.Text type="secondary">
                  {t("history.by", { who: entry.actor_email ?? entry.actor, version: entry.version })}
                </Typography.Text>
              </div>
              {entry.action === "create" ? null : <ChangeTable resource={resource} entry={entry} />}
            </div>
          ),
        }))}
      />
      {history.hasNextPage ? (
        <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {t("history.more")}
        </Button>
      ) : null}
    </Card>
  );
}
