// The tables of tracked stock, shared by the batches and serial numbers pages and an item's page: batches on
// hand (where, which batch, when it expires, the days left and how many; the expired marked) and serial
// numbers (in stock where, or out and the entry that took them).
import { Tag, Tooltip } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { DateText } from "@/components/Format";
import { ReportTable } from "@/features/ledger/components/ReportTable";
import { Empty } from "@/features/records/fields/FieldValue";
import { ReferenceText } from "@/features/records/fields/ReferenceSelect";
import { STOCK_ENTRIES } from "@/features/records/fields/targets";
import type { BatchLine, SerialLine } from "../lib/api";
import { Figure, useStockFormat } from "../lib/figures";
import { cardPath } from "../lib/links";

/** A batch's expiry date; a dash for one that never expires. */
function Expiry({ date }: { date: string | null | undefined }) {
  return date ? <DateText value={date} /> : <Empty />;
}

/** The days until a batch expires (negative: expired), with a tag once it has. */
function DaysLeft({ line }: { line: BatchLine }) {
  const { t } = useTranslation("stock-reports");
  if (line.days_left === null || line.days_left === undefined) {
    return <span data-testid="batch-days-left">{t("batches.noExpiry")}</span>;
  }
  return (
    <>
      <span className="amount" data-testid="batch-days-left">
        {line.days_left}
      </span>
      {line.expired ? (
        <Tooltip title={t("batches.expiredHint")}>
          <Tag color="red" className="stock-expired" data-testid="batch-expired">
            {t("batches.expired")}
          </Tag>
        </Tooltip>
      ) : null}
    </>
  );
}

export function BatchesTable({
  lines,
  loading,
  asOf,
  byItem = true,
  "data-testid": testId,
}: {
  lines: BatchLine[];
  loading?: boolean;
  /** The day the report counts days from: each line opens the stock card up to it. */
  asOf?: string;
  /** Whether the item is a column (not on an item's own page). */
  byItem?: boolean;
  "data-testid"?: string;
}) {
  const { t } = useTranslation("stock-reports");
  const format = useStockFormat();
  const columns: ColumnsType<BatchLine> = [
    ...(byItem
      ? [
          {
            key: "item",
            title: t("column.item"),
            render: (_: unknown, line: BatchLine) => (
              <Link
                to={cardPath(line.item_id, line.location_id, { to: asOf })}
                aria-label={t("balances.openCard", { item: line.item_code, location: line.location_code })}
              >
                {line.item_code}
              </Link>
            ),
          },
        ]
      : []),
    { key: "location", title: t("column.location"), render: (_, line) => line.location_code },
    {
      key: "batch",
      title: t("column.batch"),
      render: (_, line) => <span data-testid="batch-no">{line.batch_no}</span>,
    },
    {
      key: "expires",
      title: t("column.expiresOn"),
      render: (_, line) => (
        <span data-testid="batch-expires" data-date={line.expires_on ?? ""}>
          <Expiry date={line.expires_on} />
        </span>
      ),
    },
    { key: "days", title: t("column.daysLeft"), align: "right", render: (_, line) => <DaysLeft line={line} /> },
    {
      key: "qty",
      title: t("column.onHand"),
      align: "right",
      render: (_, line) => <Figure text={format.qty(line.qty)} testId="batch-qty" />,
    },
  ];
  return (
    <ReportTable<BatchLine>
      data-testid={testId}
      rowKey={(line) => `${line.item_id}#${line.location_id}#${line.batch_no}`}
      columns={columns}
      dataSource={lines}
      loading={loading}
      scroll={{ x: "max-content" }}
      empty={t("batches.empty")}
      rowClassName={(line) => (line.expired ? "stock-row-expired" : "")}
      onRow={(line) =>
        ({
          "data-testid": "batch-row",
          "data-item": line.item_code,
          "data-location": line.location_code,
          "data-batch": line.batch_no,
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}

const STATE_COLOURS: Record<string, string> = { in_stock: "green", out: "default" };

export function SerialsTable({
  lines,
  loading,
  "data-testid": testId,
}: {
  lines: SerialLine[];
  loading?: boolean;
  "data-testid"?: string;
}) {
  const { t } = useTranslation("stock-reports");
  const columns: ColumnsType<SerialLine> = [
    {
      key: "serial",
      title: t("column.serial"),
      render: (_, line) => <span data-testid="serial-no">{line.serial_no}</span>,
    },
    {
      key: "state",
      title: t("column.state"),
      render: (_, line) => (
        <Tag color={STATE_COLOURS[line.state] ?? "default"} data-testid="serial-state" data-value={line.state}>
          {t(`serials.states.${line.state}`, { defaultValue: line.state })}
        </Tag>
      ),
    },
    {
      key: "location",
      title: t("column.location"),
      render: (_, line) => <span data-testid="serial-location">{line.location_code ?? ""}</span>,
    },
    { key: "expires", title: t("column.expiresOn"), render: (_, line) => <Expiry date={line.expires_on} /> },
    {
      key: "out",
      title: t("column.takenOutBy"),
      render: (_, line) => (line.out_entry ? <ReferenceText target={STOCK_ENTRIES} value={line.out_entry} /> : null),
    },
  ];
  return (
    <ReportTable<SerialLine>
      data-testid={testId}
      rowKey="serial_no"
      columns={columns}
      dataSource={lines}
      loading={loading}
      scroll={{ x: "max-content" }}
      empty={t("serials.empty")}
      onRow={(line) => ({ "data-testid": "serial-row", "data-serial": line.serial_no }) as HTMLAttributes<HTMLElement>}
    />
  );
}
