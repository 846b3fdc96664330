"""Consensus of a panel round, computed in code from the experts' structured positions.

Pure functions, no I/O. Every number here goes out in the `consensus_update` SSE event, so each
one has a precise definition. Abstentions are not votes: every measure below is taken over the
*voters*, the members whose position does not abstain.

* `choice` of a position: the option it names when the panel has options, else its stance.
* `votes`: voters per choice; `majority`: the choice holding the most total confidence (ties:
  more voters, then the order of the options, or support, oppose, neutral). A split, where
  two choices have the most voters each, has no majority: `level` and `agreement` are the
  largest choice's share of the voters, and every voter dissents.
* `level` (= `weighted_agreement`): Σ confidence(majority) / Σ confidence(voters); the
  unweighted share of voters is `agreement`, and it stands in when every confidence is 0.
  With no voters the level is 0.
* `quorum`: a majority of the members (more than half) must vote; below it the decision is
  `no_quorum` and there is no consensus to report: `level`, `weighted_agreement`,
  `agreement` and `kappa` are 0, `majority` is None and nobody dissents from it (the votes,
  the distribution and the abstentions still say who voted what).
* `majority_stance`, `distribution`, `mean_confidence`, `participants`: the same over stances
  and voters (the stance-level view, also with options); with no voters there is no
  majority stance (None), as there is no majority.
* `kappa`: chance-corrected agreement on the choice categories (see `_free_marginal_kappa`).
* `stability`: 1 - mean change of the voters' positions since the previous round, a position
  being its confidence on its choice's axis (neutral is the origin), floored at 0.
* `dissent`: every voter whose choice is not the majority's (on a split, every voter), with its
  summary.
* `baseline`: the first round's independent vote, reported beside later rounds.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, Protocol, cast

from agentstream.deliberation.position import UNREAD, Position, Stance

Decision = Literal["continue", "consensus", "no_consensus", "max_rounds", "no_quorum"]
DECISIONS: tuple[Decision, ...] = (
    "continue",
    "consensus",
    "no_consensus",
    "max_rounds",
    "no_quorum",
)

# Fixed order: the stance categories, the keys of `distribution`, and the tie-break of the
# majority (a tie changes the named choice, never the level).
STANCES: tuple[Stance, ...] = (Stance.SUPPORT, Stance.OPPOSE, Stance.NEUTRAL)

# Slack for float comparisons, so that 1 - 0.95 counts as "within a tolerance of 0.05".
_EPSILON = 1e-9


class StopRule(Protocol):
    """The settings of the stop rule (`PanelConfiguration` satisfies it)."""

    @property
    def max_rounds(self) -> int: ...

    @property
    def consensus_threshold(self) -> float: ...

    @property
    def stability_rounds(self) -> int: ...

    @property
    def stability_tolerance(self) -> float: ...


@dataclass(frozen=True, slots=True)
class StopSettings:
    """A plain stop rule holding the product defaults."""

    max_rounds: int = 3
    consensus_threshold: float = 0.75
    stability_rounds: int = 2
    stability_tolerance: float = 0.05


DEFAULT_STOP_RULE = StopSettings()


@dataclass(frozen=True, slots=True)
class Dissent:
    """A voter whose choice is not the majority's: its id and name, so that a reader sees who."""

    agent_id: str
    name: str
    choice: str
    confidence: float
    summary: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Abstention:
    """A member who did not vote, and why: its id and name."""

    agent_id: str
    name: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Baseline:
    """The first round's independent vote (before anyone read anyone)."""

    majority: str | None
    votes: Mapping[str, int]
    level: float
    voters: int
    has_quorum: bool

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {**asdict(self), "votes": dict(self.votes)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Baseline":
        """Rebuild a stored baseline."""
        majority = data.get("majority")
        return cls(
            majority=None if majority is None else str(majority),
            votes={str(k): int(v) for k, v in dict(data.get("votes") or {}).items()},
            level=_number(data["level"]),
            voters=int(_number(data["voters"])),
            has_quorum=bool(data["has_quorum"]),
        )


@dataclass(frozen=True, slots=True)
class ConsensusResult:
    """The consensus measures of one round and the decision the stop rule took after it."""

    level: float
    majority_stance: Stance | None  # None: nobody voted
    weighted_agreement: float
    agreement: float  # unweighted share of voters on the majority choice
    kappa: float
    stability: float | None  # None in the first round: nothing to compare with
    distribution: Mapping[Stance, int]
    mean_confidence: float
    participants: int  # voters
    decision: Decision = "continue"
    majority: str | None = None  # the majority choice (option or stance); None: no voters
    votes: Mapping[str, int] = field(default_factory=dict)
    members: int = 0
    quorum: int = 0  # voters needed
    abstentions: tuple[Abstention, ...] = ()
    dissent: tuple[Dissent, ...] = ()
    options: tuple[str, ...] = ()
    baseline: Baseline | None = None

    @property
    def has_quorum(self) -> bool:
        """Whether a majority of the members voted."""
        return self.participants >= self.quorum

    def vote_summary(self) -> Baseline:
        """This round's vote, as a baseline for later rounds."""
        return Baseline(
            self.majority, dict(self.votes), self.level, self.participants, self.has_quorum
        )

    def to_dict(self) -> dict[str, object]:
        """Every value, JSON-ready, for the `consensus_update` event and for storage."""
        return {
            "level": self.level,
            "majority": self.majority,
            "majority_stance": self.majority_stance.value if self.majority_stance else None,
            "weighted_agreement": self.weighted_agreement,
            "agreement": self.agreement,
            "kappa": self.kappa,
            "stability": self.stability,
            "votes": dict(self.votes),
            "options": list(self.options),
            "distribution": {s.value: self.distribution.get(s, 0) for s in STANCES},
            "mean_confidence": self.mean_confidence,
            # The seed's `consensus_update` carries `confidence`: the same mean confidence.
            "confidence": self.mean_confidence,
            "participants": self.participants,
            "members": self.members,
            "quorum": {
                "required": self.quorum,
                "voters": self.participants,
                "met": self.has_quorum,
            },
            "abstentions": [a.to_dict() for a in self.abstentions],
            "dissent": [d.to_dict() for d in self.dissent],
            "baseline": self.baseline.to_dict() if self.baseline else None,
            "decision": self.decision,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ConsensusResult":
        """Rebuild a result stored with `to_dict` (raises ValueError/KeyError on bad data)."""
        decision = next((d for d in DECISIONS if d == data["decision"]), None)
        if decision is None:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
        raw = cast(Mapping[str, object], data["distribution"])
        stability = data.get("stability")
        participants = int(_number(data["participants"]))
        quorum = cast(Mapping[str, object], data.get("quorum") or {})
        baseline = data.get("baseline")
        majority = data.get("majority")
        stance = data.get("majority_stance")
        return cls(
            level=_number(data["level"]),
            majority_stance=None if stance is None else Stance(str(stance)),
            weighted_agreement=_number(data["weighted_agreement"]),
            agreement=_number(data["agreement"]),
            kappa=_number(data["kappa"]),
            stability=None if stability is None else _number(stability),
            distribution={s: int(_number(raw.get(s.value, 0))) for s in STANCES},
            mean_confidence=_number(data["mean_confidence"]),
            participants=participants,
            decision=decision,
            majority=None if majority is None else str(majority),
            votes={str(k): int(v) for k, v in dict(data.get("votes") or {}).items()},
            members=int(_number(data.get("members", participants))),
            quorum=int(_number(quorum.get("required", 0))),
            # Results stored before names were recorded show the id as the name.
            abstentions=tuple(
                Abstention(
                    str(a["agent_id"]), str(a.get("name") or a["agent_id"]), str(a["reason"])
                )
                for a in data.get("abstentions") or []
            ),
            dissent=tuple(
                Dissent(
                    str(d["agent_id"]),
                    str(d.get("name") or d["agent_id"]),
                    str(d["choice"]),
                    _number(d["confidence"]),
                    str(d["summary"]),
                )
                for d in data.get("dissent") or []
            ),
            options=tuple(str(o) for o in data.get("options") or []),
            baseline=Baseline.from_dict(baseline) if isinstance(baseline, Mapping) else None,
        )


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def signed(position: Position) -> float:
    """The stance-signed confidence: +c for support, -c for oppose, 0 for neutral."""
    if position.stance is Stance.SUPPORT:
        return position.confidence
    if position.stance is Stance.OPPOSE:
        return -position.confidence
    return 0.0


def quorum_of(members: int) -> int:
    """Voters needed: more than half of the members."""
    return members // 2 + 1


def choice_of(position: Position, options: Sequence[str]) -> str:
    """What a position votes for: its option on a panel with options (neutral when it names
    none of them), else its stance."""
    if options:
        option = position.option
        return option if option is not None and option in options else Stance.NEUTRAL.value
    return position.stance.value


def _categories(options: Sequence[str]) -> list[str]:
    return [*options, Stance.NEUTRAL.value] if options else [s.value for s in STANCES]


def measure(
    positions: Sequence[Position],
    previous: Sequence[Position | None] | None = None,
    *,
    history: Sequence[ConsensusResult] = (),
    rule: StopRule = DEFAULT_STOP_RULE,
    min_rounds: int = 1,
    max_rounds: int | None = None,
    agent_ids: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
    members: int | None = None,
    options: Sequence[str] = (),
    baseline: Baseline | None = None,
) -> ConsensusResult:
    """Measure one round's positions and decide whether the panel goes on.

    `positions[i]` is expert i's latest position (abstentions included), `agent_ids[i]` its
    id (default "expert-<i+1>"), `names[i]` its name (default its id), `previous[i]` its
    position in the previous round (None if it had none); `members` is how many experts may
    vote (default: one per position), `history` holds the results of the earlier rounds,
    oldest first.
    """
    if not positions:
        raise ValueError("consensus needs at least one position")
    if previous is not None and len(previous) != len(positions):
        raise ValueError("previous positions must align with positions, one per expert")
    ids = (
        list(agent_ids)
        if agent_ids is not None
        else [f"expert-{i + 1}" for i in range(len(positions))]
    )
    if len(ids) != len(positions):
        raise ValueError("agent ids must align with positions, one per expert")
    shown = list(names) if names is not None else ids
    if len(shown) != len(ids):
        raise ValueError("names must align with agent ids, one per expert")
    seated = len(positions) if members is None else members
    if seated < len(positions):
        raise ValueError("members cannot be fewer than the positions")
    voting = [(i, p) for i, p in enumerate(positions) if not p.abstain]
    categories = _categories(options)
    votes = dict.fromkeys(categories, 0)
    weights = dict.fromkeys(categories, 0.0)
    counts = dict.fromkeys(STANCES, 0)
    for _, position in voting:
        choice = choice_of(position, options)
        votes[choice] += 1
        weights[choice] += position.confidence
        counts[position.stance] += 1
    total = sum(weights.values())
    majority: str | None = None
    level = agreement = 0.0
    quorate = len(voting) >= quorum_of(seated)
    most = max(votes.values(), default=0)
    split = sum(count == most for count in votes.values()) > 1
    if voting and quorate and split:
        # Equal head counts are a split, not a majority, whatever the confidences.
        agreement = level = most / len(voting)
    elif voting and quorate:
        # max() keeps the first of equal keys, so ties follow the categories' order.
        majority = max(categories, key=lambda c: (weights[c], votes[c]))
        agreement = votes[majority] / len(voting)
        # Nobody is confident at all: weights carry no information, fall back to head count.
        level = weights[majority] / total if total > 0 else agreement
    stance_weights = {s: sum(p.confidence for _, p in voting if p.stance is s) for s in STANCES}
    majority_stance = max(STANCES, key=lambda s: (stance_weights[s], counts[s])) if voting else None
    result = ConsensusResult(
        level=level,
        majority_stance=majority_stance,
        weighted_agreement=level,
        agreement=agreement,
        kappa=_free_marginal_kappa(votes, len(voting)) if quorate else 0.0,
        stability=_stability(positions, previous, options),
        distribution=counts,
        mean_confidence=total / len(voting) if voting else 0.0,
        participants=len(voting),
        majority=majority,
        votes=votes,
        members=seated,
        quorum=quorum_of(seated),
        abstentions=tuple(
            Abstention(ids[i], shown[i], p.reason or p.summary or "no reason given")
            for i, p in enumerate(positions)
            if p.abstain
        ),
        dissent=tuple(
            Dissent(ids[i], shown[i], choice_of(p, options), p.confidence, p.summary)
            for i, p in voting
            # On a split each side dissents from the other.
            if (split and quorate) or (majority is not None and choice_of(p, options) != majority)
        ),
        options=tuple(options),
        baseline=baseline,
    )
    decision = decide([*history, result], rule, min_rounds=min_rounds, max_rounds=max_rounds)
    return replace(result, decision=decision)


def _free_marginal_kappa(votes: Mapping[str, int], raters: int) -> float:
    """Chance-corrected agreement of `raters` voters rating one item (the question).

    κ = (P_o - P_e) / (1 - P_e) with Fleiss' observed agreement P_o = Σ n_j(n_j - 1) / (n(n - 1))
    (the share of agreeing voter pairs) and the free-marginal chance P_e = 1/k over the k choice
    categories (Brennan-Prediger / Randolph). Fleiss' own P_e = Σ p_j² is taken from the same
    single item, so it equals P_o's upper bound and makes κ ≤ 0 whenever anyone disagrees; the
    uniform prior avoids that. Fewer than two voters have no disagreeing pair: 1.0.
    """
    if raters < 2:
        return 1.0
    observed = sum(n * (n - 1) for n in votes.values()) / (raters * (raters - 1))
    chance = 1 / len(votes)
    return (observed - chance) / (1 - chance)


def _change(now: Position, before: Position, options: Sequence[str]) -> float:
    """L1 distance of two positions, each its confidence on its choice's axis (neutral: 0)."""
    if not options:
        return abs(signed(now) - signed(before))
    a, b = choice_of(now, options), choice_of(before, options)
    neutral = Stance.NEUTRAL.value
    size_now = 0.0 if a == neutral else now.confidence
    size_before = 0.0 if b == neutral else before.confidence
    if a == b:
        return abs(size_now - size_before)
    return size_now + size_before


def _stability(
    positions: Sequence[Position],
    previous: Sequence[Position | None] | None,
    options: Sequence[str] = (),
) -> float | None:
    if previous is None:
        return None
    changes = [
        _change(now, before, options)
        for now, before in zip(positions, previous, strict=True)
        if before is not None and not now.abstain and not before.abstain
    ]
    if not changes:
        return None
    # A full flip changes a position by up to 2; below 0 "stability" would mean nothing more.
    return max(0.0, 1.0 - sum(changes) / len(changes))


# The fewest experts still speaking for a strategy's own rounds to run below the quorum.
MIN_VOICES = 2


def decide(
    history: Sequence[ConsensusResult],
    config: StopRule,
    *,
    min_rounds: int = 1,
    max_rounds: int | None = None,
) -> Decision:
    """The stop rule, applied after the last round of `history` (oldest first).

    In order: fewer than two experts left to speak, short of the quorum → no_quorum; before
    `min_rounds` → continue; fewer voters than the quorum → no_quorum; level
    ≥ threshold → consensus; stability within tolerance for `stability_rounds` consecutive
    rounds → no_consensus; `max_rounds` (default the config's) reached → max_rounds;
    otherwise continue.
    """
    if not history:
        raise ValueError("the stop rule needs at least one round")
    rounds = len(history)
    last = history[-1]
    last_round = rounds >= (config.max_rounds if max_rounds is None else max_rounds)
    unread = sum(abstention.reason == UNREAD for abstention in last.abstentions)
    if last.quorum and not last.has_quorum and last.participants + unread < MIN_VOICES:
        # Fewer than two experts left to speak: nobody to question, challenge or rank.
        return "no_quorum"
    if rounds < min_rounds:
        # The strategy's own rounds run whatever the votes say (a council's ranking round, a
        # socratic moderator's questions).
        return "continue"
    if last.quorum and not last.has_quorum:
        # Abstentions stand (an expert outside the question is not asked again): more rounds
        # cannot bring the votes that are missing, unless experts whose position could not be
        # read, who are asked again, would make up the quorum.
        if last_round or last.participants + unread < last.quorum:
            return "no_quorum"
        return "continue"
    if unread and not last_round:
        # Experts whose position could not be read are asked again before anything is decided.
        return "continue"
    if last.level >= config.consensus_threshold - _EPSILON:
        return "consensus"
    recent = history[-config.stability_rounds :]
    if len(recent) == config.stability_rounds and all(
        result.stability is not None
        and 1.0 - result.stability <= config.stability_tolerance + _EPSILON
        for result in recent
    ):
        return "no_consensus"
    if last_round:
        return "max_rounds"
    return "continue"
