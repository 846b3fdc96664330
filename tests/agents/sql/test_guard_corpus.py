"""The attack corpus is refused in both dialects; the legitimate queries pass and run."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentstream.agents.sql.guard import SqlPolicy, UnsafeQueryError, vet_query
from agentstream.agents.sql.tool import SqlDataSource, SqlTool
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES

HERE = Path(__file__).parent
DIALECTS = ("sqlite", "postgres")
# "-- attack: growth/string-doubling-20-levels", "-- query: monthly-orders [postgres]"
_HEADER = re.compile(r"^-- (?P<kind>attack|query): (?P<name>\S+)(?: \[(?P<dialect>\w+)\])?$")
# Values for the named parameters the legitimate queries use.
PARAMETERS = {"status": "active", "region": "North"}


@dataclass(frozen=True)
class Entry:
    """One statement of a corpus file, and the dialects it is written for."""

    name: str
    sql: str
    dialects: tuple[str, ...]


def read_entries(path: Path, kind: str) -> list[Entry]:
    """The entries of a corpus file: a header line, then the statement up to the next header."""
    entries: list[Entry] = []
    current: tuple[str, tuple[str, ...]] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            entries.append(Entry(current[0], "\n".join(lines).strip(), current[1]))

    for line in path.read_text(encoding="utf-8").splitlines():
        header = _HEADER.match(line)
        if header is None:
            lines.append(line)
            continue
        assert header["kind"] == kind, f"{path.name}: unexpected entry {line!r}"
        close()
        dialect = header["dialect"]
        current, lines = (header["name"], (dialect,) if dialect else DIALECTS), []
    close()
    return entries


ATTACKS = read_entries(HERE / "attack_corpus.sql", "attack")
LEGITIMATE = read_entries(HERE / "legitimate_queries.sql", "query")


def policy(dialect: str) -> SqlPolicy:
    return SqlPolicy(allowed_tables=ALLOWED_TABLES, dialect=dialect)


def test_corpus_holds_at_least_150_distinct_statements() -> None:
    assert len({entry.sql for entry in ATTACKS}) >= 150
    assert all(entry.sql and entry.dialects == DIALECTS for entry in ATTACKS)
    assert len({entry.name for entry in ATTACKS}) == len(ATTACKS)


def test_corpus_covers_every_family() -> None:
    families = {entry.name.split("/")[0] for entry in ATTACKS}
    assert {"growth", "joins", "quoted", "session", "string-sql", "admin"} <= families


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("entry", ATTACKS, ids=lambda entry: entry.name)
def test_attack_is_refused(entry: Entry, dialect: str) -> None:
    with pytest.raises(UnsafeQueryError) as refused:
        vet_query(entry.sql, policy(dialect))
    assert refused.value.reason


LEGITIMATE_CASES = [
    pytest.param(entry, dialect, id=f"{entry.name}-{dialect}")
    for entry in LEGITIMATE
    for dialect in entry.dialects
]


@pytest.mark.parametrize(("entry", "dialect"), LEGITIMATE_CASES)
def test_legitimate_query_passes(entry: Entry, dialect: str) -> None:
    vet_query(entry.sql, policy(dialect))


async def test_legitimate_queries_run_on_the_database(source: SqlDataSource) -> None:
    tool = SqlTool(source, policy(source.dialect))
    for entry in LEGITIMATE:
        if source.dialect in entry.dialects:
            result = await tool.run(entry.sql, PARAMETERS)
            assert result.columns, entry.name
