// Create and edit forms, laid out from the resource's sections. Edit sends only what changed with the
// version read; a stale version (409) offers to reload. The API's problems land on their fields.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Skeleton } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router-dom";

import { ApiProblem, type FieldProblem } from "@/api/client";
import { useTenantSettings } from "@/auth/me";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { FieldCell, FieldGrid, FormField } from "../fields/FormField";
import { recordLabel } from "../fields/ReferenceSelect";
import { recordKeys, records, useRecord } from "./client";
import { useSubmissionKey } from "./hooks";
import { useLabels } from "./labels";
import { placeProblem } from "./problems";
import type { DocRecord, FormContext, Resource } from "./types";
import { createBody, initialValues, isShown, updateBody, valueAt } from "./values";

type Values = Record<string, unknown>;
const everything = (values: Values) => values;

/** The currency a form's amounts are in: a field of the form, or of the record a field points at. */
function useFormCurrency(resource: Resource, values: Values, baseCurrency: string): string {
  const source = resource.currency;
  const referenced = source && "reference" in source ? source : null;
  const target = useRecord(
    referenced?.target ?? { kind: "-", path: "-" },
    referenced ? (valueAt(values, referenced.reference) as string) : null,
  );
  if (!source) return baseCurrency;
  if ("field" in source) return (valueAt(values, source.field) as string) || baseCurrency;
  return (target.data?.currency as string | undefined) || baseCurrency;
}

export function FormPage({ resource, mode }: { resource: Resource; mode: "create" | "edit" }) {
  const { t } = useTranslation("records");
  const { id } = useParams();
  const labels = useLabels(resource.kind);
  const navigate = useNavigate();
  const record = useRecord(resource, mode === "edit" ? id : null);
  // `/receipts/new?copy=<id>`: a new record's form filled in from another (the kind's `copy`)
  const [search] = useSearchParams();
  const copyOf = mode === "create" && resource.copy ? search.get("copy") : null;
  const source = useRecord(resource, copyOf);
  const copied = useMemo(
    () => (source.data && resource.copy ? resource.copy(source.data) : undefined),
    [source.data, resource],
  );
  const title = t(mode === "create" ? "newTitle" : "editTitle", { one: labels.one });
  const loading = mode === "edit" ? record : copyOf ? source : null;
  if (loading && (loading.isPending || loading.isError)) {
    return (
      <>
        <PageHeader title={title} />
        {loading.isError ? (
          <ProblemAlert error={loading.error} />
        ) : (
          <Card>
            <Skeleton active />
          </Card>
        )}
      </>
    );
  }
  if (record.data && resource.editableWhen && !resource.editableWhen(record.data)) {
    // a submitted or cancelled document is never edited again: say so, with the way back to it
    return (
      <>
        <PageHeader title={title} subtitle={recordLabel(record.data)} />
        <Alert
          type="info"
          showIcon
          title={t("errors:document.not_draft")}
          action={<Button onClick={() => navigate(`/${resource.kind}/${record.data.id}`)}>{labels.title}</Button>}
          data-testid="record-not-editable"
        />
      </>
    );
  }
  // Keyed by version: reloading after a conflict starts the form again from the newer record.
  return (
    <RecordForm
      key={record.data ? `${record.data.id}:${record.data.version}` : source.data ? `copy:${source.data.id}` : "new"}
      resource={resource}
      mode={mode}
      record={record.data}
      copied={copied}
      title={title}
    />
  );
}

function RecordForm({
  resource,
  mode,
  record,
  copied,
  title,
}: {
  resource: Resource;
  mode: "create" | "edit";
  record?: DocRecord;
  /** A new record's values taken from another (a copy). */
  copied?: Values;
  title: string;
}) {
  const { t } = useTranslation("records");
  const labels = useLabels(resource.kind);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { baseCurrency } = useTenantSettings();
  const [form] = Form.useForm<Values>();
  const initial = useMemo(
    () => ({ ...initialValues(resource, record), ...(copied ?? {}) }),
    [resource, record, copied],
  );
  const watched = Form.useWatch(everything, { form, preserve: true });
  const values = watched && Object.keys(watched).length > 0 ? watched : initial;
  const currency = useFormCurrency(resource, values, baseCurrency);
  const context: FormContext = { values, mode, currency, baseCurrency };
  const [failure, setFailure] = useState<{ error: unknown; unplaced: FieldProblem[] } | null>(null);
  const [stale, setStale] = useState(false);
  const submission = useSubmissionKey();

  const save = useMutation({
    mutationFn: (body: Values) =>
      mode === "create"
        ? records.create(resource, body, submission.keyFor(body))
        : records.update(resource, record!.id, body),
    onSuccess: (saved) => {
      submission.renew();
      queryClient.setQueryData(recordKeys.one(resource.kind, saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: recordKeys.kind(resource.kind) });
      for (const other of resource.touches ?? []) void queryClient.invalidateQueries({ queryKey: recordKeys.kind(other) });
      message.success(
        t(mode === "create" ? "createdMessage" : "savedMessage", {
          one: labels.one,
          // a record numbered by no series (a reservation) is named as its page names it
          code: saved.code || (resource.describe ? resource.describe(saved, labels) : recordLabel(saved)),
        }),
      );
      // The form is done with: Back from the record goes where the user was before it.
      navigate(`/${resource.kind}/${saved.id}`, { replace: true });
    },
    onError: (error) => {
      if (
        error instanceof ApiProblem &&
        error.status === 409 &&
        mode === "edit" &&
        error.errors.some((problem) => problem.field.endsWith("version"))
      ) {
        setStale(true);
        return;
      }
      setFailure({ error, unplaced: placeProblem(form, error, resource, context) });
    },
  });

  const submit = () => {
    setFailure(null);
    const all = form.getFieldsValue(true) as Values;
    const body =
      mode === "create"
        ? createBody(resource, all, context)
        : updateBody(resource, initial, all, context, record!.version);
    if (!body) {
      void message.info(t("noChanges"));
      return;
    }
    save.mutate(body);
  };

  const reload = async () => {
    // The page's query refetches; the new version re-keys the form with the record as it now is.
    await queryClient.invalidateQueries({ queryKey: recordKeys.one(resource.kind, record!.id) });
  };

  const ready = !resource.submit?.ready || resource.submit.ready(context);
  const submitLabel = resource.submit?.label === "post" ? t("post") : t("common:action.save");
  const cancelTo = record ? `/${resource.kind}/${record.id}` : `/${resource.kind}`;
  const allPlaced =
    failure && failure.error instanceof ApiProblem && failure.error.errors.length > 0 && failure.unplaced.length === 0;

  return (
    <>
      <PageHeader title={title} subtitle={record ? recordLabel(record) : labels.title} />
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t("stale.title")}
          description={t("stale.detail")}
          action={
            <Button onClick={() => void reload()} data-testid="reload-record">
              {t("stale.reload")}
            </Button>
          }
        />
      ) : null}
      {allPlaced ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={t("fixFields")} />
      ) : (
        <ProblemAlert error={failure?.error} unplaced={failure?.unplaced} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        scrollToFirstError={{ block: "center" }}
        data-testid="record-form"
        className="record-form"
      >
        {resource.sections.map((section) => (
          <Card key={section.key} size="small" title={labels.section(section.key)} className="record-section">
            <FieldGrid>
              {section.fields.map((name) => {
                const spec = resource.fields[name];
                return spec && !spec.readOnly && isShown(spec, context) ? (
                  <FieldCell key={name} spec={spec} columns={section.columns}>
                    <FormField
                      kind={resource.kind}
                      name={[name]}
                      spec={spec}
                      context={context}
                      titled={section.fields.length > 1}
                      compact={(section.columns ?? 2) > 2}
                    />
                  </FieldCell>
                ) : null;
              })}
            </FieldGrid>
          </Card>
        ))}
        <div className="record-form-actions">
          <Button onClick={() => navigate(cancelTo)}>{t("common:action.cancel")}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!ready} data-testid="form-submit">
            {submitLabel}
          </Button>
        </div>
      </Form>
    </>
  );
}
