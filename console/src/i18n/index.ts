// English, Simplified Chinese and Bahasa Melayu. Each feature keeps its own namespace files in
// src/locales/<language>/<namespace>.json; they are all bundled (they are small).
import "dayjs/locale/ms";
import "dayjs/locale/zh-cn";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import { dayjs } from "@/lib/format";

export const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "zh-CN", label: "简体中文" },
  { code: "ms", label: "Bahasa Melayu" },
] as const;
export type Language = (typeof LANGUAGES)[number]["code"];

const files = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json", { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, module] of Object.entries(files)) {
  const [, language, namespace] = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
  if (language && namespace) (resources[language] ??= {})[namespace] = module.default;
}

const LANGUAGE_KEY = "ledgerlet.language";
const saved = localStorage.getItem(LANGUAGE_KEY);

/** The language a browser asks for (e.g. "zh-TW", "ms-MY"), as one the console has. */
function fromBrowser(language: string): Language {
  if (language.startsWith("zh")) return "zh-CN";
  if (language.startsWith("ms")) return "ms";
  return "en";
}

const initial: Language = LANGUAGES.some(({ code }) => code === saved)
  ? (saved as Language)
  : fromBrowser(navigator.language);

void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: "en",
  defaultNS: "common",
  ns: Object.keys(resources.en ?? { common: {} }),
  interpolation: { escapeValue: false },
  showSupportNotice: false,
  returnNull: false,
});

const DAYJS_LOCALES: Record<Language, string> = { en: "en", "zh-CN": "zh-cn", ms: "ms" };

// Registered before any component subscribes, so dates are formatted in the new language's pattern
// by the re-render the change causes.
function applyLanguage(language: string): void {
  dayjs.locale(DAYJS_LOCALES[language as Language] ?? "en");
  document.documentElement.lang = language;
}
i18n.on("languageChanged", (language) => {
  localStorage.setItem(LANGUAGE_KEY, language);
  applyLanguage(language);
});
applyLanguage(initial);

export default i18n;
