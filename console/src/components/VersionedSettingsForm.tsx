// A company settings form saved with the version read: a stale version (someone saved meanwhile) is
// refused with a 409, and the form then says so and offers to read the settings again; other problems go
// on the form's fields (the rest in an alert). Users without the permission a change needs see the form
// disabled, with a notice naming that permission, and no save buttons. The page keys the form by the
// version, so a save (or a reload) starts it again from what was saved.
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Flex, Form, type FormInstance } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ApiProblem, type FieldProblem } from "@/api/client";
import { usePermission } from "@/auth/me";
import { ProblemAlert } from "@/components/ProblemAlert";
import { permissionLabel } from "@/lib/permissions";
import { applyProblem } from "@/lib/problems";

export interface VersionedSave<Values> {
  mutate: (values: Values) => void;
  isPending: boolean;
  error: Error | null;
  /** The version read was stale: someone saved meanwhile. */
  stale: boolean;
  /** Field problems of the last error that are not on one of the form's fields. */
  unplaced?: FieldProblem[];
  /** Reads the settings again. */
  reload: () => void;
}

/** Saves settings with `send` (which sends the version read); what is saved replaces the settings read. */
export function useVersionedSave<Values, Saved>({
  form,
  queryKey,
  send,
  savedMessage,
}: {
  form: FormInstance<Values>;
  /** The settings' query: set to what a save returns, read again by `reload`. */
  queryKey: QueryKey;
  send: (values: Values) => Promise<Saved>;
  /** Said on success; "Saved" unless told. */
  savedMessage?: string;
}): VersionedSave<Values> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<FieldProblem[] | undefined>();
  const [stale, setStale] = useState(false);
  const save = useMutation({
    mutationFn: send,
    onSuccess: (saved) => {
      setUnplaced(undefined);
      queryClient.setQueryData(queryKey, saved);
      void message.success(savedMessage ?? t("common:saved"));
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 409) {
        setStale(true);
        return;
      }
      setUnplaced(applyProblem(form, error));
    },
  });
  return {
    mutate: save.mutate,
    isPending: save.isPending,
    error: save.error,
    stale,
    unplaced,
    reload: () => void queryClient.invalidateQueries({ queryKey }),
  };
}

/** What went wrong with a save: a stale version, with a Reload button (`reloadTestId`), or the problem. */
export function SaveAlert({
  save,
  reloadTestId,
}: {
  save: Pick<VersionedSave<unknown>, "error" | "stale" | "unplaced" | "reload">;
  reloadTestId?: string;
}) {
  const { t } = useTranslation("records");
  if (save.stale) {
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        style={{ marginBottom: 16 }}
        title={t("stale.title")}
        description={t("stale.detail")}
        action={
          // enabled inside a disabled (read-only) form too
          <Button onClick={save.reload} disabled={false} data-testid={reloadTestId}>
            {t("stale.reload")}
          </Button>
        }
      />
    );
  }
  return save.error ? <ProblemAlert error={save.error} unplaced={save.unplaced} /> : null;
}

/** Save (submits the form) and Cancel (puts the form back as it was read). */
export function SaveButtons({ form, saving, testId }: { form: FormInstance; saving: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Flex gap="small">
      <Button type="primary" htmlType="submit" loading={saving} data-testid={testId}>
        {t("common:action.save")}
      </Button>
      <Button htmlType="button" onClick={() => form.resetFields()}>
        {t("common:action.cancel")}
      </Button>
    </Flex>
  );
}

export function VersionedSettingsForm<Values extends object, Saved>({
  queryKey,
  send,
  initialValues,
  permission,
  readOnlyNotice,
  testId,
  children,
}: {
  /** The settings' query: set to what a save returns, read again by Reload. */
  queryKey: QueryKey;
  /** Sends the values with the version read. */
  send: (values: Values) => Promise<Saved>;
  initialValues: Partial<Values>;
  /** The permission a change needs. */
  permission: string;
  /** The notice shown to those without it, given its name. */
  readOnlyNotice: (permission: string) => string;
  /** Names the test ids: `<testId>-form`, `-read-only`, `-reload` and `-save`. */
  testId: string;
  /** The settings' fields. */
  children: ReactNode;
}) {
  const canEdit = usePermission(permission);
  const [form] = Form.useForm<Values>();
  const save = useVersionedSave({ form, queryKey, send });
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      disabled={!canEdit}
      onFinish={(values) => save.mutate(values)}
      data-testid={`${testId}-form`}
    >
      {canEdit ? null : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={readOnlyNotice(permissionLabel(permission))}
          data-testid={`${testId}-read-only`}
        />
      )}
      <SaveAlert save={save} reloadTestId={`${testId}-reload`} />
      {children}
      {canEdit ? <SaveButtons form={form} saving={save.isPending} testId={`${testId}-save`} /> : null}
    </Form>
  );
}
