// A return against a receipt made at this till: how many of each line come back (never more than it sold less
// earlier returns made here) and how the refund is paid (cash rounded to 5 sen, or card or e-wallet to the sen).
import { InputNumber, Modal, Radio, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { LocalSale } from "../lib/db";
import { focusScanInput } from "./SaleEntry";
import { cashRound, fromSen, toSen, type TenderKind } from "../lib/money";

export interface ReturnLine {
  item_id: string;
  code: string;
  name: string;
  qty: number;
  price: number;
}

interface Row extends ReturnLine {
  left: number;
}

export function ReturnDialog({
  sale,
  sales,
  onCancel,
  onReturn,
}: {
  sale: LocalSale;
  /** Every sale stored here: earlier returns of the receipt count. */
  sales: LocalSale[];
  onCancel: () => void;
  onReturn: (lines: ReturnLine[], kind: TenderKind) => void;
}) {
  const { t } = useTranslation("pos");
  const returned = new Map<string, number>();
  for (const other of sales) {
    if (other.body.return_of !== sale.id || other.status === "refused") continue;
    for (const line of other.body.lines) returned.set(line.item_id, (returned.get(line.item_id) ?? 0) + Number(line.qty));
  }
  const rows: Row[] = sale.body.lines.map((line, index) => {
    const sold = Number(line.qty);
    const left = Math.max(0, sold - (returned.get(line.item_id) ?? 0));
    return {
      item_id: line.item_id,
      code: sale.receipt.lines[index]?.code ?? "",
      name: sale.receipt.lines[index]?.name ?? "",
      qty: 0,
      price: toSen(String(line.unit_price)) ?? 0,
      left,
    };
  });
  const [qty, setQty] = useState<number[]>(rows.map(() => 0));
  const [kind, setKind] = useState<TenderKind>("cash");
  const total = rows.reduce((sum, row, index) => sum + row.price * (qty[index] ?? 0), 0);
  const refund = kind === "cash" ? cashRound(total) : total;
  return (
    <Modal
      open
      destroyOnHidden
      title={t("return.title", { receipt: sale.code })}
      okText={t("return.ok", { amount: fromSen(refund) })}
      okButtonProps={{ disabled: total <= 0, "data-testid": "pos-return-ok" } as never}
      onCancel={onCancel}
      afterClose={focusScanInput}
      onOk={() =>
        onReturn(
          rows.map((row, index) => ({ ...row, qty: qty[index] ?? 0 })).filter((row) => row.qty > 0),
          kind,
        )
      }
    >
      <Table<Row>
        size="small"
        pagination={false}
        rowKey={(row) => row.item_id}
        dataSource={rows}
        columns={[
          { title: t("till.item"), key: "item", render: (_, row) => `${row.code} ${row.name}` },
          { title: t("till.price"), key: "price", align: "right", render: (_, row) => fromSen(row.price) },
          { title: t("return.left"), dataIndex: "left", align: "right" },
          {
            title: t("return.qty"),
            key: "qty",
            render: (_, row, index) => (
              <InputNumber
                min={0}
                max={row.left}
                precision={0}
                value={qty[index]}
                disabled={!row.left}
                aria-label={t("return.qtyOf", { item: row.code })}
                onChange={(value) => setQty(qty.map((was, at) => (at === index ? Number(value ?? 0) : was)))}
              />
            ),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }}>{t("return.how")}</Typography.Paragraph>
      <Radio.Group value={kind} onChange={(event) => setKind(event.target.value as TenderKind)}>
        {(["cash", "card", "ewallet"] as const).map((one) => (
          <Radio key={one} value={one}>
            {t(`tender.${one}`)}
          </Radio>
        ))}
      </Radio.Group>
    </Modal>
  );
}
