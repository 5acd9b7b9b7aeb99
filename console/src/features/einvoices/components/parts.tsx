// What the e-invoice screens share: the state as a coloured tag, the LHDN type by name, a refusal of the
// API in the reader's words, and "Submit now".
import { SendOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Tag } from "antd";
import { useTranslation } from "react-i18next";

import { api, ApiProblem, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { problemDetail, problemMessage, problemText } from "@/lib/problems";
import { einvoiceKeys } from "../lib/api";

export const STATE_COLOURS: Readonly<Record<string, string>> = {
  pending: "gold",
  sending: "blue",
  submitted: "cyan",
  valid: "green",
  invalid: "red",
  refused: "volcano",
  cancelled: "default",
  consolidate: "purple",
  consolidated: "geekblue",
};

export function StateTag({ state, testId = "einvoice-state" }: { state: string; testId?: string }) {
  const { t } = useTranslation("einvoices");
  return (
    <Tag color={STATE_COLOURS[state] ?? "default"} data-testid={testId} data-state={state}>
      {t(`state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

/** "Invoice", "Credit note": LHDN's e-invoice type by its code. */
export function useTypeName(): (code: string) => string {
  const { t } = useTranslation("einvoices");
  return (code) => t(`type.${code}`, { defaultValue: code });
}

/** The API's refusal (a 409: not now; a 422: a field), its field problems each in the reader's words. */
export function EInvoiceProblem({ error, testId = "einvoice-problem" }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : null;
  const lines = problem?.errors.map((item) => problemMessage(item)) ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={problem ? (lines.length === 1 ? lines[0] : problemDetail(problem)) : problemText(error)}
      description={
        lines.length > 1 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : undefined
      }
      data-testid={testId}
    />
  );
}

/** "Submit now": a run for the company at once (the pending e-invoices go, the submitted ones are asked about). */
export function SubmitNow() {
  const { t } = useTranslation("einvoices");
  const { message } = App.useApp();
  const canManage = usePermission("einvoices:manage");
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/einvoicing/run")),
    onSuccess: () => {
      void message.success(t("list.submitNowDone"));
      // the run takes a moment: look again shortly, then as the lists poll
      window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: einvoiceKeys.all }), 1500);
    },
    onError: (error) => {
      void message.error(problemText(error), 8);
    },
  });
  if (!canManage) return null;
  return (
    <Button
      type="primary"
      icon={<SendOutlined />}
      loading={run.isPending}
      onClick={() => run.mutate()}
      data-testid="einvoice-submit-now"
    >
      {t("list.submitNow")}
    </Button>
  );
}
