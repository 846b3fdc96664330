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
        """Socratic needs a moderator, adversarial a devil's advocate, council peers to rank."""
        return 1 if self in (PanelType.STRUCTURED, PanelType.OPEN) else 2

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        _unknown("panel_type", value, cls)


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
