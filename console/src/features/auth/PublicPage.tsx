// The frame of the pages outside the signed-in shell: a centred card with the brand and the language
// switch.
import { Card, Flex, Typography } from "antd";
import { useEffect, type ReactNode } from "react";

import { LanguageSwitch } from "@/app/Shell";

export function PublicPage({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  useEffect(() => {
    document.title = `${title} · Ledgerlet`;
  }, [title]);
  return (
    <main className="public-page">
      <Card className="public-card" style={wide ? { maxWidth: 760 } : undefined}>
        <Flex justify="space-between" align="center" gap="small" wrap style={{ marginBottom: 8 }}>
          <span className="brand" style={{ padding: 0 }}>
            Ledgerlet
          </span>
          <LanguageSwitch />
        </Flex>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 8 }}>
          {title}
        </Typography.Title>
        {children}
      </Card>
    </main>
  );
}
