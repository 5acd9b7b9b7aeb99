// Inviting someone: e-mail and roles; the answer carries the one-time token, shown here with the accept
// link to hand over (the platform does not send e-mail yet).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, idempotent, unwrap } from "@/api/client";
import { FormProblemAlert, useFormProblem } from "@/components/FormProblem";
import { keys, type InvitationCreated } from "../api";
import { RolesSelect } from "./RolesSelect";

interface InviteValues {
  email: string;
  roles: string[];
}

export function acceptLink(token: string): string {
  return `${window.location.origin}/invitations/accept?token=${encodeURIComponent(token)}`;
}

function InvitationResult({ invitation }: { invitation: InvitationCreated }) {
  const { t } = useTranslation("admin");
  const link = acceptLink(invitation.token);
  const copyable = (text: string) => ({ text, tooltips: [t("invitations.copy"), t("invitations.copied")] });
  return (
    <div data-testid="invitation-created">
      <Alert
        type="success"
        showIcon
        title={t("invitations.created", { email: invitation.email })}
        description={t("invitations.createdDetail")}
        style={{ marginBottom: 16 }}
      />
      <Typography.Text strong>{t("invitations.link")}</Typography.Text>
      <Typography.Paragraph copyable={copyable(link)} data-testid="invitation-link" style={{ wordBreak: "break-all" }}>
        {link}
      </Typography.Paragraph>
      <Typography.Text strong>{t("invitations.token")}</Typography.Text>
      <Typography.Paragraph copyable={copyable(invitation.token)} style={{ wordBreak: "break-all" }}>
        <Typography.Text code data-testid="invitation-token">
          {invitation.token}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Text type="secondary">{t("invitations.onceOnly")}</Typography.Text>
    </div>
  );
}

export function InviteModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const queryClient = useQueryClient();
  const [form] = Form.useForm<InviteValues>();
  const problem = useFormProblem(form);
  // One key per invitation being written: a double submit is answered with the same invitation.
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [created, setCreated] = useState<InvitationCreated | null>(null);

  const invite = useMutation({
    mutationFn: (values: InviteValues) =>
      unwrap(
        api.POST("/v1/platform/invitations", {
          body: { email: values.email.trim().toLowerCase(), roles: values.roles },
          ...idempotent(attempt),
        }),
      ),
    onMutate: () => problem.clear(),
    onSuccess: (invitation) => {
      setCreated(invitation);
      void queryClient.invalidateQueries({ queryKey: keys.invitations });
      void queryClient.invalidateQueries({ queryKey: keys.roles });
    },
    onError: (error) => problem.show(error),
  });

  const reset = () => {
    setCreated(null);
    setAttempt(crypto.randomUUID());
    problem.clear();
    invite.reset();
  };

  const footer = created
    ? [
        <Button key="again" onClick={reset}>
          {t("invitations.inviteAnother")}
        </Button>,
        <Button key="done" type="primary" onClick={onClose}>
          {t("invitations.done")}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t("common:action.cancel")}
        </Button>,
        <Button key="send" type="primary" loading={invite.isPending} onClick={() => form.submit()}>
          {t("invitations.send")}
        </Button>,
      ];

  return (
    <Modal open={open} title={t("invitations.invite")} onCancel={onClose} afterClose={reset} footer={footer} destroyOnHidden>
      {created ? (
        <InvitationResult invitation={created} />
      ) : (
        <>
          <FormProblemAlert shown={problem.shown} />
          <Form<InviteValues>
            form={form}
            layout="vertical"
            initialValues={{ roles: [] }}
            onFinish={(values) => invite.mutate(values)}
            disabled={invite.isPending}
          >
            <Form.Item
              name="email"
              label={t("invitations.field.email")}
              rules={[
                { required: true, message: t("validation.required") },
                { type: "email", message: t("validation.email") },
              ]}
            >
              <Input type="email" autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="roles"
              label={t("invitations.field.roles")}
              rules={[{ required: true, type: "array", min: 1, message: t("validation.roles") }]}
            >
              <RolesSelect />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
