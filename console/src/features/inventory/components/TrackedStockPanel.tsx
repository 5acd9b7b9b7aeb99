// A tracked item's stock on its page: the batches on hand by expiry (an item tracked by batch) or its serial
// numbers, where each is (one tracked by serial number), with a link to the report of all of them.
import { Card } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { ProblemAlert } from "@/components/ProblemAlert";
import { TableFooter } from "@/features/ledger/components/TableFooter";
import { useFormatters } from "@/components/Format";
import { today } from "@/lib/format";
import { useStockBatches, useStockSerials } from "../lib/api";
import { batchesPath, serialsPath } from "../lib/links";
import { BatchesTable, SerialsTable } from "./LotTables";

function ItemBatches({ itemId }: { itemId: string }) {
  const { t } = useTranslation("stock-reports");
  const { timeZone } = useFormatters();
  const batches = useStockBatches({ item_id: itemId, as_of: today(timeZone) });
  const lines = batches.data?.pages.flatMap((page) => page.lines) ?? [];
  return (
    <Card
      size="small"
      className="record-section"
      title={t("batches.panelTitle")}
      extra={<Link to={batchesPath(itemId)}>{t("batches.open")}</Link>}
      styles={{ body: { padding: 0 } }}
      data-testid="item-batches"
    >
      {batches.isError ? <ProblemAlert error={batches.error} /> : null}
      <BatchesTable lines={lines} loading={batches.isPending} byItem={false} />
      <TableFooter query={batches} />
    </Card>
  );
}

function ItemSerials({ itemId }: { itemId: string }) {
  const { t } = useTranslation("stock-reports");
  const serials = useStockSerials({ item_id: itemId });
  const lines = serials.data?.pages.flatMap((page) => page.lines) ?? [];
  return (
    <Card
      size="small"
      className="record-section"
      title={t("serials.panelTitle")}
      extra={<Link to={serialsPath(itemId)}>{t("serials.open")}</Link>}
      styles={{ body: { padding: 0 } }}
      data-testid="item-serials"
    >
      {serials.isError ? <ProblemAlert error={serials.error} /> : null}
      <SerialsTable lines={lines} loading={serials.isPending} />
      <TableFooter query={serials} />
    </Card>
  );
}

export function TrackedStockPanel({ itemId, tracking }: { itemId: string; tracking: "batch" | "serial" }) {
  return tracking === "batch" ? <ItemBatches itemId={itemId} /> : <ItemSerials itemId={itemId} />;
}
