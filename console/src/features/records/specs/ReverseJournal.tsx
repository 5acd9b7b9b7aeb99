// Reversing a posted journal: a new journal with debits and credits swapped, on a date the user picks.
import { Form, Input } from "antd";
import { useTranslation } from "react-i18next";

import { api, idempotent, unwrap } from "@/api/client";
import { usePermission, useTenantSettings } from "@/auth/me";
import { today } from "@/lib/format";
import type { RecordActionProps } from "../engine/types";
import { ReverseAction } from "./ReverseAction";

export function ReverseJournal({ record }: RecordActionProps) {
  const { t } = useTranslation("records");
  const { timeZone } = useTenantSettings();
  const canReverse = usePermission("journals:reverse");
  if (!canReverse || record.posting_state !== "posted" || record.reversed_by) return null;
  const code = record.code ?? "";
  return (
    <ReverseAction
      kind="journals"
      testId="journal-reverse"
      words={{
        action: t("reverse.action"),
        title: t("reverse.title", { code }),
        date: t("reverse.date"),
        dateRequired: t("requiredShort"),
      }}
      initialDate={today(timeZone)}
      send={(values, key) =>
        unwrap(
          api.POST("/v1/journals/{id}/reverse", {
            params: { path: { id: record.id } },
            body: { date: values.date, memo: values.memo?.trim() || null },
            ...idempotent(key),
          }),
        )
      }
      done={(reversal) => t("reverse.done", { code: reversal.code ?? "" })}
      after={
        <Form.Item name="memo" label={t("fields.memo")} extra={t("reverse.memoHint", { code })}>
          <Input />
        </Form.Item>
      }
    />
  );
}
