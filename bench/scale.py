"""Figures of the multi-worker setup (PostgreSQL + Redis), each against its own baseline.

    python bench/scale.py cpu         CPU per frame at 50 concurrent turns, one worker, with the
                                      Redis broker and with the in-process one (same PostgreSQL)
    python bench/scale.py cancel      a cancel sent to worker B stops a turn running on A: time
                                      until the owner's model stops and the stream ends
    python bench/scale.py dead        kill -9 of a worker mid-run: time until another ends its
                                      runs, against AGENTSTREAM_RUN_LEASE_S
    python bench/scale.py idle        10,000 idle subscribers over 2 workers: errors, RSS
    python bench/scale.py throughput  chat turns/s through nginx with 1, 2 and 4 workers

PostgreSQL (AGENTSTREAM_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test:
a database of the bench's own is created there and dropped) and Redis (AGENTSTREAM_TEST_REDIS_URL,
keys under a prefix of the bench's own) must be reachable; `throughput` needs nginx.
"""

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chat_stream import Sample, Server, agentstream_server, report, round_of
from tests.runs.brokers import REDIS_URL, delete_prefix
from tests.scale.cluster import (
    AGENTSTREAM,
    free_port,
    nginx_command,
    render_nginx,
    wait_until_ready,
)

POSTGRES_URL = os.environ.get(
    "AGENTSTREAM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@asynccontextmanager
async def database() -> AsyncIterator[str]:
    """A PostgreSQL database of the bench's own (SQLAlchemy URL)."""
    name = f"agentstream_bench_{uuid.uuid4().hex[:10]}"

    async def run(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_URL)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    await run(f'CREATE DATABASE "{name}"')
    base = POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        await run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def redis_prefix() -> AsyncIterator[str]:
    prefix = f"agentstream-bench-{uuid.uuid4().hex[:10]}"
    try:
        yield prefix
    finally:
        await delete_prefix(prefix)


class Worker:
    """`agentstream serve` on a port of its own."""

    def __init__(self, name: str, env: dict[str, str], workers: int = 1) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(env["AGENTSTREAM_DATA_DIR"]) / f"{name}.log"
        Path(env["AGENTSTREAM_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
        command = [str(AGENTSTREAM), "serve", "--dev", "--port", str(self.port)]
        if workers > 1:
            command += ["--workers", str(workers)]
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                command, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        wait_until_ready(self.url, self.process, self.log)

    def rss_mb(self) -> float:
        """Resident memory of the worker process."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def service_env(database_url: str, prefix: str, **settings: str) -> dict[str, str]:
    return {
        **os.environ,
        "AGENTSTREAM_DATABASE_URL": database_url,
        "AGENTSTREAM_BROKER_URL": REDIS_URL,
        "AGENTSTREAM_BROKER_PREFIX": prefix,
        "AGENTSTREAM_DATA_DIR": tempfile.mkdtemp(prefix="agentstream-bench-"),
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
        "AGENTSTREAM_LLM_PROVIDER": "scripted",
        **settings,
    }


@contextmanager
def workers(names: str, env: dict[str, str]) -> Iterator[dict[str, Worker]]:
    started: dict[str, Worker] = {}
    try:
        for name in names:
            started[name] = Worker(name, env)
        yield started
    finally:
        for worker in started.values():
            worker.stop()


# -- cpu ---------------------------------------------------------------------------------------


async def bench_cpu(rounds: int, requests: int, concurrency: int) -> None:
    async with database() as url, redis_prefix() as prefix:
        samples: dict[str, list[Sample]] = {}
        for index in range(rounds):
            inprocess = agentstream_server("in-process", url)
            redis = agentstream_server("redis", url)
            redis.env.update(AGENTSTREAM_BROKER_URL=REDIS_URL, AGENTSTREAM_BROKER_PREFIX=prefix)
            servers: list[Server] = [inprocess, redis][index % 2 :] + [inprocess, redis][
                : index % 2
            ]
            for server in servers:
                server.start()
            try:
                for server in servers:
                    await round_of(server, requests, concurrency)  # warm
                for server in servers:
                    sample = await round_of(server, requests, concurrency)
                    samples.setdefault(server.name, []).append(sample)
            finally:
                for server in servers:
                    server.stop()
    print(f"\n{concurrency} concurrent chat turns (256 tokens), PostgreSQL, one worker:")
    base = report("in-process", samples["in-process"])
    ours = report("redis", samples["redis"])
    ratio = ours["cpu_us_per_frame"] / base["cpu_us_per_frame"]
    print(f"  ratio redis/in-process: CPU per frame {ratio:.2f}x (target: at most 2x)")


# -- cancel ------------------------------------------------------------------------------------


async def _cancel_once(a: httpx.AsyncClient, b: httpx.AsyncClient) -> tuple[float, int]:
    """Start a long turn on A, cancel it from B: seconds until A's stream ends, and tokens
    that arrived after the cancel was answered."""
    async with a.stream("POST", "/api/chat/stream", json={"message": "long answer"}) as response:
        run_id = response.headers["x-run-id"]
        lines = response.aiter_lines()
        async for line in lines:
            if '"type": "content"' in line:
                break
        started = time.perf_counter()
        cancelled = await b.post(f"/api/chat/runs/{run_id}/cancel")
        assert cancelled.status_code == 204, cancelled.text
        late = 0
        async for line in lines:
            late += '"type": "content"' in line
            if '"done": true' in line:
                assert '"status": "cancelled"' in line, line
        return time.perf_counter() - started, late


async def bench_cancel(turns: int) -> None:
    async with database() as url, redis_prefix() as prefix:
        env = service_env(
            url,
            prefix,
            AGENTSTREAM_SCRIPTED_TOKENS="20000",
            AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS="5",
        )
        with workers("AB", env) as running:
            timeout = httpx.Timeout(60)
            async with (
                httpx.AsyncClient(base_url=running["A"].url, timeout=timeout) as a,
                httpx.AsyncClient(base_url=running["B"].url, timeout=timeout) as b,
            ):
                results = [await _cancel_once(a, b) for _ in range(turns)]
    seconds = sorted(r[0] for r in results)
    print(f"\ncancel from worker B of a turn streaming on A ({turns} turns, a token every 5 ms):")
    print(
        f"  until A's stream ended: p50 {statistics.median(seconds) * 1000:.0f} ms, "
        f"max {seconds[-1] * 1000:.0f} ms (target: 2 s); "
        f"tokens after the cancel, at most {max(r[1] for r in results)}"
    )


# -- dead --------------------------------------------------------------------------------------


async def _watch_to_end(client: httpx.AsyncClient, run_id: str) -> float:
    async with client.stream("GET", f"/api/chat/runs/{run_id}/stream") as response:
        async for line in response.aiter_lines():
            if '"done": true' in line:
                assert '"status": "failed"' in line, line
                return time.perf_counter()
    raise AssertionError("the stream ended without a done frame")


async def bench_dead(lease_s: float, turns: int) -> None:
    async with database() as url, redis_prefix() as prefix:
        env = service_env(
            url,
            prefix,
            AGENTSTREAM_SCRIPTED_TOKENS="20000",
            AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS="10",
            AGENTSTREAM_RUN_LEASE_S=str(lease_s),
        )
        with workers("ABC", env) as running:
            timeout = httpx.Timeout(lease_s + 60)
            async with (
                httpx.AsyncClient(base_url=running["A"].url, timeout=timeout) as a,
                httpx.AsyncClient(base_url=running["B"].url, timeout=timeout) as b,
            ):
                run_ids = []
                for _ in range(turns):
                    request = a.build_request("POST", "/api/chat/stream", json={"message": "x"})
                    response = await a.send(request, stream=True)
                    run_ids.append(response.headers["x-run-id"])
                watchers = [asyncio.create_task(_watch_to_end(b, r)) for r in run_ids]
                await asyncio.sleep(1)
                killed = time.perf_counter()
                running["A"].process.send_signal(signal.SIGKILL)
                ended = await asyncio.gather(*watchers)
    delays = sorted(t - killed for t in ended)
    print(f"\nkill -9 of worker A with {turns} turns running, AGENTSTREAM_RUN_LEASE_S={lease_s}:")
    print(
        f"  until their watchers on B got the end: min {delays[0]:.1f} s, max {delays[-1]:.1f} s "
        f"(target: lease + 15 = {lease_s + 15:.0f} s)"
    )


# -- idle --------------------------------------------------------------------------------------


OPENING_AT_ONCE = 200


class Tally:
    """Subscriptions opened and failed, and an event once all have answered."""

    def __init__(self, expected: int) -> None:
        self.opened = 0
        self.errors: list[str] = []
        self.expected = expected
        self.answered = asyncio.Event()

    def count(self, error: str | None = None) -> None:
        if error is None:
            self.opened += 1
        else:
            self.errors.append(error)
        if self.opened + len(self.errors) >= self.expected:
            self.answered.set()


async def _subscribe(port: int, run_id: str, tally: Tally, opening: asyncio.Semaphore) -> None:
    """Hold an SSE subscription open on a raw connection (a client costs little this way).

    Subscriptions are opened a few hundred at a time, as clients arrive in practice: a burst
    of thousands of requests at once queues for the database pool past its timeout."""
    try:
        async with opening:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"GET /api/chat/runs/{run_id}/stream HTTP/1.1\r\nHost: bench\r\n"
                "Accept: text/event-stream\r\n\r\n".encode()
            )
            await writer.drain()
            status = await reader.readline()
        if b" 200 " not in status:
            tally.count(status.decode(errors="replace").strip())
            return
        tally.count()
        while chunk := await reader.read(4096):
            if b'"done": true' in chunk:
                return
        tally.errors.append("closed before the end of the run")
    except OSError as error:
        tally.count(f"{type(error).__name__}: {error}")


async def bench_idle(subscribers: int, runs: int, hold_s: float) -> None:
    async with database() as url, redis_prefix() as prefix:
        env = service_env(
            url,
            prefix,
            # One token, then silence: the runs live while their subscribers idle.
            AGENTSTREAM_SCRIPTED_TOKENS="2",
            AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS=str((hold_s + 600) * 1000),
            AGENTSTREAM_SSE_PING_S="15",
            AGENTSTREAM_DISCONNECT_GRACE_S="3600",
        )
        with workers("AB", env) as running:
            owners = list(running.values())
            run_ids: list[str] = []
            async with httpx.AsyncClient(timeout=60) as client:
                for index in range(runs):
                    owner = owners[index % 2]
                    request = client.build_request(
                        "POST", f"{owner.url}/api/chat/stream", json={"message": "x"}
                    )
                    response = await client.send(request, stream=True)
                    run_ids.append(response.headers["x-run-id"])
                    await response.aclose()  # its grace period is long: the run goes on
            before = {w.name: w.rss_mb() for w in owners}
            tally = Tally(subscribers)
            opening = asyncio.Semaphore(OPENING_AT_ONCE)
            started = time.perf_counter()
            tasks = [
                asyncio.create_task(
                    # Half of them watch a run owned by the other worker.
                    _subscribe(owners[n % 2].port, run_ids[(n // 2) % runs], tally, opening)
                )
                for n in range(subscribers)
            ]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(tally.answered.wait(), 300)
            connected_s = time.perf_counter() - started
            await asyncio.sleep(hold_s)
            after = {w.name: w.rss_mb() for w in owners}
            held = sum(not t.done() for t in tasks)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    print(f"\n{subscribers} idle subscribers to {runs} live runs over 2 workers (half remote):")
    print(
        f"  opened {tally.opened} in {connected_s:.1f} s, still open after {hold_s:.0f} s: "
        f"{held}, errors: {len(tally.errors)} {sorted(set(tally.errors))[:3]}"
    )
    for name in after:
        print(f"  worker {name}: RSS {before[name]:.0f} MB idle, {after[name]:.0f} MB with them")


# -- throughput --------------------------------------------------------------------------------


@contextmanager
def behind_nginx(worker: Worker) -> Iterator[str]:
    directory = Path(tempfile.mkdtemp(prefix="agentstream-nginx-"))
    port = free_port()
    config = render_nginx(directory, port, [f"127.0.0.1:{worker.port}"])
    nginx = subprocess.Popen(
        nginx_command(config, "-g", "daemon off;"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_ready(f"http://127.0.0.1:{port}", nginx, directory / "error.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        nginx.terminate()
        nginx.wait(10)


async def bench_throughput(counts: list[int], requests: int, concurrency: int) -> None:
    results = {}
    for count in counts:
        async with database() as url, redis_prefix() as prefix:
            env = service_env(url, prefix, AGENTSTREAM_SCRIPTED_TOKENS="256")
            worker = Worker(f"x{count}", env, workers=count)
            try:
                with behind_nginx(worker) as proxy:
                    server = Server("nginx", "", {})
                    server.process = worker.process
                    server.port = int(proxy.rsplit(":", 1)[1])
                    await round_of(server, requests, concurrency)  # warm
                    sample = await round_of(server, requests, concurrency)
                    results[count] = sample
            finally:
                worker.stop()
    cores = os.cpu_count()
    print(f"\nchat turns (256 tokens) through nginx, {concurrency} concurrent, {cores} cores:")
    base = results[counts[0]]
    for count, sample in results.items():
        print(
            f"  {count} worker(s): {requests / sample.wall_s:6.1f} turns/s, "
            f"{sample.frames / sample.wall_s:8.0f} frames/s "
            f"({base.wall_s / sample.wall_s:.2f}x of {counts[0]} worker)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cpu = commands.add_parser("cpu")
    cpu.add_argument("--rounds", type=int, default=4)
    cpu.add_argument("--requests", type=int, default=200)
    cpu.add_argument("--concurrency", type=int, default=50)
    cancel = commands.add_parser("cancel")
    cancel.add_argument("--turns", type=int, default=20)
    dead = commands.add_parser("dead")
    dead.add_argument("--lease", type=float, default=30.0)
    dead.add_argument("--turns", type=int, default=10)
    idle = commands.add_parser("idle")
    idle.add_argument("--subscribers", type=int, default=10_000)
    idle.add_argument("--runs", type=int, default=100)
    idle.add_argument("--hold", type=float, default=30.0)
    throughput = commands.add_parser("throughput")
    throughput.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    throughput.add_argument("--requests", type=int, default=300)
    throughput.add_argument("--concurrency", type=int, default=50)
    options = parser.parse_args()
    if options.command == "cpu":
        asyncio.run(bench_cpu(options.rounds, options.requests, options.concurrency))
    elif options.command == "cancel":
        asyncio.run(bench_cancel(options.turns))
    elif options.command == "dead":
        asyncio.run(bench_dead(options.lease, options.turns))
    elif options.command == "idle":
        asyncio.run(bench_idle(options.subscribers, options.runs, options.hold))
    else:
        asyncio.run(bench_throughput(options.workers, options.requests, options.concurrency))


if __name__ == "__main__":
    main()
