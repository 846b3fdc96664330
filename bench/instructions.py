"""Count the instructions a server spends per chat turn, under valgrind's callgrind.

CPU time on a shared machine drifts by ±20% between runs; instruction counts repeat to within
0.1%, so this finds where a version spends its work and shows small changes. It leaves out
kernel time (the bare endpoint's 257 writes per request spend a lot of it) and cache misses:
work removed from tight loops counts for more instructions than CPU time (a change that saved
19% of the instructions saved 8-11% of the CPU time). Confirm a change with
`chat_stream.py --compare-src`, and take the ratio against the bare endpoint from there. The
server runs under callgrind with instrumentation off until it is warm; then `--requests` turns
are counted.

    .venv/bin/python -m bench.instructions [--requests 20] [--tokens 256] [--src DIR] [--bare]

`--src` measures another checkout's `src/` with this checkout's environment (A/B).
"""

import argparse
import asyncio
import subprocess
import tempfile
from pathlib import Path

from bench.chat_stream import Server, agentstream_server, round_of


def callgrind_control(option: str, pid: int) -> None:
    subprocess.run(["callgrind_control", option, str(pid)], check=True, capture_output=True)


def counted_instructions(out_dir: str) -> int:
    """Instructions in the dump taken after the measured requests (file suffix `.1`)."""
    for path in Path(out_dir).glob("callgrind.*.1"):
        for line in path.read_text().splitlines():
            if line.startswith("summary:"):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no dump")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--src", help="a checkout's src/ directory to measure instead")
    parser.add_argument("--bare", action="store_true", help="measure the bare endpoint")
    options = parser.parse_args()

    if options.bare:
        server = Server("bare", "bench.bare_server:app", {"BENCH_TOKENS": str(options.tokens)})
    else:
        server = agentstream_server("agentstream", src=options.src, tokens=options.tokens)
    out_dir = tempfile.mkdtemp(prefix="callgrind-")
    callgrind = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out_dir}/callgrind.%p",
        f"--log-file={out_dir}/valgrind.%p.log",
    ]
    server.start(prefix=callgrind, timeout_s=300)
    assert server.process
    try:
        await round_of(server, 10, 1)  # warm: imports, caches, the first statements
        callgrind_control("--instr=on", server.process.pid)
        sample = await round_of(server, options.requests, 1)
        callgrind_control("--dump", server.process.pid)
    finally:
        server.stop(timeout_s=120)  # valgrind writes its final dump on the way out
    turns = options.requests + 1  # round_of sends one more request first, to warm its client
    instructions = counted_instructions(out_dir)
    frames = sample.frames + options.tokens + 1
    print(
        f"{server.name}: {instructions / turns / 1e6:.2f} M instructions per turn, "
        f"{instructions / frames / 1e3:.1f} k per frame ({turns} turns of {options.tokens} tokens)"
    )


if __name__ == "__main__":
    asyncio.run(main())
