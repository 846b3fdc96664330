"""Service database: engine, declarative base, migrations."""
