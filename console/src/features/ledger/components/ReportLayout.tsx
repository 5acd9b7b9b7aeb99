// The frame every report shares: its filters in a card, a problem or the report, in a card.
import { Card, Flex, Skeleton } from "antd";
import type { ReactNode } from "react";

import { ProblemAlert } from "@/components/ProblemAlert";
import { BalancedTag } from "./Figures";

export function Filters({ children, label }: { children: ReactNode; label: string }) {
  return (
    <Card size="small" className="ledger-filters" role="search" aria-label={label}>
      {children}
    </Card>
  );
}

export function ReportBody({
  error,
  loading,
  children,
}: {
  error: unknown;
  loading: boolean;
  children: ReactNode;
}) {
  if (error) return <ProblemAlert error={error} />;
  if (loading) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  return <>{children}</>;
}

/** The report's card, its table flush with the edges; titled with the heading and, for the statements
 *  that must agree, whether they balance. */
export function ReportCard({ heading, balanced, children }: { heading?: string; balanced?: boolean; children: ReactNode }) {
  const title =
    heading === undefined ? undefined : (
      <Flex gap="small" align="center" wrap>
        <span>{heading}</span>
        {balanced === undefined ? null : <BalancedTag balanced={balanced} />}
      </Flex>
    );
  return (
    <Card size="small" title={title} styles={{ body: { padding: 0 } }}>
      {children}
    </Card>
  );
}
