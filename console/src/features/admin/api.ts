// The control plane's company, users, roles and applet store, as TanStack queries.
import { useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";

export type TenantProfile = Schemas["TenantProfile"];
export type Address = NonNullable<TenantProfile["address"]>;
export type User = Schemas["User"];
export type Invitation = Schemas["Invitation"];
export type InvitationCreated = Schemas["InvitationCreated"];
export type Role = Schemas["Role"];
export type AppletActions = Schemas["AppletActions"];
export type Applet = Schemas["Applet"];

export const keys = {
  tenant: ["platform", "tenant"] as const,
  users: ["platform", "users"] as const,
  invitations: ["platform", "invitations"] as const,
  roles: ["platform", "roles"] as const,
  permissions: ["platform", "permissions"] as const,
  applets: ["platform", "applets"] as const,
};

export function useTenant() {
  return useQuery({ queryKey: keys.tenant, queryFn: () => unwrap(api.GET("/v1/platform/tenant")) });
}

export function useUsers() {
  return useQuery({ queryKey: keys.users, queryFn: () => unwrap(api.GET("/v1/platform/users")) });
}

export function useInvitations(enabled = true) {
  return useQuery({ queryKey: keys.invitations, queryFn: () => unwrap(api.GET("/v1/platform/invitations")), enabled });
}

export function useRoles() {
  return useQuery({ queryKey: keys.roles, queryFn: () => unwrap(api.GET("/v1/platform/roles")) });
}

export function usePermissionCatalogue() {
  return useQuery({
    queryKey: keys.permissions,
    queryFn: () => unwrap(api.GET("/v1/platform/permissions")),
    staleTime: Infinity,
  });
}

export function useApplets() {
  return useQuery({ queryKey: keys.applets, queryFn: () => unwrap(api.GET("/v1/platform/applets")) });
}
