"""Measure /api/chat/stream against a bare Starlette streaming endpoint, in one run.

Both servers run as separate uvicorn processes with the same options; the model is the
`scripted` provider emitting 256 tokens instantly, so what is measured is agentstream's own cost
(auth, storage of the turn, the orchestrator graph, the run's event log, SSE framing).
Rounds alternate between the servers, in rotating order, so machine drift affects all, and
each round runs new server processes (see `main`); CPU per frame is the median of the rounds'.
Server CPU time is read from /proc for each server process: the load generator saturates its
own core first. `--compare-src` adds a server running another checkout's code in the same
rounds: the way to tell whether a change saves CPU time (see also `bench/instructions.py`).

    python bench/chat_stream.py [--rounds 5] [--requests 40] [--concurrency 1 50]
                                [--database-url URL] [--compare-src OTHER_CHECKOUT/src]
"""

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(pid: int) -> float:
    """CPU time of a process's threads, user and system, from the scheduler's statistics.

    /proc/PID/stat counts in 10 ms ticks: a fifth of what a bare server spends on a round of
    40 requests at concurrency 1. The scheduler counts nanoseconds (the process's threads live
    as long as it does; one that ended between two readings would be missed).
    """
    nanoseconds = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            nanoseconds += int((task / "schedstat").read_text().split()[0])
        except FileNotFoundError:
            continue
    return nanoseconds / 1e9


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    target: str
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The uvicorn command line serving this server's app."""
        args = [
            sys.executable,
            "-m",
            "uvicorn",
            self.target,
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            "--no-access-log",
            # As `agentstream serve`: with uvicorn's 5 s, a pooled connection that sat idle
            # can be closed just as a request is sent on it (about 1 in 10,000 requests at 50).
            "--timeout-keep-alive",
            "120",
        ]
        if self.target.endswith("create_app"):
            args.append("--factory")
        return args

    def start(self, prefix: Sequence[str] = (), timeout_s: float = 60) -> None:
        """Run the server (under `prefix`, a wrapper command, if given) until it listens."""
        self.process = subprocess.Popen(
            [*prefix, *self.command()], env={**os.environ, **self.env}, cwd=ROOT
        )
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError(f"{self.name} did not start")

    def stop(self, timeout_s: float = 10) -> None:
        """Stop the server and remove its data directory (agentstream's SQLite files)."""
        if self.process:
            self.process.terminate()
            self.process.wait(timeout_s)
        if "AGENTSTREAM_DATA_DIR" in self.env:
            shutil.rmtree(self.env["AGENTSTREAM_DATA_DIR"], ignore_errors=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/chat/stream"


@dataclass
class Sample:
    frames: int = 0
    first_frame_s: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0


async def one_request(client: httpx.AsyncClient, url: str, sample: Sample) -> None:
    started = time.perf_counter()
    first = None
    async with client.stream("POST", url, json={"message": "hello"}) as response:
        response.raise_for_status()
        async for chunk in response.aiter_raw():
            if first is None and b"data: " in chunk:
                first = time.perf_counter() - started
            sample.frames += chunk.count(b"data: ")
    sample.first_frame_s.append(first or 0.0)


async def round_of(server: Server, requests: int, concurrency: int) -> Sample:
    sample = Sample()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await one_request(client, server.url, Sample())  # warm the connection and caches
        queue: asyncio.Queue[None] = asyncio.Queue()
        for _ in range(requests):
            queue.put_nowait(None)

        async def worker() -> None:
            while not queue.empty():
                queue.get_nowait()
                await one_request(client, server.url, sample)

        assert server.process
        cpu_before, started = cpu_seconds(server.process.pid), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        sample.wall_s = time.perf_counter() - started
        sample.cpu_s = cpu_seconds(server.process.pid) - cpu_before
    return sample


def report(name: str, samples: list[Sample]) -> dict[str, float]:
    """Print and return a server's figures; CPU per frame is the median of the rounds'."""
    frames = sum(s.frames for s in samples)
    wall = sum(s.wall_s for s in samples)
    cpu = [s.cpu_s / s.frames * 1e6 for s in samples]
    ttff = [t for s in samples for t in s.first_frame_s]
    figures = {
        "frames_per_s": frames / wall,
        "cpu_us_per_frame": statistics.median(cpu),
        "ttff_p50_ms": statistics.median(ttff) * 1000,
        "ttff_p95_ms": statistics.quantiles(ttff, n=20)[-1] * 1000 if len(ttff) > 1 else 0.0,
    }
    print(
        f"  {name:12} {figures['frames_per_s']:10.0f} frames/s  "
        f"{figures['cpu_us_per_frame']:7.1f} µs CPU/frame (rounds {min(cpu):.1f}-{max(cpu):.1f})  "
        f"TTFF p50 {figures['ttff_p50_ms']:6.2f} ms  p95 {figures['ttff_p95_ms']:6.2f} ms"
    )
    return figures


def agentstream_server(
    name: str, database_url: str | None = None, src: str | None = None, tokens: int = 256
) -> Server:
    """agentstream on the instant scripted model, from this checkout or another's `src/`."""
    env = {
        "AGENTSTREAM_LLM_PROVIDER": "scripted",
        "AGENTSTREAM_SCRIPTED_TOKENS": str(tokens),
        "AGENTSTREAM_DEV_MODE": "true",
        "AGENTSTREAM_DATA_DIR": tempfile.mkdtemp(prefix="agentstream-bench-"),
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["AGENTSTREAM_DATABASE_URL"] = database_url
    if src:
        env["PYTHONPATH"] = src
    return Server(name, "agentstream.app:create_app", env)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 50])
    parser.add_argument(
        "--database-url",
        help="service database of agentstream (default: SQLite in a temporary directory)",
    )
    parser.add_argument(
        "--compare-src",
        metavar="DIR",
        help="also measure another checkout's src/ (A/B of two versions, in the same rounds)",
    )
    options = parser.parse_args()

    for concurrency in options.concurrency:
        requests = max(options.requests, concurrency * 2)
        print(
            f"\nconcurrency {concurrency}: {options.rounds} interleaved rounds of "
            f"{requests} requests"
        )
        samples: dict[str, list[Sample]] = {}
        for index in range(options.rounds):
            # New processes every round: one process's CPU per frame stays 5-10% above or below
            # another's, running the same code, for as long as it lives (memory layout, hash
            # seed), so the same code in two long-lived servers measured 8% apart.
            servers = servers_of(options)
            # Rotate the order, so that no server always runs after the same other one.
            shift = index % len(servers)
            servers = servers[shift:] + servers[:shift]
            for server in servers:
                server.start()
            try:
                for server in servers:  # warm: imports, caches, connection pools
                    await round_of(server, requests, concurrency)
                for server in servers:
                    sample = await round_of(server, requests, concurrency)
                    samples.setdefault(server.name, []).append(sample)
            finally:
                for server in servers:
                    server.stop()
        bare = report("bare", samples.pop("bare"))
        for name, measured in samples.items():
            ours = report(name, measured)
            print(
                f"  ratio {name}/bare: CPU per frame "
                f"{ours['cpu_us_per_frame'] / bare['cpu_us_per_frame']:.2f}x, "
                f"added TTFF p50 {ours['ttff_p50_ms'] - bare['ttff_p50_ms']:.2f} ms"
            )


def servers_of(options: argparse.Namespace) -> list[Server]:
    """The bare endpoint, agentstream and, if asked for, agentstream from another checkout."""
    servers = [
        Server("bare", "bench.bare_server:app", {"BENCH_TOKENS": "256"}),
        agentstream_server("agentstream", options.database_url),
    ]
    if options.compare_src:
        servers.append(agentstream_server("compared", options.database_url, options.compare_src))
    return servers


if __name__ == "__main__":
    asyncio.run(main())
