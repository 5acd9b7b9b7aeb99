// A currency's exchange rates (MYR per unit, by effective date, newest first) and setting one.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, DatePicker, Form, Input, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, unwrap, type FieldProblem, type Schemas } from "@/api/client";
import { usePermission, useTenantSettings } from "@/auth/me";
import { DateText, DateTimeText } from "@/components/Format";
import { ProblemAlert } from "@/components/ProblemAlert";
import { today } from "@/lib/format";
import { applyProblem } from "@/lib/problems";
import { dateFormat } from "../fields/FieldControl";
import { valueProps } from "../fields/valueProps";
import type { RecordActionProps } from "../engine/types";
import { NumberInput, numberRule } from "@/components/NumberInput";

type Rate = Schemas["ExchangeRate"];
interface RateValues {
  date: string;
  rate: string;
  source?: string;
}

export function RatesPanel({ record }: RecordActionProps) {
  const { t, i18n } = useTranslation("records");
  const { baseCurrency, timeZone } = useTenantSettings();
  const canSet = usePermission("currencies:update");
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<RateValues>();
  const [failure, setFailure] = useState<{ error: unknown; unplaced: FieldProblem[] } | null>(null);
  const queryKey = ["records", "currencies", "rates", record.id];
  const rates = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/v1/currencies/{id}/rates", {
          params: { path: { id: record.id }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    enabled: record.code !== baseCurrency,
  });
  const setRate = useMutation({
    mutationFn: (values: RateValues) =>
      unwrap(
        api.PUT("/v1/currencies/{id}/rates/{date}", {
          params: { path: { id: record.id, date: values.date } },
          body: { rate: values.rate.replace(/[,\s]/g, ""), source: values.source?.trim() || null },
        }),
      ),
    onSuccess: () => {
      setFailure(null);
      form.resetFields(["rate", "source"]);
      void message.success(t("rates.saved"));
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => setFailure({ error, unplaced: applyProblem(form, error) }),
  });

  if (record.code === baseCurrency) {
    return (
      <Card size="small" title={t("rates.title")} className="record-section">
        <Alert type="info" showIcon title={t("rates.base", { currency: baseCurrency })} />
      </Card>
    );
  }
  const columns: ColumnsType<Rate> = [
    { key: "date", title: t("rates.date"), render: (_, rate) => <DateText value={rate.date} /> },
    {
      key: "rate",
      title: t("rates.rate", { base: baseCurrency, currency: record.code }),
      align: "right",
      render: (_, rate) => <span className="amount">{rate.rate}</span>,
    },
    { key: "source", title: t("rates.source"), dataIndex: "source" },
    { key: "set_at", title: t("rates.setAt"), render: (_, rate) => <DateTimeText value={rate.set_at} /> },
  ];
  return (
    <Card size="small" title={t("rates.title")} className="record-section" data-testid="rates-panel">
      {canSet ? (
        <>
          <ProblemAlert error={failure?.error} unplaced={failure?.unplaced} />
          <Form<RateValues>
            form={form}
            layout="inline"
            initialValues={{ date: today(timeZone) }}
            onFinish={(values) => setRate.mutate(values)}
            className="rates-form"
          >
            <Form.Item
              name="date"
              label={t("rates.date")}
              rules={[{ required: true, message: t("requiredShort") }]}
              {...valueProps({ type: "date" })}
            >
              <DatePicker format={dateFormat(i18n.language)} allowClear={false} />
            </Form.Item>
            <Form.Item
              name="rate"
              label={t("rates.rate", { base: baseCurrency, currency: record.code })}
              rules={[{ required: true, message: t("requiredShort") }, numberRule()]}
            >
              <NumberInput style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="source" label={t("rates.source")}>
              <Input placeholder={t("rates.sourceHint")} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={setRate.isPending}>
                {t("rates.set")}
              </Button>
            </Form.Item>
          </Form>
        </>
      ) : null}
      {rates.isError ? <ProblemAlert error={rates.error} /> : null}
      <Table<Rate>
        size="small"
        rowKey="date"
        columns={columns}
        dataSource={rates.data?.pages.flatMap((page) => page.items) ?? []}
        loading={rates.isFetching}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("rates.empty") }}
      />
      {rates.hasNextPage ? (
        <Button onClick={() => void rates.fetchNextPage()} style={{ marginTop: 8 }}>
          {t("history.more")}
        </Button>
      ) : null}
    </Card>
  );
}
