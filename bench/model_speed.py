"""Time to first token and tokens/s of the local model: in-process vs an OpenAI-compatible server.

The same bundled Gemma 3 270M GGUF runs in-process through the `local` provider and behind
`python -m llama_cpp.server` on loopback through the `openai` provider. Requests alternate
between the two so machine drift hits both; prompts are grounded chat answers as the
orchestrator builds them. Needs the local extra: pip install -e '.[local]'.

    python bench/model_speed.py [--requests 8] [--max-tokens 64]
"""

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agentstream.agents.orchestrator import SYSTEM_PROMPT
from agentstream.llm.gguf import bundled_model_path
from agentstream.llm.local import create_local_model
from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.openai_compat import create_openai_model
from agentstream.settings import Settings

DRAFTS = [
    ("How many technicians are active?", "There are 10 active technicians."),
    (
        "Which urgent work orders are still open?",
        "There are 4 open urgent work orders: #12 'Boiler failure' for Acme Corp, "
        "#57 'Chiller down' for Northwind, #88 'Generator fault' for Globex and "
        "#131 'Sprinkler leak' for Initech.",
    ),
    (
        "What are the overtime rules?",
        "According to the Overtime Policy: overtime is any hour beyond 8 hours in a day or 40 "
        "regular hours in a week, paid at 1.5 times the base rate; planned overtime must be "
        "approved 24 hours ahead. [Source: Overtime Policy]",
    ),
]


def _messages(question: str, draft: str) -> list:  # type: ignore[type-arg]
    return [
        SystemMessage(SYSTEM_PROMPT),
        HumanMessage(f"Question: {question}", additional_kwargs={GROUNDED_ANSWER_KEY: draft}),
    ]


async def _measure(model: BaseChatModel, question: str, draft: str) -> tuple[float, float, int]:
    started = time.perf_counter()
    first: float | None = None
    chunks = 0
    async for chunk in model.astream(_messages(question, draft)):
        if chunk.text:
            chunks += 1
            if first is None:
                first = time.perf_counter()
    ended = time.perf_counter()
    ttft = (first or ended) - started
    rate = (chunks - 1) / (ended - first) if first is not None and chunks > 1 else 0.0
    return ttft, rate, chunks


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_server(model_path: Path, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model_path),
        "--model_alias", "gemma", "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "2048", "--n_threads", "2",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=1).is_success:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("llama_cpp.server did not start")


def _report(name: str, samples: list[tuple[float, float, int]]) -> None:
    ttft = [s[0] * 1000 for s in samples]
    rates = [s[1] for s in samples if s[1] > 0]
    print(
        f"  {name:26} TTFT p50 {statistics.median(ttft):7.1f} ms  max {max(ttft):7.1f} ms  "
        f"{statistics.median(rates) if rates else 0:6.1f} tokens/s  "
        f"({sum(s[2] for s in samples)} tokens)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=64)
    options = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="agentstream-bench-"))
    base = {"data_dir": data_dir, "llm_max_tokens": options.max_tokens, "llm_threads": 2}
    local = create_local_model(Settings(llm_provider="local", **base))  # type: ignore[arg-type]
    port = _free_port()
    server = _start_server(bundled_model_path(data_dir / "models"), port)
    try:
        remote = create_openai_model(
            Settings(  # type: ignore[arg-type]
                llm_provider="openai",
                llm_base_url=f"http://127.0.0.1:{port}/v1",
                llm_model="gemma",
                **base,
            )
        )
        for model in (local, remote):  # warm both: model load, prompt cache
            await _measure(model, *DRAFTS[0])
        samples: dict[str, list[tuple[float, float, int]]] = {"in-process": [], "server": []}
        for index in range(options.requests):
            question, draft = DRAFTS[index % len(DRAFTS)]
            samples["in-process"].append(await _measure(local, question, draft))
            samples["server"].append(await _measure(remote, question, draft))
        print(f"Gemma 3 270M Q4_K_M, 2 threads, {options.requests} requests each, interleaved:")
        _report("local (in-process)", samples["in-process"])
        _report("openai (llama_cpp.server)", samples["server"])
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    asyncio.run(main())
