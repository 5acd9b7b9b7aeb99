// Releasing a stock reservation: a button on an active reservation's page, for users who may release
// reservations, opening a dialog that asks an optional reason. The release is posted once (one
// Idempotency-Key per attempt); the page, the list and the stock reports then show the stock available
// again.
import { UnlockOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Typography } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, idempotent, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { ProblemAlert } from "@/components/ProblemAlert";
import { formatDecimal } from "@/lib/format";
import { recordKeys } from "../engine/client";
import type { DocRecord, RecordActionProps } from "../engine/types";

const KIND = "stock-reservations";

export function ReleaseReservation({ record }: RecordActionProps) {
  const { t, i18n } = useTranslation(KIND);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canRelease = usePermission(`${KIND}:release`);
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason?: string }>();
  const key = useRef(crypto.randomUUID());
  const words = {
    against: String(record.against ?? ""),
    item: String(record.item_code ?? ""),
    qty: formatDecimal(record.qty, i18n.language, 0, 4),
  };
  const release = useMutation({
    mutationFn: ({ reason }: { reason?: string }) =>
      unwrap(
        api.POST("/v1/stock-reservations/{id}/release", {
          params: { path: { id: record.id } },
          body: { reason: reason?.trim() || null },
          ...idempotent(key.current),
        }),
      ) as Promise<DocRecord>,
    onSuccess: (released) => {
      key.current = crypto.randomUUID();
      setOpen(false);
      queryClient.setQueryData(recordKeys.one(KIND, released.id), released);
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind(KIND) });
      void queryClient.invalidateQueries({ queryKey: ["stock"] });
      void message.success(t("release.done", words));
    },
    onError: (error) => {
      key.current = crypto.randomUUID();
      setFailure(error);
      // the reservation may have been released or expired meanwhile: show it as it now is
      void queryClient.invalidateQueries({ queryKey: recordKeys.one(KIND, record.id) });
    },
  });
  if (!canRelease || record.state !== "active") return null;
  return (
    <>
      <Button
        icon={<UnlockOutlined />}
        danger
        onClick={() => {
          setFailure(null);
          setOpen(true);
        }}
        data-testid="reservation-release"
      >
        {t("release.action")}
      </Button>
      <Modal
        open={open}
        title={t("release.title", words)}
        okText={t("release.action")}
        okButtonProps={{ danger: true, id: "reservation-release-confirm" }}
        cancelText={t("common:action.cancel")}
        confirmLoading={release.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ProblemAlert error={failure} />
        <Typography.Paragraph>{t("release.detail", words)}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(values) => release.mutate(values)} preserve={false}>
          <Form.Item name="reason" label={t("release.reason")} extra={t("release.reasonHint")}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
