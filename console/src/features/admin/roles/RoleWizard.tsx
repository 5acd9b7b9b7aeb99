// The permission wizard: 1 name and description, 2 the applets the role works with, 3 the actions per
// applet (a matrix with "all" toggles), 4 review → PUT /v1/platform/roles/{role}. Used to create a role
// and to edit one (the name is then fixed: it is the role's key).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Flex, Form, Input, Steps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { api, ApiProblem, unwrap } from "@/api/client";
import { ProblemAlert } from "@/components/ProblemAlert";
import { problemMessage } from "@/lib/problems";
import { keys, type AppletActions, type Role } from "../api";
import { useLabels } from "../labels";
import { ActionMatrix } from "./ActionMatrix";
import { AppletPicker } from "./AppletPicker";
import { choiceFromPermissions, permissionsFromChoice, withNeeds, type Choice } from "./permissions";
import { RoleReview } from "./RoleReview";

const NAME_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

export interface RoleDetails {
  name: string;
  description: string;
}

interface WizardProps {
  catalogue: AppletActions[];
  /** The role being edited; absent when creating one. */
  role?: Role;
  /** Names already taken (creating must not silently replace a role: PUT would). */
  takenNames: string[];
}

export function RoleWizard({ catalogue, role, takenNames }: WizardProps) {
  const { t } = useTranslation("admin");
  const { message } = App.useApp();
  const labels = useLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RoleDetails>();
  const [step, setStep] = useState(0);
  const [choice, setChoice] = useState<Choice>(() => (role ? choiceFromPermissions(role.permissions, catalogue) : {}));
  // what the chosen actions need is granted with them (and said so): a role made here can do its job
  const [needed, setNeeded] = useState<Map<string, string[]>>(new Map());
  const choose = (next: Choice) => {
    const completed = withNeeds(next, catalogue);
    setChoice(completed.choice);
    setNeeded((before) => new Map([...before, ...completed.added]));
  };
  const [stepError, setStepError] = useState<string | null>(null);
  const [details, setDetails] = useState<RoleDetails>({ name: role?.name ?? "", description: role?.description ?? "" });

  const wildcards = (role?.permissions ?? []).filter((permission) => permission.startsWith("*"));
  const chosen = catalogue.filter((applet) => choice[applet.id] !== undefined);
  const permissions = permissionsFromChoice(choice, catalogue);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/v1/platform/roles/{role}", {
          params: { path: { role: details.name } },
          body: { description: details.description.trim(), permissions },
        }),
      ),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.roles });
      void queryClient.invalidateQueries({ queryKey: ["me"] });
      void message.success(t(role ? "roles.saved" : "roles.created", { name: saved.name }));
      navigate("/settings/roles");
    },
    onError: (error) => {
      const nameProblem = error instanceof ApiProblem ? error.errors.find((item) => item.field === "path.role") : undefined;
      if (nameProblem) {
        setStep(0);
        form.setFields([{ name: "name", errors: [problemMessage(nameProblem)] }]);
      }
    },
  });

  const next = async () => {
    setStepError(null);
    if (step === 0) {
      const values = await form.validateFields().catch(() => null);
      if (!values) return;
      setDetails({ name: values.name.trim(), description: values.description?.trim() ?? "" });
    }
    if (step === 1 && chosen.length === 0) return setStepError(t("wizard.error.noApplets"));
    if (step === 2) {
      const empty = chosen.filter((applet) => (choice[applet.id] ?? []).length === 0);
      if (empty.length > 0) return setStepError(t("wizard.error.noActions", { applets: empty.map(labels.applet).join(", ") }));
    }
    setStep(step + 1);
  };

  const back = () => {
    setStepError(null);
    save.reset();
    setStep(step - 1);
  };

  const nameRules = role
    ? []
    : [
        { required: true, message: t("validation.required") },
        { pattern: NAME_PATTERN, message: t("wizard.help.namePattern") },
        {
          validator: async (_: unknown, value?: string) => {
            if (value && takenNames.includes(value.trim())) throw new Error(t("wizard.error.nameTaken"));
          },
        },
      ];

  const stepTitles = ["wizard.step.details", "wizard.step.applets", "wizard.step.actions", "wizard.step.review"];
  return (
    <Card>
      <Steps
        current={step}
        items={stepTitles.map((key, index) => ({ title: t(key), disabled: index > step }))}
        onChange={(index) => index < step && setStep(index)}
        style={{ marginBottom: 24 }}
        size="small"
      />
      {role && wildcards.length > 0 ? (
        <Alert type="info" showIcon title={t("wizard.wildcards", { wildcards: wildcards.join(", ") })} style={{ marginBottom: 16 }} />
      ) : null}
      <div hidden={step !== 0}>
        <Form<RoleDetails> form={form} layout="vertical" initialValues={details} style={{ maxWidth: 560 }}>
          <Form.Item
            name="name"
            label={t("wizard.field.name")}
            extra={role ? t("wizard.help.nameFixed") : t("wizard.help.namePattern")}
            normalize={(value: string) => value.toLowerCase().replace(/\s+/g, "-")}
            rules={nameRules}
          >
            <Input disabled={Boolean(role)} autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item name="description" label={t("wizard.field.description")} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </Form>
      </div>
      {step === 1 ? <AppletPicker catalogue={catalogue} choice={choice} onChange={choose} /> : null}
      {step === 2 ? (
        <>
          <NeededNote needed={needed} catalogue={catalogue} choice={choice} />
          <ActionMatrix applets={chosen} choice={choice} onChange={choose} />
        </>
      ) : null}
      {step === 3 ? <RoleReview details={details} applets={chosen} choice={choice} permissions={permissions} /> : null}
      {stepError ? <Alert type="error" showIcon role="alert" title={stepError} style={{ marginTop: 16 }} /> : null}
      {save.isError ? (
        <div style={{ marginTop: 16 }}>
          <ProblemAlert error={save.error} />
        </div>
      ) : null}
      <Flex justify="space-between" gap="small" wrap style={{ marginTop: 24 }}>
        <Button onClick={() => navigate("/settings/roles")}>{t("common:action.cancel")}</Button>
        <Flex gap="small">
          {step > 0 ? <Button onClick={back}>{t("wizard.previous")}</Button> : null}
          {step < 3 ? (
            <Button type="primary" onClick={() => void next()}>
              {t("wizard.next")}
            </Button>
          ) : (
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              {role ? t("wizard.saveChanges") : t("wizard.create")}
            </Button>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

/** "Also granted, because Receipts: create needs it: Chart of accounts — view". */
function NeededNote({ needed, catalogue, choice }: { needed: Map<string, string[]>; catalogue: AppletActions[]; choice: Choice }) {
  const { t } = useTranslation("admin");
  const labels = useLabels();
  const named = (permission: string) => {
    const [id, action] = permission.split(":");
    const applet = catalogue.find((candidate) => candidate.id === id);
    return `${applet ? labels.applet(applet) : id} — ${labels.action(action)}`;
  };
  const shown = [...needed.entries()].filter(([permission]) => {
    const [id, action] = permission.split(":");
    return (choice[id] ?? []).includes(action);
  });
  if (shown.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="needed-permissions"
      title={t("roles.needed.title")}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {shown.map(([permission, by]) => (
            <li key={permission}>{t("roles.needed.item", { permission: named(permission), by: by.map(named).join(", ") })}</li>
          ))}
        </ul>
      }
    />
  );
}
