"""A small run of `bench/disconnect_stress.py` on PostgreSQL: clients that drop their streams at
random points and resume them lose no event, and leave no run unfinished and no connection
inside a transaction."""

from pathlib import Path

from bench.disconnect_stress import stress

from tests.conftest import POSTGRES_URL


async def test_disconnects_and_resumes_lose_nothing_on_postgresql(
    postgres_database: str, tmp_path: Path
) -> None:
    # `postgres_database` only makes the test skip, with its reason, when PostgreSQL is away;
    # the stress creates a database of its own on the same server.
    figures = await stress(
        POSTGRES_URL,
        turns=30,
        panels=3,
        concurrency=15,
        token_delay_ms=30,
        seed=13,
        log_path=tmp_path / "server.log",
    )
    assert figures.jobs + figures.abandoned_requests == 33
    assert figures.resumes > 0
    assert figures.failures() == [], figures.details
