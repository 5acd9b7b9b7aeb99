// A document's PDF (`GET /v1/<kind>/{id}/pdf?language=`): in the UI's language at a click, the menu offers
// the others. Cash documents print receipts and vouchers; sales documents their invoice, delivery order or
// proforma invoice (titled PROFORMA INVOICE, saying it is not a tax invoice).
import { DownOutlined, FilePdfOutlined, PrinterOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Space } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { download } from "@/api/client";
import { LANGUAGES, type Language } from "@/i18n";
import { problemText } from "@/lib/problems";
import type { RecordActionProps } from "../engine/types";

/** A PDF button whose texts are `<prefix>.action`, `<prefix>.in` and `<prefix>.choose` in `namespace`. */
function pdfAction(namespace: string, prefix: string, icon: ReactNode, testId: string) {
  return function PrintPdf({ resource, record }: RecordActionProps) {
    const { t, i18n } = useTranslation(namespace);
    const { message } = App.useApp();
    const [busy, setBusy] = useState(false);
    const current = (LANGUAGES.find(({ code }) => code === i18n.language)?.code ?? "en") as Language;
    const print = async (language: Language) => {
      setBusy(true);
      try {
        const query = new URLSearchParams({ language });
        await download(`/v1/${resource.kind}/${record.id}/pdf?${query}`, `${record.code ?? record.id}.pdf`);
      } catch (error) {
        void message.error(problemText(error));
      } finally {
        setBusy(false);
      }
    };
    return (
      <Space.Compact>
        <Button icon={icon} loading={busy} onClick={() => void print(current)} data-testid={testId}>
          {t(`${prefix}.action`)}
        </Button>
        <Dropdown
          trigger={["click"]}
          menu={{
            items: LANGUAGES.map(({ code, label }) => ({ key: code, label: t(`${prefix}.in`, { language: label }) })),
            onClick: ({ key }) => void print(key as Language),
          }}
        >
          <Button icon={<DownOutlined />} aria-label={t(`${prefix}.choose`)} data-testid={`${testId}-language`} />
        </Dropdown>
      </Space.Compact>
    );
  };
}

export const PrintSales = pdfAction("sales", "pdf", <FilePdfOutlined />, "sales-pdf");
export const PrintCash = pdfAction("cash", "print", <PrinterOutlined />, "cash-print");
