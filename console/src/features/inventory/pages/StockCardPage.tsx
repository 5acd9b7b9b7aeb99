// The stock card of a stock item at a location: the opening balance, each movement in posting order
// (date, time, what it was, the quantity and value in or out and the rate, then what is on hand after it,
// its value, the valuation rate and the FIFO layers left) and the closing balance. A cancelled movement
// stays, struck through and tagged; one still waiting to be costed says so. The item's availability by
// location is under it.
import { ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { DateText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { Filters, ReportBody, ReportCard } from "@/features/ledger/components/ReportLayout";
import { ReportTable } from "@/features/ledger/components/ReportTable";
import { useSearchState } from "@/features/ledger/lib/useSearchState";
import { AvailabilityPanel } from "../components/AvailabilityPanel";
import { DateFilter, LocationFilter, StockItemFilter } from "../components/Pickers";
import { awaitsValuation, useStockCard, type StockCard, type StockCardRow } from "../lib/api";
import { Figure, useStockFormat } from "../lib/figures";

/** The opening or the closing line (the closing one with the last live movement, for its rate and layers). */
type Balance = { type: "opening" | "closing"; key: string; qty: string; value: string; last?: StockCardRow };
type Row = Balance | { type: "movement"; key: string; row: StockCardRow };

/** The card's lines: opening, movements, closing (with the valuation rate and layers of the last live row). */
function cardRows(card: StockCard): Row[] {
  const live = card.rows.filter((row) => !row.cancelled && row.valued);
  return [
    { type: "opening", key: "opening", qty: card.opening_qty, value: card.opening_value },
    ...card.rows.map((row): Row => ({ type: "movement", key: row.movement_id, row })),
    {
      type: "closing",
      key: "closing",
      qty: card.closing_qty,
      value: card.closing_value,
      last: live[live.length - 1],
    },
  ];
}

function KindCell({ row }: { row: StockCardRow }) {
  const { t } = useTranslation("stock-reports");
  return (
    <Flex gap={4} wrap align="center">
      <Link to={`/stock-entries/${row.entry_id}`} title={t("card.entry")} data-testid="movement-kind">
        {t(`kind.${row.kind}`, { defaultValue: row.kind })}
      </Link>
      {row.cancelled ? (
        <Tooltip title={t("card.cancelledHint")}>
          <Tag color="red" data-testid="movement-cancelled">
            {t("card.cancelled")}
          </Tag>
        </Tooltip>
      ) : awaitsValuation(row) ? (
        <Tag color="gold" data-testid="movement-pending">
          {t("card.pending")}
        </Tag>
      ) : null}
    </Flex>
  );
}

export function StockCardPage() {
  const { t } = useTranslation("stock-reports");
  const format = useStockFormat();
  const search = useSearchState();
  const itemId = search.get("item");
  const locationId = search.get("location");
  const from = search.date("from", "") || undefined;
  const to = search.date("to", "") || undefined;
  const query = itemId && locationId ? { item_id: itemId, location_id: locationId, from, to } : null;
  const card = useStockCard(query);
  const data = query ? card.data : undefined;

  /** A column of the movement rows only: the opening and closing lines' label spans it. */
  const movementColumn = (
    key: string,
    title: string,
    show: (row: StockCardRow) => ReactNode,
    align?: "right",
  ): ColumnsType<Row>[number] => ({
    key,
    title,
    align,
    render: (_: unknown, line: Row) => (line.type === "movement" ? show(line.row) : null),
    onCell: (line: Row) => ({ colSpan: line.type === "movement" ? 1 : 0 }),
  });
  /** A running column: each movement's figure after it, the opening and closing lines' own. */
  const balance =
    (ends: (line: Balance) => ReactNode, show: (row: StockCardRow) => ReactNode) => (_: unknown, line: Row) =>
      line.type === "movement" ? show(line.row) : ends(line);
  const columns: ColumnsType<Row> = [
    {
      key: "date",
      title: t("column.date"),
      width: 120,
      render: (_, line) =>
        line.type === "movement" ? (
          <DateText value={line.row.date} />
        ) : (
          <Typography.Text strong>{t(line.type === "opening" ? "card.opening" : "card.closing")}</Typography.Text>
        ),
      onCell: (line) => ({ colSpan: line.type === "movement" ? 1 : 6 }),
    },
    movementColumn("time", t("column.time"), (row) => <span className="amount">{row.time}</span>),
    movementColumn("kind", t("column.movement"), (row) => <KindCell row={row} />),
    movementColumn(
      "qtyChange",
      t("column.qtyChange"),
      (row) => <Figure text={format.qty(row.qty_change)} testId="qty-change" />,
      "right",
    ),
    movementColumn(
      "valueChange",
      t("column.valueChange"),
      (row) => <Figure text={format.value(row.value_change)} testId="value-change" />,
      "right",
    ),
    movementColumn("rate", t("column.movementRate"), (row) => <Figure text={format.rate(row.rate)} />, "right"),
    {
      key: "qty",
      title: t("column.qty"),
      align: "right",
      render: balance(
        (line) => <Figure text={format.qty(line.qty)} testId={`${line.type}-qty`} />,
        (row) => <Figure text={format.qty(row.qty)} testId="qty-after" />,
      ),
    },
    {
      key: "value",
      title: t("column.valueAfter"),
      align: "right",
      render: balance(
        (line) => <Figure text={format.value(line.value)} testId={`${line.type}-value`} />,
        (row) => <Figure text={format.value(row.value)} testId="value-after" />,
      ),
    },
    {
      key: "valuationRate",
      title: t("column.rate"),
      align: "right",
      render: balance(
        (line) => <Figure text={format.rate(line.last?.valuation_rate)} />,
        (row) => <Figure text={format.rate(row.valuation_rate)} />,
      ),
    },
    {
      key: "layers",
      title: t("column.layers"),
      render: balance(
        (line) => <Figure text={format.layers(line.last?.queue)} testId={`${line.type}-layers`} />,
        (row) => <Figure text={format.layers(row.queue)} testId="layers" />,
      ),
    },
  ];

  const title = data ? t("card.titleWith", { item: data.item_code, location: data.location_code }) : t("card.title");
  return (
    <>
      <PageHeader
        title={title}
        subtitle={t("card.subtitle", { currency: format.currency })}
        extra={
          query ? (
            <Button icon={<ReloadOutlined />} onClick={() => void card.refetch()} loading={card.isFetching}>
              {t("refresh")}
            </Button>
          ) : null
        }
      />
      <Filters label={t("filters")}>
        <StockItemFilter label={t("column.item")} value={itemId} onChange={(item) => search.update({ item })} />
        <LocationFilter
          label={t("column.location")}
          value={locationId}
          onChange={(location) => search.update({ location })}
        />
        <DateFilter label={t("card.from")} value={from} onChange={(next) => search.update({ from: next })} />
        <DateFilter label={t("card.to")} value={to} onChange={(next) => search.update({ to: next })} />
      </Filters>
      {query ? (
        <ReportBody error={card.error} loading={card.isPending}>
          <ReportCard>
            <ReportTable<Row>
              data-testid="stock-card"
              rowKey="key"
              columns={columns}
              dataSource={data ? cardRows(data) : []}
              scroll={{ x: "max-content" }}
              rowClassName={(line) =>
                line.type !== "movement"
                  ? `ledger-row-${line.type}`
                  : line.row.cancelled
                    ? "stock-row-cancelled"
                    : ""
              }
              onRow={(line) =>
                ({
                  "data-testid": line.type === "movement" ? "stock-card-row" : `stock-card-${line.type}`,
                  ...(line.type === "movement"
                    ? { "data-kind": line.row.kind, "data-cancelled": String(line.row.cancelled ?? false) }
                    : {}),
                }) as React.HTMLAttributes<HTMLElement>
              }
            />
            {data ? (
              <Typography.Paragraph type="secondary" className="stock-report-count" data-testid="row-count">
                {data.rows.length > 0 ? t("card.rows", { count: data.rows.length }) : t("card.empty")}
              </Typography.Paragraph>
            ) : null}
          </ReportCard>
        </ReportBody>
      ) : (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("card.choose")} data-testid="stock-card-choose" />
        </Card>
      )}
      {itemId ? <AvailabilityPanel itemId={itemId} locationId={locationId} /> : null}
    </>
  );
}
