// The global search: Ctrl-K (⌘K on a Mac) anywhere in the signed-in console, or the header's button,
// opens a dialog that finds documents (journals, receipts, payments, transfers, the sales documents and
// customer receipts) and master data by code, name and a few more fields, grouped by kind. Arrows move,
// Enter opens, Esc closes.
//
// It asks each list endpoint the user may read (applet on, `<kind>:read`) with its `q`, a few records
// each, in parallel, once typing settles: the lists already search code, name and memo or reference,
// and each applies its own permission and tenant, so a search can show nothing a list would not.
import { SearchOutlined } from "@ant-design/icons";
import { useQueries } from "@tanstack/react-query";
import { Button, Empty, Grid, Input, Modal, Spin, Typography, type InputRef } from "antd";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { can, useMe } from "@/auth/me";
import { DateText } from "@/components/Format";
import { recordKeys, records, type ListParams } from "@/features/records/engine/client";
import { useDebounced } from "@/features/records/engine/hooks";
import type { DocRecord, Resource } from "@/features/records/engine/types";
import { RESOURCES } from "@/features/records/specs";
import "./search.css";

/** What the search looks through, in the order its groups are shown: documents first. */
export const SEARCHED_KINDS = [
  "journals",
  "receipts",
  "payments",
  "transfers",
  "quotations",
  "sales-orders",
  "delivery-orders",
  "sales-invoices",
  "credit-notes",
  "debit-notes",
  "customer-receipts",
  "customer-refunds",
  "customers",
  "suppliers",
  "items",
  "accounts",
  "cash-books",
  "employees",
  "org-units",
  "price-books",
  "tax-codes",
  "currencies",
] as const;
/** Records shown per kind. */
const PER_KIND = 5;
/** Characters typed before searching: one letter matches nearly everything. */
const MIN_LENGTH = 2;

const isMac = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

function searchQuery(resource: Resource, q: string): ListParams {
  return { q, limit: PER_KIND, sort: resource.defaultSort ?? "code" };
}

interface Hit {
  resource: Resource;
  record: DocRecord;
}

const hitKey = ({ resource, record }: Hit) => `${resource.kind}/${record.id}`;

/** What a record is called, besides its code: its name, or a document's memo or party. */
function calledOf(record: DocRecord): string {
  const called = record.name ?? record.memo ?? record.party ?? record.customer_name;
  return typeof called === "string" ? called : "";
}

function SearchDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation("search");
  const { t: tr } = useTranslation("records");
  const me = useMe();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState("");
  /** The hit chosen, by kind and id: it stays chosen while the other kinds' answers arrive. */
  const [chosen, choose] = useState<string | null>(null);
  const q = useDebounced(text.trim(), 250);
  const ready = open && q.length >= MIN_LENGTH;
  const kinds = useMemo(
    () =>
      SEARCHED_KINDS.flatMap((kind) => RESOURCES.filter((resource) => resource.kind === kind)).filter((resource) =>
        can(me, `${resource.kind}:read`),
      ),
    [me],
  );
  const answers = useQueries({
    queries: kinds.map((resource) => ({
      queryKey: recordKeys.list(resource.kind, searchQuery(resource, q)),
      queryFn: () => records.list(resource, searchQuery(resource, q)),
      enabled: ready,
      staleTime: 30_000,
      retry: false,
    })),
  });
  const groups = ready
    ? kinds
        .map((resource, index) => ({ resource, items: answers[index]?.data?.items ?? [] }))
        .filter((group) => group.items.length > 0)
    : [];
  const hits: Hit[] = groups.flatMap(({ resource, items }) => items.map((record) => ({ resource, record })));
  const searching = ready && answers.some((answer) => answer.isFetching);
  const failed = ready && answers.some((answer) => answer.isError);
  const current = Math.max(
    hits.findIndex((hit) => hitKey(hit) === chosen),
    0,
  );

  useEffect(() => {
    document.getElementById(`search-hit-${current}`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  const openHit = (hit: Hit | undefined) => {
    if (!hit) return;
    onClose();
    navigate(`/${hit.resource.kind}/${hit.record.id}`);
  };
  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      if (hits.length > 0) choose(hitKey(hits[(current + step + hits.length) % hits.length]));
    } else if (event.key === "Enter" && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (text.trim() === q) openHit(hits[current]); // not the hits of what was typed before
    }
  };

  let position = -1;
  return (
    <Modal
      open={open}
      title={t("title")}
      onCancel={onClose}
      footer={null}
      width={640}
      destroyOnHidden
      afterOpenChange={(opened) => opened && input.current?.focus()}
      afterClose={() => {
        setText("");
        choose(null);
      }}
      className="global-search"
    >
      <Input
        ref={input}
        size="large"
        prefix={<SearchOutlined />}
        suffix={searching ? <Spin size="small" /> : <span />}
        placeholder={t("placeholder")}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-label={t("label")}
        aria-expanded={hits.length > 0}
        aria-controls="search-hits"
        aria-autocomplete="list"
        aria-activedescendant={hits.length > 0 ? `search-hit-${current}` : undefined}
        data-testid="search-input"
      />
      <div id="search-hits" role="listbox" aria-label={t("results")} className="search-hits" data-testid="search-hits">
        {groups.map(({ resource, items }) => (
          <div key={resource.kind} role="group" aria-labelledby={`search-group-${resource.kind}`}>
            <div id={`search-group-${resource.kind}`} role="presentation" className="search-group">
              {tr(`${resource.kind}.title`)}
            </div>
            {items.map((record) => {
              position += 1;
              const index = position;
              return (
                <div
                  key={record.id}
                  id={`search-hit-${index}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === current}
                  className={index === current ? "search-hit search-hit-active" : "search-hit"}
                  data-testid="search-hit"
                  data-kind={resource.kind}
                  onMouseMove={() => index !== current && choose(hitKey({ resource, record }))}
                  onClick={() => openHit({ resource, record })}
                  onKeyDown={(event) => event.key === "Enter" && openHit({ resource, record })}
                >
                  <span className="search-hit-code">{record.code}</span>
                  <span className="search-hit-name">{calledOf(record)}</span>
                  {typeof record.date === "string" ? (
                    <Typography.Text type="secondary" className="search-hit-date">
                      <DateText value={record.date} />
                    </Typography.Text>
                  ) : null}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {!ready ? (
        <Typography.Paragraph type="secondary" className="search-note">
          {t("hint", { count: MIN_LENGTH })}
        </Typography.Paragraph>
      ) : hits.length === 0 && !searching ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={failed ? t("failed") : t("none", { q })}
          data-testid="search-none"
        />
      ) : null}
      <Typography.Paragraph type="secondary" className="search-keys">
        {t("keys")}
      </Typography.Paragraph>
    </Modal>
  );
}

/** The header's search button, and Ctrl-K / ⌘K anywhere. */
export function GlobalSearch() {
  const { t } = useTranslation("search");
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
        event.preventDefault(); // the browser's own Ctrl-K (search the web) is not what was meant here
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
  const shortcut = isMac() ? "⌘K" : "Ctrl K";
  return (
    <>
      <Button
        icon={<SearchOutlined />}
        onClick={() => setOpen(true)}
        aria-label={screens.md ? undefined : t("button")}
        aria-keyshortcuts="Control+K Meta+K"
        data-testid="search-open"
      >
        {screens.md ? (
          <>
            {t("button")} <kbd className="search-kbd">{shortcut}</kbd>
          </>
        ) : null}
      </Button>
      <SearchDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
