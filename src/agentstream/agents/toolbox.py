"""The tools one tenant's orchestrator may use, and the sink its events go to."""

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from agentstream.agents.sql.tool import SqlTool
from agentstream.retrieval.bm25 import SearchHit
from agentstream.retrieval.chunking import Chunk


class KnowledgeIndex(Protocol):
    """Search over the documents a tenant can cite."""

    def search(self, query: str, k: int = 4) -> list[SearchHit]:
        """Best passages for the query, best first; empty when nothing is relevant."""
        ...

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one document, in reading order."""
        ...

    def titles(self) -> list[str]:
        """The title of every document, once each."""
        ...


@dataclass(frozen=True)
class ToolBox:
    """A tenant's SQL tool (None when it has no business database) and document index."""

    sql: SqlTool | None
    knowledge: KnowledgeIndex
    # What "today" means to the data: the demo data is frozen at its reference date.
    today: date
    top_k: int = 3
    # A capable model chooses the tools and writes the SQL; otherwise planning is deterministic.
    tool_planning: bool = False


class AgentSink(Protocol):
    """Receives what the orchestrator does while it works (thoughts, tool calls, tokens)."""

    async def thought(self, text: str) -> None:
        """A step of reasoning worth showing."""

    async def tool_call(self, text: str, tool: str, detail: dict[str, Any]) -> None:
        """A tool invocation and its outcome."""

    async def tokens(self, pieces: list[str]) -> None:
        """The next pieces of the answer, in order."""
