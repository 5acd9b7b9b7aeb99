// Amounts as report columns show them, and the small marks reports share.
import { CheckCircleFilled, WarningFilled } from "@ant-design/icons";
import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useFormatters } from "@/components/Format";
import { isZero, negate } from "../lib/money";
import { entryRoute, sourceRoute } from "../lib/links";

/** An amount in a report column; `blankZero` leaves zero cells empty (the other side of a debit/credit). */
export function Figure({
  amount,
  blankZero,
  strong,
  currency,
}: {
  amount: string | null | undefined;
  blankZero?: boolean;
  strong?: boolean;
  currency?: string;
}) {
  const { amount: format } = useFormatters();
  if (amount === null || amount === undefined || (blankZero && isZero(amount))) return null;
  const text = <span className="amount">{format(amount, currency)}</span>;
  return strong ? <strong>{text}</strong> : text;
}

/** A signed balance (debit positive) as an amount with Dr or Cr. */
export function DebitCredit({ amount, strong }: { amount: string | null | undefined; strong?: boolean }) {
  const { t } = useTranslation("ledger");
  const { amount: format } = useFormatters();
  if (amount === null || amount === undefined) return null;
  const credit = amount.trim().startsWith("-") && !isZero(amount);
  const text = (
    <span className="amount">
      {format(credit ? negate(amount) : amount)}{" "}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {isZero(amount) ? "" : credit ? t("side.cr") : t("side.dr")}
      </Typography.Text>
    </span>
  );
  return strong ? <strong>{text}</strong> : text;
}

export function BalancedTag({ balanced, testId = "balanced" }: { balanced: boolean; testId?: string }) {
  const { t } = useTranslation("ledger");
  return balanced ? (
    <Tag color="success" icon={<CheckCircleFilled />} data-testid={testId} data-balanced="true">
      {t("balanced")}
    </Tag>
  ) : (
    <Tag color="error" icon={<WarningFilled />} data-testid={testId} data-balanced="false">
      {t("unbalanced")}
    </Tag>
  );
}

/** The document that posted an entry: a link to its page (or its code when it has none). */
export function SourceLink({
  sourceType,
  sourceId,
  sourceCode,
}: {
  sourceType: string;
  sourceId: string;
  sourceCode: string;
}) {
  const { t } = useTranslation("ledger");
  const route = sourceRoute(sourceType, sourceId);
  const label = sourceCode || sourceId;
  if (!label) return null;
  const kind = t(`source.${sourceType}`, { defaultValue: sourceType });
  if (!route) return <span title={kind}>{label}</span>;
  return (
    <Link to={route} title={kind} aria-label={`${kind} ${label}`}>
      {label}
    </Link>
  );
}

export function EntryLink({ entryId }: { entryId: string }) {
  const { t } = useTranslation("ledger");
  return (
    <Link to={entryRoute(entryId)} aria-label={t("entry.open", { id: entryId })} title={entryId} className="ledger-entry-id">
      {entryId}
    </Link>
  );
}
