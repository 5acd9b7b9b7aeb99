// Problem details from the API shown where they belong: field errors on the form's fields, the rest as
// a message.
import type { FormInstance } from "antd";

import { ApiProblem, type FieldProblem } from "@/api/client";
import i18n from "@/i18n";
import { appletLabel, permissionLabel } from "@/lib/permissions";

/**
 * A field problem in the user's language: its code's message (locales/<language>/errors.json) with the
 * code's params; the API's English message for a code the console does not know yet.
 */
export function problemMessage(problem: Pick<FieldProblem, "code" | "params" | "message">): string {
  const params: Record<string, unknown> = { ...(problem.params ?? {}), defaultValue: problem.message };
  const examples = params.examples;
  if (Array.isArray(examples) && examples.length > 0) params.example = anyOf(examples.map(String));
  if (typeof params.permission === "string") params.permission = permissionLabel(params.permission);
  if (typeof params.applet === "string") params.applet = appletLabel(params.applet);
  return problem.code && problem.code !== "rule" && i18n.exists(problem.code, { ns: "errors" })
    ? i18n.t(problem.code, { ns: "errors", ...params })
    : problem.message;
}

/** A whole problem in the user's language (a 403 names the permission missing), else the API's detail. */
export function problemDetail(problem: ApiProblem): string {
  if (problem.code) return problemMessage({ code: problem.code, params: problem.params, message: problem.detail });
  // the field problems say what is wrong, each in the user's language; the API's detail repeats them in English
  return problem.errors.length > 0 ? i18n.t("common:error.fields") : problem.detail;
}

/** Is this the API refusing for want of a permission (or a switched-off applet)? */
export function isForbidden(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem && error.status === 403;
}

/** `body.lines.0.debit` → ["lines", 0, "debit"]. */
export function fieldPath(field: string): (string | number)[] {
  const parts = field.split(".").filter((part) => part !== "body" && part !== "query" && part !== "");
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The name paths of the fields the form has registered (shown), joined with dots. */
function registeredFields(form: FormInstance): Set<string> {
  const names = new Set<string>();
  form.getFieldsValue(true, (meta) => {
    if (meta) names.add(meta.name.join("."));
    return false;
  });
  return names;
}

/**
 * Put each field problem on the form field it names, or on the nearest enclosing field the form shows
 * (`barcodes.2` → `barcodes`); answers the problems no field shows, for an alert.
 */
export function applyProblem(form: FormInstance, error: unknown): FieldProblem[] {
  if (!(error instanceof ApiProblem)) return [];
  const registered = registeredFields(form);
  const placed: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: FieldProblem[] = [];
  for (const problem of error.errors) {
    const path = fieldPath(problem.field);
    let depth = path.length;
    while (depth > 0 && !registered.has(path.slice(0, depth).join("."))) depth -= 1;
    if (depth > 0) placed.push({ name: path.slice(0, depth), errors: [problemMessage(problem)] });
    else rest.push(problem);
  }
  form.setFields(placed);
  return rest;
}

/** One line for a message or alert. */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    const fields = error.errors.map((problem) => `${fieldPath(problem.field).join(".")}: ${problemMessage(problem)}`);
    return [problemDetail(error), ...fields].filter(Boolean).join(" — ");
  }
  return error instanceof Error ? error.message : String(error);
}

/** "C2584563200 or IG12345678901", with the language's own "or". */
function anyOf(examples: string[]): string {
  return new Intl.ListFormat(i18n.language, { type: "disjunction" }).format(examples);
}

/** A format's message before sending, as the API would answer it (`format.tin` and its examples). */
export function formatMessage(code: string, examples: string[]): string {
  return i18n.t(code, { ns: "errors", example: anyOf(examples) });
}
