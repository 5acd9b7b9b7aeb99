// Exchange rates of every currency in one table (newest first): filter by currency and dates, page with
// the API's cursors, and add a rate (currency, effective date, MYR per unit) without opening a currency.
import { LeftOutlined, ReloadOutlined, RightOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Flex, Form, Input, Select, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Dayjs } from "dayjs";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { api, unwrap, type FieldProblem, type Schemas } from "@/api/client";
import { usePermission, useTenantSettings } from "@/auth/me";
import { DateText, DateTimeText } from "@/components/Format";
import { NotPermitted } from "@/components/NotPermitted";
import { NumberInput, numberRule } from "@/components/NumberInput";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dayjs, today } from "@/lib/format";
import { applyProblem } from "@/lib/problems";

type Rate = Schemas["ListedRate"];
type Currency = { id: string; code: string; name: string };

const PAGE_SIZE = 20;

interface RateValues {
  currency_id: string;
  date: string;
  rate: string;
  source?: string;
}

function dateFormat(language: string): string {
  if (language === "zh-CN") return "YYYY-MM-DD";
  if (language === "ms") return "DD/MM/YYYY";
  return "D MMM YYYY";
}

const asDate = {
  getValueProps: (value: unknown) => ({ value: typeof value === "string" && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => (value ? value.format("YYYY-MM-DD") : null),
};

/** The company's foreign currencies (active ones: a rate is set for a currency in use). */
function useCurrencies(base: string) {
  return useQuery({
    queryKey: ["rates", "currencies"],
    queryFn: () =>
      unwrap(api.GET("/v1/currencies", { params: { query: { limit: 200, status: "active", sort: "code" } } })),
    select: (page) =>
      (page.items as unknown as Currency[]).filter((currency) => currency.code !== base),
    staleTime: 60_000,
  });
}

function AddRate({ currencies, onSaved }: { currencies: Currency[]; onSaved: () => void }) {
  const { t, i18n } = useTranslation("rates");
  const { baseCurrency, timeZone } = useTenantSettings();
  const { message } = App.useApp();
  const [form] = Form.useForm<RateValues>();
  const [failure, setFailure] = useState<{ error: unknown; unplaced: FieldProblem[] } | null>(null);
  const save = useMutation({
    mutationFn: (values: RateValues) =>
      unwrap(
        api.PUT("/v1/currencies/{id}/rates/{date}", {
          params: { path: { id: values.currency_id, date: values.date } },
          body: { rate: values.rate.replace(/[,\s]/g, ""), source: values.source?.trim() || null },
        }),
      ),
    onSuccess: (rate) => {
      setFailure(null);
      form.resetFields(["rate", "source"]);
      void message.success(t("saved", { currency: rate.currency, date: rate.date }));
      onSaved();
    },
    onError: (error) => setFailure({ error, unplaced: applyProblem(form, error) }),
  });
  return (
    <Card size="small" title={t("add.title")} className="record-section" data-testid="add-rate">
      <ProblemAlert error={failure?.error} unplaced={failure?.unplaced} />
      <Form<RateValues>
        form={form}
        layout="inline"
        initialValues={{ date: today(timeZone) }}
        onFinish={(values) => save.mutate(values)}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="currency_id" label={t("column.currency")} rules={[{ required: true, message: t("required") }]}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 200 }}
            data-testid="add-currency"
            options={currencies.map((currency) => ({ value: currency.id, label: `${currency.code} ${currency.name}` }))}
          />
        </Form.Item>
        <Form.Item name="date" label={t("column.date")} rules={[{ required: true, message: t("required") }]} {...asDate}>
          <DatePicker format={dateFormat(i18n.language)} allowClear={false} data-testid="add-date" />
        </Form.Item>
        <Form.Item
          name="rate"
          label={t("add.rate", { base: baseCurrency })}
          rules={[{ required: true, message: t("required") }, numberRule()]}
        >
          <NumberInput style={{ width: 140 }} data-testid="add-rate-value" />
        </Form.Item>
        <Form.Item name="source" label={t("column.source")}>
          <Input placeholder={t("add.sourceHint")} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t("add.submit")}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

export function RatesPage() {
  const { t, i18n } = useTranslation("rates");
  const { baseCurrency } = useTenantSettings();
  const canRead = usePermission("currencies:read");
  const canSet = usePermission("currencies:update");
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<string[]>([]);
  const ids = { currency: useId(), from: useId(), to: useId() };
  const filters = {
    currency: params.get("currency") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
  };
  const currencies = useCurrencies(baseCurrency);
  const cursor = cursors[cursors.length - 1];
  const rates = useQuery({
    queryKey: ["rates", "list", filters, cursor],
    queryFn: () =>
      unwrap(api.GET("/v1/exchange-rates", { params: { query: { ...filters, limit: PAGE_SIZE, cursor } } })),
    placeholderData: keepPreviousData,
    enabled: canRead,
  });
  if (!canRead) return <NotPermitted permission="currencies:read" />;

  const filter = (name: "currency" | "from" | "to", value: string | null | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setCursors([]);
  };
  const pickDate = (name: "from" | "to") => (value: Dayjs | null) => filter(name, value ? value.format("YYYY-MM-DD") : null);
  const nextCursor = rates.data?.next_cursor;
  const columns: ColumnsType<Rate> = [
    {
      key: "currency",
      title: t("column.currency"),
      render: (_, rate) => (
        <Link to={`/currencies/${rate.currency_id}`}>
          <Typography.Text strong>{rate.currency}</Typography.Text> {rate.currency_name}
        </Link>
      ),
    },
    { key: "date", title: t("column.date"), render: (_, rate) => <DateText value={rate.date} /> },
    {
      key: "rate",
      title: t("column.rate", { base: baseCurrency }),
      align: "right",
      render: (_, rate) => <span className="amount">{rate.rate}</span>,
    },
    { key: "source", title: t("column.source"), dataIndex: "source" },
    { key: "set_at", title: t("column.setAt"), render: (_, rate) => <DateTimeText value={rate.set_at} /> },
  ];
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle", { base: baseCurrency })}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void rates.refetch()} aria-label={t("refresh")}>
            {t("refresh")}
          </Button>
        }
      />
      {canSet ? (
        <AddRate
          currencies={currencies.data ?? []}
          onSaved={() => void queryClient.invalidateQueries({ queryKey: ["rates", "list"] })}
        />
      ) : null}
      <Flex gap="middle" wrap align="end" role="search" aria-label={t("filters")} style={{ margin: "16px 0" }}>
        <Flex vertical gap={4}>
          <label htmlFor={ids.currency}>{t("filter.currency")}</label>
          <Select
            id={ids.currency}
            allowClear
            showSearch
            placeholder={t("filter.all")}
            style={{ width: 200 }}
            value={filters.currency}
            onChange={(value: string | undefined) => filter("currency", value)}
            data-testid="filter-currency"
            options={(currencies.data ?? []).map((currency) => ({
              value: currency.code,
              label: `${currency.code} ${currency.name}`,
            }))}
          />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.from}>{t("filter.from")}</label>
          <DatePicker
            id={ids.from}
            format={dateFormat(i18n.language)}
            value={filters.from ? dayjs(filters.from) : null}
            onChange={pickDate("from")}
            data-testid="filter-from"
          />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.to}>{t("filter.to")}</label>
          <DatePicker
            id={ids.to}
            format={dateFormat(i18n.language)}
            value={filters.to ? dayjs(filters.to) : null}
            onChange={pickDate("to")}
            data-testid="filter-to"
          />
        </Flex>
      </Flex>
      {rates.isError ? <ProblemAlert error={rates.error} /> : null}
      <Table<Rate>
        size="small"
        rowKey={(rate) => `${rate.currency_id}-${rate.date}`}
        columns={columns}
        dataSource={rates.data?.items ?? []}
        loading={rates.isFetching}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("empty") }}
        data-testid="rates-table"
        onRow={(rate) => ({ "data-currency": rate.currency, "data-date": rate.date }) as React.HTMLAttributes<HTMLTableRowElement>}
      />
      <Flex justify="flex-end" align="center" gap="small" style={{ marginTop: 12 }} data-testid="rates-pager">
        <Button
          icon={<LeftOutlined />}
          disabled={cursors.length === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
          data-testid="page-previous"
        >
          {t("previous")}
        </Button>
        <Typography.Text data-testid="page-number">{t("page", { page: cursors.length + 1 })}</Typography.Text>
        <Button disabled={!nextCursor} onClick={() => nextCursor && setCursors([...cursors, nextCursor])} data-testid="page-next">
          {t("next")} <RightOutlined />
        </Button>
      </Flex>
    </>
  );
}
