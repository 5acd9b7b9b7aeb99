// Posting exceptions: documents the ledger could not post, why, and a Retry once the cause is fixed.
import { RedoOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Flex, Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { PageHeader } from "@/components/PageHeader";
import { problemText } from "@/lib/problems";
import { SourceLink } from "../components/Figures";
import { ReportBody, ReportCard } from "../components/ReportLayout";
import { TableFooter } from "../components/TableFooter";
import { useExceptions, type PostingException } from "../lib/api";

export function ExceptionsPage() {
  const { t } = useTranslation("ledger");
  const { message } = App.useApp();
  const canRetry = usePermission("ledger:manage");
  const queryClient = useQueryClient();
  const exceptions = useExceptions();
  const items = exceptions.data?.pages.flatMap((page) => page.items) ?? [];
  const retry = useMutation({
    mutationFn: (item: PostingException) =>
      unwrap(
        api.POST("/v1/ledger/exceptions/{document_type}/{document_id}/retry", {
          params: { path: { document_type: item.document_type, document_id: item.document_id } },
        }),
      ),
    onSuccess: (_, item) => {
      void message.success(t("exceptions.retried", { code: item.document_code || item.document_id }));
      void queryClient.invalidateQueries({ queryKey: ["ledger", "exceptions"] });
    },
    onError: (error) => void message.error(problemText(error)),
  });
  const columns: TableColumnsType<PostingException> = [
    { title: t("exceptions.at"), dataIndex: "at", width: 170, render: (value: string) => <DateTimeText value={value} /> },
    {
      title: t("exceptions.document"),
      key: "document",
      width: 200,
      render: (_: unknown, item) => (
        <Flex vertical>
          <SourceLink sourceType={item.document_type} sourceId={item.document_id} sourceCode={item.document_code} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`source.${item.document_type}`, { defaultValue: item.document_type })}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t("exceptions.reason"), dataIndex: "reason" },
    {
      title: <span className="ledger-sr-only">{t("exceptions.actions")}</span>,
      key: "retry",
      width: 120,
      align: "right",
      render: (_: unknown, item) => (
        <Button
          icon={<RedoOutlined />}
          disabled={!canRetry}
          loading={retry.isPending && retry.variables?.document_id === item.document_id}
          onClick={() => retry.mutate(item)}
          aria-label={t("exceptions.retryDocument", { code: item.document_code || item.document_id })}
        >
          {t("exceptions.retry")}
        </Button>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t("exceptions.title")}
        subtitle={t("exceptions.subtitle")}
        extra={
          <Button onClick={() => void exceptions.refetch()} loading={exceptions.isRefetching}>
            {t("common:action.refresh")}
          </Button>
        }
      />
      <ReportBody error={exceptions.error} loading={exceptions.isPending}>
        <ReportCard>
          <Table<PostingException>
            data-testid="exceptions-table"
            rowKey={(item) => `${item.document_type}-${item.document_id}`}
            size="small"
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 720 }}
            locale={{ emptyText: <Empty description={t("exceptions.empty")} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          />
          <TableFooter query={exceptions} />
        </ReportCard>
      </ReportBody>
    </>
  );
}
