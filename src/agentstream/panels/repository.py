"""SQL of panels: the aggregate is stored as a row, its members and one row per message."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.rows import Write, table_of
from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import TurnKind
from agentstream.panels.consensus import ConsensusResult
from agentstream.panels.domain import (
    Panel,
    PanelConfiguration,
    PanelMember,
    PanelMessage,
    PanelRound,
    PanelStatus,
    PanelType,
)
from agentstream.panels.models import PanelMemberRecord, PanelMessageRecord, PanelRecord
from agentstream.runs.models import Run


def _message(record: PanelMessageRecord) -> PanelMessage:
    position = None
    if record.stance is not None and record.confidence is not None:
        position = Position(
            Stance(record.stance),
            record.confidence,
            record.summary or "",
            record.option,
            bool(record.abstain),
            record.abstain_reason,
        )
    return PanelMessage(
        round_number=record.round_number,
        agent_id=record.agent_id,
        kind=TurnKind(record.kind),
        text=record.text,
        position=position,
        sequence=record.sequence,
        ranking=tuple(record.ranking),
        citations=tuple(record.citations or ()),
        incomplete=bool(record.incomplete),
    )


def _consensus(data: dict[str, Any] | None) -> ConsensusResult | None:
    return ConsensusResult.from_dict(data) if data else None


def _panel(record: PanelRecord, messages: Sequence[PanelMessageRecord]) -> Panel:
    rounds = [
        PanelRound(number, consensus=ConsensusResult.from_dict(data))
        for number, data in enumerate(record.round_consensus, start=1)
    ]
    for message in messages:
        while len(rounds) < message.round_number:
            rounds.append(PanelRound(len(rounds) + 1))
        rounds[message.round_number - 1].messages.append(_message(message))
    return Panel(
        id=str(record.id),
        tenant_id=str(record.tenant_id),
        query=record.query,
        panel_type=PanelType(record.panel_type),
        members=[PanelMember(m.agent_id, m.name, m.role) for m in record.members],
        created_at=record.created_at,
        configuration=PanelConfiguration.from_dict(record.configuration),
        rounds=rounds,
        status=PanelStatus(record.status),
        consensus=_consensus(record.consensus),
        recommendation=record.recommendation,
        error=record.error,
        started_at=record.started_at,
        completed_at=record.completed_at,
    )


class PanelRepository:
    """Persistence of one tenant's panels."""

    def __init__(self, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        self.session = session
        self.tenant_id = tenant_id

    async def add(self, panel: Panel) -> None:
        """Store a new panel with its members."""
        self.session.add(
            PanelRecord(
                id=uuid.UUID(panel.id),
                tenant_id=self.tenant_id,
                query=panel.query,
                panel_type=panel.panel_type.value,
                configuration=panel.configuration.to_dict(),
                status=panel.status.value,
                round_consensus=[],
                created_at=panel.created_at,
                members=[
                    PanelMemberRecord(position=i, agent_id=m.agent_id, name=m.name, role=m.role)
                    for i, m in enumerate(panel.members)
                ],
            )
        )
        await self.session.flush()

    async def _record(self, panel_id: uuid.UUID) -> PanelRecord | None:
        statement = select(PanelRecord).where(
            PanelRecord.id == panel_id, PanelRecord.tenant_id == self.tenant_id
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def get(self, panel_id: uuid.UUID) -> Panel | None:
        """The tenant's panel with its whole transcript."""
        record = await self._record(panel_id)
        if record is None:
            return None
        messages = (
            await self.session.execute(
                select(PanelMessageRecord)
                .where(PanelMessageRecord.panel_id == panel_id)
                .order_by(PanelMessageRecord.sequence)
            )
        ).scalars()
        return _panel(record, list(messages))

    async def usage_of(self, panel_id: uuid.UUID) -> dict[str, int] | None:
        """Model tokens the panel's run consumed (None before it ran)."""
        statement = (
            select(Run.input_tokens, Run.output_tokens)
            .join(PanelRecord, PanelRecord.run_id == Run.id)
            .where(PanelRecord.id == panel_id, PanelRecord.tenant_id == self.tenant_id)
        )
        row = (await self.session.execute(statement)).one_or_none()
        if row is None:
            return None
        return {"input_tokens": row[0], "output_tokens": row[1], "total_tokens": row[0] + row[1]}

    async def run_id_of(self, panel_id: uuid.UUID) -> uuid.UUID | None:
        """The run executing (or that executed) the tenant's panel."""
        record = await self._record(panel_id)
        return record.run_id if record is not None else None

    async def list_page(
        self, limit: int, offset: int, status: PanelStatus | None, panel_type: PanelType | None
    ) -> tuple[list[Panel], int]:
        """A page of the tenant's panels (without messages), newest first, and the total."""
        conditions = [PanelRecord.tenant_id == self.tenant_id]
        if status is not None:
            conditions.append(PanelRecord.status == status.value)
        if panel_type is not None:
            conditions.append(PanelRecord.panel_type == panel_type.value)
        total = (await self.session.execute(select(func.count()).where(*conditions))).scalar_one()
        records = (
            await self.session.execute(
                select(PanelRecord)
                .where(*conditions)
                .order_by(PanelRecord.created_at.desc(), PanelRecord.id)
                .limit(limit)
                .offset(offset)
            )
        ).scalars()
        # Listings carry each panel's state and round consensus, not its transcript.
        return [_panel(record, []) for record in records], total

    async def claim_start(self, panel: Panel, run_id: uuid.UUID) -> bool:
        """Move a draft panel to in_progress with its run, unless someone else just did."""
        result = await self.session.execute(
            update(PanelRecord)
            .where(
                PanelRecord.id == uuid.UUID(panel.id),
                PanelRecord.tenant_id == self.tenant_id,
                PanelRecord.status == PanelStatus.DRAFT.value,
            )
            .values(status=panel.status.value, started_at=panel.started_at, run_id=run_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def save_state(self, panel: Panel) -> None:
        """Store the panel's status, configuration (framed before round 1), consensus per
        round, recommendation and times."""
        values: dict[str, Any] = {
            "status": panel.status.value,
            "configuration": panel.configuration.to_dict(),
            "round_consensus": [r.consensus.to_dict() for r in panel.rounds if r.consensus],
            "consensus": panel.consensus.to_dict() if panel.consensus else None,
            "recommendation": panel.recommendation,
            "error": panel.error,
            "started_at": panel.started_at,
            "completed_at": panel.completed_at,
        }
        await self.session.execute(
            update(PanelRecord)
            .where(PanelRecord.id == uuid.UUID(panel.id), PanelRecord.tenant_id == self.tenant_id)
            .values(**values)
        )

    async def add_message(self, panel_id: str, message: PanelMessage) -> None:
        """Store one expert turn."""
        position = message.position
        self.session.add(
            PanelMessageRecord(
                panel_id=uuid.UUID(panel_id),
                round_number=message.round_number,
                sequence=message.sequence,
                agent_id=message.agent_id,
                kind=message.kind.value,
                text=message.text,
                stance=position.stance.value if position else None,
                confidence=position.confidence if position else None,
                summary=position.summary if position else None,
                option=position.option if position else None,
                abstain=position.abstain if position else False,
                abstain_reason=position.reason if position else None,
                ranking=list(message.ranking),
                citations=list(message.citations),
                incomplete=message.incomplete,
            )
        )


@dataclass(frozen=True, slots=True)
class Draft:
    """A turn in progress as it stood when last saved."""

    agent_id: str
    kind: TurnKind
    round_number: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The draft as stored in `PanelRecord.drafts`."""
        return {
            "agent_id": self.agent_id,
            "kind": self.kind.value,
            "round": self.round_number,
            "text": self.text,
        }


_PANELS = table_of(PanelRecord)
_SAVE_DRAFTS = (
    update(_PANELS).where(_PANELS.c.id == bindparam("panel")).values(drafts=bindparam("saved"))
)


def drafts_write(panel_id: str, drafts: Sequence[Draft]) -> Write:
    """The statement that saves the turns in progress of a panel (none: NULL)."""
    saved = [draft.to_dict() for draft in drafts] or None
    return _SAVE_DRAFTS, {"panel": uuid.UUID(panel_id), "saved": saved}


async def end_interrupted_panel(
    session: AsyncSession, panel_id: str, status: PanelStatus, reason: str, now: datetime
) -> list[tuple[PanelMessageRecord, PanelMemberRecord]]:
    """Mark a panel whose run was cancelled or lost as cancelled or failed: transcript and
    round consensus and the last consensus measured kept, the turns it had in progress kept
    from their last save, marked incomplete (as `Panel.cancel` and `Panel.fail` say). Returns the
    turns kept that way, each with its speaker."""
    record_id = uuid.UUID(panel_id)
    drafts = await session.scalar(
        select(PanelRecord.drafts).where(
            PanelRecord.id == record_id, PanelRecord.status == PanelStatus.IN_PROGRESS.value
        )
    )
    kept: list[tuple[PanelMessageRecord, PanelMemberRecord]] = []
    if drafts:
        members = await session.scalars(
            select(PanelMemberRecord).where(PanelMemberRecord.panel_id == record_id)
        )
        speakers = {member.agent_id: member for member in members}
        last = await session.scalar(
            select(func.max(PanelMessageRecord.sequence)).where(
                PanelMessageRecord.panel_id == record_id
            )
        )
        for sequence, draft in enumerate(drafts, start=(last or 0) + 1):
            message = PanelMessageRecord(
                panel_id=record_id,
                round_number=draft["round"],
                sequence=sequence,
                agent_id=draft["agent_id"],
                kind=draft["kind"],
                text=draft["text"],
                ranking=[],
                citations=[],
                incomplete=True,
            )
            session.add(message)
            kept.append((message, speakers[draft["agent_id"]]))
        await session.flush()
    values: dict[str, Any] = {
        "status": status.value,
        "completed_at": now,
        "drafts": None,
    }
    if status is PanelStatus.FAILED:
        values["error"] = reason
    await session.execute(
        update(PanelRecord)
        .where(PanelRecord.id == record_id, PanelRecord.status == PanelStatus.IN_PROGRESS.value)
        .values(**values)
    )
    return kept
