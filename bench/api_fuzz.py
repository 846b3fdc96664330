"""The long API contract fuzzing run: schemathesis against `agentstream serve` on PostgreSQL.

Every phase (examples, coverage, fuzzing with valid and invalid data, stateful sequences), with
the contract checks of tests/api/test_fuzz.py: any 5xx, any status the OpenAPI does not list,
any response outside its schema, any error the server logs is a failure. Prints the test cases
generated, passed and failed, the server's errors and the time taken; exits non-zero on any
failure or under `--min-cases` cases.

    python -m bench.api_fuzz [--max-examples 1000] [--min-cases 20000] [--seed N]

(as a module from the repository root: it shares the service launcher and the database set-up
of the tests; the PostgreSQL server is AGENTSTREAM_TEST_POSTGRES_URL's, as for the tests).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from agentstream.demo.fieldservice.generator import ensure_sqlite_database
from tests.api.fuzzing import fuzz, running_service, server_errors
from tests.conftest import new_postgres_database


def main() -> int:
    """Fuzz a fresh service and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-examples", type=int, default=1000)
    parser.add_argument("--min-cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="agentstream-fuzz-"))
    demo = ensure_sqlite_database(work / "fieldservice.sqlite")
    started = time.perf_counter()
    with (
        new_postgres_database("agentstream_fuzz") as database_url,
        running_service(database_url, work, demo, work / "server.log") as service,
    ):
        run = fuzz(service, options.max_examples, work, seed=options.seed)
    elapsed = time.perf_counter() - started
    errors = server_errors(work / "server.log")
    print(run.output.split("=== SUMMARY ===")[-1].strip())
    print(
        f"\ncases generated: {run.generated}  passed: {run.passed}  failed: {run.failed}  "
        f"time: {elapsed:.0f} s  ({run.generated / elapsed:.1f} cases/s)\n"
        f"errors in the server log: {len(errors)}\n"
        f"server log and reports: {work}"
    )
    if run.returncode != 0 or run.failed or errors:
        print(run.output, *errors, sep="\n", file=sys.stderr)
        return 1
    return 0 if run.generated >= options.min_cases else 2


if __name__ == "__main__":
    sys.exit(main())
