// The typed client over the public API. Types come from `schema.d.ts`, generated from /v1/openapi.json.
import createClient, { type Middleware } from "openapi-fetch";

import { session } from "@/auth/session";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type FieldProblem = Schemas["FieldProblem"];

/** An error answer of the API (RFC 9457 problem details), thrown by `unwrap`. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  /** What the whole problem is (e.g. `forbidden.permission`), when it has a code of its own. */
  readonly code: string | null;
  readonly params: Record<string, unknown>;

  constructor(status: number, body: Partial<Schemas["ProblemDetails"]> | undefined) {
    const detail = body?.detail ?? body?.title ?? `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.title = body?.title ?? `HTTP ${status}`;
    this.detail = detail;
    this.errors = body?.errors ?? [];
    this.code = body?.code ?? null;
    this.params = body?.params ?? {};
  }
}

const auth: Middleware = {
  async onRequest({ request }) {
    if (request.url.includes("/v1/platform/login") || request.url.includes("/v1/platform/signup")) return request;
    const token = await session.validToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    else if (!new URL(request.url).pathname.startsWith("/v1/platform/")) {
      // Signed out (a query refetching as the session ends): answer here, without a request the API
      // could only refuse.
      return new Response(JSON.stringify({ title: "Signed out", status: 401, detail: "Not signed in" }), {
        status: 401,
        headers: { "Content-Type": "application/problem+json" },
      });
    }
    if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
      request.headers.set("Idempotency-Key", crypto.randomUUID());
    }
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && session.isSignedIn()) session.expire();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer, or an `ApiProblem` thrown for an error answer. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    throw new ApiProblem(0, { title: "Network error", detail: String(error) });
  }
  if (!result.response.ok) {
    throw new ApiProblem(result.response.status, result.error as Partial<Schemas["ProblemDetails"]>);
  }
  return result.data as T;
}

/** Headers for a POST a user may submit twice: the same key makes the API answer the first result. */
export function idempotent(key: string): { headers: Record<string, string> } {
  return { headers: { "Idempotency-Key": key } };
}

/** Download a report file (CSV/XLSX) with the caller's token. */
export async function download(path: string, filename: string): Promise<void> {
  const token = await session.validToken();
  const answer = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!answer.ok) throw new ApiProblem(answer.status, await answer.json().catch(() => undefined));
  const url = URL.createObjectURL(await answer.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
