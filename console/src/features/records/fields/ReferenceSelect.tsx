// A searchable select over another collection ("1030 — Bank - Current Account"), fed by its list
// endpoint's `q`; the chosen record is fetched by id when it is not among the options.
import { Select, Spin, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { isForbidden, problemDetail } from "@/lib/problems";
import { useRecord, useRecordList } from "../engine/client";
import { useDebounced } from "../engine/hooks";
import type { DocRecord, ReferenceTarget } from "../engine/types";
import { selectProps, type ValueSelectProps } from "./selectProps";

/** "C-000001 — Syarikat Maju": the code and what the record is called (documents: memo, party or customer). */
export function recordLabel(record: DocRecord): string {
  const called = record.name ?? record.memo ?? record.party ?? record.customer_name;
  return [record.code, typeof called === "string" ? called : null].filter(Boolean).join(" — ");
}

export interface ReferenceSelectProps extends ValueSelectProps {
  target: ReferenceTarget;
}

export function ReferenceSelect({ target, ...select }: ReferenceSelectProps) {
  const { value } = select;
  const { t } = useTranslation("records");
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const valueField = target.valueField ?? "id";
  const list = useRecordList(
    target,
    { q: q || undefined, limit: 50, status: "active", sort: "code", ...target.query },
    // Lists load when opened; code-valued ones (currencies, a handful) at once, to label the value.
    opened || Boolean(q) || valueField === "code",
  );
  const chosen = useRecord(target, valueField === "id" ? value : null);
  const options = useMemo(() => {
    const items = (list.data?.items ?? []).filter((record) => !target.accept || target.accept(record));
    const found = items.map((record) => ({ value: String(record[valueField]), label: recordLabel(record) }));
    if (value && !found.some((option) => option.value === value)) {
      found.unshift({ value, label: chosen.data ? recordLabel(chosen.data) : value });
    }
    return found;
  }, [list.data, target, valueField, value, chosen.data]);
  return (
    <Select
      {...selectProps(select)}
      options={options}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      onOpenChange={(open) => {
        if (open) setOpened(true);
        else setSearch("");
      }}
      loading={list.isFetching}
      notFoundContent={
        isForbidden(list.error) ? (
          // the list is refused, not empty: say which permission would show it
          <Typography.Text type="danger" data-testid="reference-forbidden">
            {problemDetail(list.error)}
          </Typography.Text>
        ) : list.isFetching ? (
          <Spin size="small" />
        ) : (
          t("select.none")
        )
      }
    />
  );
}

/** A referenced record as a link to its page ("C-000001 — Syarikat Maju"). */
export function ReferenceText({ target, value }: { target: ReferenceTarget; value: string }) {
  const byId = (target.valueField ?? "id") === "id";
  const record = useRecord(target, byId ? value : null);
  if (!byId) return <>{value}</>;
  const label = record.data ? recordLabel(record.data) : value;
  return <Link to={`/${target.kind}/${value}`}>{label}</Link>;
}

/** A referenced record's name as plain text, for a place already inside a link (a list's first column). */
export function ReferenceName({ target, value }: { target: ReferenceTarget; value: string }) {
  const byId = (target.valueField ?? "id") === "id";
  const record = useRecord(target, byId ? value : null);
  return <>{byId && record.data ? recordLabel(record.data) : value}</>;
}
