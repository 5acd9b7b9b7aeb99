// The frame every report shares: its filters in a card, a problem or the report, in a card.
import { Card, Skeleton } from "antd";
import type { ReactNode } from "react";

import { ProblemAlert } from "@/components/ProblemAlert";

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
