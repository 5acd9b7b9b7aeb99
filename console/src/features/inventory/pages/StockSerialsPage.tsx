// The serial numbers of an item tracked by serial number: each number in stock at a location, or out with
// the stock entry that took it out; filtered by location (those in stock there) and state.
import { ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Empty } from "antd";
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/PageHeader";
import { Filters, ReportBody, ReportCard } from "@/features/ledger/components/ReportLayout";
import { TableFooter } from "@/features/ledger/components/TableFooter";
import { useSearchState } from "@/features/ledger/lib/useSearchState";
import { SerialsTable } from "../components/LotTables";
import { ChoiceFilter, LocationFilter, SerialItemFilter } from "../components/Pickers";
import { useStockSerials, type SerialState, type SerialsQuery } from "../lib/api";

const STATES: readonly SerialState[] = ["in_stock", "out"];
const isState = (value: string | undefined): value is SerialState => STATES.includes(value as SerialState);

export function StockSerialsPage() {
  const { t } = useTranslation("stock-reports");
  const search = useSearchState();
  const itemId = search.get("item");
  const locationId = search.get("location");
  const state = search.get("state");
  const query: SerialsQuery | null = itemId
    ? { item_id: itemId, location_id: locationId, state: isState(state) ? state : undefined }
    : null;
  const serials = useStockSerials(query);
  const pages = query ? serials.data?.pages : undefined;
  const lines = pages?.flatMap((page) => page.lines) ?? [];
  const itemCode = pages?.[0]?.item_code;

  return (
    <>
      <PageHeader
        title={itemCode ? t("serials.titleWith", { item: itemCode }) : t("serials.title")}
        subtitle={t("serials.subtitle")}
        extra={
          query ? (
            <Button icon={<ReloadOutlined />} onClick={() => void serials.refetch()} loading={serials.isFetching}>
              {t("refresh")}
            </Button>
          ) : null
        }
      />
      <Filters label={t("filters")}>
        <SerialItemFilter
          label={t("column.item")}
          value={itemId}
          onChange={(item) => search.update({ item })}
          placeholder={t("serials.chooseItem")}
        />
        <LocationFilter
          label={t("column.location")}
          value={locationId}
          onChange={(location) => search.update({ location })}
          placeholder={t("all")}
        />
        <ChoiceFilter
          label={t("column.state")}
          value={isState(state) ? state : undefined}
          onChange={(next) => search.update({ state: next })}
          options={STATES.map((value) => ({ value, label: t(`serials.states.${value}`) }))}
          placeholder={t("all")}
          testId="serials-state"
        />
      </Filters>
      {query ? (
        <ReportBody error={serials.error} loading={serials.isPending}>
          <ReportCard>
            <SerialsTable lines={lines} data-testid="stock-serials" />
            {pages ? (
              <TableFooter
                query={serials}
                count={t("serials.lines", { count: lines.length })}
                countTestId="line-count"
              />
            ) : null}
          </ReportCard>
        </ReportBody>
      ) : (
        <Card data-testid="stock-serials-choose">
          <Empty description={t("serials.choose")} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        </Card>
      )}
    </>
  );
}
