"""The API keeps its OpenAPI's word under fuzzing: schemathesis (every phase, stateful included)
against `agentstream serve` on PostgreSQL, for a bounded number of cases. Any 5xx, any status
the OpenAPI does not list, any response outside its schema, any error the server logs fails.
`bench/api_fuzz.py` is the long run."""

from pathlib import Path

from tests.api.fuzzing import fuzz, running_service, server_errors
from tests.conftest import new_postgres_database

# Cases per operation and phase: some 800 cases in all, well under a minute.
MAX_EXAMPLES = 5


def test_fuzzed_api_keeps_its_contract(
    postgres_database: str, tmp_path: Path, demo_database: Path
) -> None:
    # A database of its own: the session's is shared with tests that migrate it up and down.
    with (
        new_postgres_database("agentstream_fuzz") as database_url,
        running_service(database_url, tmp_path, demo_database, tmp_path / "server.log") as s,
    ):
        run = fuzz(s, MAX_EXAMPLES, tmp_path, seed=14)
    assert run.returncode == 0, run.output
    assert run.failed == 0 and run.generated == run.passed > 500, run.output
    assert "Stateful" in run.output and "Scenarios:" in run.output, run.output
    assert server_errors(tmp_path / "server.log") == []
