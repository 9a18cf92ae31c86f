"""Tests of the REST API (api/): storage on SQLite and PostgreSQL, and the server over real HTTP."""
