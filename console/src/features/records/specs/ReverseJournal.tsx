// Reversing a posted journal: a new journal with debits and credits swapped, on a date the user picks.
import { RollbackOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Input, Modal } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { api, idempotent, unwrap, type FieldProblem } from "@/api/client";
import { usePermission, useTenantSettings } from "@/auth/me";
import { ProblemAlert } from "@/components/ProblemAlert";
import { today } from "@/lib/format";
import { applyProblem } from "@/lib/problems";
import { recordKeys } from "../engine/client";
import type { RecordActionProps } from "../engine/types";
import { dateFormat } from "../fields/FieldControl";
import { valueProps } from "../fields/valueProps";

interface ReverseValues {
  date: string;
  memo?: string;
}

export function ReverseJournal({ record }: RecordActionProps) {
  const { t, i18n } = useTranslation("records");
  const { timeZone } = useTenantSettings();
  const canReverse = usePermission("journals:reverse");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ReverseValues>();
  const [failure, setFailure] = useState<{ error: unknown; unplaced: FieldProblem[] } | null>(null);
  const key = useRef(crypto.randomUUID());
  const reverse = useMutation({
    mutationFn: (values: ReverseValues) =>
      unwrap(
        api.POST("/v1/journals/{id}/reverse", {
          params: { path: { id: record.id } },
          body: { date: values.date, memo: values.memo?.trim() || null },
          ...idempotent(key.current),
        }),
      ),
    onSuccess: (reversal) => {
      key.current = crypto.randomUUID();
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind("journals") });
      void message.success(t("reverse.done", { code: reversal.code ?? "" }));
      navigate(`/journals/${reversal.id}`);
    },
    onError: (error) => {
      key.current = crypto.randomUUID();
      setFailure({ error, unplaced: applyProblem(form, error) });
    },
  });
  if (!canReverse || record.posting_state !== "posted" || record.reversed_by) return null;
  return (
    <>
      <Button icon={<RollbackOutlined />} onClick={() => setOpen(true)} data-testid="journal-reverse">
        {t("reverse.action")}
      </Button>
      <Modal
        open={open}
        title={t("reverse.title", { code: record.code ?? "" })}
        okText={t("reverse.action")}
        cancelText={t("common:action.cancel")}
        confirmLoading={reverse.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ProblemAlert error={failure?.error} unplaced={failure?.unplaced} />
        <Form<ReverseValues>
          form={form}
          layout="vertical"
          initialValues={{ date: today(timeZone) }}
          onFinish={(values) => reverse.mutate(values)}
          preserve={false}
        >
          <Form.Item
            name="date"
            label={t("reverse.date")}
            rules={[{ required: true, message: t("requiredShort") }]}
            {...valueProps({ type: "date" })}
          >
            <DatePicker format={dateFormat(i18n.language)} allowClear={false} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="memo" label={t("fields.memo")} extra={t("reverse.memoHint", { code: record.code ?? "" })}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
