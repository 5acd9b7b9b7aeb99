// An item's availability by location: on hand, reserved by active reservations, incoming and available
// (on hand less reserved: what a new issue or reservation may take), with the totals of all locations.
// Shown under the stock card and on a reservation's page, the location in question marked.
import { Card, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";

import { ProblemAlert } from "@/components/ProblemAlert";
import { ReportTable } from "@/features/ledger/components/ReportTable";
import { useAvailability, type LocationAvailability } from "../lib/api";
import { Figure, useStockFormat } from "../lib/figures";

const FIGURES = ["on_hand", "reserved", "incoming", "available"] as const;
const HEADINGS = { on_hand: "column.onHand", reserved: "column.reserved", incoming: "column.incoming", available: "column.available" };

export function AvailabilityPanel({ itemId, locationId }: { itemId: string; locationId?: string | null }) {
  const { t } = useTranslation("stock-reports");
  const format = useStockFormat();
  const availability = useAvailability(itemId);
  const report = availability.data;
  const columns: ColumnsType<LocationAvailability> = [
    {
      key: "location",
      title: t("column.location"),
      render: (_, line) => (
        <>
          {[line.location_code, line.location_name].filter(Boolean).join(" — ")}
          {line.location_id === locationId ? (
            <Tag color="blue" className="stock-here">
              {t("availability.here")}
            </Tag>
          ) : null}
        </>
      ),
    },
    ...FIGURES.map((name) => ({
      key: name,
      title: t(HEADINGS[name]),
      align: "right" as const,
      render: (_: unknown, line: LocationAvailability) => <Figure text={format.qty(line[name])} testId={name} />,
    })),
    { key: "uom", title: t("column.unit"), render: () => report?.uom },
  ];
  return (
    <Card
      size="small"
      className="record-section stock-availability"
      title={t("availability.title", { item: report?.item_code ?? "" })}
      styles={{ body: { padding: 0 } }}
      data-testid="availability"
      aria-busy={availability.isFetching}
    >
      {availability.isError ? <ProblemAlert error={availability.error} /> : null}
      <ReportTable<LocationAvailability>
        rowKey="location_id"
        columns={columns}
        dataSource={report?.locations ?? []}
        loading={availability.isPending}
        scroll={{ x: "max-content" }}
        empty={t("availability.empty")}
        onRow={(line) =>
          ({ "data-location": line.location_code, "data-testid": "availability-row" }) as React.HTMLAttributes<HTMLElement>
        }
        summary={() =>
          report && report.locations.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t("availability.total")}</Table.Summary.Cell>
              {FIGURES.map((name, index) => (
                <Table.Summary.Cell key={name} index={index + 1} align="right">
                  <Figure text={format.qty(report[name])} />
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={FIGURES.length + 1}>{report.uom}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" className="stock-report-count">
        {t("availability.hint")}
      </Typography.Paragraph>
    </Card>
  );
}
