// Company sign-up: the company, its first administrator; then logged in, straight to the dashboard
// (201) or through "setting up your company" while onboarding still runs (202).
import { useMutation } from "@tanstack/react-query";
import { Button, Col, Divider, Form, Input, Row, Select, Typography } from "antd";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import type { Schemas } from "@/api/client";
import { DEFAULT_TIME_ZONE } from "@/lib/format";
import { FormProblemAlert, useFormProblem } from "@/components/FormProblem";
import { BRN_PATTERN, monthOptions, SST_PATTERN, TIN_PATTERN, timeZoneOptions, upperTrim } from "./options";
import { PasswordHelp, passwordRules } from "./password";
import { PublicPage } from "./PublicPage";
import { logIn, signUp } from "./session";
import { SettingUp } from "./SettingUp";

interface SignupValues {
  legal_name: string;
  brn: string;
  tin: string;
  sst_number?: string;
  fiscal_year_start_month: number;
  time_zone: string;
  admin_name: string;
  admin_email: string;
  admin_password: string;
}

function requestBody(values: SignupValues): Schemas["SignupRequest"] {
  return {
    legal_name: values.legal_name.trim(),
    brn: values.brn.trim(),
    tin: values.tin.trim(),
    sst_number: values.sst_number?.trim() || null,
    base_currency: "MYR",
    fiscal_year_start_month: values.fiscal_year_start_month,
    time_zone: values.time_zone,
    admin_name: values.admin_name.trim(),
    admin_email: values.admin_email.trim().toLowerCase(),
    admin_password: values.admin_password,
  };
}

export function SignupPage() {
  const { t, i18n } = useTranslation("auth");
  const navigate = useNavigate();
  const [form] = Form.useForm<SignupValues>();
  const password = Form.useWatch("admin_password", form);
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

  const pattern = (regex: RegExp, key: string) => ({ pattern: regex, message: t(`validation.${key}`) });
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
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item
              name="legal_name"
              label={t("field.legalName")}
              rules={[{ required: true, whitespace: true, message: t("validation.required") }, { max: 200 }]}
            >
              <Input autoComplete="organization" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="brn"
              label={t("field.brn")}
              extra={t("help.brn")}
              normalize={upperTrim}
              rules={[{ required: true, message: t("validation.required") }, pattern(BRN_PATTERN, "brn")]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="tin"
              label={t("field.tin")}
              extra={t("help.tin")}
              normalize={upperTrim}
              rules={[{ required: true, message: t("validation.required") }, pattern(TIN_PATTERN, "tin")]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="sst_number"
              label={t("field.sstNumber")}
              extra={t("help.sstNumber")}
              normalize={upperTrim}
              rules={[pattern(SST_PATTERN, "sstNumber")]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("field.baseCurrency")} htmlFor="signup-base-currency" extra={t("help.baseCurrency")} required>
              <Input id="signup-base-currency" value={t("currency.MYR")} readOnly variant="filled" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="fiscal_year_start_month" label={t("field.fiscalYearStartMonth")} rules={[{ required: true }]}>
              <Select options={monthOptions(i18n.language)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="time_zone" label={t("field.timeZone")} rules={[{ required: true }]}>
              <Select showSearch={{ optionFilterProp: "label" }} options={timeZoneOptions()} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          <Typography.Text strong>{t("signup.admin")}</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="admin_name"
              label={t("field.name")}
              rules={[{ required: true, whitespace: true, message: t("validation.required") }, { max: 200 }]}
            >
              <Input autoComplete="name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="admin_email"
              label={t("field.email")}
              rules={[
                { required: true, message: t("validation.emailRequired") },
                { type: "email", message: t("validation.email") },
              ]}
            >
              <Input type="email" autoComplete="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="admin_password"
              label={t("field.password")}
              rules={passwordRules(t)}
              extra={<PasswordHelp value={password} />}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" block loading={signup.isPending} style={{ marginTop: 8 }}>
          {signup.isPending ? t("signup.submitting") : t("signup.submit")}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
        {t("signup.haveAccount")} <Link to="/login">{t("signup.toLogin")}</Link>
      </Typography.Paragraph>
    </PublicPage>
  );
}
