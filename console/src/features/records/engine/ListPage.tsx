// A collection's list: search, status and the kind's filters, order by column headers, cursor pages,
// columns the user chooses (remembered per kind), rows that open the record. A list declared as a tree
// (accounts) shows every match under its parent, with a count instead of pages; every list exports what
// it shows (all pages) as CSV.
import { LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined, SettingOutlined } from "@ant-design/icons";
import { Button, Checkbox, Empty, Flex, Input, Popover, Select, Table, Typography } from "antd";
import type { ColumnsType, TableProps } from "antd/es/table";
import type { SorterResult } from "antd/es/table/interface";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { FieldControl } from "../fields/FieldControl";
import { FieldValue } from "../fields/FieldValue";
import { ReferenceName } from "../fields/ReferenceSelect";
import { everyPage, listAll, useRecordList } from "./client";
import { ExportButton } from "./ExportButton";
import { useStoredState } from "./hooks";
import { useLabels, type Labels } from "./labels";
import { PAGE_SIZES, useListState } from "./listState";
import { PostingTag, StatusTag } from "./tags";
import { TreeCount, useTreeView } from "./TreeView";
import type { ColumnSpec, DocRecord, FilterSpec, Resource } from "./types";

const RIGHT_ALIGNED = new Set(["money", "decimal", "integer"]);

function useVisibleColumns(resource: Resource): [string[], (fields: string[]) => void] {
  const all = resource.columns.map((column) => column.field);
  const shown = resource.columns.filter((column) => column.shown).map((column) => column.field);
  const [chosen, choose] = useStoredState<string[]>(`ledgerlet.records.columns.${resource.kind}`, shown);
  const visible = chosen.filter((field) => all.includes(field));
  return [visible.length > 0 ? visible : shown, choose];
}

function Cell({
  resource,
  column,
  record,
  inLink = false,
}: {
  resource: Resource;
  column: ColumnSpec;
  record: DocRecord;
  /** The cell is the record's link (the first column): a reference in it is named, not linked again. */
  inLink?: boolean;
}) {
  const value = record[column.field];
  switch (column.field) {
    case "status":
      return <StatusTag status={record.status} />;
    case "posting_state":
      return <PostingTag state={record.posting_state} />;
    case "created_at":
    case "updated_at":
      return <DateTimeText value={value as string} />;
  }
  const spec = resource.fields[column.field];
  if (!spec) return <>{value === null || value === undefined ? "" : String(value)}</>;
  if (inLink && spec.widget.type === "reference" && typeof value === "string" && value) {
    return <ReferenceName target={spec.widget.target} value={value} />;
  }
  const currency = record[spec.currencyField ?? "currency"] as string | undefined;
  return <FieldValue widget={spec.widget} value={value} kind={resource.kind} currency={currency} />;
}

function ColumnChooser({
  resource,
  labels,
  visible,
  choose,
}: {
  resource: Resource;
  labels: Labels;
  visible: string[];
  choose: (fields: string[]) => void;
}) {
  const { t } = useTranslation("records");
  const content = (
    <Checkbox.Group
      value={visible}
      onChange={(fields) =>
        fields.length > 0 &&
        choose(resource.columns.map((column) => column.field).filter((field) => fields.includes(field)))
      }
      aria-label={t("common:action.columns")}
    >
      <Flex vertical gap={6}>
        {resource.columns.map((column) => (
          <Checkbox key={column.field} value={column.field}>
            {labels.field(column.field)}
          </Checkbox>
        ))}
      </Flex>
    </Checkbox.Group>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight" title={t("chooseColumns")}>
      <Button icon={<SettingOutlined />} data-testid="column-chooser">
        {t("common:action.columns")}
      </Button>
    </Popover>
  );
}

/** A text filter applied on Enter or when the field is left, not on every key. */
function TextFilter({
  label,
  value,
  onApply,
  testId,
  className = "list-filter",
}: {
  label: string;
  value: string;
  onApply: (value: string) => void;
  testId?: string;
  className?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Input.Search
      aria-label={label}
      placeholder={label}
      allowClear
      value={text}
      onChange={(event) => setText(event.target.value)}
      onSearch={(next) => onApply(next)}
      onBlur={() => text !== value && onApply(text)}
      data-testid={testId}
      className={className}
    />
  );
}

function Filter({
  resource,
  labels,
  filter,
  value,
  onChange,
}: {
  resource: Resource;
  labels: Labels;
  filter: FilterSpec;
  value?: string;
  onChange: (value: string | null) => void;
}) {
  const label = labels.field(filter.param);
  if (filter.widget.type === "text") {
    return <TextFilter label={label} value={value ?? ""} onApply={(next) => onChange(next || null)} />;
  }
  return (
    <div className="list-filter">
      <FieldControl
        widget={filter.widget}
        kind={resource.kind}
        value={value ?? null}
        onChange={(next) => onChange((next as string | null) ?? null)}
        aria-label={label}
        placeholder={label}
      />
    </div>
  );
}

export function ListPage({ resource }: { resource: Resource }) {
  const { t } = useTranslation("records");
  const labels = useLabels(resource.kind);
  const navigate = useNavigate();
  const canCreate = usePermission(`${resource.kind}:create`);
  const list = useListState(resource);
  const { state } = list;
  const filtered = Boolean(state.q) || Object.keys(state.filters).length > 0 || state.status !== "active";
  const tree = useTreeView(resource, list.query, filtered);
  const answer = useRecordList(resource, list.query, !tree);
  const [visible, choose] = useVisibleColumns(resource);
  const items = answer.data?.items ?? [];
  const nextCursor = answer.data?.next_cursor;

  const columns: ColumnsType<DocRecord> = resource.columns
    .filter((column) => visible.includes(column.field))
    .map((column, index) => {
      const spec = resource.fields[column.field];
      const sortable = resource.sorts.includes(column.field);
      return {
        key: column.field,
        title: labels.field(column.field),
        align: spec && RIGHT_ALIGNED.has(spec.widget.type) ? ("right" as const) : undefined,
        sorter: sortable,
        sortOrder: !sortable
          ? undefined
          : state.sort === column.field
            ? ("ascend" as const)
            : state.sort === `-${column.field}`
              ? ("descend" as const)
              : null,
        render: (_: unknown, record: DocRecord) =>
          index === 0 ? (
            <Link to={`/${resource.kind}/${record.id}`} className="record-link">
              <Cell resource={resource} column={column} record={record} inLink />
            </Link>
          ) : (
            <Cell resource={resource} column={column} record={record} />
          ),
      };
    });

  const onTableChange: TableProps<DocRecord>["onChange"] = (_pagination, _filters, sorter) => {
    const { columnKey, order } = sorter as SorterResult<DocRecord>;
    list.update({ sort: order && columnKey ? `${order === "descend" ? "-" : ""}${String(columnKey)}` : undefined });
  };

  return (
    <>
      <PageHeader
        title={labels.title}
        extra={
          canCreate ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate(`/${resource.kind}/new`)}
              data-testid="list-new"
              data-kind={resource.kind}
            >
              {t("newTitle", { one: labels.one })}
            </Button>
          ) : null
        }
      />
      <Flex className="list-toolbar" wrap gap="small" align="center">
        <TextFilter
          label={t("search", { many: labels.many })}
          value={state.q}
          onApply={(q) => list.update({ q })}
          testId="list-search"
          className="list-search"
        />
        {resource.editable && resource.archivable !== false ? (
          <Select
            aria-label={t("fields.status")}
            value={state.status}
            onChange={(status) => list.update({ status })}
            options={(["active", "archived", "all"] as const).map((status) => ({
              value: status,
              label: t(`statusFilter.${status}`),
            }))}
            className="list-filter list-status"
            data-testid="list-status"
          />
        ) : null}
        {(resource.filters ?? []).map((filter) => (
          <Filter
            key={filter.param}
            resource={resource}
            labels={labels}
            filter={filter}
            value={state.filters[filter.param]}
            onChange={(value) => list.update({ filters: { [filter.param]: value } })}
          />
        ))}
        <Flex gap="small" className="list-tools">
          <Button
            icon={<ReloadOutlined />}
            aria-label={t("common:action.refresh")}
            onClick={() => (tree ? tree.refetch() : void answer.refetch())}
          />
          <ColumnChooser resource={resource} labels={labels} visible={visible} choose={choose} />
          <ExportButton
            resource={resource}
            labels={labels}
            fields={columns.map((column) => String(column.key))}
            rows={tree ? tree.rows : () => listAll(resource, everyPage(list.query))}
          />
        </Flex>
      </Flex>
      {tree?.error ? <ProblemAlert error={tree.error} /> : answer.isError ? <ProblemAlert error={answer.error} /> : null}
      <Table<DocRecord>
        className="record-table"
        data-testid="record-table"
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={tree ? tree.roots : items}
        loading={tree ? tree.loading : answer.isPending || (answer.isFetching && answer.isPlaceholderData)}
        expandable={tree?.expandable}
        pagination={false}
        onChange={onTableChange}
        showSorterTooltip={false}
        scroll={{ x: "max-content" }}
        onRow={(record) => ({
          onClick: (event) => {
            if (!(event.target as HTMLElement).closest("a, button")) navigate(`/${resource.kind}/${record.id}`);
          },
          className: tree ? tree.rowClassName(record) : "record-row",
        })}
        locale={{
          emptyText: (tree ? tree.loading : answer.isPending) ? (
            " "
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filtered ? t("emptyFiltered", { many: labels.many }) : t("empty", { many: labels.many })}
            >
              {!filtered && canCreate ? (
                <Button type="primary" onClick={() => navigate(`/${resource.kind}/new`)}>
                  {t("newTitle", { one: labels.one })}
                </Button>
              ) : null}
            </Empty>
          ),
        }}
      />
      {tree ? (
        <Flex justify="flex-end" className="list-pager">
          <TreeCount tree={tree} labels={labels} />
        </Flex>
      ) : (
        <Flex justify="flex-end" align="center" gap="small" wrap className="list-pager" data-testid="list-pager">
          <Typography.Text type="secondary">{t("rowsPerPage")}</Typography.Text>
          <Select
            aria-label={t("rowsPerPage")}
            value={state.limit}
            onChange={(limit) => list.update({ limit })}
            options={PAGE_SIZES.map((size) => ({ value: size, label: String(size) }))}
            style={{ width: 80 }}
            data-testid="page-size"
          />
          <Button icon={<LeftOutlined />} disabled={list.page === 1} onClick={list.previous} data-testid="page-previous">
            {t("common:action.previous")}
          </Button>
          <Typography.Text data-testid="page-number">{t("page", { page: list.page })}</Typography.Text>
          <Button disabled={!nextCursor} onClick={() => nextCursor && list.next(nextCursor)} data-testid="page-next">
            {t("common:action.next")} <RightOutlined />
          </Button>
        </Flex>
      )}
    </>
  );
}
