// Branch and department (org units) and project filters of the trial balance.
import { useQuery } from "@tanstack/react-query";
import { Flex, Input, Select, Typography } from "antd";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";

export interface Dimensions {
  branch?: string;
  department?: string;
  project?: string;
}

function useOrgUnits(kind: "branch" | "department") {
  return useQuery({
    queryKey: ["org-units", "options", kind],
    queryFn: () => unwrap(api.GET("/v1/org-units", { params: { query: { kind, limit: 200, status: "all", sort: "code" } } })),
    staleTime: 5 * 60_000,
    select: (page) => page.items.map((unit) => ({ value: unit.id, label: `${unit.code ?? ""} ${unit.name ?? ""}`.trim() })),
  });
}

function Labelled({ label, id, children }: { label: string; id: string; children: React.ReactNode }) {
  return (
    <Flex vertical gap={4}>
      <label htmlFor={id}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label}
        </Typography.Text>
      </label>
      {children}
    </Flex>
  );
}

function UnitSelect({
  kind,
  value,
  onChange,
}: {
  kind: "branch" | "department";
  value?: string;
  onChange: (value?: string) => void;
}) {
  const { t } = useTranslation("ledger");
  const id = useId();
  const units = useOrgUnits(kind);
  return (
    <Labelled label={t(`dimension.${kind}`)} id={id}>
      <Select
        id={id}
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("dimension.all")}
        loading={units.isPending}
        options={units.data ?? []}
        notFoundContent={units.isError ? t("dimension.unavailable") : undefined}
        value={value}
        onChange={(next?: string) => onChange(next || undefined)}
        style={{ width: 190 }}
        data-testid={`filter-${kind}`}
      />
    </Labelled>
  );
}

function ProjectInput({ value, onChange }: { value?: string; onChange: (value?: string) => void }) {
  const { t } = useTranslation("ledger");
  const id = useId();
  const [draft, setDraft] = useState(value ?? "");
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value ?? "");
  }
  const commit = () => onChange(draft.trim() || undefined);
  return (
    <Labelled label={t("dimension.project")} id={id}>
      <Input
        id={id}
        allowClear
        placeholder={t("dimension.projectPlaceholder")}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          if (!event.target.value) onChange(undefined);
        }}
        onPressEnter={commit}
        onBlur={commit}
        style={{ width: 160 }}
        data-testid="filter-project"
      />
    </Labelled>
  );
}

export function DimensionFilters({ value, onChange }: { value: Dimensions; onChange: (value: Dimensions) => void }) {
  // Branches and departments are org units: offered to those who may read them.
  const units = usePermission("org-units:read");
  return (
    <>
      {units ? (
        <>
          <UnitSelect kind="branch" value={value.branch} onChange={(branch) => onChange({ ...value, branch })} />
          <UnitSelect
            kind="department"
            value={value.department}
            onChange={(department) => onChange({ ...value, department })}
          />
        </>
      ) : null}
      <ProjectInput value={value.project} onChange={(project) => onChange({ ...value, project })} />
    </>
  );
}
