"""Panel statuses and their transitions, panel types, and the errors of the panel rules.

Transitions: draft → in_progress (start) | cancelled; in_progress → completed | failed |
cancelled; terminal statuses never change. A draft cannot fail: failure belongs to an
execution, and a draft that cannot start simply stays a draft.
"""

from enum import StrEnum
from typing import NoReturn

MAX_MEMBERS = 12


def _unknown(what: str, value: object, allowed: type[StrEnum]) -> NoReturn:
    names = ", ".join(member.value for member in allowed)
    raise ValueError(f"Unknown {what} {value!r}; allowed values: {names}")


class PanelStatus(StrEnum):
    """Lifecycle of a panel; completed, failed and cancelled are terminal."""

    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        """True once the panel can no longer change."""
        return not _TRANSITIONS[self]

    def can_become(self, target: "PanelStatus") -> bool:
        """Whether the transition self → target is legal."""
        return target in _TRANSITIONS[self]

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        _unknown("status", value, cls)


_TRANSITIONS: dict[PanelStatus, frozenset[PanelStatus]] = {
    PanelStatus.DRAFT: frozenset({PanelStatus.IN_PROGRESS, PanelStatus.CANCELLED}),
    PanelStatus.IN_PROGRESS: frozenset(
        {PanelStatus.COMPLETED, PanelStatus.FAILED, PanelStatus.CANCELLED}
    ),
    PanelStatus.COMPLETED: frozenset(),
    PanelStatus.FAILED: frozenset(),
    PanelStatus.CANCELLED: frozenset(),
}


class PanelType(StrEnum):
    """The discussion strategy of a panel (see `agentstream.panels.strategies`)."""

    STRUCTURED = "structured"
    OPEN = "open"
    SOCRATIC = "socratic"
    ADVERSARIAL = "adversarial"
    COUNCIL = "council"

    @property
    def min_members(self) -> int:
        """Socratic needs a moderator and an expert, adversarial a devil's advocate and an
        expert; a council needs three, so that every reviewer ranks at least two answers."""
        return _MIN_MEMBERS[self]

    @property
    def min_rounds(self) -> int:
        """Rounds that always run, whatever the first round's consensus: a council ranks after
        answering, a socratic moderator questions the statements of round 1, the experts
        answer a devil's advocate's first challenge (a challenge nobody answers is no debate),
        and the experts of an open panel answer each other by name once."""
        return 1 if self is PanelType.STRUCTURED else 2

    @property
    def round_names(self) -> str:
        """What the rounds of the type are, for error messages."""
        if self is PanelType.COUNCIL:
            return "answers, ranking"
        if self is PanelType.SOCRATIC:
            return "statements, questioning"
        if self is PanelType.ADVERSARIAL:
            return "positions and a challenge, answers to it"
        if self is PanelType.OPEN:
            return "positions, replies by name"
        return "positions"

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        _unknown("panel_type", value, cls)


_MIN_MEMBERS = {
    PanelType.STRUCTURED: 1,
    PanelType.OPEN: 1,
    PanelType.SOCRATIC: 2,
    PanelType.ADVERSARIAL: 2,
    PanelType.COUNCIL: 3,
}


def with_article(word: str) -> str:
    """ "a structured", "an open", "an adversarial": the indefinite article by sound."""
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


class PanelError(ValueError):
    """A panel rule was broken (the API answers 400)."""


class InvalidTransition(PanelError):
    """The requested status change is not allowed from the current status."""

    def __init__(self, action: str, current: PanelStatus, target: PanelStatus) -> None:
        super().__init__(f"Cannot {action} a panel that is {current.value}")
        self.current = current
        self.target = target


class TurnRejected(PanelError):
    """A turn result cannot be recorded (wrong status, non-member, closed or wrong round)."""
