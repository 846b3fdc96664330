"""Chat use cases: start a turn as a run, read and delete conversations."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from langchain_core.language_models import BaseChatModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.agents.sql.sources import DataSources, TenantDatabase
from agentstream.agents.toolbox import ChatAgent, KnowledgeIndex, ToolBox
from agentstream.chat.models import Conversation, Message
from agentstream.chat.repository import (
    ConversationRepository,
    conversation_write,
    message_write,
)
from agentstream.chat.schemas import ChatRequest
from agentstream.chat.turn import CHAT_RUN, ChatTurn
from agentstream.db.base import new_id
from agentstream.db.rows import Write, execute_and_commit
from agentstream.errors import Conflict, NotFound
from agentstream.retrieval.knowledge import KnowledgeBase
from agentstream.runs.manager import RunManager
from agentstream.runs.models import Run, RunStatus
from agentstream.runs.repository import RunRepository, new_run
from agentstream.settings import Settings
from agentstream.tenancy.models import Tenant


@dataclass
class ChatService:
    """Starts chat turns; one instance per process, shared by all requests."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    manager: RunManager
    knowledge: KnowledgeBase
    sources: DataSources
    model: BaseChatModel
    agent: ChatAgent

    async def start_turn(self, session: AsyncSession, tenant: Tenant, request: ChatRequest) -> Run:
        """Store the question, commit, start the run that answers it, and return the run.

        It uses the caller's session: taking a second connection while the caller holds one
        would deadlock once the pool is exhausted by concurrent requests.
        """
        conversation_id = request.conversation_id or f"conv_{new_id().hex}"
        conversations = ConversationRepository(session, tenant.id)
        # An id the service just made up names no stored conversation: no need to look. An
        # unknown id the client chose (seed 000's "conv-123") starts a conversation with it.
        created = (
            request.conversation_id is None or await conversations.get(conversation_id) is None
        )
        lease = self.manager.lease_for_new_run()
        run, run_write = new_run(tenant.id, CHAT_RUN, conversation_id, lease=lease)
        turn_writes = [
            run_write,
            message_write(tenant.id, conversation_id, "user", request.message, run_id=run.id),
        ]
        index = await self.knowledge.index_for(session, tenant)
        try:
            history = await self._store_question(
                conversations, conversation_id, created, request.message, turn_writes
            )
        except IntegrityError:
            # Two first turns with the same new client-chosen id: the other one created the
            # conversation between this one's look and its write, so this one joins it.
            await session.rollback()
            if not created or await conversations.get(conversation_id) is None:
                raise
            created = False
            history = await self._store_question(
                conversations, conversation_id, created, request.message, turn_writes
            )
        turn = ChatTurn(
            conversation_id=conversation_id,
            conversation_created=created,
            question=request.message,
            history=history,
            open_toolbox=partial(self._toolbox, self.sources.database_of(tenant), index),
            model=self.model,
            agent=self.agent,
            provider=self.settings.llm_provider,
        )
        await self.manager.start(run, turn)
        return run

    async def _store_question(
        self,
        conversations: ConversationRepository,
        conversation_id: str,
        created: bool,
        question: str,
        turn_writes: list[Write],
    ) -> list[tuple[str, str]]:
        """Store the turn's run and question in its conversation, created with them or
        continued, and commit (the run must exist before its task records anything); returns
        the conversation's history before this question."""
        if created:
            writes = [conversation_write(conversations.tenant_id, conversation_id, question[:200])]
            await execute_and_commit(conversations.session, writes + turn_writes)
            return []
        await conversations.touch(conversation_id)  # active from its latest question on
        history = [
            (message.role, message.content)
            for message in await conversations.messages(
                conversation_id, last=2 * self.settings.history_turns
            )
            if message.content
        ]
        await execute_and_commit(conversations.session, turn_writes)
        return history

    async def _toolbox(self, database: TenantDatabase | None, index: KnowledgeIndex) -> ToolBox:
        """The tenant's tools: its database's SQL tool and schema, and its documents."""
        sql, schema = await self.sources.open(database) if database else (None, None)
        return ToolBox(
            sql=sql,
            schema=schema,
            knowledge=index,
            today=database.today if database else datetime.now(UTC).date(),
            top_k=self.settings.rag_top_k,
        )


async def get_run(session: AsyncSession, tenant: Tenant, run_id: uuid.UUID) -> Run:
    """One of the tenant's chat runs, while its conversation keeps the question it answers."""
    run = await RunRepository(session).get_for_tenant(tenant.id, run_id)
    if (
        run is None
        or run.kind != CHAT_RUN
        or not await ConversationRepository(session, tenant.id).asked_in(run.subject_id, run.id)
    ):
        raise NotFound("Run not found")
    return run


async def cancel_run(
    session: AsyncSession, manager: RunManager, tenant: Tenant, run_id: uuid.UUID
) -> None:
    """Cancel one of the tenant's chat turns on whichever worker runs it; returns once the
    cancel is stored (an ended turn is a conflict)."""
    run = await get_run(session, tenant, run_id)
    if RunStatus(run.status).is_terminal:
        raise Conflict("The run has already ended", details={"status": run.status})
    await session.commit()  # release the connection while the run winds down
    await manager.request_cancel(run.id)


async def get_conversation(
    session: AsyncSession, tenant: Tenant, conversation_id: str
) -> tuple[Conversation, list[Message]]:
    """A conversation of the tenant with its messages."""
    repository = ConversationRepository(session, tenant.id)
    conversation = await repository.get(conversation_id)
    if conversation is None:
        raise NotFound("Conversation not found")
    return conversation, list(await repository.messages(conversation_id))


async def delete_conversation(session: AsyncSession, tenant: Tenant, conversation_id: str) -> None:
    """Delete a conversation of the tenant: its messages, and its turns' stored events (the
    SQL they ran, their answers' metadata). The runs stay, for the tenant's usage totals."""
    if not await ConversationRepository(session, tenant.id).delete(conversation_id):
        raise NotFound("Conversation not found")
    await RunRepository(session).delete_events_of(tenant.id, CHAT_RUN, conversation_id)
