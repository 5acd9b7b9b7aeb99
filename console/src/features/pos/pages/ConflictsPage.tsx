// Sales the server recorded with conflicts (a price that differs from the books now, stock short, a return
// whose receipt was not synced yet): each conflict in words, and Resolve (accept the prices, move the stock).
import { Button, Flex, Table, Tag } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { MANAGE, posKeys, problemText, useConflicts, type PosSale } from "../lib/api";

type What = "price" | "stock";

/** What resolving a conflict's field takes: a price accepted, or stock moved. */
function whatOf(field: string, code: string): What {
  return field.endsWith("unit_price") || code === "pos.no_price" ? "price" : "stock";
}

export function ConflictsPage() {
  const { t } = useTranslation("pos");
  const format = useFormatters();
  const conflicts = useConflicts();
  const manage = usePermission(MANAGE);
  const client = useQueryClient();
  const resolve = useMutation({
    mutationFn: ({ sale, what }: { sale: PosSale; what: What[] }) =>
      unwrap(api.POST("/v1/pos/sales/{id}/resolve", { params: { path: { id: sale.id } }, body: { what } })),
    onSuccess: () => client.invalidateQueries({ queryKey: posKeys.conflicts }),
  });
  return (
    <>
      <PageHeader title={t("conflicts.title")} subtitle={t("conflicts.subtitle")} />
      <ProblemAlert error={conflicts.error ?? resolve.error} />
      <Table<PosSale>
        data-testid="pos-conflicts"
        rowKey="id"
        size="small"
        loading={conflicts.isLoading}
        dataSource={conflicts.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t("conflicts.none") }}
        onRow={(sale) => ({ "data-number": sale.code }) as never}
        columns={[
          { title: t("till.number"), dataIndex: "code" },
          { title: t("conflicts.date"), key: "date", render: (_, sale) => format.date(sale.date) },
          { title: t("till.total"), key: "total", align: "right", render: (_, sale) => format.amount(sale.total) },
          {
            title: t("conflicts.what"),
            key: "conflicts",
            render: (_, sale) => (
              <ul className="pos-conflict-list">
                {(sale.conflicts ?? []).map((conflict) => (
                  <li key={conflict.field + conflict.code}>
                    <Tag>{t(`conflicts.kind.${whatOf(conflict.field, conflict.code)}`)}</Tag>
                    {problemText(conflict)}
                  </li>
                ))}
              </ul>
            ),
          },
          {
            title: "",
            key: "resolve",
            render: (_, sale) => {
              const kinds = [...new Set((sale.conflicts ?? []).map((c) => whatOf(c.field, c.code)))];
              return (
                <Flex gap={4} wrap>
                  {kinds.map((what) => (
                    <Button
                      key={what}
                      size="small"
                      disabled={!manage}
                      loading={resolve.isPending && resolve.variables?.sale.id === sale.id}
                      onClick={() => resolve.mutate({ sale, what: [what] })}
                      data-testid={`pos-resolve-${what}`}
                    >
                      {t(`conflicts.resolve.${what}`)}
                    </Button>
                  ))}
                </Flex>
              );
            },
          },
        ]}
      />
    </>
  );
}
