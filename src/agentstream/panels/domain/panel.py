"""The panel aggregate: membership, lifecycle and transcript.

Plain Python. Times come in as arguments (the domain never reads the clock), so every rule is
deterministic and testable.
"""

from dataclasses import dataclass, field
from datetime import datetime

from agentstream.deliberation.position import Position
from agentstream.deliberation.turns import TurnKind, TurnResult
from agentstream.panels.consensus import ConsensusResult
from agentstream.panels.domain.configuration import ROLE_FIELDS, PanelConfiguration
from agentstream.panels.domain.status import (
    MAX_MEMBERS,
    InvalidTransition,
    PanelError,
    PanelStatus,
    PanelType,
    TurnRejected,
    with_article,
)


@dataclass(frozen=True, slots=True)
class PanelMember:
    """An expert sitting on the panel."""

    agent_id: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class PanelMessage:
    """One recorded turn; `sequence` is 1-based and monotonic across the whole panel."""

    round_number: int
    agent_id: str
    kind: TurnKind
    text: str
    position: Position | None
    sequence: int
    ranking: tuple[str, ...] = ()  # RANK turns: labels, best first
    citations: tuple[str, ...] = ()  # source ids of the expert's passages it spoke from
    incomplete: bool = False  # cut short by a cancel: the text streamed so far


@dataclass(slots=True)
class PanelRound:
    """The messages of one round; it is closed once its consensus is measured."""

    number: int
    messages: list[PanelMessage] = field(default_factory=list)
    consensus: ConsensusResult | None = None

    @property
    def is_closed(self) -> bool:
        """A closed round takes no more turns (except the final synthesis)."""
        return self.consensus is not None


@dataclass(eq=False)
class Panel:
    """A panel of experts discussing a query: the aggregate that enforces every panel rule."""

    id: str
    tenant_id: str
    query: str
    panel_type: PanelType
    members: list[PanelMember]
    created_at: datetime
    configuration: PanelConfiguration = field(default_factory=PanelConfiguration)
    rounds: list[PanelRound] = field(default_factory=list)
    status: PanelStatus = PanelStatus.DRAFT
    consensus: ConsensusResult | None = None
    recommendation: str | None = None
    error: str | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.query.strip():
            raise ValueError("query must not be empty")
        needed = self.panel_type.min_members
        if not needed <= len(self.members) <= MAX_MEMBERS:
            raise ValueError(
                f"members: {with_article(self.panel_type.value)} panel needs {needed} to "
                f"{MAX_MEMBERS} experts"
            )
        if len(set(self.member_ids)) != len(self.members):
            raise ValueError("members: each agent_id may sit on the panel only once")
        for name in ROLE_FIELDS:
            agent_id = getattr(self.configuration, name)
            if agent_id is not None and agent_id not in self.member_ids:
                raise ValueError(f"{name} must be one of the panel members")
        if self.configuration.max_rounds < self.panel_type.min_rounds:
            raise ValueError(
                f"max_rounds: {with_article(self.panel_type.value)} panel needs "
                f"{self.panel_type.min_rounds} rounds ({self.panel_type.round_names})"
            )

    @property
    def member_ids(self) -> list[str]:
        """Agent ids of the members, in panel order."""
        return [member.agent_id for member in self.members]

    def member(self, agent_id: str) -> PanelMember:
        """The member with this agent id (KeyError if none)."""
        for member in self.members:
            if member.agent_id == agent_id:
                return member
        raise KeyError(agent_id)

    @property
    def messages(self) -> list[PanelMessage]:
        """The whole transcript in recorded order."""
        return [message for round_ in self.rounds for message in round_.messages]

    def round(self, number: int) -> PanelRound | None:
        """Round `number` (1-based) if it has been opened."""
        return self.rounds[number - 1] if 1 <= number <= len(self.rounds) else None

    def start(self, now: datetime) -> None:
        """Begin execution (draft → in_progress); a second execute is rejected."""
        self._move("start", PanelStatus.IN_PROGRESS)
        self.started_at = now

    def record(self, result: TurnResult) -> PanelMessage:
        """Append a turn to its round, opening the next round on its first turn."""
        if self.status is not PanelStatus.IN_PROGRESS:
            raise TurnRejected(f"Cannot record a turn on a panel that is {self.status.value}")
        if result.agent_id not in self.member_ids:
            raise TurnRejected(f"{result.agent_id!r} is not a member of this panel")
        round_ = self._round_for(result)
        if result.kind is not TurnKind.QUESTION and any(
            m.agent_id == result.agent_id and m.kind is result.kind for m in round_.messages
        ):
            raise TurnRejected(
                f"{result.agent_id!r} already took {with_article(result.kind.value)} turn"
            )
        message = PanelMessage(
            round_number=round_.number,
            agent_id=result.agent_id,
            kind=result.kind,
            text=result.text,
            position=result.position,
            sequence=len(self.messages) + 1,
            ranking=result.ranking,
            citations=result.citations,
            incomplete=result.incomplete,
        )
        round_.messages.append(message)
        return message

    def _round_for(self, result: TurnResult) -> PanelRound:
        last = self.rounds[-1] if self.rounds else None
        number = result.round_number
        if last is not None and number == last.number:
            # The synthesis is written after the last round's consensus closed it.
            if last.is_closed and result.kind is not TurnKind.SYNTHESIS:
                raise TurnRejected(f"round {number} is closed")
            return last
        if number == len(self.rounds) + 1 and (last is None or last.is_closed):
            if number > self.configuration.max_rounds:
                raise TurnRejected(f"round {number} exceeds max_rounds")
            self.rounds.append(PanelRound(number))
            return self.rounds[-1]
        raise TurnRejected(f"round {number} is not the current round")

    def close_round(self, consensus: ConsensusResult) -> PanelRound:
        """Store the open round's consensus, which closes it."""
        round_ = self.rounds[-1] if self.rounds else None
        if self.status is not PanelStatus.IN_PROGRESS or round_ is None or round_.is_closed:
            raise PanelError("there is no open round to close")
        if not round_.messages:
            raise PanelError(f"round {round_.number} has no turns")
        round_.consensus = consensus
        self.consensus = consensus
        return round_

    def complete(
        self, recommendation: str, consensus: ConsensusResult | None, now: datetime
    ) -> None:
        """Finish with a recommendation; every opened round must be closed."""
        if self.status is PanelStatus.IN_PROGRESS and (
            not self.rounds or not self.rounds[-1].is_closed
        ):
            raise PanelError("a panel completes after its last round is closed")
        self._move("complete", PanelStatus.COMPLETED)
        self.recommendation = recommendation
        self.consensus = consensus if consensus is not None else self.consensus
        self.completed_at = now

    def fail(self, reason: str, now: datetime) -> None:
        """Stop a running panel with an error, keeping the transcript (see `_interrupted`)."""
        self._move("fail", PanelStatus.FAILED)
        self.error = reason
        self._interrupted(now)

    def cancel(self, now: datetime) -> None:
        """Stop a draft or running panel, keeping the transcript (see `_interrupted`)."""
        self._move("cancel", PanelStatus.CANCELLED)
        self._interrupted(now)

    def _interrupted(self, now: datetime) -> None:
        # The panel keeps the last consensus it measured (its votes are what readers have);
        # its status says it was interrupted before a recommendation.
        self.completed_at = now

    def _move(self, action: str, target: PanelStatus) -> None:
        if not self.status.can_become(target):
            raise InvalidTransition(action, self.status, target)
        self.status = target

    @property
    def duration_seconds(self) -> float | None:
        """Wall time from start to end; None until the panel has both."""
        if self.started_at is None or self.completed_at is None:
            return None
        return (self.completed_at - self.started_at).total_seconds()
