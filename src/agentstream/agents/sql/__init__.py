"""The SQL tool: a read-only, guarded window on a tenant's business database."""
