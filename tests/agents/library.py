"""A business database that is not the demo's: a lending library (members, books, loans), for
tests of tenants with their own schema, on SQLite and PostgreSQL."""

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
)

metadata = MetaData()
members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False),
    # TEXT, as many schemas declare their categories (SQLite's common case).
    Column("tier", Text, nullable=False),
)
books = Table(
    "books",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("genre", String(30), nullable=False),
)
loans = Table(
    "loans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("book_id", Integer, ForeignKey("books.id"), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id"), nullable=False),
    Column("loaned_on", Date, nullable=False),
    Column("returned_on", Date, nullable=True),
)

GENRES = ("fiction", "history", "poetry", "science")
MEMBERS = [
    {"id": i, "name": f"Member {i}", "tier": "gold" if i % 3 == 0 else "basic"}
    for i in range(1, 16)
]
BOOKS = [{"id": i, "title": f"Book {i}", "genre": GENRES[(i * 7) % 4]} for i in range(1, 31)]
LOANS = [
    {
        "id": i,
        "book_id": (i * 11) % 30 + 1,
        "member_id": (i * 5) % 15 + 1,
        "loaned_on": date(2026, 1, 1) + timedelta(days=i),
        "returned_on": None if i % 4 == 0 else date(2026, 1, 10) + timedelta(days=i),
    }
    for i in range(1, 61)
]
GENRE_LOANS_SQL = (
    "SELECT b.genre, COUNT(*) AS loans FROM loans AS l JOIN books AS b ON b.id = l.book_id "
    "GROUP BY b.genre ORDER BY b.genre"
)


def loans_per_genre() -> list[tuple[str, int]]:
    """What GENRE_LOANS_SQL returns, counted in Python from the rows inserted."""
    genre_of = {book["id"]: book["genre"] for book in BOOKS}
    counts = Counter(genre_of[loan["book_id"]] for loan in LOANS)
    return sorted(counts.items())


def _fill(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        metadata.create_all(connection)
        connection.execute(members.insert(), MEMBERS)
        connection.execute(books.insert(), BOOKS)
        connection.execute(loans.insert(), LOANS)
    engine.dispose()


def sqlite_library(path: Path) -> str:
    """The library in a SQLite file; its data source URL."""
    _fill(f"sqlite:///{path}")
    return f"sqlite:///{path}"


async def _admin(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def postgres_library(admin_url: str) -> Iterator[str]:
    """The library in a new PostgreSQL database, read by a new read-only role; yields the
    data source URL as that role. Both are dropped afterwards."""
    name = f"library_{uuid.uuid4().hex[:10]}"
    role = f"{name}_reader"
    base = admin_url.rsplit("/", 1)[0]
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"', f'CREATE ROLE "{role}" LOGIN'))
    try:
        _fill(f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}")
        asyncio.run(
            _admin(
                f"{base}/{name}",
                f'GRANT USAGE ON SCHEMA public TO "{role}"',
                f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"',
            )
        )
        host = base.split("@", 1)[1]
        yield f"postgresql://{role}@{host}/{name}"
    finally:
        asyncio.run(
            _admin(
                admin_url,
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                f'DROP ROLE IF EXISTS "{role}"',
            )
        )
