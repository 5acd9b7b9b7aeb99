// The company's users: roles as tags, status, and (with users:update) changing roles and enabling or
// disabling. The API refuses (409) to leave the company without an active admin; that is shown above
// the table, not in a toast that disappears.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, ApiProblem, unwrap } from "@/api/client";
import { useMe, usePermission } from "@/auth/me";
import { ProblemAlert } from "@/components/ProblemAlert";
import { keys, useUsers, type User } from "../api";
import { EditRolesModal } from "./EditRolesModal";

interface StatusFailure {
  user: User;
  error: unknown;
}

export function UsersTable() {
  const { t } = useTranslation("admin");
  const { message } = App.useApp();
  const me = useMe();
  const canUpdate = usePermission("users:update");
  const queryClient = useQueryClient();
  const users = useUsers();
  const [editing, setEditing] = useState<User | null>(null);
  const [failure, setFailure] = useState<StatusFailure | null>(null);

  const setStatus = useMutation({
    mutationFn: ({ user, status }: { user: User; status: User["status"] }) =>
      unwrap(api.PATCH("/v1/platform/users/{user_id}", { params: { path: { user_id: user.id } }, body: { status } })),
    onMutate: () => setFailure(null),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.users });
      void message.success(t(saved.status === "active" ? "users.enabled" : "users.disabled", { name: saved.name }));
    },
    onError: (error, { user }) => setFailure({ user, error }),
  });

  const columns: TableColumnsType<User> = [
    {
      title: t("users.field.name"),
      dataIndex: "name",
      render: (name: string, user) => (
        <Space size={4} wrap>
          <Typography.Text strong>{name}</Typography.Text>
          {user.id === me.user.id ? <Tag>{t("users.you")}</Tag> : null}
        </Space>
      ),
    },
    { title: t("users.field.email"), dataIndex: "email", ellipsis: true },
    {
      title: t("users.field.roles"),
      dataIndex: "roles",
      render: (roles: string[]) =>
        roles.length ? (
          <Space size={[0, 4]} wrap>
            {roles.map((role) => (
              <Tag key={role} color={role === "admin" ? "geekblue" : undefined}>
                {role}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t("users.noRoles")}</Typography.Text>
        ),
    },
    {
      title: t("users.field.status"),
      dataIndex: "status",
      width: 110,
      render: (status: User["status"]) => (
        <Tag color={status === "active" ? "green" : "default"}>{t(`users.status.${status}`)}</Tag>
      ),
    },
  ];
  if (canUpdate) {
    columns.push({
      title: <span>{t("users.field.actions")}</span>,
      key: "actions",
      width: 220,
      render: (_, user) => {
        const disabling = user.status === "active";
        return (
          <Space size={4} wrap>
            <Button size="small" onClick={() => setEditing(user)} aria-label={t("users.editRolesOf", { name: user.name })}>
              {t("users.editRoles")}
            </Button>
            <Popconfirm
              title={t(disabling ? "users.confirmDisable" : "users.confirmEnable", { name: user.name })}
              description={disabling ? t("users.confirmDisableDetail") : undefined}
              okText={t(disabling ? "users.disable" : "users.enable")}
              cancelText={t("common:action.cancel")}
              okButtonProps={{ danger: disabling }}
              onConfirm={() => setStatus.mutate({ user, status: disabling ? "disabled" : "active" })}
            >
              <Button
                size="small"
                danger={disabling}
                loading={setStatus.isPending && setStatus.variables?.user.id === user.id}
                aria-label={t(disabling ? "users.disableUser" : "users.enableUser", { name: user.name })}
              >
                {t(disabling ? "users.disable" : "users.enable")}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    });
  }

  const lastAdmin = failure?.error instanceof ApiProblem && failure.error.status === 409;
  return (
    <Card title={t("users.title")} styles={{ body: { padding: 0 } }}>
      {failure ? (
        <div style={{ padding: "16px 16px 0" }}>
          {lastAdmin ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              closable={{ onClose: () => setFailure(null), "aria-label": t("close") }}
              title={t("users.statusRefused", { name: failure.user.name })}
              description={(failure.error as ApiProblem).detail}
              data-testid="user-status-error"
            />
          ) : (
            <ProblemAlert error={failure.error} />
          )}
        </div>
      ) : null}
      {users.isError ? (
        <div style={{ padding: 16 }}>
          <ProblemAlert error={users.error} />
        </div>
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items}
          loading={users.isPending}
          pagination={false}
          scroll={{ x: 760 }}
          data-testid="users-table"
        />
      )}
      <EditRolesModal user={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
