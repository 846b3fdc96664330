"""A panel execution as a run: rounds of expert turns, consensus, recommendation, events.

Each expert turn streams its tokens as `expert_token` deltas, then is stored and published as
`expert_speaking`; experts of one wave speak concurrently. Every fact (turn, round, consensus,
completion) is committed before its event is published.
"""

import asyncio
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from typing import Any

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
from agentstream.experts import deliberation
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.offline import compose_turn
from agentstream.llm.errors import ProviderError
from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.streaming import Usage, stream_pieces
from agentstream.llm.tokens import well_formed
from agentstream.llm.tool_calling import tool_calling_problem
from agentstream.logs import get_logger
from agentstream.panels.consensus import ConsensusResult
from agentstream.panels.domain import Panel, PanelStatus
from agentstream.panels.models import PanelMemberRecord
from agentstream.panels.repository import (
    Draft,
    PanelRepository,
    drafts_write,
    end_interrupted_panel,
)
from agentstream.panels.speed import SpeedMeter
from agentstream.panels.strategies import Strategy
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
UNREADABLE = "the model stated no readable position, asked twice"


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

    async def _check_tool_calling(self) -> None:
        """Fail the panel before any turn when its model cannot call tools, with the fix to
        apply: its experts could state no position (the same probe as the chat loop's, asked
        once per process by the OpenAI-compatible provider)."""
        try:
            async with asyncio.timeout(TOOL_PROBE_TIMEOUT_S):
                problem = await tool_calling_problem(self.model)
        except TimeoutError:
            problem = (
                f"The model did not answer a request to call a tool within "
                f"{TOOL_PROBE_TIMEOUT_S:.0f} s"
            )
        if problem is not None:
            raise RunFailed(
                f"{problem}, so panel experts cannot state their positions with it "
                "(AGENTSTREAM_AGENT_MODE=tools). Use a model that calls tools, or set "
                "AGENTSTREAM_AGENT_MODE=grounded."
            )

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
            await self._check_tool_calling()
        await context.record(
            {
                "panel_id": panel.id,
                "query": panel.query,
                "panel_type": panel.panel_type.value,
                "members": [asdict(m) for m in panel.members],
                "role": self._role(),
                "max_rounds": self.strategy.max_rounds(panel),
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
            recommendation = with_synthesis(panel, written)
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
        request = replace(request, options=self.panel.configuration.options)
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
        """The model writes the turn and states its position (or ranking) as a tool call; an
        unreadable one is asked for once more, then recorded as an abstention."""
        expert, request = turn.expert, turn.request
        prompt = deliberation.expert_prompt(expert, self.panel.query, request)
        tools = deliberation.tools_for(request)
        reply = await self._reply(turn, prompt, tools)
        text = well_formed("".join(turn.parts))
        labels = [c.label for c in request.visible]
        position: Position | None = None
        ranking: tuple[str, ...] = ()
        if request.kind in deliberation.POSITIONED:
            position = deliberation.read_position(reply.tool_calls, text, request.options)
            if position is None:
                again = [*prompt, AIMessage(text), HumanMessage(deliberation.RETRY_POSITION)]
                retry = await self._reply(turn, again, tools, quiet=True)
                position = deliberation.read_position(
                    retry.tool_calls, retry.text, request.options
                ) or Position.abstention(UNREADABLE)
        elif request.kind is TurnKind.RANK:
            ranking = deliberation.read_ranking(reply.tool_calls, text, labels)
            if not ranking:
                again = [*prompt, AIMessage(text), HumanMessage(deliberation.RETRY_RANKING)]
                retry = await self._reply(turn, again, tools, quiet=True)
                ranking = deliberation.read_ranking(retry.tool_calls, retry.text, labels)
        passages = {
            chunk.chunk_id
            for chunk in knowledge_of(expert).relevant_to(self.panel.query, request.options)
        }
        cited = tuple(source for source in passages if f"[{source}]" in text)
        return TurnResult(
            agent_id=expert.agent_id,
            kind=request.kind,
            round_number=request.round_number,
            text=text,
            position=position,
            ranking=ranking,
            citations=cited,
        )

    async def _reply(
        self,
        turn: Speaking,
        prompt: list[BaseMessage],
        tools: list[dict[str, Any]],
        *,
        quiet: bool = False,
    ) -> AIMessageChunk:
        """Stream the model's reply (its text as `expert_token` unless `quiet`) and return it
        whole, tool calls included."""
        model: Any = self.model
        if tools:
            try:
                # "auto", also when asking again: not every server accepts "required".
                model = self.model.bind_tools(tools, tool_choice="auto")
            except NotImplementedError:
                model = self.model  # no tools: the POSITION line is the fallback
        whole = AIMessageChunk(content="")

        async def pieces() -> Any:
            nonlocal whole
            async for chunk in model.astream(prompt):
                whole = whole + chunk
                turn.usage.add(chunk.usage_metadata)
                if chunk.text:
                    yield [chunk.text]

        if quiet:
            async for _ in pieces():
                pass
        else:
            await self._speak(turn, pieces())
        return whole


def _turn_prompt(query: str, request: TurnRequest) -> str:
    lines = [f"Panel question: {query}", f"Round {request.round_number}.", request.instruction]
    for contribution in request.visible:
        lines.append(f"[{contribution.label}] {contribution.text}")
    return "\n".join(lines)
