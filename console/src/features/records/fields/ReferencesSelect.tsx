// Several records of another collection chosen in one select (the items a count sheet lists), fed by the
// collection's list endpoint's `q` like a single reference; each chosen record keeps its name ("I-000001 —
// Beras 10kg") when a later search no longer lists it, read by id if need be.
import { useQueries } from "@tanstack/react-query";
import { Select, Spin, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { isForbidden, problemDetail } from "@/lib/problems";
import { recordKeys, records, useRecordList } from "../engine/client";
import { useDebounced } from "../engine/hooks";
import type { ReferenceTarget } from "../engine/types";
import { recordLabel } from "./ReferenceSelect";

export interface ReferencesSelectProps {
  target: ReferenceTarget;
  value?: readonly string[] | null;
  onChange?: (value: string[]) => void;
  id?: string;
  "aria-label"?: string;
  disabled?: boolean;
  placeholder?: string;
  status?: "error" | "warning" | "";
}

export function ReferencesSelect({ target, value, onChange, ...rest }: ReferencesSelectProps) {
  const { t } = useTranslation("records");
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const chosen = useMemo(() => (Array.isArray(value) ? value.map(String) : []), [value]);
  const list = useRecordList(
    target,
    { q: q || undefined, limit: 50, status: "active", sort: "code", ...target.query },
    opened || Boolean(q),
  );
  const listed = useMemo(
    () => (list.data?.items ?? []).filter((record) => !target.accept || target.accept(record)),
    [list.data, target],
  );
  // the chosen records the current search does not list are read by id, for their names
  const unlisted = chosen.filter((id) => !listed.some((record) => record.id === id));
  const read = useQueries({
    queries: unlisted.map((id) => ({
      queryKey: recordKeys.one(target.kind, id),
      queryFn: () => records.get(target, id),
      staleTime: 30_000,
    })),
  });
  const options = [
    ...unlisted.map((id, index) => {
      const record = read[index]?.data;
      return { value: id, label: record ? recordLabel(record) : id };
    }),
    ...listed.map((record) => ({ value: record.id, label: recordLabel(record) })),
  ];
  return (
    <Select<string[]>
      {...rest}
      mode="multiple"
      value={chosen}
      onChange={(next) => onChange?.(next)}
      options={options}
      allowClear
      showSearch={{ onSearch: setSearch, filterOption: false }}
      onOpenChange={(open) => {
        if (open) setOpened(true);
        else setSearch("");
      }}
      loading={list.isFetching}
      popupMatchSelectWidth={false}
      style={{ width: "100%", minWidth: 0 }}
      notFoundContent={
        isForbidden(list.error) ? (
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
