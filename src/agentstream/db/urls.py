"""Database URLs as people write them, turned into the driver each use needs.

One rule for every URL the service reads: `postgresql://` (or `postgres://`, with any driver
name) means PostgreSQL, `sqlite:///path` means a SQLite file. The service database is opened
with the async drivers (asyncpg, aiosqlite); a tenant's data source is opened by the SQL tool,
which talks to asyncpg and sqlite3 directly.
"""

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

POSTGRES_SCHEMES = frozenset({"postgresql", "postgres"})
URL_EXAMPLES = "postgresql://user:password@host/db or sqlite:///path/to/file.db"


class DatabaseUrlError(ValueError):
    """A URL that names no database the service can open; the message says what is expected."""


def _parse(url: str) -> URL:
    try:
        return make_url(url.strip())
    except ArgumentError:
        raise DatabaseUrlError(f"not a database URL; expected {URL_EXAMPLES}") from None


def _backend(parsed: URL) -> str:
    backend = parsed.drivername.split("+", 1)[0]
    return "postgresql" if backend in POSTGRES_SCHEMES else backend


def _sqlite_file(parsed: URL) -> bool:
    return parsed.database not in (None, "", ":memory:")


def service_database_url(url: str) -> str:
    """The service database URL with its async driver: `postgresql://` becomes
    `postgresql+asyncpg://`, `sqlite://` becomes `sqlite+aiosqlite://`."""
    parsed = _parse(url)
    backend = _backend(parsed)
    if backend == "postgresql":
        driver = "postgresql+asyncpg"
    elif backend == "sqlite":
        driver = "sqlite+aiosqlite"
    else:
        raise DatabaseUrlError(f"unsupported database {backend!r}; expected {URL_EXAMPLES}")
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def data_source_url(url: str) -> str:
    """A tenant's business database URL as the SQL tool opens it: `postgresql://...` (any
    driver name given is dropped) or `sqlite:///path` (a file, not an in-memory database)."""
    parsed = _parse(url)
    backend = _backend(parsed)
    if backend == "postgresql":
        return parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    if backend == "sqlite" and _sqlite_file(parsed):
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    raise DatabaseUrlError(f"unsupported data source; expected {URL_EXAMPLES}")


def is_postgres(url: str) -> bool:
    """Whether `url` names a PostgreSQL database (whatever its driver)."""
    return _backend(_parse(url)) == "postgresql"
