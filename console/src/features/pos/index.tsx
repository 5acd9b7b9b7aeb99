// The point of sale: the registers (pick one to open its till), the till itself (offline first: it rings
// sales from its cached catalog with receipt numbers from its leased blocks, queues them in IndexedDB and syncs
// them when online), the conflicts the server found, and the shifts with their Z reports. Its own menu group
// while the `pos` applet is on and the user may read it.
import { DesktopOutlined, FieldTimeOutlined, WarningOutlined } from "@ant-design/icons";
import { type ComponentType, type LazyExoticComponent } from "react";

import { LoadedPage, lazyPage as page } from "@/app/lazyPage";
import type { Feature } from "@/app/feature";
import { Permitted } from "@/features/records/engine/Permitted";
import "./pos.css";

const APPLET = "pos";
const READ = `${APPLET}:read`;
const SELL = `${APPLET}:sell`;

const RegistersPage = page(() => import("./pages/RegistersPage"), "RegistersPage");
const TillPage = page(() => import("./pages/TillPage"), "TillPage");
const ConflictsPage = page(() => import("./pages/ConflictsPage"), "ConflictsPage");
const ShiftsPage = page(() => import("./pages/ShiftsPage"), "ShiftsPage");
const ShiftPage = page(() => import("./pages/ShiftPage"), "ShiftPage");

function element(Page: LazyExoticComponent<ComponentType>, permission = READ) {
  return (
    <Permitted kind={APPLET} permission={permission}>
      <LoadedPage page={Page} />
    </Permitted>
  );
}

export const feature: Feature = {
  routes: [
    { path: "pos", element: element(RegistersPage) },
    { path: "pos/registers/:id", element: element(TillPage, SELL) },
    { path: "pos/conflicts", element: element(ConflictsPage) },
    { path: "pos/shifts", element: element(ShiftsPage) },
    { path: "pos/shifts/:id", element: element(ShiftPage) },
  ],
  nav: [
    { path: "/pos", label: "pos:nav.registers", group: "sales", applet: APPLET, permission: READ, icon: <DesktopOutlined />, order: 70 },
    { path: "/pos/shifts", label: "pos:nav.shifts", group: "sales", applet: APPLET, permission: READ, icon: <FieldTimeOutlined />, order: 71 },
    { path: "/pos/conflicts", label: "pos:nav.conflicts", group: "sales", applet: APPLET, permission: READ, icon: <WarningOutlined />, order: 72 },
  ],
};
