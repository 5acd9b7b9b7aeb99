// The signed-in layout: menu by group (applets switched off and pages not permitted are hidden), the
// company, the language switch and the user menu.
import { LogoutOutlined, MenuOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Result, Select, Spin, Typography } from "antd";
import type { MenuProps } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";

import { can, MeProvider, useMeQuery, type Me } from "@/auth/me";
import { session } from "@/auth/session";
import { LANGUAGES } from "@/i18n";
import { problemText } from "@/lib/problems";
import { NAV_GROUPS, type NavItem } from "./feature";
import { headerTools, navItems } from "./registry";

function visible(item: NavItem, me: Me): boolean {
  if (item.applet && !me.applets.includes(item.applet)) return false;
  return !item.permission || can(me, item.permission);
}

function useMenu(me: Me): MenuProps["items"] {
  const { t } = useTranslation();
  return useMemo(
    () =>
      NAV_GROUPS.flatMap((group): NonNullable<MenuProps["items"]> => {
        const items = navItems.filter((item) => item.group === group && visible(item, me));
        if (items.length === 0) return [];
        const entries = items.map((item) => ({
          key: item.path,
          icon: item.icon,
          label: <Link to={item.path}>{t(item.label)}</Link>,
        }));
        return group === "home" ? entries : [{ type: "group" as const, key: group, label: t(`nav.${group}`), children: entries }];
      }),
    [me, t],
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t("language")}
      data-testid="language-switch"
      value={i18n.language}
      onChange={(language) => void i18n.changeLanguage(language)}
      options={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
      style={{ width: 150 }}
    />
  );
}

function SignedIn({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const compact = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menuItems = useMenu(me);
  const selected = navItems
    .map((item) => item.path)
    .filter((path) => location.pathname === path || location.pathname.startsWith(path + "/"))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  const menu = (
    <nav aria-label={t("nav.main")}>
      <Menu mode="inline" selectedKeys={selected} items={menuItems} onClick={() => setDrawerOpen(false)} />
    </nav>
  );
  const userMenu: MenuProps["items"] = [
    { key: "profile", icon: <UserOutlined />, label: <Link to="/settings/company">{t("company")}</Link> },
    {
      key: "logout",
      icon: <LogoutOutlined />,
      label: t("logout"),
      onClick: () => {
        session.end();
        navigate("/login");
      },
    },
  ];
  return (
    <MeProvider me={me}>
      <Layout style={{ minHeight: "100vh" }}>
        {compact ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={260} title="Ledgerlet">
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={232} theme="light" style={{ borderRight: "1px solid #f0f0f0" }}>
            <Link to="/" className="brand" aria-label="Ledgerlet home">
              Ledgerlet
            </Link>
            {menu}
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Header className="app-header">
            <Flex align="center" gap="small" style={{ minWidth: 0 }}>
              {compact ? (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t("nav.open")}
                  onClick={() => setDrawerOpen(true)}
                />
              ) : null}
              <Typography.Text strong ellipsis data-testid="company-name">
                {me.tenant.legal_name}
              </Typography.Text>
            </Flex>
            <Flex align="center" gap="small">
              {headerTools.map((Tool, index) => (
                <Tool key={index} />
              ))}
              <LanguageSwitch />
              <Dropdown menu={{ items: userMenu }} trigger={["click"]}>
                <Button icon={<UserOutlined />} data-testid="user-menu">
                  {screens.md ? me.user.name : null}
                </Button>
              </Dropdown>
            </Flex>
          </Layout.Header>
          <Layout.Content className="app-content" id="main">
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </MeProvider>
  );
}

/** The shell for signed-in pages; sends anyone signed out to the login page. */
export function Shell() {
  const { t } = useTranslation();
  const location = useLocation();
  const signedIn = session.isSignedIn();
  const me = useMeQuery(signedIn);
  if (!signedIn) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (me.isPending) {
    return (
      <Flex justify="center" align="center" style={{ minHeight: "100vh" }}>
        <Spin size="large" aria-label={t("loading")} />
      </Flex>
    );
  }
  if (me.isError) {
    return <Result status="error" title={t("error.title")} subTitle={problemText(me.error)} />;
  }
  return <SignedIn me={me.data} />;
}
