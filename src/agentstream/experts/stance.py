"""Where an offline expert stands: its leaning from its own knowledge, then the panel's pull.

Initial stance. The query is matched against the topics of the expert's documents (front
matter, see `experts.knowledge`): the topic whose keyword phrases the query names most
specifically gives the stance, confidence and claim. A query that names no topic but
retrieves some of the expert's passages gives neutral at 0.40; one that retrieves nothing is
outside the expert's expertise: neutral at 0.20, and any later confidence is capped at 0.30.

Movement (one step per turn, a confidence-weighted social-influence rule). Starting from its
own last position when it sees it among the contributions, else from its leaning, the expert
sums the confidences of the other positions per stance. The heaviest stance is the majority
(an exact tie means no majority: the expert keeps its position).

* Majority agrees with the expert: confidence + 0.05, capped at 0.95.
* Majority disagrees, and its weight is at most the expert's resistance (twice its own confidence,
  as it trusts its own evidence twice as much as any one colleague, plus the weight of the
  others who share its stance): the expert holds its position unchanged.
* Majority disagrees with more weight than that: confidence times 0.75; if that falls below 0.45
  the expert switches to the majority stance, with confidence halfway between what it had
  left and the majority's mean confidence.

So similar leanings converge (the odd one out is outweighed and switches), while two camps
of confident experts each resist the other and the panel stays split.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from agentstream.experts.knowledge import ExpertKnowledge, Topic
from agentstream.experts.positions import parse_position
from agentstream.panels.turns import (
    OWN_PREVIOUS_LABEL,
    Contribution,
    ExpertProfile,
    Position,
    Stance,
)

AGREE_STEP = 0.05
CONFIDENCE_CAP = 0.95
OUT_OF_SCOPE_CAP = 0.30
SELF_WEIGHT = 2.0
YIELD_FACTOR = 0.75
SWITCH_BELOW = 0.45
RELATED_CONFIDENCE = 0.40
OUT_OF_SCOPE_CONFIDENCE = 0.20
RELATED_CLAIM = "My documents bear on this question, but they do not settle it either way."
OUT_OF_SCOPE_CLAIM = "I defer to the experts whose field this is."


@dataclass(frozen=True, slots=True)
class Leaning:
    """An expert's view from its own knowledge alone, before it hears the panel."""

    position: Position
    topic: Topic | None
    in_scope: bool

    @property
    def ceiling(self) -> float:
        """The highest confidence the expert may reach on this query."""
        return CONFIDENCE_CAP if self.in_scope else OUT_OF_SCOPE_CAP


def initial_leaning(knowledge: ExpertKnowledge, query: str) -> Leaning:
    """The stance of the best-matching topic, else neutral (lower when nothing is relevant)."""
    topic = knowledge.best_topic(query)
    if topic is not None:
        return Leaning(Position(topic.stance, topic.confidence, topic.claim), topic, True)
    if knowledge.index.search(query, k=1):
        return Leaning(Position(Stance.NEUTRAL, RELATED_CONFIDENCE, RELATED_CLAIM), None, True)
    position = Position(Stance.NEUTRAL, OUT_OF_SCOPE_CONFIDENCE, OUT_OF_SCOPE_CLAIM)
    return Leaning(position, None, False)


@dataclass(frozen=True, slots=True)
class Voice:
    """A contribution's label and the position it declared."""

    label: str
    position: Position


def is_own(expert: ExpertProfile, label: str) -> bool:
    """Whether a contribution is this expert's own (its id, its name, or the strategy's label)."""
    folded = label.strip().casefold()
    own = (expert.agent_id.casefold(), expert.name.casefold(), OWN_PREVIOUS_LABEL.casefold())
    return folded in own


def all_voices(visible: Sequence[Contribution]) -> list[Voice]:
    """Every contribution that declares a position, as a voice, in order."""
    voices: list[Voice] = []
    for contribution in visible:
        position = contribution.position or parse_position(contribution.text)
        if position is not None:
            voices.append(Voice(contribution.label, position))
    return voices


def split_voices(
    expert: ExpertProfile, visible: Sequence[Contribution]
) -> tuple[Position | None, list[Voice]]:
    """The expert's own latest position among the contributions, and the others' positions."""
    own: Position | None = None
    others: list[Voice] = []
    for voice in all_voices(visible):
        if is_own(expert, voice.label):
            own = voice.position
        else:
            others.append(voice)
    return own, others


def weighted_majority(voices: Sequence[Voice]) -> tuple[Stance | None, dict[Stance, float]]:
    """The stance with the largest summed confidence (None on a tie or with no voices)."""
    weights = dict.fromkeys(Stance, 0.0)
    for voice in voices:
        weights[voice.position.stance] += voice.position.confidence
    top = max(weights.values())
    leaders = [stance for stance, weight in weights.items() if abs(weight - top) < 1e-9]
    if not voices or top <= 0 or len(leaders) > 1:
        return None, weights
    return leaders[0], weights


class Move(StrEnum):
    """How a position changed in one turn."""

    ALONE = "alone"  # no other positions to respond to
    SPLIT = "split"  # no majority: kept
    AGREE = "agree"  # the majority agrees: confidence raised
    HOLD = "hold"  # outweighed by its own resistance: kept
    YIELD = "yield"  # confidence lowered
    SWITCH = "switch"  # adopted the majority stance


@dataclass(frozen=True, slots=True)
class Revision:
    """A position before and after hearing the panel, and the voice that counted most."""

    before: Position
    after: Position
    move: Move
    voice: Voice | None = None  # the strongest ally (AGREE) or opponent (HOLD/YIELD/SWITCH)
    allies: tuple[Voice, ...] = ()


def _strongest(voices: Sequence[Voice], stance: Stance) -> Voice:
    return max(
        (voice for voice in voices if voice.position.stance == stance),
        key=lambda voice: voice.position.confidence,  # max keeps the first on ties
    )


def revise(start: Position, others: Sequence[Voice], ceiling: float = CONFIDENCE_CAP) -> Revision:
    """Apply one step of the social-influence rule (module docstring) to `start`."""
    majority, weights = weighted_majority(others)
    if not others:
        return Revision(start, start, Move.ALONE)
    if majority is None:
        return Revision(start, start, Move.SPLIT)
    voice = _strongest(others, majority)
    allies = tuple(v for v in others if v.position.stance == start.stance)
    if majority == start.stance:
        confidence = round(min(ceiling, start.confidence + AGREE_STEP), 2)
        after = Position(start.stance, max(confidence, start.confidence), start.summary)
        return Revision(start, after, Move.AGREE, voice, allies)
    resistance = SELF_WEIGHT * start.confidence + weights[start.stance]
    if weights[majority] <= resistance:
        return Revision(start, start, Move.HOLD, voice, allies)
    lowered = round(start.confidence * YIELD_FACTOR, 2)
    if lowered >= SWITCH_BELOW:
        after = Position(start.stance, lowered, start.summary)
        return Revision(start, after, Move.YIELD, voice, allies)
    holders = [v.position.confidence for v in others if v.position.stance == majority]
    converted = round(min(ceiling, (lowered + sum(holders) / len(holders)) / 2), 2)
    after = Position(majority, converted, voice.position.summary)
    return Revision(start, after, Move.SWITCH, voice, allies)


def challenge_position(leaning: Leaning, others: Sequence[Voice]) -> tuple[Stance | None, Position]:
    """The majority a devil's advocate argues against, and the position it argues for.

    The opposite of a support/oppose majority; against the proposal when the panel is neutral,
    split or silent. Confidence is the expert's own when its leaning agrees with the side it
    argues, else 0.50: an argued position, not a held one.
    """
    majority, _ = weighted_majority(others)
    stance = Stance.SUPPORT if majority == Stance.OPPOSE else Stance.OPPOSE
    own = leaning.position
    confidence = own.confidence if own.stance == stance else 0.5
    return majority, Position(stance, min(confidence, leaning.ceiling), own.summary)
