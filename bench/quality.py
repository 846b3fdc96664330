"""Answer quality of the offline engine: correct / refused / wrong per category of the table.

Runs the question table of tests/evaluation through /api/chat/stream on the demo data (in
process, one app) and prints one line per category; `--show wrong` (or `refused`) also prints
those answers with the reason.

    python bench/quality.py [--show wrong|refused|all] [--category NAME]
"""

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agentstream.app import create_app  # noqa: E402
from agentstream.demo.fieldservice.generator import ensure_sqlite_database  # noqa: E402
from agentstream.settings import Settings  # noqa: E402
from tests.evaluation.questions import QUESTIONS  # noqa: E402
from tests.evaluation.runner import (  # noqa: E402
    Graded,
    ask_and_grade,
    tally,
    upload_tenant_documents,
)


async def run(category: str | None) -> list[Graded]:
    """Every question of the table (or of one category), graded."""
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory)
        database = ensure_sqlite_database(data / "fieldservice.sqlite")
        settings = Settings(
            data_dir=data,
            demo_database_file=database,
            dev_mode=True,
            log_level="WARNING",
            _env_file=None,  # type: ignore[call-arg]
        )
        app = create_app(settings)
        questions = [q for q in QUESTIONS if category in (None, q.category)]
        async with LifespanManager(app, startup_timeout=60):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                await upload_tenant_documents(client)
                return [await ask_and_grade(client, q, database) for q in questions]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=("wrong", "refused", "all"), default=None)
    parser.add_argument("--category", default=None)
    args = parser.parse_args()
    results = asyncio.run(run(args.category))
    for result in results:
        if args.show in (result.grade, "all"):
            q = result.question
            context = f" (after {list(q.history)})" if q.history else ""
            print(f"[{result.grade}] {q.category}: {q.text}{context}")
            print(f"    answer: {result.answer[:300]}")
            print(f"    why: {result.reason[:300]}")
    counts = tally(results)
    print(
        f"{'category':<14}{'questions':>10}{'correct':>9}{'refused':>9}{'wrong':>7}{'%correct':>10}"
    )
    for name in sorted(counts, key=lambda n: (n == "all", n)):
        c = counts[name]
        total = sum(c.values())
        share = 100 * c["correct"] / total
        print(
            f"{name:<14}{total:>10}{c['correct']:>9}{c['refused']:>9}{c['wrong']:>7}{share:>9.1f}%"
        )


if __name__ == "__main__":
    main()
