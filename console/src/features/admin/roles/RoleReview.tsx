// Wizard step 4: what the role will grant, before it is saved.
import { Descriptions, Space, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import type { AppletActions } from "../api";
import { permissionLabel } from "@/lib/permissions";
import { useLabels } from "../labels";
import type { Choice } from "./permissions";
import type { RoleDetails } from "./RoleWizard";

interface ReviewProps {
  details: RoleDetails;
  applets: AppletActions[];
  choice: Choice;
  permissions: string[];
}

export function RoleReview({ details, applets, choice, permissions }: ReviewProps) {
  const { t } = useTranslation("admin");
  const labels = useLabels();
  const columns: TableColumnsType<AppletActions> = [
    { title: t("wizard.matrix.applet"), key: "applet", render: (_, applet) => labels.applet(applet), width: 260 },
    {
      title: t("wizard.review.actions"),
      key: "actions",
      render: (_, applet) => {
        const actions = choice[applet.id] ?? [];
        const all = applet.actions.every((action) => actions.includes(action));
        return (
          <Space size={[0, 4]} wrap>
            {all ? <Tag color="green">{t("wizard.review.allActions")}</Tag> : null}
            {actions.map((action) => (
              <Tag key={action}>{labels.action(action)}</Tag>
            ))}
          </Space>
        );
      },
    },
  ];
  return (
    <div data-testid="role-review">
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        items={[
          { key: "name", label: t("wizard.field.name"), children: <Typography.Text code>{details.name}</Typography.Text> },
          {
            key: "description",
            label: t("wizard.field.description"),
            children: details.description || <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            key: "permissions",
            label: t("wizard.review.permissions"),
            children: (
              <Space size={[0, 4]} wrap>
                {permissions.map((permission) => (
                  <Tag key={permission} title={permission} data-permission={permission}>
                    {permissionLabel(permission)}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <Table<AppletActions> rowKey="id" size="small" columns={columns} dataSource={applets} pagination={false} />
    </div>
  );
}
