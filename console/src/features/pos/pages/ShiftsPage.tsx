// The shifts of every register, the latest first: open or closed, the count and the over or short.
import { Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { useShifts, type PosShift } from "../lib/api";

export function ShiftsPage() {
  const { t } = useTranslation("pos");
  const format = useFormatters();
  const shifts = useShifts();
  const items = [...(shifts.data?.items ?? [])].sort((a, b) => (b.opened_at ?? "").localeCompare(a.opened_at ?? ""));
  return (
    <>
      <PageHeader title={t("shifts.title")} />
      <ProblemAlert error={shifts.error} />
      <Table<PosShift>
        data-testid="pos-shifts"
        rowKey="id"
        size="small"
        loading={shifts.isLoading}
        dataSource={items}
        pagination={false}
        columns={[
          { title: t("shifts.register"), dataIndex: "register_code" },
          {
            title: t("shifts.opened"),
            key: "opened",
            render: (_, shift) => <Link to={`/pos/shifts/${shift.id}`}>{format.dateTime(shift.opened_at)}</Link>,
          },
          { title: t("shifts.closed"), key: "closed", render: (_, shift) => format.dateTime(shift.closed_at) },
          {
            title: t("shifts.state"),
            key: "state",
            render: (_, shift) => <Tag color={shift.state === "open" ? "green" : undefined}>{t(`shifts.states.${shift.state}`)}</Tag>,
          },
          { title: t("z.counted"), key: "counted", align: "right", render: (_, shift) => format.amount(shift.counted_cash) },
          { title: t("z.overShort"), key: "over", align: "right", render: (_, shift) => format.amount(shift.over_short) },
        ]}
      />
    </>
  );
}
