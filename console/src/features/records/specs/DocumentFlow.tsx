// A sales document's whole chain, on its page: from the first document it comes from (a quotation, or the
// order, or for a receipt the invoices it settled and theirs) down through every document made from each
// (quotation → orders → deliveries and invoices → the receipts that settled the invoices), each with its
// code, state, date and amount, linked. Documents made from another are found by the lists' filters
// (`quotation_id`, `order_id`: drafts and cancelled ones too) and by the source's `flow` (an invoice's credit
// and debit notes too); receipts by the invoices' and debit notes' allocations; refunds under the credit
// note or the receipt they paid back. A list the user may not read leaves its documents out, or named by
// code only.
import { ApartmentOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { Card, Flex, Skeleton, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { DateText, Money } from "@/components/Format";
import { recordKeys, records } from "../engine/client";
import { PostingTag } from "../engine/tags";
import type { DocRecord, RecordActionProps } from "../engine/types";
import { SALES_KINDS, SALES_STATE_COLOURS } from "./SalesDocument";

interface FlowNode {
  type: string;
  id: string;
  code?: string | null;
  record?: DocRecord;
  children: FlowNode[];
}

const TYPE_OF_KIND = Object.fromEntries(Object.entries(SALES_KINDS).map(([type, kind]) => [kind, type]));
/** What documents each type makes, found by the lists' filter naming it. */
const MADE_FROM: Readonly<Record<string, readonly { type: string; filter: string }[]>> = {
  QUOTATION: [
    { type: "SALESORDER", filter: "quotation_id" },
    { type: "PROFORMA", filter: "quotation_id" },
  ],
  SALESORDER: [
    { type: "DELIVERYORDER", filter: "order_id" },
    { type: "SALESINVOICE", filter: "order_id" },
    { type: "PROFORMA", filter: "order_id" },
  ],
};
const MOST = 200;
/** Open items receipts settle, by their id's prefix (a receipt's allocation names either by `invoice_id`). */
const openItemType = (id: string) => (id.startsWith("dn_") ? "SALESDEBITNOTE" : "SALESINVOICE");

interface FlowLink {
  type: string;
  id: string;
  code?: string | null;
}

class Reader {
  private readonly seen = new Set<string>();
  constructor(private readonly queryClient: QueryClient) {}

  /** A document, read once (null when it cannot be read: another user's rights, deleted). */
  async get(type: string, id: string): Promise<DocRecord | null> {
    const kind = SALES_KINDS[type];
    if (!kind) return null;
    try {
      return await this.queryClient.fetchQuery({
        queryKey: recordKeys.one(kind, id),
        queryFn: () => records.get({ path: `/v1/${kind}` }, id),
        staleTime: 5_000,
      });
    } catch {
      return null;
    }
  }

  /** The first documents of the chain `record` is in. */
  async roots(type: string, record: DocRecord): Promise<FlowLink[]> {
    if (type === "CUSTOMERREFUND") {
      // the credit note or the receipt it paid back, and that one's chain
      const [sourceType, sourceId] = record.credit_note_id
        ? ["SALESCREDITNOTE", String(record.credit_note_id)]
        : ["CUSTOMERRECEIPT", String(record.receipt_id ?? "")];
      const source = sourceId ? await this.get(sourceType, sourceId) : null;
      return source ? this.roots(sourceType, source) : [{ type, id: record.id, code: record.code }];
    }
    if (type === "CUSTOMERRECEIPT") {
      const allocations = (Array.isArray(record.allocations) ? record.allocations : []) as { invoice_id: string }[];
      const found: FlowLink[] = [];
      for (const allocation of allocations) {
        const itemType = openItemType(allocation.invoice_id);
        const invoice = await this.get(itemType, allocation.invoice_id);
        found.push(...(invoice ? await this.roots(itemType, invoice) : []));
      }
      return found.length > 0 ? found : [{ type, id: record.id, code: record.code }];
    }
    let current: FlowLink = { type, id: record.id, code: record.code };
    let at: DocRecord | null = record;
    for (let depth = 0; at && at.source_id && at.source_type && depth < 4; depth += 1) {
      const parent: DocRecord | null = await this.get(String(at.source_type), String(at.source_id));
      if (!parent) break;
      current = { type: String(at.source_type), id: parent.id, code: parent.code };
      at = parent;
    }
    return [current];
  }

  /** The documents made from one: by the lists' filters and its flow; an invoice's receipts. */
  private async made(type: string, record: DocRecord): Promise<FlowLink[]> {
    const links: FlowLink[] = [];
    for (const { type: madeType, filter } of MADE_FROM[type] ?? []) {
      const kind = SALES_KINDS[madeType];
      try {
        const page = await records.list({ path: `/v1/${kind}` }, { [filter]: record.id, limit: MOST, sort: "code" });
        for (const item of page.items) {
          this.queryClient.setQueryData(recordKeys.one(kind, item.id), item);
          links.push({ type: madeType, id: item.id, code: item.code });
        }
      } catch {
        // a list the user may not read: its documents come from the flow below, if at all
      }
    }
    for (const link of (Array.isArray(record.flow) ? record.flow : []) as FlowLink[]) links.push(link);
    if (type === "SALESINVOICE" || type === "SALESDEBITNOTE") {
      // what settled it: receipts (a credit note that settled it is in its flow already)
      const settled = (Array.isArray(record.allocations) ? record.allocations : []) as { receipt_id?: string }[];
      for (const allocation of settled) {
        if (allocation.receipt_id) links.push({ type: "CUSTOMERRECEIPT", id: allocation.receipt_id });
      }
    }
    if (type === "SALESCREDITNOTE" || type === "CUSTOMERRECEIPT") links.push(...(await this.refunds(type, record)));
    const unique = new Map(links.map((link) => [link.id, link]));
    return [...unique.values()];
  }

  /** The refunds that paid back a credit note's credit or a receipt's advance: the customer's, naming it. */
  private async refunds(type: string, record: DocRecord): Promise<FlowLink[]> {
    const kind = SALES_KINDS.CUSTOMERREFUND;
    const field = type === "SALESCREDITNOTE" ? "credit_note_id" : "receipt_id";
    try {
      const page = await records.list(
        { path: `/v1/${kind}` },
        { customer_id: String(record.customer_id ?? ""), limit: MOST, sort: "code" },
      );
      return page.items
        .filter((item) => item[field] === record.id)
        .map((item) => {
          this.queryClient.setQueryData(recordKeys.one(kind, item.id), item);
          return { type: "CUSTOMERREFUND", id: item.id, code: item.code };
        });
    } catch {
      return []; // refunds the user may not read
    }
  }

  /** The document and, depth first, what was made from it. */
  async tree(link: FlowLink, depth = 0): Promise<FlowNode | null> {
    if (this.seen.has(link.id) || depth > 5) return null;
    this.seen.add(link.id);
    const record = await this.get(link.type, link.id);
    const node: FlowNode = { ...link, code: record?.code ?? link.code, record: record ?? undefined, children: [] };
    if (!record) return node;
    for (const child of await this.made(link.type, record)) {
      const made = await this.tree(child, depth + 1);
      if (made) node.children.push(made);
    }
    return node;
  }
}

async function chain(queryClient: QueryClient, type: string, record: DocRecord): Promise<FlowNode[]> {
  const reader = new Reader(queryClient);
  const nodes: FlowNode[] = [];
  for (const root of await reader.roots(type, record)) {
    const node = await reader.tree(root);
    if (node) nodes.push(node);
  }
  return nodes;
}

function StateOf({ node }: { node: FlowNode }) {
  const { t } = useTranslation("records");
  const record = node.record;
  if (!record) return null;
  if (typeof record.state === "string") {
    const state = record.state;
    return (
      <Tag color={SALES_STATE_COLOURS[state as keyof typeof SALES_STATE_COLOURS] ?? "default"} data-testid="flow-state">
        {t(`enums.sales_state.${state}`, { defaultValue: state })}
      </Tag>
    );
  }
  return <PostingTag state={record.posting_state} />;
}

function NodeRow({ node, current }: { node: FlowNode; current: string }) {
  const { t } = useTranslation("sales");
  const record = node.record;
  const kind = SALES_KINDS[node.type];
  const here = node.id === current;
  const amount = (record?.total ?? record?.amount) as string | undefined;
  return (
    <li
      data-testid="flow-node"
      data-type={node.type}
      data-code={node.code ?? ""}
      data-state={String(record?.state ?? record?.posting_state ?? "")}
      data-current={here ? "true" : undefined}
    >
      <Flex gap="small" align="center" wrap className={here ? "sales-flow-row sales-flow-current" : "sales-flow-row"}>
        <Typography.Text type="secondary" className="sales-flow-type">
          {t(`flow.types.${node.type}`)}
        </Typography.Text>
        {here ? (
          <Typography.Text strong>{node.code ?? node.id}</Typography.Text>
        ) : (
          <Link to={`/${kind}/${node.id}`} data-testid="flow-link">
            {node.code ?? node.id}
          </Link>
        )}
        <StateOf node={node} />
        {record?.date ? (
          <Typography.Text type="secondary">
            <DateText value={String(record.date)} />
          </Typography.Text>
        ) : null}
        {amount ? <Money amount={amount} currency={record?.currency as string | undefined} /> : null}
        {here ? <Typography.Text type="secondary">({t("flow.here")})</Typography.Text> : null}
      </Flex>
      {node.children.length > 0 ? (
        <ul className="sales-flow">
          {node.children.map((child) => (
            <NodeRow key={child.id} node={child} current={current} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The document's chain, from its first document down. */
export function DocumentFlow({ resource, record }: RecordActionProps) {
  const { t } = useTranslation("sales");
  const queryClient = useQueryClient();
  const type = TYPE_OF_KIND[resource.kind];
  // what the chain hangs on: the document's version, and what changes without one (its tallies and
  // flow as later documents take from it, an invoice's settlements, an order's workflow)
  const changed = JSON.stringify([
    record.version,
    record.flow,
    record.ordered,
    record.delivered,
    record.invoiced,
    record.allocations,
    record.workflow_state,
    record.credited,
    record.outstanding,
  ]);
  const flow = useQuery({
    queryKey: ["sales", "flow", resource.kind, record.id, changed],
    queryFn: () => chain(queryClient, type, record),
    enabled: Boolean(type),
    staleTime: 5_000,
  });
  if (!type) return null;
  return (
    <Card
      size="small"
      className="record-section"
      title={
        <Flex gap="small" align="center">
          <ApartmentOutlined />
          {t("flow.title")}
        </Flex>
      }
      data-testid="document-flow"
    >
      {flow.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <ul className="sales-flow sales-flow-root">
          {(flow.data ?? []).map((node) => (
            <NodeRow key={node.id} node={node} current={record.id} />
          ))}
        </ul>
      )}
    </Card>
  );
}
