"""`agentstream migrate` says what it did: the revision it applied, or that there was nothing."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

from agentstream.cli.main import app
from agentstream.db.migrate import alembic_config
from tests.conftest import _postgres_reachable, new_postgres_database

runner = CliRunner()
HEAD = ScriptDirectory.from_config(alembic_config("")).get_current_head()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema yet, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    reason = asyncio.run(_postgres_reachable())
    if reason:
        pytest.skip(reason)
    with new_postgres_database("agentstream_migrate") as url:
        yield url


def test_migrate_names_the_revision_it_applied_then_says_current(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTSTREAM_DATABASE_URL", empty_database_url)
    first = runner.invoke(app, ["migrate"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"migrated from an empty database to {HEAD}"
    again = runner.invoke(app, ["migrate"])
    assert again.exit_code == 0, again.output
    assert again.output.strip() == f"database already current at revision {HEAD}"
