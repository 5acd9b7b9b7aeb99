// An API problem on a form: field problems go on their fields (`applyProblem`); an alert shows the
// problem's detail only when something is not already shown on a field.
import type { FormInstance } from "antd";
import { useCallback, useState } from "react";

import { ApiProblem, type FieldProblem } from "@/api/client";
import { ProblemAlert } from "@/components/ProblemAlert";
import { applyProblem } from "@/lib/problems";

interface Shown {
  error: unknown;
  unplaced: FieldProblem[];
}

export function useFormProblem(form: FormInstance) {
  const [shown, setShown] = useState<Shown | null>(null);
  const show = useCallback((error: unknown) => setShown({ error, unplaced: applyProblem(form, error) }), [form]);
  const clear = useCallback(() => setShown(null), []);
  return { show, clear, shown };
}

export function FormProblemAlert({ shown }: { shown: Shown | null }) {
  if (!shown) return null;
  const { error, unplaced } = shown;
  const allOnFields = error instanceof ApiProblem && error.errors.length > 0 && unplaced.length === 0;
  if (allOnFields) return null;
  return <ProblemAlert error={error} unplaced={unplaced} />;
}
