import { Tag } from "antd";
import { useTranslation } from "react-i18next";

const STATUS_COLOURS: Record<string, string> = { active: "green", archived: "default" };
const POSTING_COLOURS: Record<string, string> = { pending: "gold", posted: "green", failed: "red" };

export function StatusTag({ status }: { status: string | null | undefined }) {
  const { t } = useTranslation("records");
  if (!status) return null;
  return (
    <Tag color={STATUS_COLOURS[status] ?? "default"} data-testid="status">
      {t(`enums.status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function PostingTag({ state }: { state: string | null | undefined }) {
  const { t } = useTranslation("records");
  if (!state) return null;
  return (
    <Tag color={POSTING_COLOURS[state] ?? "default"} data-testid="posting-state" data-state={state}>
      {t(`enums.posting_state.${state}`, { defaultValue: state })}
    </Tag>
  );
}
