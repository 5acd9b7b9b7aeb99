// Logging in and sending the user on: shared by the login, sign-up and invitation pages.
import { api, ApiProblem, unwrap, type Schemas } from "@/api/client";
import { session } from "@/auth/session";

export async function logIn(email: string, password: string): Promise<void> {
  const address = email.trim().toLowerCase();
  const tokens = await unwrap(api.POST("/v1/platform/login", { body: { email: address, password } }));
  session.start(tokens, address);
}

/** The `next` query parameter when it is a path of this app (never another origin), else "/". */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}

/** Sign-up answers 201 (ready) or 202 (onboarding still running): the caller needs the status. */
export async function signUp(body: Schemas["SignupRequest"]): Promise<{ status: number; body: Schemas["SignupResponse"] }> {
  let result;
  try {
    result = await api.POST("/v1/platform/signup", { body });
  } catch (error) {
    throw new ApiProblem(0, { title: "Network error", detail: String(error) });
  }
  if (!result.response.ok || !result.data) {
    throw new ApiProblem(result.response.status, result.error as Partial<Schemas["ProblemDetails"]> | undefined);
  }
  return { status: result.response.status, body: result.data };
}
