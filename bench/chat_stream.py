"""Measure /api/chat/stream against a bare Starlette streaming endpoint, in one run.

Both servers run as separate uvicorn processes with the same options; the model is the
`scripted` provider emitting 256 tokens instantly, so what is measured is agentstream's own cost
(auth, storage of the turn, the orchestrator graph, the run's event log, SSE framing).
Rounds alternate between the servers, in rotating order, so machine drift affects all.
Server CPU time is read from /proc for each server process: the load generator saturates its
own core first. `--compare-src` adds a server running another checkout's code in the same
rounds: the way to tell whether a change saves CPU time (see also `bench/instructions.py`).

    python bench/chat_stream.py [--rounds 3] [--requests 40] [--concurrency 1 50]
                                [--database-url URL] [--compare-src OTHER_CHECKOUT/src]
"""

import argparse
import asyncio
import os
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

TICKS = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (and its reaped children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / TICKS


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
        if self.process:
            self.process.terminate()
            self.process.wait(timeout_s)

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
    frames = sum(s.frames for s in samples)
    cpu = sum(s.cpu_s for s in samples)
    wall = sum(s.wall_s for s in samples)
    ttff = [t for s in samples for t in s.first_frame_s]
    figures = {
        "frames_per_s": frames / wall,
        "cpu_us_per_frame": cpu / frames * 1e6,
        "ttff_p50_ms": statistics.median(ttff) * 1000,
        "ttff_p95_ms": statistics.quantiles(ttff, n=20)[-1] * 1000 if len(ttff) > 1 else 0.0,
    }
    print(
        f"  {name:12} {figures['frames_per_s']:10.0f} frames/s  "
        f"{figures['cpu_us_per_frame']:7.1f} µs CPU/frame  "
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
    parser.add_argument("--rounds", type=int, default=3)
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

    servers = [
        Server("bare", "bench.bare_server:app", {"BENCH_TOKENS": "256"}),
        agentstream_server("agentstream", options.database_url),
    ]
    if options.compare_src:
        servers.append(agentstream_server("compared", options.database_url, options.compare_src))
    for server in servers:
        server.start()
    try:
        for concurrency in options.concurrency:
            requests = max(options.requests, concurrency * 2)
            print(
                f"\nconcurrency {concurrency}: {options.rounds} interleaved rounds of "
                f"{requests} requests"
            )
            samples: dict[str, list[Sample]] = {s.name: [] for s in servers}
            for index in range(options.rounds):
                # Rotate the order, so that every server follows every other alike. Reversing
                # it instead let the first and last of three servers run two rounds in a row,
                # with their caches still warm, while the middle one never did: it showed 8%
                # more CPU per frame than the same code in another slot.
                shift = index % len(servers)
                for server in servers[shift:] + servers[:shift]:
                    samples[server.name].append(await round_of(server, requests, concurrency))
            bare = report("bare", samples["bare"])
            for server in servers[1:]:
                ours = report(server.name, samples[server.name])
                print(
                    f"  ratio {server.name}/bare: CPU per frame "
                    f"{ours['cpu_us_per_frame'] / bare['cpu_us_per_frame']:.2f}x, "
                    f"added TTFF p50 {ours['ttff_p50_ms'] - bare['ttff_p50_ms']:.2f} ms"
                )
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
