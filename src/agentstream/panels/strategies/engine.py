"""The one engine that runs any strategy from its data (`spec.StrategySpec`).

A round is a sequence of waves. The execution asks `plan_wave(panel, round, 0)`, runs those
turns concurrently, records every result, then asks for wave 1, and so on until a wave comes
back empty: the round is over. Turns of one wave never see each other, because a wave is planned
before any of its turns runs and only from what earlier waves and rounds recorded.
"""

from dataclasses import replace

from agentstream.deliberation.turns import (
    Contribution,
    Position,
    TurnKind,
    TurnRequest,
    prose,
)
from agentstream.panels import consensus
from agentstream.panels.consensus import ConsensusResult, choice_of
from agentstream.panels.domain import Panel, PanelType
from agentstream.panels.strategies.recommendation import composed
from agentstream.panels.strategies.spec import Seat, Speakers, Step, StrategySpec
from agentstream.panels.strategies.transcript import (
    choice_label,
    latest_position,
    messages_of,
    reason,
    still_voting,
    vote_counts,
)
from agentstream.panels.strategies.views import Sight, shown


class Strategy:
    """How a panel of one type discusses: its spec, planned wave by wave."""

    def __init__(self, spec: StrategySpec) -> None:
        self.spec = spec

    @property
    def panel_type(self) -> PanelType:
        """The panel type this strategy runs."""
        return self.spec.panel_type

    @property
    def description(self) -> str:
        """The paragraph the OpenAPI docs show for the panel type."""
        return self.spec.description

    @property
    def name(self) -> str:
        """The strategy's name, as used in `panel_type`."""
        return self.spec.panel_type.value

    @property
    def min_experts(self) -> int:
        """The fewest experts a panel of this type seats."""
        return self.spec.panel_type.min_members

    def role_holder(self, panel: Panel) -> str | None:
        """The member holding the strategy's role: configured, else its default seat."""
        role = self.spec.role
        if role is None:
            return None
        configured: str | None = getattr(panel.configuration, role.setting)
        seat = 0 if role.default is Seat.FIRST else -1
        return configured or panel.member_ids[seat]

    def voters(self, panel: Panel) -> list[str]:
        """Members whose positions count toward consensus."""
        role = self.spec.role
        if role is None or role.votes:
            return panel.member_ids
        holder = self.role_holder(panel)
        return [agent_id for agent_id in panel.member_ids if agent_id != holder]

    def min_rounds(self, panel: Panel) -> int:
        """Rounds that run whatever the consensus."""
        return panel.panel_type.min_rounds

    def max_rounds(self, panel: Panel) -> int:
        """The last round this strategy plans."""
        return self.spec.rounds or panel.configuration.max_rounds

    def waves_per_round(self, panel: Panel) -> int:
        """How many sequential waves a later round takes (for the duration estimate)."""
        plan = self.spec.later_rounds
        return len(plan.steps) * (len(self.voters(panel)) if plan.per_expert else 1)

    def plan_round(self, panel: Panel, round_number: int) -> list[TurnRequest]:
        """The first wave of a round (the whole round for one-wave strategies)."""
        return self.plan_wave(panel, round_number, 0)

    def plan_wave(self, panel: Panel, round_number: int, wave: int) -> list[TurnRequest]:
        """The turns of `wave` in `round_number`; [] when the round is done."""
        if round_number < 1 or wave < 0:
            raise ValueError("round numbers start at 1 and waves at 0")
        if round_number > self.max_rounds(panel):
            return []
        plan = self.spec.first_round if round_number == 1 else self.spec.later_rounds
        target = None
        if plan.per_expert:
            targets = still_voting(panel, self.voters(panel), round_number - 1)
            turn, index = divmod(wave, len(plan.steps))
            if turn >= len(targets):
                return []
            target, step = targets[turn], plan.steps[index]
        elif wave < len(plan.steps):
            step = plan.steps[wave]
        else:
            return []
        return [
            self._request(step, self._sight(panel, round_number, speaker, target), wave)
            for speaker in self._speakers(panel, step, round_number, target)
        ]

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
        result = consensus.measure(
            positions,
            previous,
            history=history,
            rule=panel.configuration,
            min_rounds=self.min_rounds(panel),
            max_rounds=self.max_rounds(panel),
            agent_ids=voters,
            names=[panel.member(agent_id).name for agent_id in voters],
            options=panel.configuration.options,
            baseline=history[0].vote_summary() if history else None,
        )
        if result.baseline is None:
            # Round 1's independent vote is the baseline, reported from round 1 on.
            result = replace(result, baseline=result.vote_summary())
        if self.spec.rounds is not None and result.decision == "max_rounds":
            # A strategy of fixed rounds ends as designed, not at a limit that cut it short.
            result = replace(result, decision="no_consensus")
        return result

    def recommendation_request(self, panel: Panel) -> TurnRequest | None:
        """The synthesis turn; None ⇒ the execution uses `summarize_positions`."""
        step = self.spec.synthesis
        last = len(panel.rounds)
        if step is None or last == 0:
            return None
        speaker = self._speakers(panel, step, last, None)[0]
        return self._request(step, self._sight(panel, last, speaker, None), 0)

    def summarize_positions(self, panel: Panel) -> str:
        """The recommendation composed from the voters' final positions, ending with the role
        holder's last turn as the caveat where the strategy has one."""
        summary = composed(panel, self.voters(panel))
        holder = self.role_holder(panel)
        if self.spec.caveat is None or holder is None:
            return summary
        turns = [m for m in messages_of(panel, len(panel.rounds)) if m.agent_id == holder]
        if not turns or (turns[-1].position is not None and turns[-1].position.abstain):
            return summary
        heading = self.spec.caveat
        if panel.consensus is None or panel.consensus.majority is None:
            # With no majority there is no view to caveat: the challenge must not read as one.
            heading = self.spec.caveat_without_majority or heading
        # Its position's reason states the risk it argues; its opening only says whom it argues
        # against.
        return f"{summary}\n{heading}: {reason(prose(turns[-1].text), turns[-1].position)}"

    def estimated_duration(self, panel: Panel, seconds_per_turn: float) -> float:
        """Worst case: the strategy's sequential waves over max rounds, each one turn long
        (the turns of one wave run concurrently)."""
        return self.planned_waves(panel) * seconds_per_turn

    def planned_waves(self, panel: Panel) -> int:
        """Sequential waves of a full run: every round plus the synthesis."""
        synthesis = int(self.spec.synthesis is not None)
        return self.waves_per_round(panel) * self.max_rounds(panel) + synthesis

    def _speakers(
        self, panel: Panel, step: Step, round_number: int, target: str | None
    ) -> list[str]:
        if step.speakers is Speakers.VOTERS:
            return self.voters(panel)
        if step.speakers is Speakers.STILL_VOTING:
            return still_voting(panel, self.voters(panel), round_number - 1)
        chosen = self.role_holder(panel) if step.speakers is Speakers.ROLE else target
        return [] if chosen is None else [chosen]

    def _sight(self, panel: Panel, round_number: int, speaker: str, target: str | None) -> Sight:
        return Sight(
            panel=panel,
            round_number=round_number,
            speaker=speaker,
            voters=self.voters(panel),
            holder=self.role_holder(panel),
            title=self.spec.role.title if self.spec.role else "",
            target=target,
        )

    def _request(self, step: Step, sight: Sight, wave: int) -> TurnRequest:
        visible = tuple(c for view in step.sees for c in shown(view, sight))
        instruction = step.instruction
        if step.answers is not None and not shown(step.answers, sight):
            instruction = step.fallback
        panel = sight.panel
        expert = ""
        if sight.target is not None:
            member = panel.member(sight.target)
            expert = f"{member.name} ({member.role})"
        majority = _majority(panel, visible) if "{majority}" in instruction else ""
        instruction = instruction.format(expert=expert, majority=majority)
        if step.kind is not TurnKind.SYNTHESIS:
            instruction = f"Round {sight.round_number}. {instruction}"
        return TurnRequest(
            sight.speaker,
            step.kind,
            sight.round_number,
            # The question is not repeated here: each prompt states it once.
            instruction,
            visible=visible,
            wave=wave,
        )


def _majority(panel: Panel, visible: tuple[Contribution, ...]) -> str:
    """What the devil's advocate argues against, as a sentence: the majority among the votes
    the turn sees; on an even split, the side held with the most confidence (the proposition,
    or the first option, when confidences tie too); with no votes, the proposition (or every
    option)."""
    options = panel.configuration.options
    votes = [c.position for c in visible if c.position is not None and not c.position.abstain]
    if not votes:
        target = "each of the options" if options else "the proposition"
        return (
            "No other expert voted this round (each abstained or stated no position): make the "
            f"strongest case against {target}."
        )
    result = consensus.measure(votes, options=options)
    if result.majority is not None:
        return (
            f"The current majority is {choice_label(result.majority, options)} "
            f"({result.votes[result.majority]} of {result.participants} voters): make the "
            "strongest case against it."
        )
    most = max(result.votes.values())
    tied = [choice for choice, count in result.votes.items() if count == most]
    weight = {c: sum(p.confidence for p in votes if choice_of(p, options) == c) for c in tied}
    leading = [c for c in tied if weight[c] == max(weight.values())]
    split = (
        f"The voters are split evenly ({vote_counts(result.votes, options)}): there is no majority."
    )
    if len(leading) == 1:
        side = choice_label(leading[0], options)
        return f"{split} Argue against the side held with the most confidence, {side}."
    target = f"the option {choice_label(options[0], options)}" if options else "the proposition"
    return f"{split} Argue against {target}."
