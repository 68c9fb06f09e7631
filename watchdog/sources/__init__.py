"""Where inventories come from: a live PostgreSQL catalog, stored queries, dump files."""
