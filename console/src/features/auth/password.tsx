// The API's password policy (at least 10 characters with an upper-case letter, a lower-case letter and
// a digit), mirrored so the rules can be shown while typing; the API stays authoritative.
import { CheckCircleFilled, MinusCircleOutlined } from "@ant-design/icons";
import { Flex, Form, Input, Typography } from "antd";
import type { Rule } from "antd/es/form";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

const RULES = [
  { key: "length", test: (value: string) => value.length >= 10 },
  { key: "upper", test: (value: string) => /[A-Z]/.test(value) },
  { key: "lower", test: (value: string) => /[a-z]/.test(value) },
  { key: "digit", test: (value: string) => /[0-9]/.test(value) },
] as const;

const VISUALLY_HIDDEN = { position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" } as const;

export function passwordRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t("auth:password.required") },
    {
      validator: async (_, value?: string) => {
        if (value && RULES.some((rule) => !rule.test(value))) throw new Error(t("auth:password.weak"));
      },
    },
  ];
}

/** The policy as a checklist that ticks off as the user types. */
export function PasswordHelp({ value, id }: { value?: string; id?: string }) {
  const { t } = useTranslation("auth");
  const password = value ?? "";
  return (
    <Flex id={id} vertical gap={2} style={{ marginTop: 4 }} aria-live="polite">
      {RULES.map((rule) => {
        const met = rule.test(password);
        return (
          <Typography.Text key={rule.key} type={met ? "success" : "secondary"} style={{ fontSize: 13 }}>
            {met ? <CheckCircleFilled aria-hidden /> : <MinusCircleOutlined aria-hidden />}{" "}
            {t(`password.rule.${rule.key}`)}
            {met ? <span style={VISUALLY_HIDDEN}>{` — ${t("password.met")}`}</span> : null}
          </Typography.Text>
        );
      })}
    </Flex>
  );
}

/** A password being chosen, with the policy's checklist under it. */
export function NewPasswordItem({ name }: { name: string }) {
  const { t } = useTranslation("auth");
  const password = Form.useWatch<string | undefined>(name, Form.useFormInstance());
  return (
    <Form.Item name={name} label={t("field.password")} rules={passwordRules(t)} extra={<PasswordHelp value={password} />}>
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}
