"""An expert's position on a panel question: a stance or an option, a confidence, a summary,
or an abstention (no vote) with its reason."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# The line a turn ends with where the model can state its position no other way (no tool call,
# no JSON-schema response format); `experts.positions.parse_position` reads it.
POSITION_FORMAT = (
    "POSITION: <support | oppose | neutral | abstain> [the option you choose, if the panel has "
    "options] (confidence <0 to 1>) <your reason, one sentence>"
)
# The line a council reviewer's ranking ends with in the same case (`parse_ranking` reads it).
RANKING_FORMAT = "RANKING: <label> > <label> > …, best first"


class Stance(StrEnum):
    """Where an expert stands on the question's proposal."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    NEUTRAL = "neutral"


# The reason of a position that could not be read (see `Position.unread`).
UNREAD = "the model stated no readable position, asked twice"


@dataclass(frozen=True, slots=True)
class Position:
    """The structured position that ends an expert turn.

    `neutral` is a vote (the expert weighed the question and takes no side); `abstain` is no
    vote at all ("outside my expertise"), with `reason` saying why. With options, `option`
    names the one the expert chooses (None: it chooses none of them).
    """

    stance: Stance
    confidence: float  # 0.0 .. 1.0
    summary: str = ""
    option: str | None = None
    abstain: bool = False
    reason: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("confidence must be between 0 and 1")

    @classmethod
    def abstention(cls, reason: str, summary: str = "") -> "Position":
        """No vote, for `reason`."""
        return cls(Stance.NEUTRAL, 0.0, summary or reason, abstain=True, reason=reason)

    @classmethod
    def unread(cls) -> "Position":
        """No vote because no position could be read from the model, asked twice: a fault of
        the turn, not the expert's view, so the expert is asked again the next round."""
        return cls.abstention(UNREAD)

    @property
    def is_unread(self) -> bool:
        """Whether this is `Position.unread()`."""
        return self.abstain and self.reason == UNREAD

    @property
    def choice(self) -> str:
        """What the position votes for: its option when it names one, else its stance."""
        return self.option if self.option is not None else self.stance.value

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready (the `position` of events and responses)."""
        return {
            "stance": self.stance.value,
            "option": self.option,
            "confidence": self.confidence,
            "summary": self.summary,
            "abstain": self.abstain,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Position":
        """Rebuild a position stored with `to_dict` (ValueError on bad data)."""
        option = data.get("option")
        reason = data.get("reason")
        return cls(
            stance=Stance(str(data["stance"])),
            confidence=float(data["confidence"]),
            summary=str(data.get("summary") or ""),
            option=None if option is None else str(option),
            abstain=bool(data.get("abstain", False)),
            reason=None if reason is None else str(reason),
        )
