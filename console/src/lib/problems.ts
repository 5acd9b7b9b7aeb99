// Problem details from the API shown where they belong: field errors on the form's fields, the rest as
// a message.
import type { FormInstance } from "antd";

import { ApiProblem, type FieldProblem } from "@/api/client";

/** `body.lines.0.debit` → ["lines", 0, "debit"]. */
export function fieldPath(field: string): (string | number)[] {
  const parts = field.split(".").filter((part) => part !== "body" && part !== "query" && part !== "");
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Put each field problem on its form field; returns the problems no field of the form holds. */
export function applyProblem(form: FormInstance, error: unknown): FieldProblem[] {
  if (!(error instanceof ApiProblem)) return [];
  const known = new Set(Object.keys(form.getFieldsValue() ?? {})); // registered fields only
  const placed: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: FieldProblem[] = [];
  for (const problem of error.errors) {
    const name = fieldPath(problem.field);
    if (name.length > 0 && known.has(String(name[0]))) placed.push({ name, errors: [problem.message] });
    else rest.push(problem);
  }
  form.setFields(placed);
  return rest;
}

/** One line for a message or alert. */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    const fields = error.errors.map((problem) => `${fieldPath(problem.field).join(".")}: ${problem.message}`);
    return [error.detail, ...fields].filter(Boolean).join(" — ");
  }
  return error instanceof Error ? error.message : String(error);
}
