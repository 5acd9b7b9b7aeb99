// Form parts the public pages share: a name, an e-mail address, the submit button and the link to the
// other way in under the form.
import { Button, Form, Input, Typography } from "antd";
import type { Rule } from "antd/es/form";
import type { TFunction } from "i18next";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

/** A required name of at most 200 characters that is not only spaces. */
function nameRules(t: TFunction): Rule[] {
  return [{ required: true, whitespace: true, message: t("auth:validation.required") }, { max: 200 }];
}

export function NameItem({ name, label, autoComplete }: { name: string; label: string; autoComplete: "name" | "organization" }) {
  const { t } = useTranslation("auth");
  return (
    <Form.Item name={name} label={label} rules={nameRules(t)}>
      <Input autoComplete={autoComplete} />
    </Form.Item>
  );
}

export function EmailItem({ name, autoComplete }: { name: string; autoComplete: "email" | "username" }) {
  const { t } = useTranslation("auth");
  return (
    <Form.Item
      name={name}
      label={t("field.email")}
      rules={[
        { required: true, message: t("validation.emailRequired") },
        { type: "email", message: t("validation.email") },
      ]}
    >
      <Input type="email" autoComplete={autoComplete} />
    </Form.Item>
  );
}

export function SubmitButton({ pending, children, style }: { pending: boolean; children: ReactNode; style?: CSSProperties }) {
  return (
    <Button type="primary" htmlType="submit" block loading={pending} style={style}>
      {children}
    </Button>
  );
}

/** The line under a public page's form that leads to the other way in, e.g. "Already signed up? Log in". */
export function OtherWayIn({ question, to, link }: { question: string; to: string; link: string }) {
  return (
    <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
      {question} <Link to={to}>{link}</Link>
    </Typography.Paragraph>
  );
}
