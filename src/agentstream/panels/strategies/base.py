"""The strategy interface: who speaks in which wave of a round, seeing what.

A round is a sequence of waves. The service asks `plan_wave(panel, round, 0)`, runs those turns
concurrently, records every result, then asks for wave 1, and so on until a wave comes back
empty: the round is over. Turns of one wave never see each other, because a wave is planned
before any of its turns runs and only from what earlier waves and rounds recorded.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import ClassVar

from agentstream.deliberation.turns import (
    OWN_PREVIOUS_LABEL,
    Contribution,
    Position,
    Stance,
    TurnKind,
    TurnRequest,
)
from agentstream.panels import consensus
from agentstream.panels.consensus import STANCES, ConsensusResult
from agentstream.panels.domain import Panel, PanelMessage, PanelType

POSITION_FORMAT = (
    "End with your position: a stance (support, oppose or neutral) and a confidence "
    "between 0 and 1."
)
# Reasons quoted from a contribution without a position summary are cut to this length.
REASON_CHARS = 240


class Strategy(ABC):
    """How a panel of one type discusses: the plan of every round, wave by wave."""

    panel_type: ClassVar[PanelType]
    description: ClassVar[str]
    # Whether `recommendation_request` asks an expert (one more sequential wave).
    has_synthesis: ClassVar[bool] = False

    @property
    def min_experts(self) -> int:
        """The fewest experts a panel of this type seats."""
        return self.panel_type.min_members

    @property
    def name(self) -> str:
        """The strategy's name, as used in `panel_type`."""
        return self.panel_type.value

    @abstractmethod
    def plan_wave(self, panel: Panel, round_number: int, wave: int) -> list[TurnRequest]:
        """The turns of `wave` in `round_number`; [] when the round is done."""

    @abstractmethod
    def waves_per_round(self, panel: Panel) -> int:
        """How many sequential waves a round takes (for the duration estimate)."""

    def plan_round(self, panel: Panel, round_number: int) -> list[TurnRequest]:
        """The first wave of a round (the whole round for one-wave strategies)."""
        return self.plan_wave(panel, round_number, 0)

    def min_rounds(self, panel: Panel) -> int:
        """Rounds that run whatever the consensus."""
        return 1

    def max_rounds(self, panel: Panel) -> int:
        """The last round this strategy plans."""
        return panel.configuration.max_rounds

    def voters(self, panel: Panel) -> list[str]:
        """Members whose positions count toward consensus."""
        return panel.member_ids

    def measure(self, panel: Panel, round_number: int) -> ConsensusResult:
        """Consensus of the voters' positions in a round, with the stop rule's decision.

        A voter without a position this round keeps its latest earlier one; one that never
        stated a position counts as an abstention. Later rounds carry round 1's vote as the
        baseline.
        """
        voters = self.voters(panel)
        positions = [
            latest_position(panel, agent_id, round_number)
            or Position.abstention("stated no position")
            for agent_id in voters
        ]
        previous = (
            [latest_position(panel, agent_id, round_number - 1) for agent_id in voters]
            if round_number > 1
            else None
        )
        history = [
            round_.consensus
            for round_ in panel.rounds
            if round_.number < round_number and round_.consensus is not None
        ]
        return consensus.measure(
            positions,
            previous,
            history=history,
            rule=panel.configuration,
            min_rounds=self.min_rounds(panel),
            max_rounds=self.max_rounds(panel),
            agent_ids=voters,
            options=panel.configuration.options,
            baseline=history[0].vote_summary() if history else None,
        )

    def recommendation_request(self, panel: Panel) -> TurnRequest | None:
        """The synthesis turn; None ⇒ the service uses `summarize_positions`."""
        return None

    def summarize_positions(self, panel: Panel) -> str:
        """A recommendation composed from the voters' final positions: the verdict, then the
        reasons given (anonymous)."""
        last = len(panel.rounds)
        stated = [
            message
            for agent_id in self.voters(panel)
            if (message := latest_stated(panel, agent_id, last)) is not None
            and message.position is not None
            and not message.position.abstain
        ]
        lines = [verdict(panel)]
        if stated and panel.consensus is not None:
            lines += ["Reasons given:", *reason_lines(stated, panel.consensus.majority_stance)]
        return "\n".join(lines)

    def estimated_duration(self, panel: Panel, seconds_per_turn: float) -> float:
        """Worst case: the strategy's sequential waves over max rounds, each one turn long
        (the turns of one wave run concurrently)."""
        return self.planned_waves(panel) * seconds_per_turn

    def planned_waves(self, panel: Panel) -> int:
        """Sequential waves of a full run: every round plus the synthesis."""
        return self.waves_per_round(panel) * self.max_rounds(panel) + int(self.has_synthesis)

    def _rounds_ok(self, panel: Panel, round_number: int, wave: int) -> bool:
        if round_number < 1 or wave < 0:
            raise ValueError("round numbers start at 1 and waves at 0")
        return round_number <= self.max_rounds(panel)


def _who(panel: Panel, agent_id: str) -> str:
    try:
        return panel.member(agent_id).name
    except KeyError:
        return agent_id


def verdict(panel: Panel) -> str:
    """What the panel decided, in code: the option or side chosen (or that there was none), the
    vote and the first round's baseline, the dissent (who, with their summary) and the
    abstentions."""
    result = panel.consensus
    if result is None:
        return "The panel recorded no positions, so it makes no recommendation."
    votes = ", ".join(f"{choice} {count}" for choice, count in result.votes.items())
    tally = (
        f"Votes: {votes} ({result.participants} of {result.members} members voted; "
        f"quorum {result.quorum}; confidence-weighted agreement {result.level:.0%})."
    )
    if result.decision == "no_quorum" or result.majority is None:
        head = (
            f"No recommendation: only {result.participants} of {result.members} members voted, "
            f"short of the quorum of {result.quorum}."
        )
    elif result.majority == Stance.NEUTRAL.value:
        head = (
            "No recommendation either way: the voters are neutral, their evidence does not "
            "settle the question."
        )
    elif result.decision == "consensus":
        head = f"Recommendation: {_side(result.majority, result.options)} (consensus)."
    else:
        head = (
            f"No consensus. The largest share of the votes is for "
            f"{_side(result.majority, result.options)}, short of the panel's threshold."
        )
    lines = [head, tally]
    if result.baseline is not None:
        base = result.baseline
        first = ", ".join(f"{choice} {count}" for choice, count in base.votes.items())
        lines.append(
            f"First-round independent vote: {first} (majority: {base.majority or 'none'}, "
            f"agreement {base.level:.0%})."
        )
    if result.dissent:
        lines.append(
            "Dissent: "
            + "; ".join(
                f"{_who(panel, d.agent_id)} ({d.choice}, {d.confidence:.2f})"
                + (f": {d.summary}" if d.summary else "")
                for d in result.dissent
            )
            + "."
        )
    elif result.participants:
        lines.append("Dissent: none.")
    if result.abstentions:
        lines.append(
            "Abstained: "
            + "; ".join(f"{_who(panel, a.agent_id)} ({a.reason})" for a in result.abstentions)
            + "."
        )
    return "\n".join(lines)


def _side(choice: str, options: tuple[str, ...]) -> str:
    if options:
        return choice if choice in options else "none of the options"
    return {
        Stance.SUPPORT.value: "support the proposal",
        Stance.OPPOSE.value: "oppose the proposal",
    }.get(choice, "neither side (neutral)")


def latest_stated(panel: Panel, agent_id: str, up_to_round: int) -> PanelMessage | None:
    """The agent's most recent message carrying a position, in rounds 1..up_to_round."""
    for round_ in reversed(panel.rounds[: max(up_to_round, 0)]):
        for message in reversed(round_.messages):
            if message.agent_id == agent_id and message.position is not None:
                return message
    return None


class OneWaveStrategy(Strategy):
    """Rounds of a single concurrent wave: blind positions first, then `later_round`."""

    def waves_per_round(self, panel: Panel) -> int:
        """One concurrent wave per round."""
        return 1

    def plan_wave(self, panel: Panel, round_number: int, wave: int) -> list[TurnRequest]:
        """Round 1: every member states a position blind; later rounds: `later_round`."""
        if not self._rounds_ok(panel, round_number, wave) or wave > 0:
            return []
        if round_number == 1:
            return blind_positions(panel, panel.member_ids, round_number)
        return self.later_round(panel, round_number)

    @abstractmethod
    def later_round(self, panel: Panel, round_number: int) -> list[TurnRequest]:
        """The concurrent turns of a round after the first."""


def still_voting(panel: Panel, agent_ids: list[str], round_number: int) -> list[str]:
    """The experts who have not abstained by `round_number`: an abstention stands, so an
    expert outside the question is not asked again (its turn would only repeat itself)."""
    return [
        agent_id
        for agent_id in agent_ids
        if (position := latest_position(panel, agent_id, round_number)) is None
        or not position.abstain
    ]


def latest_position(panel: Panel, agent_id: str, up_to_round: int) -> Position | None:
    """The agent's most recent position in rounds 1..up_to_round."""
    message = latest_stated(panel, agent_id, up_to_round)
    return None if message is None else message.position


def messages_of(
    panel: Panel, round_number: int, kinds: tuple[TurnKind, ...] = ()
) -> list[PanelMessage]:
    """A round's messages, optionally only of some kinds, in recorded order."""
    round_ = panel.round(round_number)
    if round_ is None:
        return []
    return [m for m in round_.messages if not kinds or m.kind in kinds]


def named(panel: Panel, message: PanelMessage, prefix: str = "") -> Contribution:
    """A contribution labelled with its author's name and role (non-anonymous strategies)."""
    member = panel.member(message.agent_id)
    label = f"{prefix}{member.name} ({member.role})"
    return Contribution(label=label, text=message.text, position=message.position)


def reason(text: str, position: Position | None) -> str:
    """A short reason: the position's summary, else the start of the text."""
    if position is not None and position.summary.strip():
        return position.summary.strip()
    flat = " ".join(text.split())
    return flat if len(flat) <= REASON_CHARS else flat[: REASON_CHARS - 1] + "…"


def reason_lines(stated: list[PanelMessage], first: Stance) -> list[str]:
    """Anonymous reason bullets, `first` stance first, then by confidence (never panel order)."""
    order = [first, *(stance for stance in STANCES if stance is not first)]
    items = [(reason(m.text, m.position), m.position) for m in stated if m.position is not None]
    items.sort(key=lambda item: (order.index(item[1].stance), -item[1].confidence, item[0]))
    return [
        f"- {position.stance.value} ({position.confidence:.2f}): {text or '(no reason given)'}"
        for text, position in items
    ]


def position_instruction(panel: Panel, round_number: int, context: str) -> str:
    """The instruction of a POSITION turn: the query, what to read, the position format."""
    return f"Panel question: {panel.query}\nRound {round_number}. {context} {POSITION_FORMAT}"


BLIND = "Without seeing the other experts' answers, give your answer."


def blind_positions(panel: Panel, agent_ids: list[str], round_number: int) -> list[TurnRequest]:
    """Concurrent POSITION turns that see nothing but the query."""
    instruction = position_instruction(panel, round_number, BLIND)
    return [
        TurnRequest(agent_id, TurnKind.POSITION, round_number, instruction)
        for agent_id in agent_ids
    ]


def revisions(
    panel: Panel,
    agent_ids: list[str],
    round_number: int,
    context: str,
    shown: Callable[[str], Sequence[Contribution]],
    wave: int = 0,
) -> list[TurnRequest]:
    """Concurrent POSITION turns: each expert sees its own last answer and `shown(agent_id)`."""
    instruction = position_instruction(panel, round_number, context)
    return [
        TurnRequest(
            agent_id,
            TurnKind.POSITION,
            round_number,
            instruction,
            visible=(*own_previous(panel, agent_id, round_number - 1), *shown(agent_id)),
            wave=wave,
        )
        for agent_id in agent_ids
    ]


def own_previous(panel: Panel, agent_id: str, round_number: int) -> tuple[Contribution, ...]:
    """The agent's own latest answer up to `round_number`, so it can revise it."""
    message = latest_stated(panel, agent_id, round_number)
    if message is None:
        return ()
    return (Contribution(OWN_PREVIOUS_LABEL, message.text, message.position),)


def named_positions(
    panel: Panel, round_number: int, agent_ids: list[str], exclude: str
) -> list[Contribution]:
    """Named POSITION answers of `agent_ids` in a round, except `exclude`'s, in panel order."""
    wanted = [agent_id for agent_id in agent_ids if agent_id != exclude]
    messages = messages_of(panel, round_number, (TurnKind.POSITION,))
    return [
        named(panel, message)
        for agent_id in wanted
        for message in messages
        if message.agent_id == agent_id
    ]
