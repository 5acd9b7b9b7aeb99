// The signed-in user, their permissions, the applets switched on and the company (GET /v1/platform/me).
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, type ReactNode } from "react";

import { api, unwrap, type Schemas } from "@/api/client";
import { DEFAULT_TIME_ZONE } from "@/lib/format";

export type Me = Schemas["Me"];

const MeContext = createContext<Me | null>(null);

/** `enabled`: false while signed out, so no request is made that can only answer 401. */
export function useMeQuery(enabled = true) {
  return useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.GET("/v1/platform/me")),
    staleTime: 60_000,
    enabled,
  });
}

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside the signed-in shell");
  return me;
}

/** The company's time zone and base currency, for formatting. */
export function useTenantSettings(): { timeZone: string; baseCurrency: string } {
  const me = useContext(MeContext);
  return {
    timeZone: me?.tenant.time_zone || DEFAULT_TIME_ZONE,
    baseCurrency: me?.tenant.base_currency || "MYR",
  };
}

/**
 * May the user do `<applet>:<action>`: is the applet switched on, and do they hold the permission (roles
 * may grant `*` or `<applet>:*`)? An applet switched off takes its screens, buttons and fields with it.
 */
export function can(me: Me, permission: string): boolean {
  const [applet, action] = permission.split(":");
  if (!me.applets.includes(applet)) return false;
  return me.permissions.some((granted) => {
    if (granted === "*") return true;
    const [grantedApplet, grantedAction] = granted.split(":");
    return (grantedApplet === "*" || grantedApplet === applet) && (grantedAction === "*" || grantedAction === action);
  });
}

export function usePermission(permission: string): boolean {
  return can(useMe(), permission);
}
