// Reversing a posted document (a journal, a receipt, a payment): a button opening a dialog that asks the
// reversal's date (and what else the kind needs), posts it once (one Idempotency-Key per attempt), puts
// the API's field problems on the dialog's fields and opens the reversal when it is made.
import { RollbackOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Modal } from "antd";
import { useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import type { FieldProblem } from "@/api/client";
import { ProblemAlert } from "@/components/ProblemAlert";
import { applyProblem } from "@/lib/problems";
import { recordKeys } from "../engine/client";
import type { DocRecord } from "../engine/types";
import { dateFormat } from "../fields/FieldControl";
import { valueProps } from "../fields/valueProps";

export interface ReverseValues {
  date: string;
  [field: string]: string | undefined;
}

interface ReverseActionProps {
  kind: string;
  testId: string;
  /** The button's and the dialog's words, in the caller's namespace. */
  words: { action: string; title: string; date: string; dateRequired: string; dateHint?: string };
  initialDate: string;
  danger?: boolean;
  /** Send the reversal with the attempt's Idempotency-Key; answers the reversal made. */
  send: (values: ReverseValues, key: string) => Promise<DocRecord>;
  done: (reversal: DocRecord) => string;
  /** Fields asked before and after the date (a reason, a memo). */
  before?: ReactNode;
  after?: ReactNode;
}

export function ReverseAction({ kind, testId, words, initialDate, danger, send, done, before, after }: ReverseActionProps) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ReverseValues>();
  const [failure, setFailure] = useState<{ error: unknown; unplaced: FieldProblem[] } | null>(null);
  const key = useRef(crypto.randomUUID());
  const reverse = useMutation({
    mutationFn: (values: ReverseValues) => send(values, key.current),
    onSuccess: (reversal) => {
      key.current = crypto.randomUUID();
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind(kind) });
      void message.success(done(reversal));
      navigate(`/${kind}/${reversal.id}`);
    },
    onError: (error) => {
      key.current = crypto.randomUUID();
      setFailure({ error, unplaced: applyProblem(form, error) });
    },
  });
  return (
    <>
      <Button icon={<RollbackOutlined />} danger={danger} onClick={() => setOpen(true)} data-testid={testId}>
        {words.action}
      </Button>
      <Modal
        open={open}
        title={words.title}
        okText={words.action}
        okButtonProps={{ danger, id: `${testId}-confirm` }}
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
          initialValues={{ date: initialDate }}
          onFinish={(values) => reverse.mutate(values)}
          preserve={false}
        >
          {before}
          <Form.Item
            name="date"
            label={words.date}
            extra={words.dateHint}
            rules={[{ required: true, message: words.dateRequired }]}
            {...valueProps({ type: "date" })}
          >
            <DatePicker format={dateFormat(i18n.language)} allowClear={false} style={{ width: "100%" }} />
          </Form.Item>
          {after}
        </Form>
      </Modal>
    </>
  );
}
