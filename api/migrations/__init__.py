"""Alembic migrations of the API's database (run by `api.migrate.upgrade`, so by `reconcile serve`)."""
