"""The demo: a fictional city records system on an embedded PostgreSQL."""
