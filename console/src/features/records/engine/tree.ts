// A list shown as a tree (the chart of accounts under its header accounts): the records a query matches,
// each under its parent, with the ancestors a match needs to be placed (shown as context, not counted).

import type { DocRecord } from "./types";

/** The property antd's table reads a row's children from (no record field has this name). */
export const TREE_CHILDREN = "treeChildren";

export type TreeRow = DocRecord & { [TREE_CHILDREN]?: TreeRow[] };

export interface Tree {
  roots: TreeRow[];
  /** Every row in the order the tree shows it expanded (depth first), context rows included. */
  rows: DocRecord[];
  /** Rows that are not matches but ancestors of one. */
  context: Set<string>;
  /** Ids of the rows that have children (the ones that expand). */
  parents: string[];
}

/**
 * Place `matches` (in the list's order) under their parents, adding the ancestors found in `everything`
 * (every record of the kind, when the list is filtered) that a match needs. A record whose parent is
 * nowhere to be found is a root; a loop in the data is broken where it closes.
 */
export function buildTree(matches: readonly DocRecord[], everything: readonly DocRecord[] | undefined, parentField: string): Tree {
  const byId = new Map<string, DocRecord>(matches.map((record) => [record.id, record]));
  const known = new Map<string, DocRecord>((everything ?? []).map((record) => [record.id, record]));
  const context = new Set<string>();
  const parentOf = (record: DocRecord) => {
    const parent = record[parentField];
    return typeof parent === "string" && parent ? parent : null;
  };
  for (const record of matches) {
    const seen = new Set([record.id]);
    for (let parent = parentOf(record); parent && !seen.has(parent); ) {
      seen.add(parent);
      if (!byId.has(parent)) {
        const ancestor = known.get(parent);
        if (!ancestor) break;
        byId.set(parent, ancestor);
        context.add(parent);
      }
      parent = parentOf(byId.get(parent)!);
    }
  }
  // The list's order among siblings: matches as the API ordered them, context rows by code.
  const ordered = [
    ...matches,
    ...[...context]
      .map((id) => byId.get(id)!)
      .sort((a, b) => String(a.code ?? "").localeCompare(String(b.code ?? ""))),
  ];
  const children = new Map<string | null, DocRecord[]>();
  for (const record of ordered) {
    // a parent chain that loops back on this record makes it a root
    const chain = new Set<string>([record.id]);
    let parent = parentOf(record);
    let loops = false;
    while (parent && byId.has(parent)) {
      if (chain.has(parent)) {
        loops = true;
        break;
      }
      chain.add(parent);
      parent = parentOf(byId.get(parent)!);
    }
    const own = parentOf(record);
    const key = !loops && own !== null && byId.has(own) ? own : null;
    children.set(key, [...(children.get(key) ?? []), record]);
  }
  const rows: DocRecord[] = [];
  const parents: string[] = [];
  const grow = (record: DocRecord, depth: number): TreeRow => {
    rows.push(record);
    const below = depth < 64 ? (children.get(record.id) ?? []) : [];
    if (below.length === 0) return record;
    parents.push(record.id);
    return { ...record, [TREE_CHILDREN]: below.map((child) => grow(child, depth + 1)) };
  };
  const roots = (children.get(null) ?? []).map((record) => grow(record, 0));
  return { roots, rows, context, parents };
}
