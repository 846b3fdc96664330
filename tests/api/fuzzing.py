"""Fuzzing the API contract: `agentstream serve` as a real process on a loopback port, with a
tenant and its API key, and schemathesis' runner against its OpenAPI (every phase: examples,
coverage, fuzzing with valid and invalid data, stateful sequences). Used by the bounded CI run
(tests/api/test_fuzz.py) and the long one (bench/api_fuzz.py).

The runner is schemathesis' command line: its pytest loader for a schema served by a fixture
needs pytest < 9, and its stateful phase copes with a server whose state changes between
scenarios, where a bare Hypothesis state machine reports the generation as flaky.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

# Every check of the contract; none that judges the service's choices beyond it (such as
# "valid data must get a 2xx": a panel of agents that do not exist is a valid body and a 400).
CONTRACT_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)


@dataclass(frozen=True)
class Service:
    """A running service: its base URL and the headers that authenticate its tenant."""

    url: str
    api_key: str
    tenant_id: str

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header of the tenant."""
        return {"Authorization": f"Bearer {self.api_key}"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the server did not answer /health within {timeout_s} s")


@contextmanager
def running_service(
    database_url: str, data_dir: Path, demo_database: Path, log_file: Path
) -> Iterator[Service]:
    """Create a tenant with the demo content, serve (production mode) and stop at the end."""
    command = Path(sys.executable).with_name("agentstream")
    env = {
        **os.environ,
        "AGENTSTREAM_DATABASE_URL": database_url,
        "AGENTSTREAM_DATA_DIR": str(data_dir),
        "AGENTSTREAM_DEMO_DATABASE_FILE": str(demo_database),
        "AGENTSTREAM_DEV_MODE": "false",
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
        "AGENTSTREAM_SECRET_KEY": secrets.token_urlsafe(32),  # signs stream tokens
    }
    created = subprocess.run(
        [command, "tenants", "create", "fuzz", "--demo-content"],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tenant_id = re.search(r"tenant_id:\s*(\S+)", created)
    api_key = re.search(r"api_key:\s*(\S+)", created)
    assert tenant_id and api_key, created
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log_file.open("wb") as log:
        server = subprocess.Popen(
            [command, "serve", "--port", str(port)],
            env=env,
            cwd=data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(url, server, timeout_s=120)
            yield Service(url, api_key.group(1), tenant_id.group(1))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()  # a shutdown that hangs must not outlive the run
                server.wait()


def server_errors(log_file: Path) -> list[str]:
    """The error records of a server's log: a request can fail inside the server (an exception
    after its response started) while its client sees a status the OpenAPI lists."""
    lines = log_file.read_text(errors="replace").splitlines()
    return [line for line in lines if "[error" in line or "[critical" in line]


@dataclass(frozen=True)
class FuzzRun:
    """What schemathesis reported: its exit code, its output, the test cases it counted."""

    returncode: int
    output: str
    generated: int
    passed: int
    failed: int


def _count(output: str, word: str) -> int:
    found = re.search(rf"(\d+) {word}", output.split("Test cases:")[-1])
    return int(found.group(1)) if found else 0


def fuzz(service: Service, max_examples: int, report_dir: Path, seed: int | None = None) -> FuzzRun:
    """Run schemathesis against the service: `max_examples` per operation and phase."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{service.url}/openapi.json",
        "--header",
        f"Authorization: Bearer {service.api_key}",
        "--checks",
        ",".join(CONTRACT_CHECKS),
        "--mode",
        "all",
        "--max-examples",
        str(max_examples),
        "--request-timeout",
        "60",
        "--report",
        "junit",
        "--report-dir",
        str(report_dir),
        "--no-color",
        *(["--seed", str(seed)] if seed is not None else []),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=report_dir, check=False)
    output = done.stdout + done.stderr
    return FuzzRun(
        done.returncode,
        output,
        _count(output, "generated"),
        _count(output, "passed"),
        _count(output, "failed"),
    )
