"""A panel execution as a run: rounds of expert turns, consensus, recommendation, events.

Each expert turn streams its tokens as `expert_token` deltas, then is stored and published as
`expert_speaking`; experts of one wave speak concurrently. Every fact (turn, round, consensus,
completion) is committed before its event is published.
"""

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.base import utcnow
from agentstream.db.completion import run_to_completion
from agentstream.deliberation.position import Position
from agentstream.deliberation.turns import (
    ExpertProfile,
    TurnKind,
    TurnRequest,
    TurnResult,
    prose,
)
from agentstream.experts.offline import compose_turn
from agentstream.llm.errors import ProviderError
from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.openai_compat import JsonSchemaResponses
from agentstream.llm.streaming import Usage, stream_pieces
from agentstream.llm.tokens import well_formed
from agentstream.llm.tool_calling import tool_calling_problem
from agentstream.logs import get_logger
from agentstream.panels.capable.prompts import expert_prompt as capable_prompt
from agentstream.panels.capable.prompts import framing_prompt, passages_for
from agentstream.panels.capable.statements import (
    FRAMING,
    POSITIONED,
    Framing,
    Statement,
    StatementMode,
    Unread,
    position_statement,
    ranking_statement,
)
from agentstream.panels.consensus import ConsensusResult
from agentstream.panels.domain import Panel, PanelStatus
from agentstream.panels.domain.options import detect_options, proposition_of
from agentstream.panels.models import PanelMemberRecord
from agentstream.panels.repository import (
    Draft,
    PanelRepository,
    drafts_write,
    end_interrupted_panel,
)
from agentstream.panels.speed import SpeedMeter
from agentstream.panels.strategies import Strategy
from agentstream.panels.strategies.ranking import peer_ranking_data
from agentstream.panels.strategies.recommendation import with_synthesis
from agentstream.runs.checkpoints import CheckpointClock
from agentstream.runs.context import RunContext
from agentstream.runs.kinds import Frames, RunKind
from agentstream.runs.manager import RunFailed
from agentstream.runs.models import RunStatus
from agentstream.runs.repository import usage_write

log = get_logger(__name__)
PANEL_RUN = "panel"
# How long the tool-calling probe may take before the panel fails, saying so.
TOOL_PROBE_TIMEOUT_S = 60.0
UNREADABLE_POSITION = "No position could be read from your reply."
UNREADABLE_RANKING = (
    "No ranking could be read from your reply: it must order the labels of the responses you "
    "were shown ({labels})."
)
UNFRAMED = "No framing could be read from your reply."
# HTTP statuses of a server that does not take the JSON-schema response format (llama.cpp's
# server answers 500, others 400 or 422): the panel goes on with lines.
REFUSED_FORMAT = frozenset({400, 422, 500, 501})
T = TypeVar("T")


def _now() -> str:
    return utcnow().isoformat()


def panel_abort_frames(
    run_id: uuid.UUID, panel_id: str, status: RunStatus, reason: str
) -> list[tuple[str | None, dict[str, Any]]]:
    """A cancelled panel ends with `panel_cancelled`, a failed one with `error`."""
    if status is RunStatus.CANCELLED:
        return [("panel_cancelled", {"panel_id": panel_id, "reason": reason, "timestamp": _now()})]
    return [("error", {"panel_id": panel_id, "message": reason, "timestamp": _now()})]


async def _end_panel(
    session: AsyncSession, run_id: uuid.UUID, panel_id: str, status: RunStatus, reason: str
) -> Frames:
    """End the panel as its run ended; the turns a dead worker left are told as they are
    kept (as last saved, incomplete), before the end."""
    target = PanelStatus.CANCELLED if status is RunStatus.CANCELLED else PanelStatus.FAILED
    kept = await end_interrupted_panel(session, panel_id, target, reason, utcnow())
    return [
        (
            "expert_speaking",
            _speaking(
                panel_id,
                speaker,
                TurnResult(
                    turn.agent_id,
                    TurnKind(turn.kind),
                    turn.round_number,
                    turn.text,
                    incomplete=True,
                ),
                turn.sequence,
            ),
        )
        for turn, speaker in kept
    ]


def _speaking(
    panel_id: str, speaker: ExpertProfile | PanelMemberRecord, result: TurnResult, sequence: int
) -> dict[str, Any]:
    """The data of an `expert_speaking` event: a turn as stored, and who spoke it."""
    return {
        "panel_id": panel_id,
        "agent_id": result.agent_id,
        "agent_name": speaker.name,
        "role": speaker.role,
        "kind": result.kind.value,
        "round": result.round_number,
        "sequence": sequence,
        "content": result.text,
        "position": result.position.to_dict() if result.position else None,
        "ranking": list(result.ranking),
        "citations": list(result.citations),
        "incomplete": result.incomplete,
        "timestamp": _now(),
    }


PANEL_RUN_KIND = RunKind(PANEL_RUN, panel_abort_frames, on_abort=_end_panel)


@dataclass(frozen=True, slots=True)
class Speaking:
    """A turn in progress: who speaks, asked what, what it has streamed, the tokens used."""

    context: RunContext
    expert: ExpertProfile
    request: TurnRequest
    parts: list[str]
    usage: Usage
    checkpoints: CheckpointClock = field(default_factory=CheckpointClock)


@dataclass
class PanelExecution:
    """Everything one execution needs, gathered before its run starts."""

    panel: Panel
    strategy: Strategy
    experts: dict[str, ExpertProfile]
    model: BaseChatModel
    # True: the model writes each turn and states its own position (capable models); False:
    # the grounded path, the offline engine's draft decides.
    deliberate: bool = False
    # How the model states positions, rankings and framings (chosen before the first turn).
    mode: StatementMode = StatementMode.LINES
    meter: SpeedMeter = field(default_factory=SpeedMeter)
    # What each turn in progress has streamed so far, kept if the panel is cancelled, and
    # saved as drafts while it streams, kept if the worker dies.
    _speaking: dict[tuple[str, TurnKind, int], list[str]] = field(default_factory=dict)
    # Saves of the drafts go one at a time, each with the latest text: none overwrites a newer.
    _drafts_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Whether the stored drafts may hold some: a turn stored then saves them again.
    _drafts_saved: bool = False

    async def __call__(self, context: RunContext) -> None:
        try:
            await self._execute(context)
        except* ProviderError as failures:
            # Concurrent turns fail together: report the first provider error.
            raise RunFailed(str(failures.exceptions[0])) from failures
        except* asyncio.CancelledError:
            # The transcript keeps what the turns in progress had streamed, marked incomplete,
            # before the run's end is recorded, even if a second cancel comes meanwhile.
            await run_to_completion(self._keep_incomplete(context))
            raise asyncio.CancelledError from None

    async def _choose_statement_mode(self) -> None:
        """How the model states positions: by tool call when it calls one when asked (the
        same probe as the chat loop's, asked once per process by the OpenAI-compatible
        provider), else in a JSON-schema response where the provider offers one, else in a
        line of its text."""
        try:
            async with asyncio.timeout(TOOL_PROBE_TIMEOUT_S):
                problem = await tool_calling_problem(self.model)
        except TimeoutError:
            problem = f"no tool call within {TOOL_PROBE_TIMEOUT_S:.0f} s"
        if problem is None:
            self.mode = StatementMode.TOOLS
        elif isinstance(self.model, JsonSchemaResponses):
            self.mode = StatementMode.JSON_SCHEMA
        else:
            self.mode = StatementMode.LINES
        if problem is not None:
            log.info("panel_statements_without_tools", problem=problem, mode=self.mode.value)

    async def _keep_incomplete(self, context: RunContext) -> None:
        for key, parts in list(self._speaking.items()):
            del self._speaking[key]  # kept below as a turn, or not at all: no longer a draft
            text = well_formed("".join(parts))
            if not text.strip():
                continue
            result = TurnResult(*key, text, incomplete=True)
            try:
                message = self.panel.record(result)
            except ValueError:
                continue  # its round was closed: nothing to keep
            await self._store(context, result, message.sequence, Usage())
        if self._drafts_saved:
            await self._save_drafts(context)

    def _drafts(self) -> list[Draft]:
        """The turns in progress that have streamed some text."""
        drafts = [
            Draft(agent_id, kind, round_number, well_formed("".join(parts)))
            for (agent_id, kind, round_number), parts in self._speaking.items()
        ]
        return [draft for draft in drafts if draft.text.strip()]

    async def _save_drafts(self, context: RunContext) -> None:
        """Save the turns in progress as they stand (a checkpoint)."""
        async with self._drafts_lock:
            drafts = self._drafts()
            try:
                await context.store([drafts_write(self.panel.id, drafts)])
            except Exception:  # the turns are stored when they end anyway: streaming goes on
                log.warning("panel_checkpoint_failed", run_id=str(context.run_id), exc_info=True)
                return
            self._drafts_saved = bool(drafts)

    async def _execute(self, context: RunContext) -> None:
        panel = self.panel
        tenant = context.tenant_id
        if self.deliberate:
            await self._choose_statement_mode()
        framing = await self._frame(context)
        async with context.facts() as batch:
            # The framing is the panel's configuration from now on, stored before it is told.
            await PanelRepository(batch.session, tenant).save_state(panel)
            await batch.add(
                {
                    "panel_id": panel.id,
                    "query": panel.query,
                    "panel_type": panel.panel_type.value,
                    "members": [asdict(m) for m in panel.members],
                    "role": self._role(),
                    "max_rounds": self.strategy.max_rounds(panel),
                    "framing": framing,
                    "timestamp": _now(),
                },
                "panel_started",
            )
        for round_number in range(1, self.strategy.max_rounds(panel) + 1):
            wave = 0
            while requests := self.strategy.plan_wave(panel, round_number, wave):
                # Turns of one wave do not see each other: they run concurrently.
                async with asyncio.TaskGroup() as group:
                    for request in requests:
                        group.create_task(self._turn(context, request))
                wave += 1
            result = self.strategy.measure(panel, round_number)
            panel.close_round(result)
            await self._close_round(context, tenant, round_number, result)
            if result.decision != "continue":
                break
        synthesis = self.strategy.recommendation_request(panel)
        if synthesis is not None:
            written = (await self._turn(context, synthesis)).text
            recommendation = with_synthesis(panel, written, self.strategy.voters(panel))
        else:
            recommendation = self.strategy.summarize_positions(panel)
        panel.complete(recommendation, None, utcnow())
        async with context.facts() as batch:
            await PanelRepository(batch.session, tenant).save_state(panel)
            await batch.add(
                {
                    "panel_id": panel.id,
                    "status": panel.status.value,
                    "recommendation": recommendation,
                    "consensus": panel.consensus.level if panel.consensus else None,
                    "decision": panel.consensus.decision if panel.consensus else None,
                    "consensus_detail": panel.consensus.to_dict() if panel.consensus else None,
                    "baseline": (
                        panel.consensus.baseline.to_dict()
                        if panel.consensus and panel.consensus.baseline
                        else None
                    ),
                    "rounds": len(panel.rounds),
                    "peer_ranking": peer_ranking_data(panel),
                    "duration": panel.duration_seconds,
                    "timestamp": _now(),
                },
                "panel_complete",
                status=RunStatus.COMPLETED,
            )

    def _role(self) -> dict[str, str] | None:
        """The strategy's role and who holds it, for `panel_started`."""
        role, holder = self.strategy.spec.role, self.strategy.role_holder(self.panel)
        if role is None or holder is None:
            return None
        member = self.panel.member(holder)
        return {"title": role.title, "agent_id": holder, "name": member.name}

    async def _close_round(
        self, context: RunContext, tenant: uuid.UUID, round_number: int, result: ConsensusResult
    ) -> None:
        async with context.facts() as batch:
            await PanelRepository(batch.session, tenant).save_state(self.panel)
            messages = len(self.panel.rounds[round_number - 1].messages)
            await batch.add(
                {
                    "panel_id": self.panel.id,
                    "round": round_number,
                    "messages": messages,
                    "timestamp": _now(),
                },
                "round_complete",
            )
            await batch.add(
                {"panel_id": self.panel.id, "round": round_number, **result.to_dict()},
                "consensus_update",
            )

    async def _turn(self, context: RunContext, request: TurnRequest) -> TurnResult:
        configuration = self.panel.configuration
        request = replace(
            request, options=configuration.options, proposition=configuration.proposition
        )
        expert = self.experts[request.agent_id]
        key = (expert.agent_id, request.kind, request.round_number)
        turn = Speaking(context, expert, request, [], Usage())
        self._speaking[key] = turn.parts
        started = time.perf_counter()
        result = await (self._deliberate(turn) if self.deliberate else self._grounded(turn))
        self.meter.add(time.perf_counter() - started)
        message = self.panel.record(result)
        del self._speaking[key]
        # Recorded is stored: a cancel that comes meanwhile waits for the store, so that the
        # turn is neither lost nor kept twice (see `_keep_incomplete`).
        await run_to_completion(self._store(context, result, message.sequence, turn.usage))
        return result

    async def _store(
        self, context: RunContext, result: TurnResult, sequence: int, usage: Usage
    ) -> None:
        expert = self.experts[result.agent_id]
        message = self.panel.messages[sequence - 1]
        async with self._drafts_lock, context.facts() as batch:
            await PanelRepository(batch.session, context.tenant_id).add_message(
                self.panel.id, message
            )
            if self._drafts_saved:
                # This turn's draft goes as the turn is stored (the others stay).
                drafts = self._drafts()
                batch.stage(drafts_write(self.panel.id, drafts))
                self._drafts_saved = bool(drafts)
            batch.stage(usage_write(context.run_id, usage.input_tokens, usage.output_tokens))
            await batch.add(_speaking(self.panel.id, expert, result, sequence), "expert_speaking")

    async def _speak(self, turn: Speaking, stream: Any) -> None:
        """Publish each batch of text pieces as `expert_token` deltas, keeping them in `parts`."""
        request = turn.request
        async for pieces in stream:
            turn.parts.extend(pieces)
            await turn.context.emit_all(
                [
                    {
                        "panel_id": self.panel.id,
                        "agent_id": request.agent_id,
                        "round": request.round_number,
                        "kind": request.kind.value,
                        "delta": delta,
                    }
                    for delta in pieces
                ],
                "expert_token",
            )
            if turn.checkpoints.due(len(turn.parts)):
                turn.checkpoints.saved(len(turn.parts))
                await run_to_completion(self._save_drafts(turn.context))

    async def _grounded(self, turn: Speaking) -> TurnResult:
        """The offline engine drafts the turn and decides its position; the model states it."""
        expert, request = turn.expert, turn.request
        draft = compose_turn(expert, self.panel.query, request)
        prompt = [
            SystemMessage(f"You are {expert.name}, {expert.role}. {expert.persona}"),
            HumanMessage(
                _turn_prompt(self.panel.query, request),
                # Its position and ranking go out as data: readers get the words alone.
                additional_kwargs={GROUNDED_ANSWER_KEY: prose(draft.text)},
            ),
        ]
        await self._speak(turn, stream_pieces(self.model, prompt, turn.usage))
        return TurnResult(
            agent_id=expert.agent_id,
            kind=request.kind,
            round_number=request.round_number,
            text=well_formed("".join(turn.parts)),
            position=draft.position,
            ranking=draft.ranking,
            citations=draft.citations,
        )

    async def _deliberate(self, turn: Speaking) -> TurnResult:
        """The model writes the turn and states its position (or ranking) as data; one that
        cannot be read is asked for once more, alone, then recorded as an abstention (a
        ranking: as none)."""
        expert, request = turn.expert, turn.request
        passages = passages_for(expert, self.panel.query, request.options)
        prompt = capable_prompt(expert, self.panel.query, request, self.mode, passages)
        labels = [c.label for c in request.visible]
        statement: Statement[Any] | None = None
        problem = UNREADABLE_POSITION
        if request.kind in POSITIONED:
            statement = position_statement(request.options)
        elif request.kind is TurnKind.RANK:
            statement = ranking_statement(labels)
            problem = UNREADABLE_RANKING.format(labels=", ".join(labels))
        tools = [statement.tool()] if statement and self.mode is StatementMode.TOOLS else []
        reply = await self._reply(prompt, turn.usage, tools=tools, turn=turn)
        text = well_formed("".join(turn.parts))
        stated: Any = None if statement is None else statement.read(reply.tool_calls, text)
        if statement is not None and isinstance(stated, Unread):
            told = stated.problem or problem

            def alone(mode: StatementMode, problem: str | None) -> list[BaseMessage]:
                return [*prompt, AIMessage(text), HumanMessage(statement.ask(mode, problem))]

            if self.mode is StatementMode.JSON_SCHEMA and stated.problem is None:
                # The turn is prose: its position is asked for next, as JSON.
                stated = await self._stated(lambda mode: alone(mode, None), statement, turn.usage)
            if isinstance(stated, Unread):
                stated = await self._stated(lambda mode: alone(mode, told), statement, turn.usage)
        readable = None if isinstance(stated, Unread) else stated
        position: Position | None = None
        ranking: tuple[str, ...] = ()
        if request.kind in POSITIONED:
            position = readable or Position.unread()
        elif request.kind is TurnKind.RANK:
            ranking = readable or ()
        # The position and ranking are data: a POSITION line the model wrote is not the text.
        text = prose(text).strip() or (position.summary if position else "")
        cited = tuple(c.chunk_id for c in passages if f"[{c.chunk_id}]" in text)
        return TurnResult(
            agent_id=expert.agent_id,
            kind=request.kind,
            round_number=request.round_number,
            text=text,
            position=position,
            ranking=ranking,
            citations=tuple(sorted(cited)),
        )

    async def _stated(
        self,
        messages: Callable[[StatementMode], list[BaseMessage]],
        statement: "Statement[T]",
        usage: Usage,
    ) -> T | Unread:
        """One quiet call asking for `statement` in the panel's statement mode, with the
        `messages` of that mode. A server that refuses the JSON-schema format moves the whole
        panel to lines, and the same call is made again at once in that mode."""
        if self.mode is StatementMode.JSON_SCHEMA:
            try:
                reply = await self._reply(messages(self.mode), usage, json_schema=statement)
                return statement.read(reply.tool_calls, reply.text)
            except ProviderError as error:
                if error.status_code not in REFUSED_FORMAT:
                    raise
                log.warning("panel_json_schema_refused", status=error.status_code)
                self.mode = StatementMode.LINES
        tools = [statement.tool()] if self.mode is StatementMode.TOOLS else []
        reply = await self._reply(messages(self.mode), usage, tools=tools)
        return statement.read(reply.tool_calls, reply.text)

    async def _frame(self, context: RunContext) -> dict[str, Any]:
        """What the panel votes on, settled before round 1 and stored with its configuration:
        the request's options or proposition; else, with a capable model, the options or the
        proposition it frames the question as; else the options the question names, or a
        proposition read from the question."""
        configuration = self.panel.configuration
        source = "configuration"
        if not configuration.options and configuration.proposition is None:
            framing = await self._model_framing(context) if self.deliberate else None
            source = "model" if framing is not None else "question"
            if framing is None:
                # "De Novo or 510(k)?" is a choice, not a proposition to support or oppose.
                query = self.panel.query
                named = detect_options(query)
                framing = Framing(named, None if named else proposition_of(query))
            self.panel.configuration = replace(
                configuration, options=framing.options, proposition=framing.proposition
            )
        return {
            "options": list(self.panel.configuration.options),
            "proposition": self.panel.configuration.proposition,
            "source": source,
        }

    async def _model_framing(self, context: RunContext) -> Framing | None:
        """The model's framing of the question (asked twice at most); None if unreadable or
        invalid as a configuration."""
        usage = Usage()
        query = self.panel.query
        framing = await self._stated(lambda mode: framing_prompt(query, mode), FRAMING, usage)
        if isinstance(framing, Unread):
            told = framing.problem or UNFRAMED

            def again(mode: StatementMode) -> list[BaseMessage]:
                return [*framing_prompt(query, mode), HumanMessage(FRAMING.ask(mode, told))]

            framing = await self._stated(again, FRAMING, usage)
        await context.store([usage_write(context.run_id, usage.input_tokens, usage.output_tokens)])
        if isinstance(framing, Unread):
            return None
        try:
            replace(
                self.panel.configuration, options=framing.options, proposition=framing.proposition
            )
        except ValueError:
            return None
        return framing

    async def _reply(
        self,
        prompt: list[BaseMessage],
        usage: Usage,
        *,
        tools: list[dict[str, Any]] | None = None,
        json_schema: "Statement[Any] | None" = None,
        turn: Speaking | None = None,
    ) -> AIMessageChunk:
        """The model's whole reply, tool calls included; its text streamed as `expert_token`
        when it is a `turn`'s."""
        model: Any = self.model
        if tools:
            try:
                # "auto", also when asking again: not every server accepts "required".
                model = self.model.bind_tools(tools, tool_choice="auto")
            except NotImplementedError:
                model = self.model  # no tools: the statement's line is the fallback
        elif json_schema is not None and isinstance(self.model, JsonSchemaResponses):
            model = self.model.with_json_schema(json_schema.name, json_schema.schema)
        whole = AIMessageChunk(content="")

        async def pieces() -> Any:
            nonlocal whole
            async for chunk in model.astream(prompt):
                whole = whole + chunk
                usage.add(chunk.usage_metadata)
                if chunk.text:
                    yield [chunk.text]

        if turn is None:
            async for _ in pieces():
                pass
        else:
            await self._speak(turn, pieces())
        return whole


def _turn_prompt(query: str, request: TurnRequest) -> str:
    lines = [f"Panel question: {query}", request.instruction]
    for contribution in request.visible:
        lines.append(f"[{contribution.label}] {contribution.text}")
    return "\n".join(lines)
