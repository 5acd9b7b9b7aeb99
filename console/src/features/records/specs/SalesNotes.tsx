// What a submitted credit note's page shows besides its lines: what it settled of the invoice it corrects, the
// credit it left the customer (the invoice was paid: a refund may pay it back, or it stays a negative open
// item) and, when the goods came back, the customer return it wrote into stock.
import { Card, Descriptions, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { Money } from "@/components/Format";
import type { RecordActionProps } from "../engine/types";
import { ReferenceText } from "../fields/ReferenceSelect";
import { SALES_INVOICES, STOCK_ENTRIES } from "../fields/targets";

interface Application {
  invoice_id: string;
  amount: string;
}

/** A submitted credit note: applied to its invoice, the credit left, the goods back. */
export function CreditNoteCredit({ record }: RecordActionProps) {
  const { t } = useTranslation("sales");
  if (record.state !== "submitted") return null;
  const currency = record.currency as string | undefined;
  const applied = (record.applied ?? null) as Application | null;
  // a credit note's outstanding is what no invoice took: negative, a credit the customer holds
  const left = String(record.outstanding ?? "0").replace(/^-/, "");
  const items = [
    {
      key: "applied",
      label: t("creditNote.applied"),
      children: applied ? (
        <span data-testid="credit-applied">
          <Money amount={applied.amount} currency={currency} /> ·{" "}
          <ReferenceText target={SALES_INVOICES} value={applied.invoice_id} />
        </span>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
    },
    {
      key: "left",
      label: t("creditNote.left"),
      children: (
        <strong data-testid="credit-left">
          <Money amount={left} currency={currency} />
        </strong>
      ),
    },
    {
      key: "goods",
      label: t("creditNote.goods"),
      children: record.stock_entry_id ? (
        <span data-testid="credit-stock-entry">
          <ReferenceText target={STOCK_ENTRIES} value={String(record.stock_entry_id)} />
        </span>
      ) : (
        <Typography.Text type="secondary">{t("creditNote.noGoods")}</Typography.Text>
      ),
    },
  ];
  return (
    <Card size="small" className="record-section" title={t("creditNote.title")} data-testid="credit-note-credit">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={items} />
    </Card>
  );
}
