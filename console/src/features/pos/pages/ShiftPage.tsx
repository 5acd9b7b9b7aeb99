// A shift's report: its Z report's figures (sales and returns, receipt numbers, gross, discounts, SST by code,
// tenders, change, rounding, the cash expected, counted and over or short, the sales synced late), printable.
import { Button, Descriptions, Table } from "antd";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { useZReport } from "../lib/api";

export function ShiftPage() {
  const { t } = useTranslation("pos");
  const { id = "" } = useParams();
  const format = useFormatters();
  const report = useZReport(id);
  const z = report.data;
  return (
    <div className="pos-z">
      <PageHeader
        title={t("z.title", { register: z?.register_code ?? "" })}
        extra={
          <Button className="pos-no-print" onClick={() => window.print()}>
            {t("receipt.print")}
          </Button>
        }
      />
      <ProblemAlert error={report.error} />
      {z ? (
        <div data-testid="pos-z-report" data-state={z.state}>
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t("shifts.state")}>{t(`shifts.states.${z.state}`)}</Descriptions.Item>
            <Descriptions.Item label={t("shifts.opened")}>{format.dateTime(z.opened_at)}</Descriptions.Item>
            <Descriptions.Item label={t("shifts.closed")}>{format.dateTime(z.closed_at)}</Descriptions.Item>
            <Descriptions.Item label={t("z.receipts")}>
              {z.first_number ?? "—"} … {z.last_number ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("z.sales")}>{z.sales_count}</Descriptions.Item>
            <Descriptions.Item label={t("z.returnsCount")}>{z.returns_count}</Descriptions.Item>
            <Descriptions.Item label={t("z.gross")}>{format.amount(z.gross)}</Descriptions.Item>
            <Descriptions.Item label={t("z.discounts")}>{format.amount(z.discounts)}</Descriptions.Item>
            <Descriptions.Item label={t("z.salesTotal")}>
              <span data-testid="pos-z-sales-total">{format.amount(z.sales_total)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("z.returns")}>{format.amount(z.returns)}</Descriptions.Item>
            <Descriptions.Item label={t("z.netTotal")}>{format.amount(z.net_total)}</Descriptions.Item>
            <Descriptions.Item label={t("till.rounding")}>{format.amount(z.rounding)}</Descriptions.Item>
            <Descriptions.Item label={t("tender.cash")}>{format.amount(z.tenders.cash)}</Descriptions.Item>
            <Descriptions.Item label={t("tender.card")}>{format.amount(z.tenders.card)}</Descriptions.Item>
            <Descriptions.Item label={t("tender.ewallet")}>{format.amount(z.tenders.ewallet)}</Descriptions.Item>
            <Descriptions.Item label={t("z.changeGiven")}>{format.amount(z.change_given)}</Descriptions.Item>
            <Descriptions.Item label={t("shift.openingFloat")}>{format.amount(z.cash.opening_float)}</Descriptions.Item>
            <Descriptions.Item label={t("z.cashInOut")}>
              {format.amount(z.cash.cash_in)} / {format.amount(z.cash.cash_out)}
            </Descriptions.Item>
            <Descriptions.Item label={t("z.expected")}>
              <span data-testid="pos-z-expected">{format.amount(z.cash.expected)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("z.counted")}>
              <span data-testid="pos-z-counted">{format.amount(z.cash.counted)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("z.overShort")}>
              <span data-testid="pos-z-over-short">{format.amount(z.cash.over_short)}</span>
            </Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            pagination={false}
            rowKey="tax_code"
            dataSource={z.taxes}
            columns={[
              { title: t("z.taxCode"), dataIndex: "tax_code" },
              { title: t("z.rate"), dataIndex: "rate", align: "right" },
              { title: t("z.taxable"), dataIndex: "taxable", align: "right", render: (v: string) => format.amount(v) },
              { title: t("z.tax"), dataIndex: "tax", align: "right", render: (v: string) => format.amount(v) },
            ]}
          />
          {z.late_sales.length ? (
            <Table
              style={{ marginTop: 16 }}
              size="small"
              title={() => t("z.late")}
              pagination={false}
              rowKey="id"
              dataSource={z.late_sales}
              columns={[
                { title: t("till.number"), dataIndex: "number" },
                { title: t("till.total"), dataIndex: "total", align: "right" },
                { title: t("tender.cash"), dataIndex: "cash", align: "right" },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
