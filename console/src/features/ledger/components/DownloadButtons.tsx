// CSV and XLSX downloads of a report: the report's own query with `format`, saved under the name the
// API gives in its Content-Disposition.
import { DownloadOutlined, FileExcelOutlined } from "@ant-design/icons";
import { App, Button, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { download } from "@/api/client";
import { problemText } from "@/lib/problems";
import { downloadPath } from "../lib/api";

type Format = "csv" | "xlsx";

export function DownloadButtons({
  path,
  query,
  filename,
  disabled,
}: {
  path: string;
  query: object;
  /** Without the extension, e.g. `trial-balance-2026-01-2026-11`. */
  filename: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation("ledger");
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);
  const save = async (format: Format) => {
    setBusy(format);
    try {
      await download(downloadPath(path, query, format), `${filename}.${format}`);
    } catch (error) {
      void message.error(problemText(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space.Compact>
      <Button icon={<DownloadOutlined />} loading={busy === "csv"} disabled={disabled} onClick={() => void save("csv")}>
        {t("download.csv")}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === "xlsx"}
        disabled={disabled}
        onClick={() => void save("xlsx")}
      >
        {t("download.xlsx")}
      </Button>
    </Space.Compact>
  );
}
