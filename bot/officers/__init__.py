"""Officers' accounts for the dashboard: argon2-hashed passwords, lockout after repeated
failures and server-side sessions, all in the concern database (so every server process sees
the same state)."""
