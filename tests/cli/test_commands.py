"""The `agentstream` command line."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agentstream.cli import app
from tests.cli.checks import assert_fails_cleanly

runner = CliRunner()


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


def test_help_mentions_every_main_setting_and_where_the_rest_are() -> None:
    result = runner.invoke(app, ["--help"])
    for setting in (
        "AGENTSTREAM_DATA_DIR",
        "AGENTSTREAM_DATABASE_URL",
        "AGENTSTREAM_LLM_PROVIDER",
        "AGENTSTREAM_DEV_MODE",
        "AGENTSTREAM_API_KEY",
    ):
        assert setting in result.output
    assert "README" in result.output


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
    assert_fails_cleanly(result, 2)
    assert "'QUESTION'" in result.output


def test_chat_rejects_a_question_over_2000_characters() -> None:
    result = runner.invoke(app, ["chat", "x" * 2001])
    assert_fails_cleanly(result, 2)
    assert "'QUESTION'" in result.output
    assert "2000" in result.output


def test_chat_rejects_a_malformed_conversation_id() -> None:
    result = runner.invoke(app, ["chat", "--conversation-id", "bad id!", "hi"])
    assert_fails_cleanly(result, 2)
    assert "'--conversation-id'" in result.output
    assert "ValidationError" not in result.output


def test_chat_rejects_a_url_that_is_not_http() -> None:
    result = runner.invoke(app, ["chat", "--url", "ftp://127.0.0.1", "hi"])
    assert_fails_cleanly(result, 2)
    assert "'--url'" in result.output


def test_an_invalid_setting_is_named_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENTSTREAM_LLM_PROVIDER", "bogus")
    result = runner.invoke(app, ["migrate"])
    assert_fails_cleanly(result, 2)
    assert result.stderr.startswith("error: invalid configuration: AGENTSTREAM_LLM_PROVIDER: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 201, "Acme\nEvil"],
    ids=["empty", "blank", "over-200", "control-character"],
)
def test_tenants_create_rejects_a_bad_name(name: str, data_dir: Path) -> None:
    result = runner.invoke(app, ["tenants", "create", name])
    assert_fails_cleanly(result, 2)
    assert "'NAME'" in result.output
    assert not (data_dir / "agentstream.sqlite").exists(), "nothing was written"


@pytest.mark.parametrize("url", ["mysql://host/db", "not a url", "sqlite://", "sqlite:///:memory:"])
def test_tenants_create_rejects_a_data_url_the_sql_tool_cannot_open(url: str) -> None:
    result = runner.invoke(app, ["tenants", "create", "Acme", "--data-url", url])
    assert_fails_cleanly(result, 2)
    assert "'--data-url'" in result.output
    assert "sqlite:///" in result.output


def test_tenants_create_strips_the_name(data_dir: Path) -> None:
    created = runner.invoke(app, ["tenants", "create", "  Acme  "])
    assert created.exit_code == 0, created.output
    listed = runner.invoke(app, ["tenants", "list"])
    assert any(line.endswith("  Acme") for line in listed.output.splitlines())


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
