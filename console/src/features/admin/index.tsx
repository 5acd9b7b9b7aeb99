// Administration: the company profile, users and invitations, roles (with the permission wizard) and
// the applet store.
import { AppstoreOutlined, BankOutlined, SafetyCertificateOutlined, TeamOutlined } from "@ant-design/icons";

import type { Feature } from "@/app/feature";
import { AppletStorePage } from "./applets/AppletStorePage";
import { CompanyPage } from "./company/CompanyPage";
import { RoleEditorPage } from "./roles/RoleEditorPage";
import { RolesPage } from "./roles/RolesPage";
import { UsersPage } from "./users/UsersPage";

export const feature: Feature = {
  routes: [
    { path: "settings/company", element: <CompanyPage /> },
    { path: "settings/users", element: <UsersPage /> },
    { path: "settings/roles", element: <RolesPage /> },
    { path: "settings/roles/new", element: <RoleEditorPage /> },
    { path: "settings/roles/:role", element: <RoleEditorPage /> },
    { path: "settings/applets", element: <AppletStorePage /> },
  ],
  nav: [
    { path: "/settings/company", label: "admin:nav.company", group: "admin", icon: <BankOutlined />, permission: "company:read", order: 900 },
    { path: "/settings/users", label: "admin:nav.users", group: "admin", icon: <TeamOutlined />, permission: "users:read", order: 910 },
    { path: "/settings/roles", label: "admin:nav.roles", group: "admin", icon: <SafetyCertificateOutlined />, permission: "roles:read", order: 920 },
    { path: "/settings/applets", label: "admin:nav.applets", group: "admin", icon: <AppstoreOutlined />, permission: "store:read", order: 930 },
  ],
};
