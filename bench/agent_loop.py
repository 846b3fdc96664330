"""Measure the server time one step of the agent loop adds beyond the model's own time.

Chat turns run in-process (the ASGI app on SQLite, the demo data) behind a scripted
tool-calling model that answers at once: turns of k query steps (k = 0..max) and an answer.
Time is the process's CPU time, the SQL tool's thread included: wall time on a shared machine
measures the neighbours. The time per step is the slope of the median turn time over k, and
the model's own time per
step (the same replies streamed by the model alone) and the SQL statement's own execution
(as the tool reports it) are subtracted: what is left is the loop's work per step (the graph,
the guard, rendering, events, storage of the tool call). Rounds interleave the values of k.

    python bench/agent_loop.py [--rounds 30] [--max-steps 5]
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from langchain_core.messages import AIMessage, HumanMessage

from agentstream.agents.sql.guard import SqlPolicy, vet_query
from agentstream.app import create_app
from agentstream.llm.scripted import ScriptedToolCallingModel
from agentstream.settings import Settings

# Run as a script, the repository is not on the path; the frames are parsed as the tests do.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.sse import done_metadata, parse_frames

SQL = "SELECT count(*) AS active FROM technicians WHERE status = 'active'"
ANSWER = "There are 10 active technicians, according to the database."


def _replies(steps: int) -> list[AIMessage]:
    calls = [
        AIMessage("", tool_calls=[{"name": "query_database", "args": {"sql": SQL}, "id": f"c{i}"}])
        for i in range(steps)
    ]
    return [*calls, AIMessage(ANSWER)]


async def _turn(
    client: httpx.AsyncClient, app: FastAPI, model: ScriptedToolCallingModel
) -> tuple[float, float]:
    """CPU time of one turn played by `model`'s script (the process's, the SQL tool's thread
    included: on a busy machine wall time measures the neighbours), and its SQL's own time
    (ms). One model per script, as a deployment has one model: a new one is serialized on
    first use."""
    model.calls.clear()
    app.state.chat.model = model
    started = time.process_time()
    response = await client.post("/api/chat/stream", json={"message": "How many are active?"})
    elapsed = (time.process_time() - started) * 1000
    metadata = done_metadata(parse_frames(response.text))
    assert metadata["status"] == "completed", metadata
    sql_ms = sum(source.get("elapsed_ms", 0.0) for source in metadata["sources"])
    return elapsed, sql_ms


async def _model_alone_ms(steps: int, rounds: int) -> float:
    """The scripted model's own time for a turn's replies, outside the service (median)."""
    times = []
    model = ScriptedToolCallingModel(replies=_replies(steps))
    for _ in range(rounds + 1):
        model.calls.clear()
        started = time.process_time()
        for _ in range(steps + 1):
            async for _chunk in model.astream([HumanMessage("How many are active?")]):
                pass
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times[1:])


def _guard_ms(rounds: int) -> float:
    """The SQL guard's CPU time for the statement (it parses, checks and renders it twice)."""
    policy = SqlPolicy(allowed_tables=frozenset({"technicians"}))
    vet_query(SQL, policy)
    started = time.process_time()
    for _ in range(rounds * 10):
        vet_query(SQL, policy)
    return (time.process_time() - started) * 1000 / (rounds * 10)


def _slope(xs: list[int], ys: list[float]) -> float:
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return covariance / sum((x - mean_x) ** 2 for x in xs)


async def main(rounds: int, max_steps: int) -> None:
    ks = list(range(max_steps + 1))
    with tempfile.TemporaryDirectory() as directory:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=Path(directory),
            dev_mode=True,
            agent_mode="tools",
            agent_max_steps=max_steps + 1,
            log_level="WARNING",
            _env_file=None,
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=120):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                models = [ScriptedToolCallingModel(replies=_replies(k)) for k in ks]
                for model in models:  # warm-up: schema, caches, code paths
                    await _turn(client, app, model)
                walls: dict[int, list[float]] = {k: [] for k in ks}
                sqls: dict[int, list[float]] = {k: [] for k in ks}
                for _ in range(rounds):
                    for steps in ks:
                        wall, sql = await _turn(client, app, models[steps])
                        walls[steps].append(wall)
                        sqls[steps].append(sql)
    wall = [statistics.median(walls[k]) for k in ks]
    sql = [statistics.median(sqls[k]) for k in ks]
    model = [await _model_alone_ms(k, rounds) for k in ks]
    print("CPU ms per turn (median of the rounds), the SQL's own time, the model alone:")
    print(f"{'steps':>5} {'turn ms':>9} {'sql ms':>8} {'model ms':>9}")
    for k in ks:
        print(f"{k:>5} {wall[k]:>9.2f} {sql[k]:>8.2f} {model[k]:>9.2f}")
    per_step = _slope(ks, wall)
    sql_per_step = _slope(ks, sql)
    model_per_step = _slope(ks, model)
    added = per_step - model_per_step
    print(f"time per step: {per_step:.2f} ms (model alone {model_per_step:.2f} ms)")
    print(f"server time added per step beyond the model: {added:.2f} ms")
    guard = _guard_ms(rounds)
    print(f"  of which the SQL guard: {guard:.2f} ms, the statement itself: {sql_per_step:.2f} ms")
    print(f"  the rest (graph, tool call, events, storage): {added - guard - sql_per_step:.2f} ms")
    print(f"target: under 5 ms per step -> {'met' if added < 5 else 'NOT met'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--max-steps", type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.max_steps))
