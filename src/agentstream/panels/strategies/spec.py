"""A strategy as data: its roles and, round by round, who speaks, seeing what, asked what.

A strategy module declares one `StrategySpec`; the engine (`engine.Strategy`) runs any of them.
A round is a sequence of `Step`s, one wave each: the turns of a wave run concurrently and never
see each other, because a wave is planned before any of its turns runs.
"""

from dataclasses import dataclass
from enum import StrEnum

from agentstream.deliberation.turns import TurnKind
from agentstream.panels.domain import PanelType


class Speakers(StrEnum):
    """Who takes the turns of a step."""

    VOTERS = "voters"  # every voter
    STILL_VOTING = "still_voting"  # the voters who had not abstained by the previous round
    ROLE = "role"  # the holder of the strategy's role (moderator, devil's advocate, chair)
    TARGET = "target"  # in a per-expert round: the expert whose turn it is


class View(StrEnum):
    """What a turn is shown, besides the question; `anonymous` says whether names are hidden."""

    OWN_PREVIOUS = "the speaker's own latest answer before this round"
    SUMMARY = "the previous round's aggregate: votes, mean confidence and reasons"
    OTHERS_ANONYMOUS = "the other voters' previous reasons and positions, in stance order"
    OTHERS_BY_NAME = "the other voters' previous-round answers"
    OTHERS_THIS_ROUND_BY_NAME = "the voters' answers of this round"
    ROLE_BY_NAME = "the role holder's turns of the previous round, titled with the role"
    TARGET_STATEMENT_BY_NAME = "the target expert's latest statement before this round"
    QUESTION_TO_SPEAKER = "the role holder's question to the speaker in this round"
    ANSWERS_SHUFFLED = "the other members' round-1 answers, in the speaker's own shuffled order"
    # Labelled, not named, but shown with AUTHORS, so the passage ids it keeps reveal nothing
    # more: a synthesis that quotes an answer cites its sources rather than "[a passage]".
    ANSWERS = "every round-1 answer, by response label, with the ids of the passages it cites"
    RANKING = "the peer ranking of the round-1 answers (Borda count)"
    AUTHORS = "who wrote each response, revealed once the ranking is in"
    FINAL_POSITIONS_BY_NAME = "the voters' final positions"

    @property
    def anonymous(self) -> bool:
        """Whether the authors' names and seats are hidden from the speaker."""
        return self in _ANONYMOUS


_ANONYMOUS = frozenset(
    {View.SUMMARY, View.OTHERS_ANONYMOUS, View.ANSWERS_SHUFFLED, View.ANSWERS, View.RANKING}
)


@dataclass(frozen=True, slots=True)
class Step:
    """One wave: a turn of `kind` for each speaker, seeing `sees` in that order.

    `instruction` may name `{expert}` (the target, "name (role)") and `{majority}` (the current
    majority among the positions the turn sees). When `answers` shows nothing (the turn it
    answers was lost), `fallback` is the instruction instead.
    """

    kind: TurnKind
    speakers: Speakers
    instruction: str
    sees: tuple[View, ...] = ()
    answers: View | None = None
    fallback: str = ""

    @property
    def collects(self) -> str | None:
        """What the turn records besides its text: a position, a ranking, or nothing."""
        if self.kind is TurnKind.RANK:
            return "ranking"
        if self.kind in (TurnKind.QUESTION, TurnKind.SYNTHESIS):
            return None
        return "position"


@dataclass(frozen=True, slots=True)
class RoundPlan:
    """The steps of a round; `per_expert`: the steps run in turn for each voter still voting
    (the step's `TARGET`), one wave per step."""

    steps: tuple[Step, ...]
    per_expert: bool = False


class Seat(StrEnum):
    """Which member holds a role when the configuration names none."""

    FIRST = "first"
    LAST = "last"


@dataclass(frozen=True, slots=True)
class Role:
    """A member with a part to play: its title, its configuration setting, its default seat,
    whether its positions count toward consensus, and whether it argues from its own
    documents (a devil's advocate needs some that cover the question)."""

    title: str
    setting: str
    default: Seat
    votes: bool
    argues: bool = False


@dataclass(frozen=True, slots=True)
class StrategySpec:
    """Everything that makes a strategy what it is; `description` is its OpenAPI paragraph.

    `rounds`: a fixed number of rounds (else the configuration's max_rounds). `caveat`: the
    heading under which a composed recommendation ends with the role holder's last turn;
    `caveat_without_majority`: the heading instead when the panel has no majority to caveat.
    """

    panel_type: PanelType
    description: str
    first_round: RoundPlan
    later_rounds: RoundPlan
    role: Role | None = None
    rounds: int | None = None
    synthesis: Step | None = None
    caveat: str | None = None
    caveat_without_majority: str | None = None


# The round most strategies open with: every voter answers the question alone, all at once.
BLIND_ROUND = RoundPlan(
    (
        Step(
            TurnKind.POSITION,
            Speakers.VOTERS,
            "Without seeing the other experts' answers, give your answer.",
        ),
    )
)
