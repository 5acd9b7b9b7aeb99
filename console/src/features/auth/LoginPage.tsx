import { Alert, Button, Form, Input, Typography } from "antd";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { ApiProblem } from "@/api/client";
import { session } from "@/auth/session";
import { problemText } from "@/lib/problems";
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
        <Form.Item
          name="email"
          label={t("field.email")}
          rules={[
            { required: true, message: t("validation.emailRequired") },
            { type: "email", message: t("validation.email") },
          ]}
        >
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t("field.password")} rules={[{ required: true, message: t("password.required") }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          {t("login.submit")}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
        {t("login.noAccount")} <Link to="/signup">{t("login.toSignup")}</Link>
      </Typography.Paragraph>
    </PublicPage>
  );
}
