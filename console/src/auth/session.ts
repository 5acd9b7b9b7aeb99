// The signed-in session: tokens in localStorage, refreshed before they expire; expiry is announced so
// the app can send the user back to the login page with a message.

export interface Tokens {
  id_token: string;
  refresh_token?: string | null;
  expires_in: number;
  email?: string;
}

interface Stored extends Tokens {
  expires_at: number; // epoch ms
}

const KEY = "ledgerlet.session";
const LAST_EMAIL_KEY = "ledgerlet.lastEmail"; // kept after expiry, to pre-fill the login form
const ME_KEY = "ledgerlet.me"; // the last GET /v1/platform/me of this session, to start offline
const REFRESH_MARGIN_MS = 60_000;
type Listener = (reason: "signed-in" | "signed-out" | "expired") => void;

class Session {
  private listeners = new Set<Listener>();
  private refreshing: Promise<string | null> | null = null;

  private read(): Stored | null {
    try {
      const raw = localStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Stored) : null;
    } catch {
      return null;
    }
  }

  isSignedIn(): boolean {
    return this.read() !== null;
  }

  /** The signed-in user's e-mail, or the last one that signed in on this browser. */
  email(): string | undefined {
    return this.read()?.email ?? localStorage.getItem(LAST_EMAIL_KEY) ?? undefined;
  }

  start(tokens: Tokens, email?: string): void {
    const previous = this.read();
    const stored: Stored = {
      ...tokens,
      refresh_token: tokens.refresh_token ?? previous?.refresh_token,
      email: email ?? previous?.email,
      expires_at: Date.now() + tokens.expires_in * 1000,
    };
    if (!previous) localStorage.removeItem(ME_KEY); // a new sign-in: nothing kept from an earlier one
    localStorage.setItem(KEY, JSON.stringify(stored));
    if (stored.email) localStorage.setItem(LAST_EMAIL_KEY, stored.email);
    this.emit("signed-in");
  }

  end(): void {
    localStorage.removeItem(KEY);
    localStorage.removeItem(ME_KEY);
    this.emit("signed-out");
  }

  expire(): void {
    localStorage.removeItem(KEY);
    localStorage.removeItem(ME_KEY);
    this.emit("expired");
  }

  /** Keep the signed-in user's profile (GET /v1/platform/me) for a start while offline. */
  rememberMe(me: unknown): void {
    const stored = this.read();
    if (stored) localStorage.setItem(ME_KEY, JSON.stringify({ email: stored.email ?? "", me }));
  }

  /** The profile kept by `rememberMe`, only while the same user is signed in. */
  rememberedMe(): unknown {
    const stored = this.read();
    if (!stored) return null;
    try {
      const raw = localStorage.getItem(ME_KEY);
      const kept = raw ? (JSON.parse(raw) as { email?: string; me?: unknown }) : null;
      return kept && kept.email === (stored.email ?? "") ? (kept.me ?? null) : null;
    } catch {
      return null;
    }
  }

  /** The id token, refreshed first when it is about to expire; null when signed out or expired. */
  async validToken(): Promise<string | null> {
    const stored = this.read();
    if (!stored) return null;
    if (stored.expires_at - Date.now() > REFRESH_MARGIN_MS) return stored.id_token;
    if (!stored.refresh_token) {
      if (stored.expires_at > Date.now()) return stored.id_token;
      this.expire();
      return null;
    }
    this.refreshing ??= this.refresh(stored).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refresh(stored: Stored): Promise<string | null> {
    let answer: Response;
    try {
      answer = await fetch("/v1/platform/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: stored.refresh_token }),
      });
    } catch {
      // Offline (a till in an outage): keep the session and try again later; a request made with the old
      // token fails offline anyway, and the API refuses it if it has expired by the time it gets there.
      return stored.id_token;
    }
    try {
      if (!answer.ok) throw new Error(String(answer.status));
      const tokens = (await answer.json()) as Tokens;
      this.start(tokens);
      return tokens.id_token;
    } catch {
      this.expire();
      return null;
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(reason: Parameters<Listener>[0]): void {
    this.listeners.forEach((listener) => listener(reason));
  }
}

export const session = new Session();
