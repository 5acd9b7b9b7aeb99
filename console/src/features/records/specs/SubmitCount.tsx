// Submitting a count sheet: a button on an open sheet's page, for users who may submit counts, opening a
// dialog that asks the count's date and the quantity counted of every item on the sheet (each beside the
// quantity the books expected, and the difference). The count is posted once (one Idempotency-Key per
// attempt): the API writes one stock count entry and closes the sheet; its problems land on the item's
// quantity they name. The page, the list and the stock reports then show the counted stock.
import { CheckSquareOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Flex, Form, Modal, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, idempotent, unwrap, type FieldProblem } from "@/api/client";
import { usePermission, useTenantSettings } from "@/auth/me";
import { NumberInput, numberRule } from "@/components/NumberInput";
import { ProblemAlert } from "@/components/ProblemAlert";
import { amountForApi, fromMinor, toMinor } from "@/lib/decimal";
import { formatDecimal, today } from "@/lib/format";
import { applyProblem } from "@/lib/problems";
import { recordKeys } from "../engine/client";
import type { DocRecord, RecordActionProps } from "../engine/types";
import { dateFormat } from "../fields/FieldControl";
import { valueProps } from "../fields/valueProps";

const KIND = "count-sheets";
const QTY_DIGITS = 4;

interface SheetLine {
  item_id: string;
  item_code?: string | null;
  item_name?: string | null;
  expected_qty?: string | null;
}

interface CountValues {
  date: string;
  lines: { counted_qty?: string | null }[];
}

/** Counted less expected, exactly, signed ("+2", "-3", "0"); empty until a quantity is typed. */
function difference(counted: unknown, expected: unknown, language: string): string {
  const a = toMinor(counted, QTY_DIGITS);
  const b = toMinor(expected ?? "0", QTY_DIGITS);
  if (a === null || a === undefined || b === null || b === undefined) return "";
  const change = a - b;
  const shown = formatDecimal(fromMinor(change, QTY_DIGITS), language, 0, QTY_DIGITS);
  return change > 0n ? `+${shown}` : shown;
}

export function SubmitCount({ record }: RecordActionProps) {
  const { t, i18n } = useTranslation(KIND);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canSubmit = usePermission(`${KIND}:submit`);
  const { timeZone } = useTenantSettings();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; unplaced: FieldProblem[] } | null>(null);
  const [form] = Form.useForm<CountValues>();
  const key = useRef(crypto.randomUUID());
  const lines = (Array.isArray(record.lines) ? record.lines : []) as SheetLine[];
  const submit = useMutation({
    mutationFn: (values: CountValues) =>
      unwrap(
        api.POST("/v1/count-sheets/{id}/submit", {
          params: { path: { id: record.id } },
          body: {
            date: values.date,
            lines: lines.map((line, index) => ({
              item_id: line.item_id,
              counted_qty: amountForApi(values.lines?.[index]?.counted_qty) ?? "",
            })),
          },
          ...idempotent(key.current),
        }),
      ) as Promise<DocRecord>,
    onSuccess: (counted) => {
      key.current = crypto.randomUUID();
      setOpen(false);
      queryClient.setQueryData(recordKeys.one(KIND, counted.id), counted);
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind(KIND) });
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind("stock-entries") });
      void queryClient.invalidateQueries({ queryKey: ["stock"] });
      void message.success(t("submit.done", { count: lines.length }));
    },
    onError: (error) => {
      key.current = crypto.randomUUID();
      setFailure({ error, unplaced: applyProblem(form, error) });
      // the sheet may have been counted meanwhile: show it as it now is
      void queryClient.invalidateQueries({ queryKey: recordKeys.one(KIND, record.id) });
    },
  });
  if (!canSubmit || record.state !== "open") return null;

  const fillExpected = () => {
    const current = (form.getFieldValue("lines") ?? []) as CountValues["lines"];
    form.setFieldsValue({
      lines: lines.map((line, index) => ({ counted_qty: current[index]?.counted_qty || line.expected_qty || "0" })),
    });
  };
  return (
    <>
      <Button
        type="primary"
        icon={<CheckSquareOutlined />}
        onClick={() => {
          setFailure(null);
          setOpen(true);
        }}
        data-testid="count-submit"
      >
        {t("submit.action")}
      </Button>
      <Modal
        open={open}
        width={760}
        title={t("submit.title", { count: lines.length })}
        okText={t("submit.action")}
        okButtonProps={{ id: "count-submit-confirm" }}
        cancelText={t("common:action.cancel")}
        confirmLoading={submit.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ProblemAlert error={failure?.error} unplaced={failure?.unplaced} />
        <Typography.Paragraph>{t("submit.detail")}</Typography.Paragraph>
        <Form<CountValues>
          form={form}
          layout="vertical"
          initialValues={{ date: today(timeZone), lines: lines.map(() => ({})) }}
          onFinish={(values) => submit.mutate(values)}
          preserve={false}
        >
          <Flex gap="middle" align="end" wrap>
            <Form.Item
              name="date"
              label={t("submit.date")}
              extra={t("submit.dateHint")}
              rules={[{ required: true, message: t("submit.dateRequired") }]}
              style={{ minWidth: 220 }}
              {...valueProps({ type: "date" })}
            >
              <DatePicker format={dateFormat(i18n.language)} allowClear={false} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item>
              <Button onClick={fillExpected} data-testid="count-use-expected">
                {t("submit.useExpected")}
              </Button>
            </Form.Item>
          </Flex>
          <CountedLines lines={lines} />
        </Form>
      </Modal>
    </>
  );
}

/** The sheet's items, each with its quantity expected, an input for the quantity counted and the difference. */
function CountedLines({ lines }: { lines: SheetLine[] }) {
  const { t, i18n } = useTranslation(KIND);
  const typed = Form.useWatch("lines") as CountValues["lines"] | undefined;
  const itemName = (line: SheetLine) => [line.item_code, line.item_name].filter(Boolean).join(" — ") || line.item_id;
  const columns: ColumnsType<SheetLine> = [
    { key: "line", title: "#", width: 40, render: (_, __, index) => index + 1 },
    { key: "item", title: t("fields.item_id"), render: (_, line) => itemName(line) },
    {
      key: "expected",
      title: t("fields.expected_qty"),
      align: "right",
      render: (_, line) => (
        <span className="amount">{formatDecimal(line.expected_qty, i18n.language, 0, QTY_DIGITS)}</span>
      ),
    },
    {
      key: "counted",
      title: t("fields.counted_qty"),
      width: 150,
      render: (_, line, index) => (
        <Form.Item
          name={["lines", index, "counted_qty"]}
          className="line-cell"
          rules={[{ required: true, message: t("records:requiredShort") }, numberRule()]}
        >
          <NumberInput aria-label={t("submit.countedOf", { item: line.item_code ?? line.item_id })} />
        </Form.Item>
      ),
    },
    {
      key: "difference",
      title: t("fields.difference"),
      align: "right",
      width: 110,
      render: (_, line, index) => (
        <span className="amount" data-testid="count-difference">
          {difference(typed?.[index]?.counted_qty, line.expected_qty, i18n.language)}
        </span>
      ),
    },
  ];
  return (
    <Table<SheetLine>
      size="small"
      rowKey="item_id"
      columns={columns}
      dataSource={lines}
      pagination={false}
      scroll={{ y: 420 }}
      data-testid="count-submit-lines"
    />
  );
}
