// Inventory documents: stock entries (stock received at cost, issued, moved between locations or
// counted), created and read, never edited. Their words are in locales/<language>/stock-entries.json.
import { InboxOutlined } from "@ant-design/icons";

import { defineResource, type FormContext } from "../engine/types";
import { LOCATIONS } from "../fields/targets";
import { PURPOSES, STOCK_LINES } from "../lines/stockEntryLines";
import { choice, field, numberedCode, reference, text, todayDate } from "./build";
import { filterBy, offered, shown } from "./listing";

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
