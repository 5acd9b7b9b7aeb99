// Company sign-up: the company, its first administrator; then logged in, straight to the dashboard
// (201) or through "setting up your company" while onboarding still runs (202).
import { useMutation } from "@tanstack/react-query";
import { Col, Divider, Form, Row, Typography } from "antd";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import type { Schemas } from "@/api/client";
import { DEFAULT_TIME_ZONE } from "@/lib/format";
import { FormProblemAlert, useFormProblem } from "@/components/FormProblem";
import { CompanyFields, companyBody, type CompanyFieldValues } from "./CompanyFields";
import { EmailItem, NameItem, OtherWayIn, SubmitButton } from "./fields";
import { NewPasswordItem } from "./password";
import { PublicPage } from "./PublicPage";
import { logIn, signUp } from "./session";
import { SettingUp } from "./SettingUp";

interface SignupValues extends CompanyFieldValues {
  admin_name: string;
  admin_email: string;
  admin_password: string;
}

function requestBody(values: SignupValues): Schemas["SignupRequest"] {
  return {
    ...companyBody(values),
    base_currency: "MYR",
    admin_name: values.admin_name.trim(),
    admin_email: values.admin_email.trim().toLowerCase(),
    admin_password: values.admin_password,
  };
}

export function SignupPage() {
  const { t } = useTranslation("auth");
  const navigate = useNavigate();
  const [form] = Form.useForm<SignupValues>();
  const problem = useFormProblem(form);
  const [settingUp, setSettingUp] = useState(false);
  const ready = useCallback(() => navigate("/", { replace: true }), [navigate]);

  const signup = useMutation({
    mutationFn: async (values: SignupValues) => {
      const answer = await signUp(requestBody(values));
      try {
        await logIn(values.admin_email, values.admin_password);
      } catch {
        // The company exists; only the automatic login failed: the login page takes it from here.
        return "login" as const;
      }
      return answer.status === 202 ? ("setting-up" as const) : ("ready" as const);
    },
    onMutate: () => problem.clear(),
    onSuccess: (outcome) => {
      if (outcome === "setting-up") setSettingUp(true);
      else navigate(outcome === "login" ? "/login" : "/", { replace: true });
    },
    onError: (error) => problem.show(error),
  });

  if (settingUp) {
    return (
      <PublicPage title={t("signup.settingUp.title")}>
        <SettingUp onReady={ready} />
      </PublicPage>
    );
  }

  return (
    <PublicPage title={t("signup.title")} wide>
      <Typography.Paragraph type="secondary">{t("signup.intro")}</Typography.Paragraph>
      <FormProblemAlert shown={problem.shown} />
      <Form<SignupValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ fiscal_year_start_month: 1, time_zone: DEFAULT_TIME_ZONE }}
        onFinish={(values) => signup.mutate(values)}
        disabled={signup.isPending}
        scrollToFirstError
      >
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          <Typography.Text strong>{t("signup.company")}</Typography.Text>
        </Divider>
        <CompanyFields
          layout="twoColumns"
          label={(field) => t(`field.${field}`)}
          help={{ brn: t("help.brn"), tin: t("help.tin"), sstNumber: t("help.sstNumber"), baseCurrency: t("help.baseCurrency") }}
          checkFormats
          baseCurrency={{ inputId: "signup-base-currency", value: t("currency.MYR"), markRequired: true }}
        />
        <Divider titlePlacement="start" plain>
          <Typography.Text strong>{t("signup.admin")}</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <NameItem name="admin_name" label={t("field.name")} autoComplete="name" />
          </Col>
          <Col xs={24} md={12}>
            <EmailItem name="admin_email" autoComplete="email" />
          </Col>
          <Col xs={24} md={12}>
            <NewPasswordItem name="admin_password" />
          </Col>
        </Row>
        <SubmitButton pending={signup.isPending} style={{ marginTop: 8 }}>
          {signup.isPending ? t("signup.submitting") : t("signup.submit")}
        </SubmitButton>
      </Form>
      <OtherWayIn question={t("signup.haveAccount")} to="/login" link={t("signup.toLogin")} />
    </PublicPage>
  );
}
