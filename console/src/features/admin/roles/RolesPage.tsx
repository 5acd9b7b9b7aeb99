// The company's roles: built-in and custom, what they grant, who holds them; create and edit through
// the wizard, delete custom roles no one holds.
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { api, unwrap } from "@/api/client";
import { usePermission } from "@/auth/me";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { permissionLabel } from "@/lib/permissions";
import { keys, useRoles, type Role } from "../api";
import { useLabels } from "../labels";

const SHOWN_PERMISSIONS = 6;

function Permissions({ permissions }: { permissions: string[] }) {
  const { t } = useTranslation("admin");
  useTranslation(); // re-render on a language change: the labels come from permissionLabel
  const shown = permissions.slice(0, SHOWN_PERMISSIONS);
  const more = permissions.length - shown.length;
  return (
    <Space size={[0, 4]} wrap>
      {shown.map((permission) => (
        <Tag key={permission} title={permission} style={{ fontSize: 12 }}>
          {permissionLabel(permission)}
        </Tag>
      ))}
      {more > 0 ? (
        <Tooltip title={permissions.slice(SHOWN_PERMISSIONS).map(permissionLabel).join(", ")}>
          <Tag tabIndex={0}>{t("roles.more", { count: more })}</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}

export function RolesPage() {
  const { t } = useTranslation("admin");
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const labels = useLabels();
  const canManage = usePermission("roles:manage");
  const roles = useRoles();

  const remove = useMutation({
    mutationFn: (name: string) => unwrap(api.DELETE("/v1/platform/roles/{role}", { params: { path: { role: name } } })),
    onSuccess: (_, name) => {
      void queryClient.invalidateQueries({ queryKey: keys.roles });
      void message.success(t("roles.deleted", { name }));
    },
  });

  const columns: TableColumnsType<Role> = [
    {
      title: t("roles.field.name"),
      dataIndex: "name",
      width: 200,
      render: (name: string, role) => (
        <Space size={4} wrap>
          {canManage && !role.built_in ? (
            <Link to={`/settings/roles/${name}`}>
              <Typography.Text strong>{name}</Typography.Text>
            </Link>
          ) : (
            <Typography.Text strong>{name}</Typography.Text>
          )}
          <Tag color={role.built_in ? "blue" : "purple"}>{t(role.built_in ? "roles.builtIn" : "roles.custom")}</Tag>
        </Space>
      ),
    },
    { title: t("roles.field.description"), key: "description", render: (_, role) => labels.roleDescription(role) },
    { title: t("roles.field.permissions"), dataIndex: "permissions", render: (permissions: string[]) => <Permissions permissions={permissions} /> },
    { title: t("roles.field.users"), dataIndex: "users", width: 90, align: "right", render: (count: number) => <span className="amount">{count}</span> },
  ];
  if (canManage) {
    columns.push({
      title: <span>{t("roles.field.actions")}</span>,
      key: "actions",
      width: 200,
      render: (_, role) => {
        if (role.built_in) return null;
        return (
          <Space size={4} wrap>
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => navigate(`/settings/roles/${role.name}`)}
              aria-label={t("roles.editRole", { name: role.name })}
            >
              {t("common:action.edit")}
            </Button>
            <Popconfirm
              title={t("roles.confirmDelete", { name: role.name })}
              description={role.users > 0 ? t("roles.inUse", { count: role.users }) : t("roles.confirmDeleteDetail")}
              okText={t("roles.delete")}
              okButtonProps={{ danger: true }}
              cancelText={t("common:action.cancel")}
              onConfirm={() => remove.mutate(role.name)}
            >
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                loading={remove.isPending && remove.variables === role.name}
                aria-label={t("roles.deleteRole", { name: role.name })}
              >
                {t("roles.delete")}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    });
  }

  return (
    <>
      <PageHeader
        title={t("roles.title")}
        subtitle={t("roles.subtitle")}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/settings/roles/new")}>
              {t("roles.new")}
            </Button>
          ) : null
        }
      />
      {remove.isError ? <ProblemAlert error={remove.error} /> : null}
      {roles.isError ? (
        <ProblemAlert error={roles.error} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Role>
            rowKey="name"
            size="middle"
            columns={columns}
            dataSource={roles.data?.items}
            loading={roles.isPending}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="roles-table"
          />
        </Card>
      )}
    </>
  );
}
