// Words of a kind's screens. A kind's own wording (records:<kind>.fields.x) wins over the shared one
// (records:fields.x), so most fields need translating once for every collection. A kind may keep its
// words in a namespace of its own, named after it (locales/<language>/stock-entries.json: title, one,
// many, fields, help, sections, enums); they win over the records namespace's.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import i18n from "@/i18n";

export interface Labels {
  /** "Customers" */
  title: string;
  /** "customer", for "New customer" */
  one: string;
  /** "customers", for "No customers yet" */
  many: string;
  field: (name: string) => string;
  help: (name: string) => string | undefined;
  section: (key: string) => string;
  option: (labels: string, value: string) => string;
}

/** Whether a kind's words are in a namespace of their own. */
export function hasOwnWords(kind: string): boolean {
  return i18n.hasResourceBundle("en", kind);
}

/** The keys a kind's word is looked up by, first found wins: its own namespace's, then the records'. */
function keysOf(kind: string, key: string, shared?: string): string[] {
  const own = hasOwnWords(kind) ? [`${kind}:${key}`] : [];
  return [...own, `records:${kind}.${key}`, ...(shared ? [`records:${shared}`] : [])];
}

/** "records:customers.title", or "stock-entries:title" for a kind with words of its own (menu entries). */
export function titleKey(kind: string): string {
  return hasOwnWords(kind) ? `${kind}:title` : `records:${kind}.title`;
}

export function useLabels(kind: string): Labels {
  const { t } = useTranslation("records");
  return useMemo(
    () => ({
      title: t(keysOf(kind, "title")),
      one: t(keysOf(kind, "one")),
      many: t(keysOf(kind, "many")),
      field: (name: string) => t(keysOf(kind, `fields.${name}`, `fields.${name}`), { defaultValue: name }),
      help: (name: string) => t(keysOf(kind, `help.${name}`, `help.${name}`), { defaultValue: "" }) || undefined,
      section: (key: string) => t(keysOf(kind, `sections.${key}`, `sections.${key}`), { defaultValue: key }),
      option: (labels: string, value: string) =>
        t([...(hasOwnWords(kind) ? [`${kind}:enums.${labels}.${value}`] : []), `records:enums.${labels}.${value}`], {
          defaultValue: value,
        }),
    }),
    [kind, t],
  );
}
