// A sale's receipt as the till prints it, from what it stored (works offline): an 80 mm roll when printed
// (pos.css hides the rest of the page). Once synced, the server's PDF too.
import { Button, Flex } from "antd";
import { useTranslation } from "react-i18next";

import { download } from "@/api/client";
import { formatDateTime } from "@/lib/format";
import type { LocalSale } from "../lib/db";
import { fromSen } from "../lib/money";

export function Receipt({ sale, registerName }: { sale: LocalSale; registerName: string }) {
  const { t } = useTranslation("pos");
  const { receipt } = sale;
  const refund = Boolean(sale.body.return_of);
  return (
    <div className="pos-receipt" data-testid="pos-receipt" data-number={sale.code}>
      <div className="pos-receipt-head">
        <strong>{registerName}</strong>
        <div>{refund ? t("receipt.refund") : t("receipt.title")}</div>
        <div data-testid="pos-receipt-number">{sale.code}</div>
        <div>{formatDateTime(sale.body.sold_at)}</div>
        {receipt.return_of_code ? <div>{t("receipt.returnOf", { receipt: receipt.return_of_code })}</div> : null}
      </div>
      <table>
        <tbody>
          {receipt.lines.map((line, index) => (
            <tr key={index}>
              <td>
                {line.name}
                <br />
                {line.qty} × {fromSen(line.price)}
              </td>
              <td className="pos-num">{fromSen(line.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="pos-receipt-totals">
        <tbody>
          <tr>
            <td>{t("till.total")}</td>
            <td className="pos-num" data-testid="pos-receipt-total">
              {fromSen(receipt.total)}
            </td>
          </tr>
          <tr>
            <td>{t("till.rounding")}</td>
            <td className="pos-num" data-testid="pos-receipt-rounding">
              {fromSen(receipt.rounding)}
            </td>
          </tr>
          <tr>
            <td>
              <strong>{refund ? t("receipt.refunded") : t("till.payable")}</strong>
            </td>
            <td className="pos-num" data-testid="pos-receipt-payable">
              <strong>{fromSen(receipt.payable)}</strong>
            </td>
          </tr>
          {receipt.tenders.map((tender, index) => (
            <tr key={index}>
              <td>{t(`tender.${tender.kind}`)}</td>
              <td className="pos-num">{fromSen(tender.amount)}</td>
            </tr>
          ))}
          <tr>
            <td>{t("till.change")}</td>
            <td className="pos-num" data-testid="pos-receipt-change">
              {fromSen(receipt.change)}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="pos-receipt-foot">{t("receipt.thanks")}</div>
      <Flex gap="small" className="pos-no-print" style={{ marginTop: 12 }}>
        <Button onClick={() => window.print()} data-testid="pos-receipt-print">
          {t("receipt.print")}
        </Button>
        {sale.status === "synced" ? (
          <Button onClick={() => void download(`/v1/pos/sales/${sale.id}/receipt`, `${sale.code}.pdf`)}>
            {t("receipt.pdf")}
          </Button>
        ) : null}
      </Flex>
    </div>
  );
}
