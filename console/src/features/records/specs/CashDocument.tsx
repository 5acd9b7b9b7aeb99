// A posted receipt or payment is no dead end: it prints (an Official Receipt or a Payment Voucher, PDF, in
// the UI's language or another), copies into a new form, and reverses with a reason and a date. A reversed
// document and its reversal say so, and link to each other.
import { CopyOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { api, idempotent, unwrap } from "@/api/client";
import { usePermission, useTenantSettings } from "@/auth/me";
import { today } from "@/lib/format";
import { useRecord } from "../engine/client";
import type { DocRecord, RecordActionProps } from "../engine/types";
import { CASH_LINE_FIELDS } from "../engine/values";
import { ReverseAction } from "./ReverseAction";

type CashKind = "receipts" | "payments";
const kindOf = (kind: string): CashKind => (kind === "payments" ? "payments" : "receipts");
const posted = (record: DocRecord) => record.posting_state === "posted";

/** What a copy keeps: who, the cash book, how amounts are written, the memo and the lines; a new date,
 * number and reference are the new document's own. */
export function copyCash(record: DocRecord): Record<string, unknown> {
  const kept = ["cash_book_id", "customer_id", "supplier_id", "party", "amounts_are", "memo"];
  const values: Record<string, unknown> = {};
  for (const name of kept) if (record[name] !== null && record[name] !== undefined) values[name] = record[name];
  const lines = Array.isArray(record.lines) ? (record.lines as Record<string, unknown>[]) : [];
  values.lines = lines.map((line) =>
    Object.fromEntries(CASH_LINE_FIELDS.filter((name) => line[name] != null).map((name) => [name, line[name]])),
  );
  return values;
}

/** "Reversed" or "Reversal", beside the document's actions. */
export function ReversalTag({ record }: RecordActionProps) {
  const { t } = useTranslation("cash");
  if (record.reversed_by) {
    return (
      <Tag color="red" data-testid="cash-reversed-tag">
        {t("status.reversed")}
      </Tag>
    );
  }
  if (record.reverses) {
    return (
      <Tag color="orange" data-testid="cash-reversal-tag">
        {t("status.reversal")}
      </Tag>
    );
  }
  return null;
}

/** The other half of a reversal: which document, when, and why. */
export function ReversalPanel({ resource, record }: RecordActionProps) {
  const { t } = useTranslation("cash");
  const otherId = (record.reversed_by ?? record.reverses) as string | undefined;
  const other = useRecord(resource, otherId ?? null);
  if (!otherId) return null;
  const link = (
    <Link to={`/${resource.kind}/${otherId}`} data-testid="reversal-link">
      {other.data?.code ?? otherId}
    </Link>
  );
  const reason = (record.reversal_reason as string | undefined) ?? "";
  return (
    <Alert
      className="record-section"
      type={record.reversed_by ? "error" : "warning"}
      showIcon
      data-testid="reversal-panel"
      title={
        record.reversed_by ? (
          <>
            {t("reversedBy", { date: (record.reversed_on as string | undefined) ?? "" })} {link}
          </>
        ) : (
          <>
            {t("reverses")} {link}
          </>
        )
      }
      description={reason ? t("reason", { reason }) : undefined}
    />
  );
}


/** Copy: a new document's form with this one's party, cash book, lines and memo. */
export function CopyCash({ resource, record }: RecordActionProps) {
  const { t } = useTranslation("cash");
  const navigate = useNavigate();
  const canCreate = usePermission(`${resource.kind}:create`);
  if (!canCreate || record.reverses) return null;
  return (
    <Button
      icon={<CopyOutlined />}
      onClick={() => navigate(`/${resource.kind}/new?copy=${record.id}`)}
      data-testid="cash-copy"
    >
      {t("copy.action")}
    </Button>
  );
}

/** Reverse: the mirror of the posted document, on a date in an open period, with the reason. */
export function ReverseCash({ resource, record }: RecordActionProps) {
  const { t } = useTranslation("cash");
  const kind = kindOf(resource.kind);
  const { timeZone } = useTenantSettings();
  const canReverse = usePermission(`${kind}:reverse`);
  if (!canReverse || !posted(record) || record.reversed_by || record.reverses) return null;
  const date = record.date as string;
  return (
    <ReverseAction
      kind={kind}
      testId="cash-reverse"
      danger
      words={{
        action: t("reverse.action"),
        title: t("reverse.title", { code: record.code ?? "" }),
        date: t("reverse.date"),
        dateRequired: t("reverse.dateRequired"),
        dateHint: t("reverse.dateHint", { date }),
      }}
      initialDate={today(timeZone) < date ? date : today(timeZone)}
      send={(values, key) => {
        const request = {
          params: { path: { id: record.id } },
          body: { date: values.date, reason: (values.reason ?? "").trim() },
          ...idempotent(key),
        };
        return unwrap(
          kind === "receipts"
            ? api.POST("/v1/receipts/{id}/reverse", request)
            : api.POST("/v1/payments/{id}/reverse", request),
        );
      }}
      done={(reversal) => t("reverse.done", { code: reversal.code ?? "", original: record.code ?? "" })}
      before={
        <Form.Item
          name="reason"
          label={t("reverse.reason")}
          extra={t("reverse.reasonHint")}
          rules={[{ required: true, whitespace: true, message: t("reverse.reasonRequired") }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      }
    />
  );
}
