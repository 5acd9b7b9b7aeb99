// The signed-in user, their permissions, the applets switched on and the company (GET /v1/platform/me).
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, type ReactNode } from "react";

import { api, ApiProblem, unwrap, type Schemas } from "@/api/client";
import { session } from "@/auth/session";
import { DEFAULT_TIME_ZONE } from "@/lib/format";

export type Me = Schemas["Me"];

const MeContext = createContext<Me | null>(null);

/**
 * The last answer, kept with the session (which forgets it on sign-out and expiry), so the console (the
 * till) can start after a reload while offline. It only renders screens: every API call still
 * carries the session's token, and the server decides.
 */
async function fetchMe(): Promise<Me> {
  const remembered = session.rememberedMe() as Me | null;
  if (!navigator.onLine && remembered) return remembered;
  try {
    const me = await unwrap(api.GET("/v1/platform/me"));
    session.rememberMe(me);
    return me;
  } catch (error) {
    if (remembered && error instanceof ApiProblem && error.status === 0) return remembered; // the network is down
    throw error;
  }
}

/** `enabled`: false while signed out, so no request is made that can only answer 401. */
export function useMeQuery(enabled = true) {
  return useQuery({
    queryKey: ["me"],
    queryFn: fetchMe,
    staleTime: 60_000,
    // Asked even while the browser says it is offline: the remembered answer then stands in.
    networkMode: "always",
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
