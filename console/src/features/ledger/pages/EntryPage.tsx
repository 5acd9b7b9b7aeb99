// One journal entry: when and why it was posted, by which document, and its lines.
import { Card, Descriptions } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { DateText, DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { EntryLines } from "../components/EntryLines";
import { EntryLink, Figure, SourceLink } from "../components/Figures";
import { ReportBody } from "../components/ReportLayout";
import { useEntry } from "../lib/api";

export function EntryPage() {
  const { t } = useTranslation("ledger");
  const { id = "" } = useParams();
  const entry = useEntry(id);
  const data = entry.data;
  return (
    <>
      <PageHeader
        title={t("entry.title", { code: data?.source_code || id })}
        subtitle={data ? <span className="ledger-entry-id">{data.entry_id}</span> : null}
        extra={<Link to="/ledger/entries">{t("entries.title")}</Link>}
      />
      <ReportBody error={entry.error} loading={entry.isPending}>
        {data ? (
          <>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: "date", label: t("column.date"), children: <DateText value={data.date} /> },
                  { key: "period", label: t("entry.period"), children: data.period },
                  { key: "memo", label: t("column.description"), children: data.memo || "—" },
                  {
                    key: "source",
                    label: t("entry.source"),
                    children: (
                      <span data-testid="entry-source">
                        {t(`source.${data.source_type}`, { defaultValue: data.source_type })}{" "}
                        <SourceLink sourceType={data.source_type} sourceId={data.source_id} sourceCode={data.source_code} />
                      </span>
                    ),
                  },
                  { key: "total", label: t("entry.total"), children: <Figure amount={data.total} /> },
                  ...(data.reverses
                    ? [{ key: "reverses", label: t("entry.reverses"), children: <EntryLink entryId={data.reverses} /> }]
                    : []),
                  { key: "posted", label: t("entry.postedAt"), children: <DateTimeText value={data.posted_at} /> },
                  { key: "by", label: t("entry.postedBy"), children: data.posted_by },
                ]}
              />
            </Card>
            <Card size="small" title={t("entry.lines")} styles={{ body: { padding: 0 } }}>
              <EntryLines entry={data} testId="entry-lines" />
            </Card>
          </>
        ) : null}
      </ReportBody>
    </>
  );
}
