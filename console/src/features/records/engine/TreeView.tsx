// A list declared as a tree (`tree` in its spec): every record its query matches, on one screen, each
// under its parent (expandable, all open at first), with "92 accounts" where a paged list has its pager.
// A filtered list keeps the matches' ancestors as context (greyed, not counted) so each match shows
// where it belongs.
import { Typography } from "antd";
import type { ExpandableConfig } from "antd/es/table/interface";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { everyPage, useAllRecords, type AllRecords, type ListParams } from "./client";
import type { Labels } from "./labels";
import { buildTree, TREE_CHILDREN, type TreeRow } from "./tree";
import type { DocRecord, Resource } from "./types";

const EVERYTHING: ListParams = { status: "all", sort: "code" };

export interface TreeView {
  roots: TreeRow[];
  /** The rows as the tree shows them (depth first), for an export. */
  rows: () => Promise<AllRecords>;
  count: number;
  loading: boolean;
  error: unknown;
  refetch: () => void;
  expandable: ExpandableConfig<DocRecord>;
  rowClassName: (record: DocRecord) => string;
}

/** The tree of `resource`'s list for `query` (its paging ignored), or null for a list that is no tree. */
export function useTreeView(resource: Resource, query: ListParams, filtered: boolean): TreeView | null {
  const parentField = resource.tree?.parentField;
  const matches = useAllRecords(resource, everyPage(query), Boolean(parentField));
  const everything = useAllRecords(resource, EVERYTHING, Boolean(parentField) && filtered);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const found = matches.data;
  const known = filtered ? everything.data?.items : undefined;
  const tree = useMemo(
    () => (parentField && found ? buildTree(found.items, known, parentField) : null),
    [parentField, found, known],
  );
  if (!parentField) return null;
  return {
    roots: tree?.roots ?? [],
    rows: async () => ({ items: tree?.rows ?? [], truncated: found?.truncated ?? false }),
    count: found?.items.length ?? 0,
    loading: matches.isPending || (matches.isFetching && matches.isPlaceholderData) || (filtered && everything.isPending),
    error: matches.error ?? (filtered ? everything.error : null),
    refetch: () => {
      void matches.refetch();
      if (filtered) void everything.refetch();
    },
    expandable: {
      childrenColumnName: TREE_CHILDREN,
      indentSize: 20,
      expandedRowKeys: (tree?.parents ?? []).filter((id) => !collapsed.has(id)),
      onExpand: (expanded, record) => {
        const next = new Set(collapsed);
        if (expanded) next.delete(record.id);
        else next.add(record.id);
        setCollapsed(next);
      },
    },
    rowClassName: (record) => (tree?.context.has(record.id) ? "record-row tree-context" : "record-row"),
  };
}

/** "92 accounts": how many records the tree's query matched (its context rows not counted). */
export function TreeCount({ tree, labels }: { tree: TreeView; labels: Labels }) {
  const { t } = useTranslation("lists");
  return (
    <Typography.Text type="secondary" data-testid="list-count" data-count={tree.count}>
      {t("count", { count: tree.count, one: labels.one, many: labels.many })}
    </Typography.Text>
  );
}
