"""Consensus of a panel round, computed in code from the experts' structured positions.

Pure functions, no I/O. Every number here goes out in the `consensus_update` SSE event, so each
one has a precise definition:

* `majority_stance`: the stance holding the most total confidence (ties: more experts, then
  the order support, oppose, neutral; a tie never changes the level).
* `weighted_agreement` (also the headline `level`): the share of the total confidence that sits
  on the majority stance, Σ confidence(majority) / Σ confidence(all); the unweighted share of
  experts is `agreement`, and it stands in when every confidence is 0.
* `kappa`: chance-corrected agreement on the stance categories (see `_free_marginal_kappa`).
* `stability`: 1 - mean |s_now - s_before| over the experts, where s is the stance-signed
  confidence (+c support, -c oppose, 0 neutral), floored at 0.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol, cast

from agentstream.panels.turns import Position, Stance

Decision = Literal["continue", "consensus", "no_consensus", "max_rounds"]
DECISIONS: tuple[Decision, ...] = ("continue", "consensus", "no_consensus", "max_rounds")

# Fixed order: the categories of kappa, the keys of `distribution`, and the tie-break of the
# majority (a tie changes the named stance, never the level).
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
class ConsensusResult:
    """The consensus measures of one round and the decision the stop rule took after it."""

    level: float
    majority_stance: Stance
    weighted_agreement: float
    agreement: float  # unweighted share of experts on the majority stance
    kappa: float
    stability: float | None  # None in the first round: nothing to compare with
    distribution: Mapping[Stance, int]
    mean_confidence: float
    participants: int
    decision: Decision = "continue"

    def to_dict(self) -> dict[str, object]:
        """Every value, JSON-ready, for the `consensus_update` event and for storage."""
        return {
            "level": self.level,
            "majority_stance": self.majority_stance.value,
            "weighted_agreement": self.weighted_agreement,
            "agreement": self.agreement,
            "kappa": self.kappa,
            "stability": self.stability,
            "distribution": {s.value: self.distribution.get(s, 0) for s in STANCES},
            "mean_confidence": self.mean_confidence,
            # The seed's `consensus_update` carries `confidence`: the same mean confidence.
            "confidence": self.mean_confidence,
            "participants": self.participants,
            "decision": self.decision,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "ConsensusResult":
        """Rebuild a result stored with `to_dict` (raises ValueError/KeyError on bad data)."""
        decision = str(data["decision"])
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
        raw = cast(Mapping[str, object], data["distribution"])
        stability = data.get("stability")
        return cls(
            level=_number(data["level"]),
            majority_stance=Stance(str(data["majority_stance"])),
            weighted_agreement=_number(data["weighted_agreement"]),
            agreement=_number(data["agreement"]),
            kappa=_number(data["kappa"]),
            stability=None if stability is None else _number(stability),
            distribution={s: int(_number(raw.get(s.value, 0))) for s in STANCES},
            mean_confidence=_number(data["mean_confidence"]),
            participants=int(_number(data["participants"])),
            decision=decision,
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


def measure(
    positions: Sequence[Position],
    previous: Sequence[Position | None] | None = None,
    *,
    history: Sequence[ConsensusResult] = (),
    rule: StopRule = DEFAULT_STOP_RULE,
    min_rounds: int = 1,
    max_rounds: int | None = None,
) -> ConsensusResult:
    """Measure one round's positions and decide whether the panel goes on.

    `previous[i]` is expert i's position in the previous round (None if it had none);
    `history` holds the results of the earlier rounds, oldest first.
    """
    if not positions:
        raise ValueError("consensus needs at least one position")
    if previous is not None and len(previous) != len(positions):
        raise ValueError("previous positions must align with positions, one per expert")
    counts = {stance: 0 for stance in STANCES}
    weights = {stance: 0.0 for stance in STANCES}
    for position in positions:
        counts[position.stance] += 1
        weights[position.stance] += position.confidence
    # max() keeps the first of equal keys, so ties follow the STANCES order.
    majority = max(STANCES, key=lambda stance: (weights[stance], counts[stance]))
    total = sum(weights.values())
    agreement = counts[majority] / len(positions)
    # Nobody is confident at all: weights carry no information, fall back to head count.
    weighted = weights[majority] / total if total > 0 else agreement
    result = ConsensusResult(
        level=weighted,
        majority_stance=majority,
        weighted_agreement=weighted,
        agreement=agreement,
        kappa=_free_marginal_kappa(counts, len(positions)),
        stability=_stability(positions, previous),
        distribution=counts,
        mean_confidence=total / len(positions),
        participants=len(positions),
    )
    decision = decide([*history, result], rule, min_rounds=min_rounds, max_rounds=max_rounds)
    return replace(result, decision=decision)


def _free_marginal_kappa(counts: Mapping[Stance, int], raters: int) -> float:
    """Chance-corrected agreement of `raters` experts rating one item (the query).

    κ = (P_o - P_e) / (1 - P_e) with Fleiss' observed agreement P_o = Σ n_j(n_j - 1) / (n(n - 1))
    (the share of agreeing expert pairs) and the free-marginal chance P_e = 1/k, k = 3 stances
    (Brennan-Prediger / Randolph). Fleiss' own P_e = Σ p_j² is taken from the same single item,
    so it equals P_o's upper bound and makes κ ≤ 0 whenever anyone disagrees (0/0 when nobody
    does); the uniform prior avoids that. Range -0.5 .. 1; one expert has no disagreeing pair,
    so it counts as full agreement (1.0).
    """
    if raters < 2:
        return 1.0
    observed = sum(n * (n - 1) for n in counts.values()) / (raters * (raters - 1))
    chance = 1 / len(STANCES)
    return (observed - chance) / (1 - chance)


def _stability(
    positions: Sequence[Position], previous: Sequence[Position | None] | None
) -> float | None:
    if previous is None:
        return None
    changes = [
        abs(signed(now) - signed(before))
        for now, before in zip(positions, previous, strict=True)
        if before is not None
    ]
    if not changes:
        return None
    # A full flip changes s by up to 2; below 0 "stability" would mean nothing more.
    return max(0.0, 1.0 - sum(changes) / len(changes))


def decide(
    history: Sequence[ConsensusResult],
    config: StopRule,
    *,
    min_rounds: int = 1,
    max_rounds: int | None = None,
) -> Decision:
    """The stop rule, applied after the last round of `history` (oldest first).

    In order: before `min_rounds` → continue; level ≥ threshold → consensus; stability within
    tolerance for `stability_rounds` consecutive rounds → no_consensus; `max_rounds` (default
    the config's) reached → max_rounds; otherwise continue.
    """
    if not history:
        raise ValueError("the stop rule needs at least one round")
    rounds = len(history)
    if rounds < min_rounds:
        return "continue"
    if history[-1].level >= config.consensus_threshold - _EPSILON:
        return "consensus"
    recent = history[-config.stability_rounds :]
    if len(recent) == config.stability_rounds and all(
        result.stability is not None
        and 1.0 - result.stability <= config.stability_tolerance + _EPSILON
        for result in recent
    ):
        return "no_consensus"
    if rounds >= (config.max_rounds if max_rounds is None else max_rounds):
        return "max_rounds"
    return "continue"
