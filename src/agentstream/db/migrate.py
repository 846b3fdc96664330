"""Apply the Alembic migrations programmatically (start-up, CLI and tests share this path)."""

import asyncio
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


@dataclass(frozen=True)
class Migration:
    """The database's revision before and after an upgrade (None: no schema yet)."""

    before: str | None
    after: str | None

    @property
    def applied(self) -> bool:
        """Whether the upgrade changed anything."""
        return self.before != self.after


def upgrade_sync(url: str, revision: str = "head") -> Migration:
    """Migrate the database to `revision` (blocking; env.py runs its own event loop)."""
    config = alembic_config(url)
    command.upgrade(config, revision)
    return Migration(
        config.attributes.get("revision_before"), config.attributes.get("revision_after")
    )


async def upgrade(url: str, revision: str = "head") -> Migration:
    """Migrate without blocking the caller's event loop; the revisions before and after."""
    return await asyncio.to_thread(upgrade_sync, url, revision)
