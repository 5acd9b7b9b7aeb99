// Accepting an invitation: the invitee names themselves and chooses a password, then is logged in.
import { useMutation } from "@tanstack/react-query";
import { Alert, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";

import { api, unwrap } from "@/api/client";
import { FormProblemAlert, useFormProblem } from "@/components/FormProblem";
import { NameItem, OtherWayIn, SubmitButton } from "./fields";
import { NewPasswordItem } from "./password";
import { PublicPage } from "./PublicPage";
import { logIn } from "./session";

interface AcceptValues {
  token: string;
  name: string;
  password: string;
  confirm: string;
}

export function AcceptInvitationPage() {
  const { t } = useTranslation("auth");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const linkToken = params.get("token")?.trim() ?? "";
  const [form] = Form.useForm<AcceptValues>();
  const problem = useFormProblem(form);

  const accept = useMutation({
    mutationFn: async (values: AcceptValues) => {
      const token = linkToken || values.token.trim();
      const accepted = await unwrap(
        api.POST("/v1/platform/invitations/accept", { body: { token, name: values.name.trim(), password: values.password } }),
      );
      await logIn(accepted.user.email, values.password);
    },
    onMutate: () => problem.clear(),
    onSuccess: () => navigate("/", { replace: true }),
    onError: (error) => problem.show(error),
  });

  return (
    <PublicPage title={t("accept.title")}>
      <Typography.Paragraph type="secondary">{t("accept.intro")}</Typography.Paragraph>
      {linkToken ? null : <Alert type="info" showIcon title={t("accept.noToken")} style={{ marginBottom: 16 }} />}
      <FormProblemAlert shown={problem.shown} />
      <Form<AcceptValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => accept.mutate(values)}
        disabled={accept.isPending}
      >
        {linkToken ? null : (
          <Form.Item name="token" label={t("field.token")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
            <Input autoComplete="off" spellCheck={false} />
          </Form.Item>
        )}
        <NameItem name="name" label={t("field.yourName")} autoComplete="name" />
        <NewPasswordItem name="password" />
        <Form.Item
          name="confirm"
          label={t("field.confirmPassword")}
          dependencies={["password"]}
          rules={[
            { required: true, message: t("password.required") },
            ({ getFieldValue }) => ({
              validator: async (_, value?: string) => {
                if (value && value !== getFieldValue("password")) throw new Error(t("validation.passwordsDiffer"));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <SubmitButton pending={accept.isPending}>{t("accept.submit")}</SubmitButton>
      </Form>
      <OtherWayIn question={t("signup.haveAccount")} to="/login" link={t("signup.toLogin")} />
    </PublicPage>
  );
}
