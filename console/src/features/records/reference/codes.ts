// LHDN MyInvois code tables for selects. The JSON files are copies of shared/ledgerlet/reference/data
// (the API validates against those; tests/browser/test_records.py checks the copies are identical).
// The two large tables (MSIC, units) are loaded on first use, in their own chunks.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import classifications from "./data/classifications.json";
import countries from "./data/countries.json";
import states from "./data/states.json";
import taxTypes from "./data/tax_types.json";

export type CodeTableName = "states" | "countries" | "msic" | "units" | "classifications" | "tax_types";
type Table = Record<string, string>;

const EAGER: Partial<Record<CodeTableName, Table>> = {
  states,
  countries,
  classifications,
  tax_types: taxTypes,
};
const LAZY: Partial<Record<CodeTableName, () => Promise<{ default: Table }>>> = {
  msic: () => import("./data/msic.json"),
  units: () => import("./data/units.json"),
};

/** Units most businesses use, offered first. */
const COMMON_UNITS = [
  "C62",
  "H87",
  "EA",
  "SET",
  "PR",
  "DZN",
  "KGM",
  "GRM",
  "LTR",
  "MLT",
  "MTR",
  "XBX",
  "XCT",
  "XPK",
  "HUR",
  "DAY",
  "MON",
  "E48",
  "LS",
];
/** Tables whose names the console translates (records:codes.<table>.<code>); the rest show LHDN's. */
const TRANSLATED: readonly CodeTableName[] = ["states", "tax_types"];

export interface CodeEntry {
  code: string;
  label: string;
}

/** A code table's entries (code and its name in the reader's language), loading it if needed. */
export function useCodeTable(name: CodeTableName): { entries: CodeEntry[]; loading: boolean } {
  const { t } = useTranslation("records");
  const eager = EAGER[name];
  const loaded = useQuery({
    queryKey: ["code-table", name],
    queryFn: async () => (await LAZY[name]!()).default,
    enabled: !eager,
    staleTime: Infinity,
  });
  const table = eager ?? loaded.data;
  if (!table) return { entries: [], loading: loaded.isPending };
  let codes = Object.keys(table);
  if (name === "units")
    codes = [...COMMON_UNITS.filter((code) => code in table), ...codes.filter((code) => !COMMON_UNITS.includes(code))];
  const translate = TRANSLATED.includes(name);
  return {
    entries: codes.map((code) => ({
      code,
      label: translate ? t(`codes.${name}.${code}`, { defaultValue: table[code] }) : table[code],
    })),
    loading: false,
  };
}

/** The name of one code, e.g. state "14" → "W.P. Kuala Lumpur". */
export function useCodeLabel(name: CodeTableName, code: string | null | undefined): string | undefined {
  const { entries } = useCodeTable(name);
  if (!code) return undefined;
  return entries.find((entry) => entry.code === code)?.label;
}

/**
 * A code table's names in the reader's language, loaded if needed, for text written outside React (a
 * list export): `translate(key, fallback)` is records' t with a default value.
 */
export async function codeNames(
  name: CodeTableName,
  translate: (key: string, fallback: string) => string,
): Promise<(code: string) => string | undefined> {
  const table = EAGER[name] ?? (await LAZY[name]!()).default;
  const translated = TRANSLATED.includes(name);
  return (code) => {
    if (!(code in table)) return undefined;
    return translated ? translate(`codes.${name}.${code}`, table[code]) : table[code];
  };
}
