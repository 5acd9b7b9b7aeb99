import { Alert, Form, Input } from "antd";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";

import { ApiProblem } from "@/api/client";
import { session } from "@/auth/session";
import { problemText } from "@/lib/problems";
import { EmailItem, OtherWayIn, SubmitButton } from "./fields";
import { PublicPage } from "./PublicPage";
import { logIn, safeNext } from "./session";

interface Credentials {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  const expired = params.get("expired") === "1";
  const login = useMutation({
    mutationFn: ({ email, password }: Credentials) => logIn(email, password),
    onSuccess: () => navigate(next, { replace: true }),
  });

  return (
    <PublicPage title={t("login.title")}>
      {expired && !login.isPending && !login.isError ? (
        <Alert type="info" showIcon title={t("common:session.expired")} style={{ marginBottom: 16 }} />
      ) : null}
      {login.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t("login.failed")}
          description={login.error instanceof ApiProblem ? login.error.detail : problemText(login.error)}
        />
      ) : null}
      <Form<Credentials>
        layout="vertical"
        requiredMark={false}
        initialValues={{ email: session.email() ?? "" }}
        onFinish={(values) => login.mutate(values)}
        disabled={login.isPending}
      >
        <EmailItem name="email" autoComplete="username" />
        <Form.Item name="password" label={t("field.password")} rules={[{ required: true, message: t("password.required") }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <SubmitButton pending={login.isPending}>{t("login.submit")}</SubmitButton>
      </Form>
      <OtherWayIn question={t("login.noAccount")} to="/signup" link={t("login.toSignup")} />
    </PublicPage>
  );
}
