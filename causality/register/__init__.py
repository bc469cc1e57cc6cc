"""The case register: assessed cases in SQLite (one machine, no set-up) or PostgreSQL (a centre)."""
