// A field's value as read on a detail page, in a list cell or in the history: amounts in their
// currency, dates in the company's format, references as links, codes with their names.
import { Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { DateText, Money } from "@/components/Format";
import { useLabels } from "../engine/labels";
import type { Widget } from "../engine/types";
import { CodeText } from "./CodeSelect";
import { ReferenceText } from "./ReferenceSelect";
import { ACCOUNTS } from "./targets";

export function Empty() {
  return <Typography.Text type="secondary">—</Typography.Text>;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

export function FieldValue({
  widget,
  value,
  kind,
  currency,
}: {
  widget: Widget;
  value: unknown;
  kind: string;
  currency?: string | null;
}) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  if (widget.type === "switch") return <>{value ? t("yes") : t("no")}</>;
  if (widget.type === "tristate") {
    return <>{labels.option(widget.labels, value === true ? "yes" : value === false ? "no" : "auto")}</>;
  }
  if (widget.type === "choice" && widget.blank && isBlank(value)) {
    return <>{labels.option(widget.labels, widget.blank)}</>; // what no choice means (an item not tracked)
  }
  if (isBlank(value)) return <Empty />;
  const text = String(value);
  switch (widget.type) {
    case "choice":
      return widget.colours ? (
        <Tag color={widget.colours[text] ?? "default"} data-testid={`tag-${widget.labels}`} data-value={text}>
          {labels.option(widget.labels, text)}
        </Tag>
      ) : (
        <>{labels.option(widget.labels, text)}</>
      );
    case "code":
      return <CodeText table={widget.table} value={text} />;
    case "reference":
      return <ReferenceText target={widget.target} value={text} />;
    case "references":
      return Array.isArray(value) ? (
        <Space size={[8, 4]} wrap>
          {(value as unknown[]).map((id) => (
            <ReferenceText key={String(id)} target={widget.target} value={String(id)} />
          ))}
        </Space>
      ) : (
        <>{text}</>
      );
    case "money":
      return <Money amount={text} currency={currency} />;
    case "decimal":
      return <span className="amount">{text}</span>;
    case "date":
      return <DateText value={text} />;
    case "tags":
      return (
        <Space size={[4, 4]} wrap>
          {(value as string[]).map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Space>
      );
    case "address":
      return <AddressText address={value as Record<string, string | null>} />;
    case "journalLines":
    case "cashLines":
    case "documentLines":
    case "list":
      // The detail page shows lines as tables; elsewhere (history) one short line each.
      return Array.isArray(value) ? (
        <LinesSummary widget={widget} lines={value as Record<string, unknown>[]} kind={kind} currency={currency} />
      ) : (
        <Empty />
      );
    case "group":
      return <>{t("changed")}</>;
    default:
      return <>{text}</>;
  }
}

const SIDES = ["debit", "credit", "amount"] as const;

/** Lines as "6110 — Rental of Premises · Dr 4,200.00", one per row. */
function LinesSummary({
  widget,
  lines,
  kind,
  currency,
}: {
  widget: Widget;
  lines: Record<string, unknown>[];
  kind: string;
  currency?: string | null;
}) {
  const { t } = useTranslation("records");
  if (lines.length === 0) return <Empty />;
  return (
    <ol className="lines-summary">
      {lines.map((line, index) => (
        <li key={index}>
          {widget.type === "documentLines" ? (
            <widget.lines.Summary kind={kind} line={line} />
          ) : widget.type === "list" ? (
            Object.entries(widget.fields).map(([name, spec], position) => (
              <span key={name}>
                {position > 0 ? " · " : null}
                <FieldValue widget={spec.widget} value={line[name]} kind={kind} currency={currency} />
              </span>
            ))
          ) : (
            <>
              {line.account_id ? <ReferenceText target={ACCOUNTS} value={String(line.account_id)} /> : null}
              {SIDES.filter((side) => line[side]).map((side) => (
                <span key={side}>
                  {" · "}
                  {side === "amount" ? "" : `${t(`journal.sides.${side}`)} `}
                  <Money amount={String(line[side])} currency={currency} />
                </span>
              ))}
              {line.memo ? <Typography.Text type="secondary"> · {String(line.memo)}</Typography.Text> : null}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

export function AddressText({ address }: { address: Record<string, string | null> }) {
  const lines = [
    address.line1,
    address.line2,
    address.line3,
    [address.postcode, address.city].filter(Boolean).join(" "),
  ];
  return (
    <address style={{ fontStyle: "normal" }}>
      {lines.filter(Boolean).map((line, index) => (
        <div key={index}>{line}</div>
      ))}
      <div>
        {address.state ? <CodeText table="states" value={address.state} nameOnly /> : null}
        {address.country && address.country !== "MYS" ? (
          <>
            {" "}
            · <CodeText table="countries" value={address.country} nameOnly />
          </>
        ) : null}
      </div>
    </address>
  );
}
