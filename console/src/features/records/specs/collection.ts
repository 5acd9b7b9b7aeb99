// What a collection is, before its fields: kind, API path, menu group, place and icon, and whether
// its records are edited or posted.
import type { ReactNode } from "react";

const collection = <const Kind extends string>(kind: Kind, order: number, icon: ReactNode) => ({
  kind,
  path: `/v1/${kind}` as const,
  icon,
  order,
});

/** Master data: edited and archived. */
export const masterData = <const Kind extends string>(kind: Kind, order: number, icon: ReactNode) => ({
  ...collection(kind, order, icon),
  group: "masterdata" as const,
  editable: true,
});

/** A finance document: created once and posted to the ledger, never edited. */
export const postedDocument = <const Kind extends string>(kind: Kind, order: number, icon: ReactNode) => ({
  ...collection(kind, order, icon),
  group: "finance" as const,
  editable: false,
  posting: true,
});

/** A finance record that is edited, not posted (a recurring journal's template). */
export const financeRecord = <const Kind extends string>(kind: Kind, order: number, icon: ReactNode) => ({
  ...collection(kind, order, icon),
  group: "finance" as const,
  editable: true,
});
