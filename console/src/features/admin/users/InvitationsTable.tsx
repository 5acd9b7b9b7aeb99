// Invitations: pending ones (and when they expire), accepted ones, who invited.
import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Space, Table, Tag } from "antd";
import type { TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { usePermission } from "@/auth/me";
import { DateTimeText } from "@/components/Format";
import { ProblemAlert } from "@/components/ProblemAlert";
import { useInvitations, useUsers, type Invitation } from "../api";
import { InviteModal } from "./InviteModal";

type Shown = "pending" | "accepted" | "expired";

function shownStatus(invitation: Invitation, now: number): Shown {
  if (invitation.status === "accepted") return "accepted";
  return Date.parse(invitation.expires_at) < now ? "expired" : "pending";
}

const COLOUR: Record<Shown, string> = { pending: "gold", accepted: "green", expired: "default" };

export function InvitationsTable() {
  const { t } = useTranslation("admin");
  const canInvite = usePermission("users:invite");
  const invitations = useInvitations();
  const users = useUsers();
  const [inviting, setInviting] = useState(false);
  const [now] = useState(() => Date.now());
  const names = new Map((users.data?.items ?? []).map((user) => [user.id, user.name]));

  const columns: TableColumnsType<Invitation> = [
    { title: t("invitations.field.email"), dataIndex: "email", ellipsis: true },
    {
      title: t("invitations.field.roles"),
      dataIndex: "roles",
      render: (roles: string[]) => (
        <Space size={[0, 4]} wrap>
          {roles.map((role) => (
            <Tag key={role}>{role}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t("invitations.field.status"),
      key: "status",
      width: 120,
      render: (_, invitation) => {
        const status = shownStatus(invitation, now);
        return <Tag color={COLOUR[status]}>{t(`invitations.status.${status}`)}</Tag>;
      },
    },
    {
      title: t("invitations.field.invitedBy"),
      dataIndex: "invited_by",
      render: (id: string) => names.get(id) ?? id,
    },
    { title: t("invitations.field.createdAt"), dataIndex: "created_at", render: (value: string) => <DateTimeText value={value} /> },
    { title: t("invitations.field.expiresAt"), dataIndex: "expires_at", render: (value: string) => <DateTimeText value={value} /> },
  ];

  const items = [...(invitations.data?.items ?? [])].reverse(); // newest first
  return (
    <Card
      title={t("invitations.title")}
      styles={{ body: { padding: 0 } }}
      extra={
        canInvite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setInviting(true)}>
            {t("invitations.invite")}
          </Button>
        ) : null
      }
    >
      {invitations.isError ? (
        <div style={{ padding: 16 }}>
          <ProblemAlert error={invitations.error} />
        </div>
      ) : (
        <Table<Invitation>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={invitations.isPending}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("invitations.empty")} /> }}
          data-testid="invitations-table"
        />
      )}
      <InviteModal open={inviting} onClose={() => setInviting(false)} />
    </Card>
  );
}
