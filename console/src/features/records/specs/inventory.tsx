// Inventory documents: stock entries (stock received at cost, issued, moved between locations or
// counted) and stock reservations (stock held at a location for a document until released or expired),
// created and read, never edited. Their words are in locales/<language>/<kind>.json.
import { InboxOutlined, LockOutlined } from "@ant-design/icons";
import { Skeleton } from "antd";
import { lazy, Suspense } from "react";

import { can, useMe } from "@/auth/me";
import { defineResource, type FormContext, type RecordActionProps } from "../engine/types";
import { LOCATIONS, STOCK_ITEMS } from "../fields/targets";
import { PURPOSES, STOCK_LINES } from "../lines/stockEntryLines";
import { choice, date, decimal, field, numberedCode, reference, text, todayDate } from "./build";
import { filterBy, offered, shown } from "./listing";
import { ReleaseReservation } from "./ReleaseReservation";

const VALUATION_STATES = ["pending", "valued"] as const;
const VALUATION_COLOURS = { pending: "gold", valued: "green" } as const;

const isTransfer = ({ values }: FormContext) => values.purpose === "transfer";

export const stockEntries = defineResource({
  kind: "stock-entries",
  path: "/v1/stock-entries",
  group: "inventory",
  icon: <InboxOutlined />,
  order: 10,
  editable: false,
  fields: {
    code: numberedCode(),
    purpose: choice(PURPOSES, "purpose", { required: true, initial: "receipt", help: true }),
    date: todayDate(),
    time: field({ type: "time" }, { help: true }),
    location_id: reference(LOCATIONS, { required: true, help: true }),
    to_location_id: reference(LOCATIONS, { required: true, visible: isTransfer }),
    reference: text(),
    memo: text(),
    lines: field({ type: "documentLines", lines: STOCK_LINES }, { initial: () => [{}] }),
    valuation_state: field(
      { type: "choice", options: VALUATION_STATES, labels: "valuation_state", colours: VALUATION_COLOURS },
      { readOnly: true },
    ),
  },
  sections: [
    {
      key: "entry",
      columns: 3,
      fields: ["purpose", "date", "time", "location_id", "to_location_id", "reference", "valuation_state", "memo"],
    },
    { key: "lines", fields: ["lines"] },
  ],
  columns: [
    ...shown("code", "date", "purpose", "location_id"),
    ...offered("to_location_id", "time"),
    ...shown("reference", "valuation_state"),
    ...offered("memo", "created_at"),
  ],
  filters: [
    filterBy("purpose", choice(PURPOSES, "purpose")),
    filterBy("location_id", reference(LOCATIONS)),
    filterBy("valuation_state", choice(VALUATION_STATES, "valuation_state")),
  ],
  sorts: ["code"],
  defaultSort: "-code",
  submit: { label: "post" },
  // its name is its purpose or memo, as the API keeps it: the page says the purpose in the reader's words
  describe: (record, labels) =>
    [record.code, record.purpose ? labels.option("purpose", String(record.purpose)) : null, record.memo]
      .filter(Boolean)
      .join(" — "),
});

const RESERVATION_STATES = ["active", "released", "expired"] as const;
const RESERVATION_COLOURS = { active: "blue", released: "default", expired: "orange" } as const;

const AvailabilityPanel = lazy(() =>
  import("@/features/inventory/components/AvailabilityPanel").then((module) => ({ default: module.AvailabilityPanel })),
);

/** The reserved item's availability by location (a stock report: shown to those who may read them). */
function ReservationAvailability({ record }: RecordActionProps) {
  const me = useMe();
  if (typeof record.item_id !== "string" || !can(me, "stock-reports:read")) return null;
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} />}>
      <AvailabilityPanel itemId={record.item_id} locationId={record.location_id as string | undefined} />
    </Suspense>
  );
}

export const stockReservations = defineResource({
  kind: "stock-reservations",
  path: "/v1/stock-reservations",
  group: "inventory",
  icon: <LockOutlined />,
  order: 20,
  editable: false,
  fields: {
    against: text({ required: true, help: true }),
    item_id: reference(STOCK_ITEMS, { required: true }),
    location_id: reference(LOCATIONS, { required: true }),
    qty: decimal({ required: true, help: true }),
    expires_on: date({ help: true }),
    state: field(
      { type: "choice", options: RESERVATION_STATES, labels: "state", colours: RESERVATION_COLOURS },
      { readOnly: true },
    ),
  },
  sections: [
    { key: "reservation", columns: 3, fields: ["against", "item_id", "location_id", "qty", "expires_on", "state"] },
  ],
  columns: [
    ...shown("against", "item_id", "location_id", "qty", "expires_on", "state"),
    ...offered("created_at"),
  ],
  filters: [
    filterBy("item_id", reference(STOCK_ITEMS)),
    filterBy("location_id", reference(LOCATIONS)),
    filterBy("state", choice(RESERVATION_STATES, "state")),
    filterBy("against", text()),
  ],
  // no code of their own: listed in the order they were made, newest first
  sorts: [],
  defaultSort: "-code",
  submit: { label: "save" },
  actions: [ReleaseReservation],
  panels: [ReservationAvailability],
  // "SO-000123 — I-000001 · 3": what it is held for, the item and how many
  describe: (record) =>
    [record.against, [record.item_code, record.qty].filter(Boolean).join(" · ")].filter(Boolean).join(" — "),
});
