"""Cross-cutting HTTP concerns: errors, dependencies, SSE, middleware, health."""
