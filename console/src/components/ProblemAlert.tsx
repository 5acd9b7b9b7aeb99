import { Alert } from "antd";
import { useTranslation } from "react-i18next";

import { ApiProblem, type FieldProblem } from "@/api/client";
import { fieldPath, problemDetail, problemMessage } from "@/lib/problems";

/** The API's problem details: its detail and any field problems not shown on a form field. */
export function ProblemAlert({ error, unplaced }: { error: unknown; unplaced?: FieldProblem[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : null;
  const rest = unplaced ?? problem?.errors ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={problem?.title ?? t("common:error.title")}
      description={
        <>
          <div>{problem ? problemDetail(problem) : error instanceof Error ? error.message : String(error)}</div>
          {rest.length > 0 ? (
            <ul style={{ margin: "4px 0 0", paddingInlineStart: 20 }}>
              {rest.map((item) => (
                <li key={item.field + item.message}>
                  <strong>{fieldPath(item.field).join(".")}</strong>: {problemMessage(item)}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      }
    />
  );
}
