// Console routes of ledger pages and of the documents that posted an entry.

/** The console collection of a document type the ledger names in `source_type`. */
const SOURCE_KINDS: Record<string, string> = {
  JOURNAL: "journals",
  RECEIPT: "receipts",
  PAYMENT: "payments",
  TRANSFER: "transfers",
  RECURRING_JOURNAL: "recurring-journals",
};

/** Entries the ledger writes itself (a period-end revaluation) have no document page. */
const NO_PAGE = new Set(["REVALUATION"]);

/** Id prefixes of the documents, for entries whose source type is not known here. */
const ID_PREFIXES: Record<string, string> = { jv: "journals", rcp: "receipts", pay: "payments", trf: "transfers" };

/** `/journals/jv_…` for an entry's source document, or null when it has no page. */
export function sourceRoute(sourceType: string, sourceId: string): string | null {
  if (!sourceId || NO_PAGE.has(sourceType)) return null;
  const prefix = /^([a-z]{2,4})_/.exec(sourceId)?.[1];
  const kind =
    SOURCE_KINDS[sourceType] ??
    (prefix ? ID_PREFIXES[prefix] : undefined) ??
    (sourceType ? `${sourceType.toLowerCase().replace(/_/g, "-")}s` : undefined);
  return kind ? `/${kind}/${encodeURIComponent(sourceId)}` : null;
}

export function entryRoute(entryId: string): string {
  return `/ledger/entries/${encodeURIComponent(entryId)}`;
}

export function accountLedgerRoute(accountId: string, from?: string, to?: string): string {
  const query = new URLSearchParams();
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  const search = query.toString();
  return `/ledger/accounts/${encodeURIComponent(accountId)}${search ? `?${search}` : ""}`;
}
