// A role's permissions ("<applet>:<action>", "<applet>:*", "*:<action>", "*") as the wizard's choice
// of applets and actions, and back. Wildcards are expanded against the catalogue when a role is
// edited; an applet with every action chosen is written as "<applet>:*" so actions added later are
// granted too.
import type { AppletActions } from "../api";

/** Chosen actions per applet id (only applets with at least one entry are chosen). */
export type Choice = Record<string, string[]>;

export function choiceFromPermissions(permissions: string[], catalogue: AppletActions[]): Choice {
  const choice: Choice = {};
  const grant = (applet: AppletActions, action: string) => {
    if (!applet.actions.includes(action)) return;
    const actions = (choice[applet.id] ??= []);
    if (!actions.includes(action)) actions.push(action);
  };
  for (const permission of permissions) {
    const [appletId, action] = permission === "*" ? ["*", "*"] : permission.split(":");
    for (const applet of catalogue) {
      if (appletId !== "*" && appletId !== applet.id) continue;
      for (const candidate of applet.actions) if (action === "*" || action === candidate) grant(applet, candidate);
    }
  }
  for (const applet of catalogue) choice[applet.id]?.sort((a, b) => applet.actions.indexOf(a) - applet.actions.indexOf(b));
  return choice;
}

export function permissionsFromChoice(choice: Choice, catalogue: AppletActions[]): string[] {
  const permissions: string[] = [];
  for (const applet of catalogue) {
    const actions = choice[applet.id] ?? [];
    if (actions.length === 0) continue;
    if (applet.actions.every((action) => actions.includes(action))) permissions.push(`${applet.id}:*`);
    else permissions.push(...applet.actions.filter((action) => actions.includes(action)).map((action) => `${applet.id}:${action}`));
  }
  return permissions;
}

/** Every action any applet has, in first-seen catalogue order (the matrix's columns). */
export function allActions(applets: AppletActions[]): string[] {
  const actions: string[] = [];
  for (const applet of applets) for (const action of applet.actions) if (!actions.includes(action)) actions.push(action);
  return actions;
}

/** What a chosen action needs besides itself, as "<applet>:<action>" (a receipt's form reads accounts). */
function needsOf(applet: AppletActions, action: string): string[] {
  return applet.needs?.[action] ?? [];
}

/**
 * The choice with everything its actions need added (a cashier's "create receipts" grants reading accounts,
 * tax codes and cash books), and which chosen actions brought each addition.
 */
export function withNeeds(choice: Choice, catalogue: AppletActions[]): { choice: Choice; added: Map<string, string[]> } {
  const next: Choice = Object.fromEntries(Object.entries(choice).map(([id, actions]) => [id, [...actions]]));
  const added = new Map<string, string[]>();
  const byId = new Map(catalogue.map((applet) => [applet.id, applet]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, actions] of Object.entries(next)) {
      const applet = byId.get(id);
      if (!applet) continue;
      for (const action of actions) {
        for (const permission of needsOf(applet, action)) {
          const [neededId, neededAction] = permission.split(":");
          if (!byId.get(neededId)?.actions.includes(neededAction)) continue;
          const granted = (next[neededId] ??= []);
          if (!granted.includes(neededAction)) {
            granted.push(neededAction);
            changed = true;
          }
          if (!(choice[neededId] ?? []).includes(neededAction)) {
            added.set(permission, [...(added.get(permission) ?? []), `${id}:${action}`]);
          }
        }
      }
    }
  }
  return { choice: next, added };
}
