"""Measure `/health` latency while one tenant uploads documents and chats about them.

A server runs as its own uvicorn process (offline engine, dev mode: the demo tenant). A probe
process asks `/health` every few milliseconds, first on the idle server (the baseline), then
while the bench uploads documents (small ones and some of the largest size allowed), a few at a
time, and asks questions that search them after each batch. It prints the probe's latency
percentiles in both phases, their ratio, the uploads and chats done, and the server's memory.

    python bench/document_stall.py [--documents 500] [--large 20] [--compare-src OTHER/src]

`--compare-src` runs the same load against another checkout's code, in the same run.
"""

import argparse
import asyncio
import multiprocessing
import multiprocessing.connection
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.chat_stream import Server, cpu_seconds

# fmt: off
WORDS = (
    "valve", "pump", "gasket", "boiler", "furnace", "duct", "thermostat", "compressor",
    "breaker", "conduit", "ladder", "harness", "respirator", "invoice", "warranty",
    "escalation", "overtime", "holiday", "permit", "inspection", "calibration", "torque",
    "pressure", "voltage", "ampere", "refrigerant", "filter", "bearing", "coupling", "seal",
)
# fmt: on
QUESTIONS = [
    "What does the policy say about {word} inspections?",
    "How often should the {word} be checked?",
    "Who approves {word} replacements?",
]


def document(rng: random.Random, number: int, size: int) -> dict[str, str]:
    """A Markdown document of about `size` bytes with a few sections of random words."""
    sections = []
    while sum(map(len, sections)) < size:
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        sections.append(f"## Section {len(sections) + 1}\n\n{words.capitalize()}.\n")
    return {"title": f"Procedure {number}", "content": "\n".join(sections)[:size]}


def probe(base_url: str, interval_s: float, results: multiprocessing.connection.Connection) -> None:
    """Ask /health until told to stop; send back each latency, in seconds."""
    latencies: list[float] = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        while not results.poll():
            started = time.perf_counter()
            client.get("/health").raise_for_status()
            latencies.append(time.perf_counter() - started)
            time.sleep(interval_s)
    results.send(latencies)


@dataclass
class Phase:
    latencies: list[float]

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def line(self, name: str) -> str:
        return (
            f"{name:<10} {len(self.latencies):>6} probes  p50 {self.percentile(50):7.1f} ms  "
            f"p99 {self.percentile(99):7.1f} ms  max {max(self.latencies) * 1000:7.1f} ms"
        )


@dataclass
class Probe:
    """A process asking /health (see `probe`) until stopped."""

    process: multiprocessing.Process
    pipe: multiprocessing.connection.Connection

    @classmethod
    def start(cls, base_url: str, interval_s: float) -> "Probe":
        ours, theirs = multiprocessing.Pipe()
        process = multiprocessing.Process(target=probe, args=(base_url, interval_s, theirs))
        process.start()
        return cls(process, ours)

    def stop(self) -> Phase:
        self.pipe.send("stop")
        latencies: list[float] = self.pipe.recv()
        self.process.join()
        return Phase(latencies)


async def load(base_url: str, args: argparse.Namespace) -> tuple[int, int, int, float]:
    """Upload the documents, `args.concurrency` at a time, with a chat after each batch."""
    rng = random.Random(7)
    large = set(rng.sample(range(args.documents), args.large))
    # Made up front: the bench's own CPU work must not compete with the server during the load.
    documents = [
        document(rng, n, args.large_bytes if n in large else rng.randint(500, 3_000))
        for n in range(args.documents)
    ]
    uploaded = refused = chats = 0
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:

        async def upload(number: int) -> None:
            nonlocal uploaded, refused
            response = await client.post("/api/documents", json=documents[number])
            if response.status_code == 201:
                uploaded += 1
            else:
                refused += 1

        async def chat() -> None:
            nonlocal chats
            question = rng.choice(QUESTIONS).format(word=rng.choice(WORDS))
            async with client.stream(
                "POST", "/api/chat/stream", json={"message": question}
            ) as response:
                async for _ in response.aiter_raw():
                    pass
            chats += 1

        for start in range(0, args.documents, args.concurrency):
            batch = range(start, min(start + args.concurrency, args.documents))
            await asyncio.gather(*(upload(n) for n in batch), *([chat()] if args.chats else []))
    return uploaded, refused, chats, time.perf_counter() - started


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def server(
    name: str, src: str | None, max_documents: int, database_url: str | None = None
) -> "ProbedServer":
    env = {
        "AGENTSTREAM_DEV_MODE": "true",
        "AGENTSTREAM_DATA_DIR": tempfile.mkdtemp(prefix="agentstream-bench-"),
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
        "AGENTSTREAM_MAX_DOCUMENTS_PER_TENANT": str(max_documents),
    }
    if src:
        env["PYTHONPATH"] = src
    if database_url:
        env["AGENTSTREAM_DATABASE_URL"] = database_url
    return ProbedServer(name, "agentstream.app:create_app", env)


class ProbedServer(Server):
    """A server of the bench, with the root URL the probes and the load use."""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def run(name: str, src: str | None, args: argparse.Namespace) -> None:
    """The load against a server of `src`, probed, next to an idle control server."""
    target = server(name, src, args.documents, args.database_url)
    # The control runs the same code and receives only probes: what its latency does under the
    # load is the machine's doing (other processes, CPU contention), not the target server's.
    control = server("control", src, args.documents)
    servers = [target, control]
    try:
        for each in servers:
            each.start()
            with httpx.Client(base_url=each.base_url) as warm:  # first request builds state
                warm.get("/health").raise_for_status()
        assert target.process is not None
        interval_s = args.interval_ms / 1000
        baseline_probe = Probe.start(target.base_url, interval_s)
        time.sleep(args.baseline_s)
        baseline = baseline_probe.stop()
        cpu_before = cpu_seconds(target.process.pid)
        probes = [Probe.start(each.base_url, interval_s) for each in servers]
        uploaded, refused, chats, wall_s = asyncio.run(load(target.base_url, args))
        loaded, control_loaded = (probe.stop() for probe in probes)
        cpu_s = cpu_seconds(target.process.pid) - cpu_before
        print(f"== {name}")
        print(baseline.line("idle"))
        print(loaded.line("loaded"))
        print(control_loaded.line("control"))
        print(
            f"p99 loaded / idle: {loaded.percentile(99) / baseline.percentile(99):.1f}x, "
            f"loaded / control: {loaded.percentile(99) / control_loaded.percentile(99):.1f}x"
        )
        print(
            f"{uploaded} documents uploaded ({refused} refused), {chats} chats in {wall_s:.1f} s; "
            f"server CPU {cpu_s:.1f} s, RSS {rss_mb(target.process.pid):.0f} MB"
        )
    finally:
        for each in servers:
            each.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--large", type=int, default=20, help="documents of --large-bytes")
    parser.add_argument("--large-bytes", type=int, default=250_000)
    parser.add_argument("--concurrency", type=int, default=4, help="uploads at a time")
    parser.add_argument("--interval-ms", type=float, default=10.0, help="between probes")
    parser.add_argument("--baseline-s", type=float, default=5.0)
    parser.add_argument(
        "--no-chats", dest="chats", action="store_false", help="uploads only (to attribute)"
    )
    parser.add_argument(
        "--database-url", help="the target's service database (default: SQLite in a temp dir)"
    )
    parser.add_argument("--compare-src", help="another checkout's src/, run the same load")
    args = parser.parse_args()
    run("this checkout", None, args)
    if args.compare_src:
        run(args.compare_src, args.compare_src, args)


if __name__ == "__main__":
    main()
