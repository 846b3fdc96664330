"""A panel execution as a run: rounds of expert turns, consensus, recommendation, events.

Each expert turn streams its tokens as `expert_token` deltas, then is stored and published as
`expert_speaking`; experts of one wave speak concurrently. Every fact (turn, round, consensus,
completion) is committed before its event is published.
"""

import asyncio
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.base import utcnow
from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import parse_position, parse_ranking
from agentstream.llm.errors import ProviderError
from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.streaming import Usage, stream_pieces
from agentstream.llm.tokens import well_formed
from agentstream.panels.consensus import ConsensusResult
from agentstream.panels.domain import Panel, PanelStatus
from agentstream.panels.repository import PanelRepository, end_interrupted_panel
from agentstream.panels.strategies import Strategy
from agentstream.panels.turns import ExpertProfile, Position, TurnKind, TurnRequest, TurnResult
from agentstream.runs.context import RunContext
from agentstream.runs.kinds import RunKind
from agentstream.runs.manager import RunFailed
from agentstream.runs.models import RunStatus
from agentstream.runs.repository import usage_write

PANEL_RUN = "panel"
POSITIONED = (TurnKind.POSITION, TurnKind.ANSWER, TurnKind.CHALLENGE, TurnKind.RANK)


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
) -> None:
    target = PanelStatus.CANCELLED if status is RunStatus.CANCELLED else PanelStatus.FAILED
    await end_interrupted_panel(session, panel_id, target, reason, utcnow())


PANEL_RUN_KIND = RunKind(PANEL_RUN, panel_abort_frames, on_abort=_end_panel)


def _position_data(result: TurnResult) -> dict[str, Any] | None:
    if result.position is None:
        return None
    p = result.position
    return {"stance": p.stance.value, "confidence": p.confidence, "summary": p.summary}


@dataclass
class PanelExecution:
    """Everything one execution needs, gathered before its run starts."""

    panel: Panel
    strategy: Strategy
    experts: dict[str, ExpertProfile]
    model: BaseChatModel

    async def __call__(self, context: RunContext) -> None:
        try:
            await self._execute(context)
        except* ProviderError as failures:
            # Concurrent turns fail together: report the first provider error.
            raise RunFailed(str(failures.exceptions[0])) from failures

    async def _execute(self, context: RunContext) -> None:
        panel = self.panel
        tenant = context.tenant_id
        await context.record(
            {
                "panel_id": panel.id,
                "query": panel.query,
                "panel_type": panel.panel_type.value,
                "members": [asdict(m) for m in panel.members],
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
            recommendation = (await self._turn(context, synthesis)).text
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
                    "rounds": len(panel.rounds),
                    "duration": panel.duration_seconds,
                    "timestamp": _now(),
                },
                "panel_complete",
                status=RunStatus.COMPLETED,
            )

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
        expert = self.experts[request.agent_id]
        draft = compose_turn(expert, self.panel.query, request)
        prompt = [
            SystemMessage(f"You are {expert.name}, {expert.role}. {expert.persona}"),
            HumanMessage(
                _turn_prompt(self.panel.query, request),
                additional_kwargs={GROUNDED_ANSWER_KEY: draft},
            ),
        ]
        parts: list[str] = []
        usage = Usage()
        async for pieces in stream_pieces(self.model, prompt, usage):
            parts += pieces
            await context.emit_all(
                [
                    {
                        "panel_id": self.panel.id,
                        "agent_id": expert.agent_id,
                        "round": request.round_number,
                        "kind": request.kind.value,
                        "delta": delta,
                    }
                    for delta in pieces
                ],
                "expert_token",
            )
        text = well_formed("".join(parts))
        labels = [c.label for c in request.visible]
        result = TurnResult(
            agent_id=expert.agent_id,
            kind=request.kind,
            round_number=request.round_number,
            text=text,
            position=_position(text, draft) if request.kind in POSITIONED else None,
            ranking=parse_ranking(text, labels) if request.kind is TurnKind.RANK else (),
        )
        message = self.panel.record(result)
        async with context.facts() as batch:
            await PanelRepository(batch.session, context.tenant_id).add_message(
                self.panel.id, message
            )
            batch.stage(usage_write(context.run_id, usage.input_tokens, usage.output_tokens))
            await batch.add(
                {
                    "panel_id": self.panel.id,
                    "agent_id": expert.agent_id,
                    "agent_name": expert.name,
                    "role": expert.role,
                    "kind": request.kind.value,
                    "round": request.round_number,
                    "sequence": message.sequence,
                    "content": text,
                    "position": _position_data(result),
                    "ranking": list(result.ranking),
                    "timestamp": _now(),
                },
                "expert_speaking",
            )
        return result


def _position(text: str, draft: str) -> Position | None:
    """The position the model stated, else the grounded draft's (planning stays deterministic:
    a weak model that phrases the turn but drops the position line does not lose the vote)."""
    return parse_position(text) or parse_position(draft)


def _turn_prompt(query: str, request: TurnRequest) -> str:
    lines = [f"Panel question: {query}", f"Round {request.round_number}.", request.instruction]
    for contribution in request.visible:
        lines.append(f"[{contribution.label}] {contribution.text}")
    return "\n".join(lines)
