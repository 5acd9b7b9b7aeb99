// Words of a kind's screens. A kind's own wording (records:<kind>.fields.x) wins over the shared one
// (records:fields.x), so most fields need translating once for every collection.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

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

export function useLabels(kind: string): Labels {
  const { t } = useTranslation("records");
  return useMemo(
    () => ({
      title: t(`${kind}.title`),
      one: t(`${kind}.one`),
      many: t(`${kind}.many`),
      field: (name: string) => t([`${kind}.fields.${name}`, `fields.${name}`], { defaultValue: name }),
      help: (name: string) => t([`${kind}.help.${name}`, `help.${name}`], { defaultValue: "" }) || undefined,
      section: (key: string) => t([`${kind}.sections.${key}`, `sections.${key}`], { defaultValue: key }),
      option: (labels: string, value: string) => t(`enums.${labels}.${value}`, { defaultValue: value }),
    }),
    [kind, t],
  );
}
