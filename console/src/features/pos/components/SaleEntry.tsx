// Ringing a sale with the keyboard and a barcode scanner: the scan input keeps the focus; a scanner types the
// barcode and Enter (the same item again adds one), `3*<code>` rings three, an item code works too; ↑/↓ pick a
// line, + and − change its quantity, Delete removes it. F8 cash, F9 card, F10 e-wallet take a tender (Enter
// adds it; the sale completes once paid), Esc cancels the tender, then the sale. Amounts in integer sen.
import { Alert, Button, Flex, Input, type InputRef, Table, Tag, Typography } from "antd";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { CatalogItem } from "../lib/db";
import { fromSen, lineTotal, linesTotal, settle, toSen, type Tender, type TenderKind } from "../lib/money";

export interface CartLine {
  item: CatalogItem;
  qty: number;
  price: number;
}

/** Back to the scan input (a dialog of the till closed). */
export function focusScanInput(): void {
  document.querySelector<HTMLInputElement>("[data-testid=pos-scan]")?.focus();
}

const KEYS: Record<string, TenderKind> = { F8: "cash", F9: "card", F10: "ewallet" };

function finder(items: CatalogItem[]) {
  const byCode = new Map<string, CatalogItem>();
  for (const item of items) {
    byCode.set(item.code.toUpperCase(), item);
    for (const barcode of item.barcodes) byCode.set(barcode.toUpperCase(), item);
  }
  return (code: string) => byCode.get(code.toUpperCase());
}

export function SaleEntry({
  items,
  disabled,
  onComplete,
}: {
  items: CatalogItem[];
  disabled?: boolean;
  onComplete: (lines: CartLine[], tenders: Tender[]) => Promise<boolean>;
}) {
  const { t } = useTranslation("pos");
  const find = useMemo(() => finder(items), [items]);
  const [lines, setLines] = useState<CartLine[]>([]);
  const [selected, setSelected] = useState(0);
  const [scan, setScan] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [tendering, setTendering] = useState<TenderKind | null>(null);
  const [amount, setAmount] = useState("");
  const scanInput = useRef<InputRef>(null);
  const amountInput = useRef<InputRef>(null);

  const total = linesTotal(lines);
  const settled = settle(total, tenders);

  const focusScan = () => window.setTimeout(() => scanInput.current?.focus(), 0);
  useEffect(() => scanInput.current?.focus(), [disabled]);

  const reset = () => {
    setLines([]);
    setTenders([]);
    setTendering(null);
    setSelected(0);
    setAmount("");
    focusScan();
  };

  const add = (raw: string) => {
    const match = /^(\d{1,4})\*(.+)$/.exec(raw.trim());
    const qty = match ? Number(match[1]) : 1;
    const code = (match ? match[2] : raw).trim();
    if (!code) return;
    const item = find(code);
    if (!item) return setNotice(t("till.unknown", { code }));
    if (item.price === null) return setNotice(t("till.noPrice", { item: item.code }));
    if (qty < 1) return setNotice(t("till.badQty"));
    setNotice(null);
    const at = lines.findIndex((line) => line.item.id === item.id);
    if (at >= 0) {
      setLines(lines.map((line, index) => (index === at ? { ...line, qty: line.qty + qty } : line)));
      setSelected(at);
    } else {
      setLines([...lines, { item, qty, price: item.price }]);
      setSelected(lines.length);
    }
  };

  const changeQty = (delta: number) =>
    setLines(lines.map((line, index) => (index === selected ? { ...line, qty: Math.max(1, line.qty + delta) } : line)));

  const remove = () => {
    setLines(lines.filter((_, index) => index !== selected));
    setSelected(Math.max(0, Math.min(selected, lines.length - 2)));
  };

  const startTender = (kind: TenderKind) => {
    if (!lines.length) return;
    const other = total - settled.card - settled.ewallet - settled.cashTendered;
    const left = kind === "cash" ? settled.remaining : Math.max(other, 0);
    setTendering(kind);
    setAmount(fromSen(left));
    window.setTimeout(() => amountInput.current?.select(), 0);
  };

  const addTender = async () => {
    const sen = toSen(amount);
    if (!tendering || sen === null || sen < 0) return setNotice(t("till.badAmount"));
    const next = [...tenders, { kind: tendering, amount: sen }];
    const after = settle(total, next);
    if (after.over) return setNotice(t("till.over"));
    setNotice(null);
    setTenders(next);
    setTendering(null);
    if (after.remaining === 0) {
      if (await onComplete(lines, next)) reset();
    } else focusScan();
  };

  // The shortcuts work wherever the focus is; a key typed outside any field goes to the scan input.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (disabled) return;
      const kind = KEYS[event.key];
      if (kind) {
        event.preventDefault();
        startTender(kind);
      } else if (event.key === "Escape") {
        if (tendering) {
          setTendering(null);
          focusScan();
        } else if (lines.length) reset();
      } else if (document.activeElement === document.body) scanInput.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const onScanKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add(scan);
      setScan("");
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setSelected(Math.max(0, selected - 1));
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      setSelected(Math.min(lines.length - 1, selected + 1));
    } else if (!scan && (event.key === "+" || event.key === "-")) {
      event.preventDefault();
      changeQty(event.key === "+" ? 1 : -1);
    } else if (!scan && event.key === "Delete") {
      event.preventDefault();
      remove();
    }
  };

  return (
    <div className="pos-entry">
      <div className="pos-entry-main">
        <Input
          ref={scanInput}
          size="large"
          disabled={disabled}
          value={scan}
          onChange={(event) => setScan(event.target.value)}
          onKeyDown={onScanKey}
          placeholder={t("till.scanPlaceholder")}
          aria-label={t("till.scan")}
          data-testid="pos-scan"
          autoComplete="off"
        />
        {notice ? (
          <Alert type="warning" showIcon title={notice} data-testid="pos-notice" style={{ marginTop: 8 }} />
        ) : null}
        <Table<CartLine>
          size="small"
          style={{ marginTop: 8 }}
          data-testid="pos-lines"
          pagination={false}
          rowKey={(line) => line.item.id}
          dataSource={lines}
          locale={{ emptyText: <Typography.Text type="secondary">{t("till.empty")}</Typography.Text> }}
          rowClassName={(_, index) => (index === selected ? "pos-selected" : "")}
          onRow={(line, index) => ({ onClick: () => setSelected(index ?? 0), "data-code": line.item.code }) as never}
          columns={[
            { title: t("till.item"), key: "item", render: (_, line) => `${line.item.code} ${line.item.name}` },
            { title: t("till.qty"), key: "qty", align: "right", render: (_, line) => <span data-testid="pos-line-qty">{line.qty}</span> },
            { title: t("till.price"), key: "price", align: "right", render: (_, line) => fromSen(line.price) },
            { title: t("till.lineTotal"), key: "total", align: "right", render: (_, line) => fromSen(lineTotal(line)) },
          ]}
        />
      </div>
      <div className="pos-entry-side">
        <table className="pos-totals" data-testid="pos-totals">
          <tbody>
            <tr>
              <th scope="row">{t("till.total")}</th>
              <td data-testid="pos-total">{fromSen(total)}</td>
            </tr>
            {tenders.map((tender, index) => (
              <tr key={index}>
                <th scope="row">{t(`tender.${tender.kind}`)}</th>
                <td>{fromSen(tender.amount)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("till.cashDue")}</th>
              <td data-testid="pos-cash-due">{fromSen(settled.cashDue)}</td>
            </tr>
            <tr>
              <th scope="row">{t("till.rounding")}</th>
              <td data-testid="pos-rounding">{fromSen(settled.rounding)}</td>
            </tr>
            <tr>
              <th scope="row">{t("till.remaining")}</th>
              <td data-testid="pos-remaining">{fromSen(settled.remaining)}</td>
            </tr>
          </tbody>
        </table>
        {tendering ? (
          <Flex vertical gap={4} style={{ marginTop: 8 }}>
            <Typography.Text strong>{t(`tender.${tendering}`)}</Typography.Text>
            <Input
              ref={amountInput}
              inputMode="decimal"
              value={amount}
              aria-label={t("till.tenderAmount", { kind: t(`tender.${tendering}`) })}
              data-testid="pos-tender-amount"
              onChange={(event) => setAmount(event.target.value.replace(/[^\d.]/g, ""))}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  void addTender();
                }
              }}
            />
          </Flex>
        ) : null}
        <Flex gap={4} wrap style={{ marginTop: 8 }}>
          {(Object.entries(KEYS) as [string, TenderKind][]).map(([key, kind]) => (
            <Button key={key} disabled={disabled || !lines.length} onClick={() => startTender(kind)} data-testid={`pos-tender-${kind}`}>
              {key} {t(`tender.${kind}`)}
            </Button>
          ))}
          <Button disabled={!lines.length && !tendering} onClick={reset}>
            Esc {t("till.cancel")}
          </Button>
        </Flex>
        <div className="pos-keys" data-testid="pos-shortcuts">
          <Typography.Text type="secondary">{t("till.keys")}</Typography.Text>
          <ul>
            {(["scan", "qty", "lines", "tenders", "escape"] as const).map((key) => (
              <li key={key}>
                <Tag>{t(`keys.${key}.key`)}</Tag> {t(`keys.${key}.what`)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
