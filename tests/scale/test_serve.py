"""`agentstream serve --workers N` and `agentstream migrate` as an operator runs them."""

import asyncio
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.conftest import POSTGRES_URL
from tests.runs.brokers import REDIS_URL, delete_prefix, redis_unreachable
from tests.scale.cluster import AGENTSTREAM, free_port, wait_until_ready
from tests.sse import Frame, answer_text, done_metadata, parse_frames


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTSTREAM_")}
    return {
        **env,
        "AGENTSTREAM_DATA_DIR": str(tmp_path),
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
        **settings,
    }


def test_several_workers_need_the_redis_broker(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(AGENTSTREAM), "serve", "--workers", "2"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "AGENTSTREAM_BROKER_URL" in lines[0], result.stderr


def _serve(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(AGENTSTREAM), "serve", "--port", str(free_port()), *args],
        env=_env(tmp_path, **settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_without_the_secret_key_exits_in_one_line(tmp_path: Path, workers: str) -> None:
    # The parent checks before any worker starts (a worker that fails is started again).
    result = _serve(tmp_path, "--workers", workers, AGENTSTREAM_BROKER_URL=REDIS_URL)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "AGENTSTREAM_SECRET_KEY is required" in lines[0], result.stderr


def test_serve_refuses_a_short_secret_key_in_one_line(tmp_path: Path) -> None:
    result = _serve(
        tmp_path,
        "--workers",
        "2",
        AGENTSTREAM_BROKER_URL=REDIS_URL,
        AGENTSTREAM_SECRET_KEY="short-secret",
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "AGENTSTREAM_SECRET_KEY: must be at least 32 characters" in lines[0]
    assert "short-secret" not in lines[0], "the secret is not printed"


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """An empty PostgreSQL database (SQLAlchemy URL)."""

    async def run(sql: str) -> str | None:
        try:
            connection = await asyncpg.connect(POSTGRES_URL, timeout=3)
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            return f"PostgreSQL not reachable at {POSTGRES_URL}: {error}"
        try:
            await connection.execute(sql)
        finally:
            await connection.close()
        return None

    name = f"agentstream_serve_{uuid.uuid4().hex[:12]}"
    reason = asyncio.run(run(f'CREATE DATABASE "{name}"'))
    if reason:
        pytest.skip(reason)
    base = POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    yield f"{base}/{name}"
    asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_migrations_started_together_migrate_once(tmp_path: Path, fresh_database: str) -> None:
    env = _env(tmp_path, AGENTSTREAM_DATABASE_URL=fresh_database)
    migrations = [
        subprocess.Popen(
            [str(AGENTSTREAM), "migrate"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    outputs = []
    for migration in migrations:
        out, err = migration.communicate(timeout=120)
        assert migration.returncode == 0, err.decode()
        outputs.append(out.decode())
    # One of them migrated; the others waited for it and found the database current.
    assert sum(out.startswith("migrated from an empty database to ") for out in outputs) == 1
    assert sum(out.startswith("database already current at revision ") for out in outputs) == 2


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def test_serve_runs_several_workers_with_the_redis_broker(
    tmp_path: Path, fresh_database: str, demo_database: Path
) -> None:
    reason = asyncio.run(redis_unreachable())
    if reason:
        pytest.skip(reason)
    prefix = f"agentstream-test-{uuid.uuid4().hex[:12]}"
    port = free_port()
    env = _env(
        tmp_path,
        AGENTSTREAM_DATABASE_URL=fresh_database,
        AGENTSTREAM_BROKER_URL=REDIS_URL,
        AGENTSTREAM_BROKER_PREFIX=prefix,
        AGENTSTREAM_DEMO_DATABASE_FILE=str(demo_database),
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(AGENTSTREAM), "serve", "--dev", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_ready(url, server, log)
        # Both workers come up (each answers readiness once its start-up is done).
        for _ in range(300):
            if len(_children(server.pid)) >= 2:
                break
            asyncio.run(asyncio.sleep(0.1))
        assert len(_children(server.pid)) >= 2, log.read_text()
        with httpx.Client(base_url=url, timeout=60) as client:
            for _ in range(4):
                answer = client.post("/api/chat/stream", json={"message": "How many technicians?"})
                assert answer.status_code == 200 and '"done": true' in answer.text
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
        asyncio.run(delete_prefix(prefix))
    assert "Traceback" not in log.read_text()


@dataclass
class _Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def _worker(tmp_path: Path, demo_database: Path, **settings: str) -> Iterator[_Server]:
    """One `agentstream serve --dev` process on SQLite with a slow scripted model."""
    port = free_port()
    env = _env(
        tmp_path,
        AGENTSTREAM_DEMO_DATABASE_FILE=str(demo_database),
        AGENTSTREAM_LLM_PROVIDER="scripted",
        AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS="20",
        AGENTSTREAM_LOG_LEVEL="INFO",
        **settings,
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(AGENTSTREAM), "serve", "--dev", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = _Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_ready(server.url, process, log)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


async def _stop_mid_answer(server: _Server) -> list[Frame]:
    """Ask a question, SIGTERM the worker once the answer streams; the frames received, once
    the worker has exited."""
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=60) as client,
        client.stream("POST", "/api/chat/stream", json={"message": "hello there"}) as response,
    ):
        text = ""
        async for line in response.aiter_lines():
            text += line + "\n"
            if text.count('"type": "content"') == 5 and server.process.poll() is None:
                server.process.send_signal(signal.SIGTERM)
    # uvicorn stops gracefully, then dies of the signal it caught, as the default would.
    assert server.process.wait(60) == -signal.SIGTERM
    return parse_frames(text)


async def test_a_stopping_worker_lets_a_turn_finish_within_the_drain_time(
    tmp_path: Path, demo_database: Path
) -> None:
    with _worker(
        tmp_path,
        demo_database,
        AGENTSTREAM_SCRIPTED_TOKENS="60",
        AGENTSTREAM_SHUTDOWN_DRAIN_S="60",
    ) as server:
        frames = await _stop_mid_answer(server)
    assert done_metadata(frames)["status"] == "completed"
    assert answer_text(frames).split() == [f"token{n}" for n in range(60)], "the whole answer"
    assert "Traceback" not in server.log.read_text()


async def test_a_stopping_worker_ends_a_turn_past_the_drain_time_with_its_done_frame(
    tmp_path: Path, demo_database: Path
) -> None:
    with _worker(
        tmp_path,
        demo_database,
        AGENTSTREAM_SCRIPTED_TOKENS="5000",
        AGENTSTREAM_SHUTDOWN_DRAIN_S="1",
    ) as server:
        frames = await _stop_mid_answer(server)
    metadata = done_metadata(frames)
    assert metadata["status"] == "failed", "the subscriber is told, on the stream it holds"
    assert 5 <= len(answer_text(frames).split()) < 5000
    log = server.log.read_text()
    assert "run_stopped_by_shutdown" in log and "Traceback" not in log
