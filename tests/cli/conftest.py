"""Every command runs on a temporary data directory and the shared demo database."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, demo_database: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AGENTSTREAM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AGENTSTREAM_DEMO_DATABASE_FILE", str(demo_database))
    monkeypatch.setenv("AGENTSTREAM_LOG_LEVEL", "WARNING")
    return tmp_path
