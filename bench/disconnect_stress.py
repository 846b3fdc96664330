"""Disconnect stress on PostgreSQL: chat turns and panels whose clients go away at random
points and come back with `Last-Event-ID`.

agentstream runs in a uvicorn process on a PostgreSQL database of its own (created on the
server of `--postgres-url`, dropped afterwards), with the `scripted` model streaming each token
after `--token-delay-ms`. Clients run `--concurrency` jobs at a time: each chat turn or panel
is read by a client that may drop its connection after a random number of frames (or before
the response even starts) and resume it. At the end the figures are checked:

* every event id of a job arrives exactly once: none lost, none duplicated;
* every run is terminal (completed, failed or cancelled), with one terminal event;
* no foreign-key error in the server's log, and no connection rescued by the pool;
* no connection of the database left `idle in transaction`.

    python bench/disconnect_stress.py [--turns 500] [--panels 50] [--concurrency 50]
        [--token-delay-ms 30] [--postgres-url postgresql://postgres@127.0.0.1:5432/test]

It exits with status 1 when a figure misses its target. `tests/db/test_disconnect_stress.py`
runs a small version of it in CI.
"""

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = (
    "How many technicians are active?",
    "Which urgent work orders are still open?",
    "What is the overtime policy?",
    "Who has the most completed work orders this month?",
    "What response time does a high priority SLA require?",
)
PANEL = {
    "query": "Should we replace the fleet's vans with electric ones this year?",
    "panel_type": "structured",
    "agent_ids": ["fda_expert", "clinical_expert", "quality_expert"],
    "configuration": {"max_rounds": 2, "consensus_threshold": 1.0, "stability_rounds": 2},
}
# Lines of the server's log that must not appear.
FOREIGN_KEY_ERRORS = ("ForeignKeyViolation", "violates foreign key constraint")
RESCUED = "connection_returned_in_transaction"


@dataclass
class Figures:
    """What one stress run observed."""

    jobs: int = 0
    connections: int = 0
    disconnects: int = 0
    resumes: int = 0
    abandoned_requests: int = 0
    events: int = 0
    lost_ids: int = 0
    duplicated_ids: int = 0
    unfinished_streams: int = 0
    runs: int = 0
    runs_not_terminal: int = 0
    runs_with_extra_terminal_events: int = 0
    foreign_key_errors: int = 0
    rescued_connections: int = 0
    idle_in_transaction: int = 0
    out_of_order: int = 0
    errors: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    def failures(self) -> list[str]:
        """The figures that miss their target."""
        targets = {
            "lost event ids": self.lost_ids,
            "duplicated event ids": self.duplicated_ids,
            "streams with ids out of order": self.out_of_order,
            "streams that never reached their end": self.unfinished_streams,
            "runs not terminal": self.runs_not_terminal,
            "runs with more than one terminal event": self.runs_with_extra_terminal_events,
            "foreign-key errors in the log": self.foreign_key_errors,
            "connections the pool had to roll back": self.rescued_connections,
            "connections idle in transaction": self.idle_in_transaction,
            "client errors": len(self.errors),
        }
        return [f"{name}: {count}" for name, count in targets.items() if count]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def scratch_database(postgres_url: str) -> AsyncIterator[str]:
    """A new database on the server of `postgres_url` (plain URL), dropped on exit."""
    name = f"agentstream_stress_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(postgres_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = postgres_url.rsplit("/", 1)[0]
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@contextmanager
def server(database_url: str, token_delay_ms: float, log_path: Path) -> Iterator[str]:
    """agentstream in a uvicorn process on `database_url`; yields its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        # Spelled with its driver, so that the bench also runs versions that needed it.
        "AGENTSTREAM_DATABASE_URL": database_url.replace("postgresql://", "postgresql+asyncpg://"),
        "AGENTSTREAM_DATA_DIR": tempfile.mkdtemp(prefix="agentstream-stress-"),
        "AGENTSTREAM_DEV_MODE": "true",
        "AGENTSTREAM_LLM_PROVIDER": "scripted",
        "AGENTSTREAM_SCRIPTED_TOKENS": "64",
        "AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS": str(token_delay_ms),
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        *("-m", "uvicorn", "agentstream.app:create_app", "--factory"),
        *("--port", str(port), "--log-level", "warning", "--no-access-log"),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_up(base_url, process)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited at start-up (see its log)")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start within 120 s")


@dataclass
class Job:
    """One chat turn or panel as its client saw it, across its connections."""

    name: str
    ids: list[int] = field(default_factory=list)
    ended: bool = False

    @property
    def last_id(self) -> int | None:
        return self.ids[-1] if self.ids else None


async def _read(
    response: httpx.Response, job: Job, stop_after: int | None, figures: Figures
) -> None:
    """Read SSE frames into `job` until the stream ends, or drop the connection after
    `stop_after` frames."""
    frames = 0
    async for line in response.aiter_lines():
        if line.startswith("id:"):
            job.ids.append(int(line[3:].strip()))
            figures.events += 1
            frames += 1
            if stop_after is not None and frames >= stop_after:
                figures.disconnects += 1
                return
    job.ended = True


async def _follow(
    client: httpx.AsyncClient,
    rng: random.Random,
    figures: Figures,
    first: tuple[str, str, dict[str, Any] | None],
    resume_url: str | None,
) -> Job:
    """Open the first stream, then resume after each random disconnect until the end."""
    method, url, body = first
    job = Job(url)
    for attempt in range(8):
        # Later attempts drop the connection less often, so that every job ends.
        stop_after = rng.randint(0, 40) if rng.random() < 0.6 / (attempt + 1) else None
        headers = {} if job.last_id is None else {"Last-Event-ID": str(job.last_id)}
        figures.connections += 1
        async with client.stream(method, url, json=body, headers=headers) as response:
            if response.status_code != 200:
                figures.errors.append(f"{method} {url}: {response.status_code}")
                return job
            if resume_url is None:
                resume_url = f"/api/chat/runs/{response.headers['X-Run-ID']}/stream"
                job.name = resume_url
            await _read(response, job, stop_after, figures)
        if job.ended:
            return job
        figures.resumes += 1
        method, url, body = "GET", resume_url, None
    return job


async def chat_turn(
    client: httpx.AsyncClient, rng: random.Random, figures: Figures, conversations: list[str]
) -> None:
    """One question; its client may give up before the response starts (no run id to resume)."""
    body: dict[str, Any] = {"message": rng.choice(QUESTIONS)}
    if conversations and rng.random() < 0.2:
        body["conversation_id"] = rng.choice(conversations)
    if rng.random() < 0.05:
        figures.abandoned_requests += 1
        try:
            async with asyncio.timeout(rng.uniform(0.0, 0.05)):
                await client.post("/api/chat/stream", json=body)
        except TimeoutError:
            pass
        return
    conversation = body.get("conversation_id") or f"stress_{uuid.uuid4().hex}"
    body["conversation_id"] = conversation
    job = await _follow(client, rng, figures, ("POST", "/api/chat/stream", body), None)
    conversations.append(conversation)
    _check(job, figures)


async def panel(client: httpx.AsyncClient, rng: random.Random, figures: Figures) -> None:
    """A panel started by its stream, resumed after each disconnect until it ends."""
    created = await client.post("/api/v1/panels", json=PANEL)
    if created.status_code != 201:
        figures.errors.append(f"create panel: {created.status_code} {created.text[:200]}")
        return
    url = f"/api/v1/panels/{created.json()['panel_id']}/stream"
    job = await _follow(client, rng, figures, ("POST", url, None), url)
    _check(job, figures)


def _check(job: Job, figures: Figures) -> None:
    figures.jobs += 1
    if not job.ended:
        figures.unfinished_streams += 1
    seen = set(job.ids)
    figures.duplicated_ids += len(job.ids) - len(seen)
    if job.ids:
        missing = sorted(set(range(1, max(seen) + 1)) - seen)
        figures.lost_ids += len(missing)
        if missing:
            figures.details.append(f"{job.name}: ids {missing} never arrived")
        if sorted(job.ids) != job.ids:
            figures.out_of_order += 1
            figures.details.append(f"{job.name}: ids out of order {job.ids[:50]}")


async def check_database(url: str, figures: Figures, wait_s: float = 120.0) -> None:
    """Wait for every run to end, then count what is not as it should be."""
    connection = await asyncpg.connect(url)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            running = await connection.fetchval(
                "SELECT count(*) FROM runs WHERE status = 'running'"
            )
            if running == 0 or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        figures.runs = await connection.fetchval("SELECT count(*) FROM runs")
        figures.runs_not_terminal = await connection.fetchval(
            """SELECT count(*) FROM runs r WHERE r.status = 'running' OR NOT EXISTS
               (SELECT 1 FROM run_events e WHERE e.run_id = r.id AND e.terminal)"""
        )
        figures.runs_with_extra_terminal_events = await connection.fetchval(
            """SELECT count(*) FROM (SELECT run_id FROM run_events WHERE terminal
               GROUP BY run_id HAVING count(*) > 1) AS extra"""
        )
        # Sampled a few times: a leaked transaction stays, a live one passes.
        for _ in range(3):
            await asyncio.sleep(0.5)
            figures.idle_in_transaction = max(
                figures.idle_in_transaction,
                await connection.fetchval(
                    """SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                       AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"""
                ),
            )
    finally:
        await connection.close()


def check_log(log_path: Path, figures: Figures) -> None:
    """Count foreign-key errors and rescued connections in the server's log."""
    text = log_path.read_text(errors="replace")
    figures.foreign_key_errors = sum(text.count(marker) for marker in FOREIGN_KEY_ERRORS)
    figures.rescued_connections = text.count(RESCUED)


async def stress(
    postgres_url: str,
    *,
    turns: int,
    panels: int,
    concurrency: int,
    token_delay_ms: float,
    seed: int,
    log_path: Path,
) -> Figures:
    """Run the stress on a scratch database and return its figures."""
    figures = Figures()
    rng = random.Random(seed)
    async with scratch_database(postgres_url) as database_url:
        with server(database_url, token_delay_ms, log_path) as base_url:
            jobs = ["chat"] * turns + ["panel"] * panels
            rng.shuffle(jobs)
            slots = asyncio.Semaphore(concurrency)
            conversations: list[str] = []
            limits = httpx.Limits(max_connections=concurrency * 2)
            timeout = httpx.Timeout(120.0)
            started = time.perf_counter()
            async with httpx.AsyncClient(
                base_url=base_url, limits=limits, timeout=timeout
            ) as client:

                async def one(kind: str, job_rng: random.Random) -> None:
                    async with slots:
                        try:
                            if kind == "chat":
                                await chat_turn(client, job_rng, figures, conversations)
                            else:
                                await panel(client, job_rng, figures)
                        except httpx.HTTPError as error:
                            figures.errors.append(f"{kind}: {type(error).__name__}: {error}")

                await asyncio.gather(*(one(kind, random.Random(rng.random())) for kind in jobs))
            figures.elapsed_s = time.perf_counter() - started
            await check_database(database_url, figures)
    check_log(log_path, figures)
    return figures


def report(figures: Figures) -> str:
    """The figures, as printed."""
    return "\n".join(
        [
            f"jobs {figures.jobs} (+{figures.abandoned_requests} requests abandoned before "
            f"the response) in {figures.elapsed_s:.1f} s; {figures.connections} connections, "
            f"{figures.disconnects} dropped by the client, {figures.resumes} resumed",
            f"events received {figures.events}: lost {figures.lost_ids}, duplicated "
            f"{figures.duplicated_ids}; streams not ended {figures.unfinished_streams}",
            f"runs {figures.runs}: not terminal {figures.runs_not_terminal}, with more than "
            f"one terminal event {figures.runs_with_extra_terminal_events}",
            f"server log: foreign-key errors {figures.foreign_key_errors}, connections rolled "
            f"back by the pool {figures.rescued_connections}",
            f"connections idle in transaction afterwards: {figures.idle_in_transaction}",
            *(f"client error: {error}" for error in figures.errors[:10]),
            *figures.details[:10],
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--panels", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--token-delay-ms", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "AGENTSTREAM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
        help="a server where the bench may create (and drop) a database",
    )
    parser.add_argument("--log", type=Path, help="keep the server's log here")
    options = parser.parse_args()
    log_path = options.log or Path(tempfile.mkdtemp(prefix="agentstream-stress-")) / "server.log"
    figures = asyncio.run(
        stress(
            options.postgres_url,
            turns=options.turns,
            panels=options.panels,
            concurrency=options.concurrency,
            token_delay_ms=options.token_delay_ms,
            seed=options.seed,
            log_path=log_path,
        )
    )
    print(report(figures))
    print(f"server log: {log_path}")
    failures = figures.failures()
    print("FAILED: " + "; ".join(failures) if failures else "all figures on target")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
