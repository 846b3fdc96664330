"""The `agentstream` command line."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agentstream.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, demo_database: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AGENTSTREAM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AGENTSTREAM_DEMO_DATABASE_FILE", str(demo_database))
    monkeypatch.setenv("AGENTSTREAM_LOG_LEVEL", "WARNING")
    return tmp_path


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "chat", "tenants", "migrate"):
        assert command in result.output
    assert "AGENTSTREAM_DATA_DIR" in result.output


def test_serve_help_documents_host_port_and_dev() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--dev"):
        assert option in result.output


def test_dev_mode_refuses_a_public_interface() -> None:
    result = runner.invoke(app, ["serve", "--dev", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "127.0.0.1" in result.output


def test_chat_streams_the_answer_in_the_terminal() -> None:
    result = runner.invoke(app, ["chat", "How many technicians are active?"])
    assert result.exit_code == 0, result.output
    assert "10 active technicians" in result.output


def test_chat_verbose_shows_the_tool_call(data_dir: Path) -> None:
    result = runner.invoke(app, ["chat", "--verbose", "Which urgent work orders are still open?"])
    assert result.exit_code == 0, result.output
    assert "[tool_call] SELECT" in result.output
    assert '"route": "sql"' in result.output


# A flag takes no value, so its row goes from the option's name straight to its help text
# (typer 0.29.0-0.29.2 put "<bool>" there: pyproject.toml keeps typer below 0.29).
FLAG_ROWS = {
    (): [r"--version\s+Print the version", r"--help\s+Show this message"],
    ("serve",): [r"--dev\s+Development mode", r"--help\s+Show this message"],
    ("chat",): [r"--verbose\s+-v\s+Show thoughts", r"--help\s+Show this message"],
    ("tenants", "create"): [
        r"--demo-content\s+--no-demo-content\s+Give it",
        r"--help\s+Show this message",
    ],
}


@pytest.mark.parametrize("command", list(FLAG_ROWS), ids=lambda c: " ".join(c) or "main")
def test_help_shows_boolean_flags_without_a_value(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    for row in FLAG_ROWS[command]:
        assert re.search(row, result.output), f"{row!r} not in:\n{result.output}"


def test_chat_rejects_an_empty_question() -> None:
    result = runner.invoke(app, ["chat", ""])
    assert result.exit_code == 2


def test_tenants_create_prints_a_key_once_and_lists_the_tenant(data_dir: Path) -> None:
    created = runner.invoke(app, ["tenants", "create", "Acme Field Services", "--demo-content"])
    assert created.exit_code == 0, created.output
    key_line = next(line for line in created.output.splitlines() if line.startswith("api_key:"))
    key = key_line.split()[-1]
    assert key.startswith("as_") and len(key) > 40
    listed = runner.invoke(app, ["tenants", "list"])
    assert "Acme Field Services" in listed.output
    assert key not in listed.output
    database = (data_dir / "agentstream.sqlite").read_bytes()
    assert key.encode() not in database, "only the digest is stored"
