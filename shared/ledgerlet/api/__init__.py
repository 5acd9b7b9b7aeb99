"""HTTP conventions shared by every applet function: resolver, auth, problems, idempotency."""
