// A company settings page: its header, the settings loading (or the problem reading them), then a summary
// card (the version read and when the settings last changed, and whatever the page adds) above the page's
// own cards. The forms save with the version read (VersionedSettingsForm).
import { Card, Descriptions, type DescriptionsProps } from "antd";
import type { ReactNode } from "react";

import { DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { ReportBody } from "@/features/ledger/components/ReportLayout";

type SummaryItems = NonNullable<DescriptionsProps["items"]>;

/** The summary's version (test id `<testId>-version`) and when the settings last changed, or `never`. */
export function versionSummary(
  settings: { version: number; updated_at?: string | null },
  labels: { version: string; updatedAt: string; never: string },
  testId: string,
): SummaryItems {
  return [
    {
      key: "version",
      label: labels.version,
      children: <span data-testid={`${testId}-version`}>{settings.version}</span>,
    },
    {
      key: "updated",
      label: labels.updatedAt,
      children: settings.updated_at ? <DateTimeText value={settings.updated_at} /> : labels.never,
    },
  ];
}

export function VersionedSettingsPage<Settings>({
  title,
  subtitle,
  query,
  summary,
  children,
}: {
  title: string;
  subtitle: string;
  /** The settings' query. */
  query: { data: Settings | undefined; error: unknown; isPending: boolean };
  /** What the summary card says: in one row from small screens up (one a row below). */
  summary: (settings: Settings) => SummaryItems;
  /** The page's cards under the summary; key a form by the version, so a save starts it again. */
  children: (settings: Settings) => ReactNode;
}) {
  const settings = query.data;
  const items = settings ? summary(settings) : [];
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <ReportBody error={query.error} loading={query.isPending}>
        {settings ? (
          <>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Descriptions size="small" column={{ xs: 1, sm: items.length }} items={items} />
            </Card>
            {children(settings)}
          </>
        ) : null}
      </ReportBody>
    </>
  );
}
