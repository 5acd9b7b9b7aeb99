// The applet store: every applet by category, switched on or off for the company. Core applets are
// always on. A change refreshes `me`, so the menu shows or hides the applet's pages.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Card, Col, Flex, Row, Switch, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import type { paths } from "@/api/schema";
import { usePermission } from "@/auth/me";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { keys, useApplets, type Applet } from "../api";
import { byCategory, slug, useLabels } from "../labels";

/** The catalogue's applet ids, as the API documents its path parameter. */
type AppletId = paths["/v1/platform/applets/{applet_id}"]["put"]["parameters"]["path"]["applet_id"];

function AppletCard({ applet, onToggle, busy, canManage }: { applet: Applet; onToggle: (on: boolean) => void; busy: boolean; canManage: boolean }) {
  const { t } = useTranslation("admin");
  const labels = useLabels();
  const name = labels.applet(applet);
  const toggle = (
    <Switch
      checked={applet.enabled}
      disabled={applet.core || !canManage}
      loading={busy}
      onChange={onToggle}
      aria-label={t("store.switch", { name })}
      data-testid={`applet-switch-${applet.id}`}
    />
  );
  const reason = applet.core ? t("store.coreTooltip") : !canManage ? t("store.noPermission") : null;
  return (
    <Card size="small" style={{ height: "100%" }} styles={{ body: { height: "100%" } }} data-testid={`applet-${applet.id}`}>
      <Flex vertical gap={8} style={{ height: "100%" }}>
        <Flex justify="space-between" align="start" gap="small">
          <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
            {name}
          </Typography.Title>
          {reason ? (
            <Tooltip title={reason}>
              {/* A disabled switch gets no pointer events: the wrapper carries the tooltip. */}
              <span style={{ display: "inline-flex" }}>
                {toggle}
              </span>
            </Tooltip>
          ) : (
            toggle
          )}
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: 0, flex: 1 }}>
          {labels.appletDescription(applet)}
        </Typography.Paragraph>
        <Flex gap={4} align="center" wrap>
          {applet.core ? <Tag color="blue">{t("store.core")}</Tag> : null}
          {applet.enabled ? null : <Tag>{t("store.off")}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("store.actions")} {applet.actions.map(labels.action).join(" · ")}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  );
}

export function AppletStorePage() {
  const { t } = useTranslation("admin");
  const { message } = App.useApp();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const canManage = usePermission("store:manage");
  const applets = useApplets();

  const toggle = useMutation({
    mutationFn: ({ applet, enabled }: { applet: Applet; enabled: boolean }) =>
      unwrap(api.PUT("/v1/platform/applets/{applet_id}", { params: { path: { applet_id: applet.id as AppletId } }, body: { enabled } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.applets, (list: { items: Applet[] } | undefined) =>
        list ? { items: list.items.map((item) => (item.id === saved.id ? saved : item)) } : list,
      );
      void queryClient.invalidateQueries({ queryKey: ["me"] });
      void message.success(t(saved.enabled ? "store.switchedOn" : "store.switchedOff", { name: labels.applet(saved) }));
    },
  });

  return (
    <>
      <PageHeader title={t("store.title")} subtitle={t("store.subtitle")} />
      {toggle.isError ? <ProblemAlert error={toggle.error} /> : null}
      {applets.isError ? <ProblemAlert error={applets.error} /> : null}
      {applets.isPending ? <Card loading aria-busy="true" /> : null}
      <Flex vertical gap={24}>
        {byCategory(applets.data?.items ?? []).map(([category, items]) => (
          <section key={category} aria-labelledby={`category-${slug(category)}`}>
            <Typography.Title level={2} id={`category-${slug(category)}`} style={{ fontSize: 17, marginTop: 0 }}>
              {labels.category(category)}{" "}
              <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: "normal" }}>
                {t("store.enabledCount", { count: items.filter((item) => item.enabled).length, total: items.length })}
              </Typography.Text>
            </Typography.Title>
            <Row gutter={[16, 16]}>
              {items.map((applet) => (
                <Col key={applet.id} xs={24} sm={12} lg={8} xxl={6}>
                  <AppletCard
                    applet={applet}
                    canManage={canManage}
                    busy={toggle.isPending && toggle.variables?.applet.id === applet.id}
                    onToggle={(enabled) => toggle.mutate({ applet, enabled })}
                  />
                </Col>
              ))}
            </Row>
          </section>
        ))}
      </Flex>
    </>
  );
}
