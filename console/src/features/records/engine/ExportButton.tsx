// Export: the list as a CSV file, as it is shown (see exportList.ts).
import { DownloadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useTenantSettings } from "@/auth/me";
import { saveFile } from "@/lib/csv";
import { today } from "@/lib/format";
import { problemText } from "@/lib/problems";
import type { AllRecords } from "./client";
import { exportText } from "./exportList";
import type { Labels } from "./labels";
import type { Resource } from "./types";

export function ExportButton({
  resource,
  labels,
  fields,
  rows,
}: {
  resource: Resource;
  labels: Labels;
  /** The columns shown, in order. */
  fields: readonly string[];
  /** Every row the list shows, all pages of its query. */
  rows: () => Promise<AllRecords>;
}) {
  const { t } = useTranslation("records");
  const { t: say } = useTranslation("lists");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { timeZone } = useTenantSettings();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const { items, truncated } = await rows();
      const translate = (key: string, options?: Record<string, unknown>) => String(t(key, options));
      const text = await exportText({ resource, fields, rows: items, labels, t: translate, timeZone, queryClient });
      saveFile(text, `${resource.kind}-${today(timeZone)}.csv`);
      if (truncated) void message.warning(say("export.truncated", { count: items.length }));
    } catch (error) {
      void message.error(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void save()} data-testid="list-export">
      {say("export.csv")}
    </Button>
  );
}
