// Shown after sign-up while onboarding still runs (the API answered 202): polls the signed-in user's
// company until it is active.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Result, Spin } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { api, unwrap } from "@/api/client";
import { problemText } from "@/lib/problems";

const POLL_MS = 2000;

export function SettingUp({ onReady }: { onReady: () => void }) {
  const { t } = useTranslation("auth");
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.GET("/v1/platform/me")),
    refetchInterval: (query) => (query.state.data?.tenant.status === "provisioning" ? POLL_MS : false),
  });
  const status = me.data?.tenant.status;

  useEffect(() => {
    if (status === "active") {
      void queryClient.invalidateQueries({ queryKey: ["me"] });
      onReady();
    }
  }, [status, onReady, queryClient]);

  if (status === "failed" || me.isError) {
    return (
      <Result
        status="error"
        title={t("signup.settingUp.failed")}
        subTitle={me.isError ? problemText(me.error) : t("signup.settingUp.failedDetail")}
        extra={
          <Link to="/login">
            <Button type="primary">{t("signup.toLogin")}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <div role="status" aria-live="polite" data-testid="setting-up">
      <Result icon={<Spin size="large" />} title={t("signup.settingUp.heading")} subTitle={t("signup.settingUp.detail")} />
    </div>
  );
}
