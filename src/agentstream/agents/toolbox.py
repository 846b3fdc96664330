"""The tools one tenant's chat agent may use, the sink its events go to, and what every chat
agent (the agent loop, the grounded path) offers the chat turn."""

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypedDict

from langchain_core.language_models import BaseChatModel

from agentstream.agents.sql.introspection import DatabaseSchema
from agentstream.agents.sql.tool import SqlTool
from agentstream.retrieval.bm25 import SearchHit
from agentstream.retrieval.chunking import Chunk


class KnowledgeIndex(Protocol):
    """Search over the documents a tenant can cite."""

    def search(self, query: str, k: int = 4) -> list[SearchHit]:
        """Best passages for the query, best first; empty when nothing is relevant."""
        ...

    def other_sections_named(self, query: str, chunk: Chunk) -> list[str]:
        """The query's words `chunk` lacks that head another section of its document."""
        ...

    def says_phrases(self, question: str, chunk: Chunk) -> bool:
        """Whether `chunk` says the question's two-word phrases whose words it holds as such."""
        ...

    def unknown_words(self, query: str, doc_id: str | None = None) -> list[str]:
        """The query's content words that no passage (of document `doc_id`) holds in any form."""
        ...

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one document, in reading order."""
        ...

    def titles(self) -> list[str]:
        """The title of every document, once each."""
        ...

    def __len__(self) -> int:
        """How many passages there are to search."""
        ...


@dataclass(frozen=True)
class ToolBox:
    """A tenant's SQL tool and the schema of its database (None when it has no business
    database), and its document index."""

    sql: SqlTool | None
    knowledge: KnowledgeIndex
    # What "today" means to the data: the demo data is frozen at its reference date.
    today: date
    top_k: int = 3
    schema: DatabaseSchema | None = None


class AgentSink(Protocol):
    """Receives what the orchestrator does while it works (thoughts, tool calls, tokens)."""

    async def thought(self, text: str) -> None:
        """A step of reasoning worth showing."""

    async def tool_call(self, text: str, tool: str, detail: dict[str, Any]) -> None:
        """A tool invocation and its outcome."""

    async def tokens(self, pieces: list[str]) -> None:
        """The next pieces of the answer, in order."""


class TurnProgress(TypedDict, total=False):
    """What a turn has got to: its route, the sources it used, the tokens it spent."""

    route: str | None
    sources: list[dict[str, Any]]
    usage: dict[str, int]


class ChatAgent(Protocol):
    """Answers one chat turn, reporting its progress after each step."""

    def run(
        self,
        *,
        question: str,
        history: Sequence[tuple[str, str]],
        toolbox: ToolBox,
        sink: AgentSink,
        model: BaseChatModel,
    ) -> AsyncIterator[TurnProgress]:
        """Answer `question` through `sink`; raises AgentError when it cannot."""
        ...
