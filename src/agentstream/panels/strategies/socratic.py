"""Socratic panels: a moderator questions the experts one at a time, then they take positions."""

from agentstream.deliberation.turns import Contribution, TurnKind, TurnRequest
from agentstream.panels.domain import Panel, PanelMessage, PanelType
from agentstream.panels.strategies.base import (
    Strategy,
    blind_positions,
    latest_stated,
    messages_of,
    named,
    own_previous,
    still_voting,
)

QUESTION_LABEL = "Moderator's question"


class SocraticStrategy(Strategy):
    """Moderated inquiry: each expert must defend its own statement before the panel decides."""

    panel_type = PanelType.SOCRATIC
    has_synthesis = True
    description = (
        "Socratic inquiry led by a moderator (configuration moderator_id, by default the first "
        "member), always at least 2 rounds. Round 1: "
        "every expert but the moderator states a position blind, all at once. Each later "
        "round: the moderator questions the experts one at a time, in panel order: wave 2i is "
        "the moderator's question to expert i about that expert's latest statement (which the "
        "moderator sees, named), wave 2i+1 is that expert's answer, seeing its own statement "
        "and the question, with its revised position. The moderator does not vote; after the "
        "last round the moderator writes the synthesis from the final positions."
    )

    def moderator(self, panel: Panel) -> str:
        """The moderator: configured, else the first member."""
        return panel.configuration.moderator_id or panel.member_ids[0]

    def voters(self, panel: Panel) -> list[str]:
        """The experts being questioned (everyone but the moderator)."""
        moderator = self.moderator(panel)
        return [agent_id for agent_id in panel.member_ids if agent_id != moderator]

    def min_rounds(self, panel: Panel) -> int:
        """The questioning round always runs: round 1 only gathers the statements."""
        return 2

    def waves_per_round(self, panel: Panel) -> int:
        """A question and an answer per expert (round 1: one wave of statements)."""
        return 2 * len(self.voters(panel))

    def plan_wave(self, panel: Panel, round_number: int, wave: int) -> list[TurnRequest]:
        """Round 1: blind statements; later: question, answer, question, answer, …"""
        if not self._rounds_ok(panel, round_number, wave):
            return []
        experts = self.voters(panel)
        if round_number == 1:
            return blind_positions(panel, experts, round_number) if wave == 0 else []
        experts = still_voting(panel, experts, round_number - 1)
        if wave >= 2 * len(experts):
            return []
        expert = experts[wave // 2]
        statement = latest_stated(panel, expert, round_number - 1)
        shown = (named(panel, statement),) if statement is not None else ()
        if wave % 2 == 0:
            return [self._question(panel, round_number, wave, expert, shown)]
        question = pending_question(panel, round_number, expert)
        return [self._answer(panel, round_number, wave, expert, question)]

    def recommendation_request(self, panel: Panel) -> TurnRequest | None:
        """The moderator's synthesis of the experts' final positions."""
        last = len(panel.rounds)
        if last == 0:
            return None
        finals = [
            named(panel, message)
            for agent_id in self.voters(panel)
            if (message := latest_stated(panel, agent_id, last)) is not None
        ]
        instruction = (
            f"Panel question: {panel.query}\nYou moderated this panel. Write its synthesis "
            "from the experts' final positions below: where they agree, where they still "
            "disagree and why."
        )
        return TurnRequest(
            self.moderator(panel), TurnKind.SYNTHESIS, last, instruction, visible=tuple(finals)
        )

    def _question(
        self,
        panel: Panel,
        round_number: int,
        wave: int,
        expert: str,
        shown: tuple[Contribution, ...],
    ) -> TurnRequest:
        member = panel.member(expert)
        instruction = (
            f"Panel question: {panel.query}\nRound {round_number}. You are the moderator. Ask "
            f"{member.name} ({member.role}) one probing question about their latest statement "
            "below: the evidence, reasoning or assumptions behind it."
        )
        moderator = self.moderator(panel)
        return TurnRequest(
            moderator, TurnKind.QUESTION, round_number, instruction, visible=shown, wave=wave
        )

    def _answer(
        self,
        panel: Panel,
        round_number: int,
        wave: int,
        expert: str,
        question: PanelMessage | None,
    ) -> TurnRequest:
        own = own_previous(panel, expert, round_number - 1)
        if question is None:
            # The moderator's turn failed: the expert still gets a probe, a generic one.
            ask = "Explain the strongest evidence for your view and what would change your mind."
            visible = own
        else:
            ask = (
                "Answer the moderator's question about your statement directly and concretely, "
                "then state your position."
            )
            visible = (*own, Contribution(QUESTION_LABEL, question.text))
        instruction = f"Panel question: {panel.query}\nRound {round_number}. {ask}"
        return TurnRequest(
            expert, TurnKind.ANSWER, round_number, instruction, visible=visible, wave=wave
        )


def pending_question(panel: Panel, round_number: int, expert: str) -> PanelMessage | None:
    """The moderator's question to `expert` in this round: the message just before the
    expert's answer (or the last one, before it answers) when it is a QUESTION; None when
    the moderator's turn was lost."""
    messages = messages_of(panel, round_number, (TurnKind.QUESTION, TurnKind.ANSWER))
    answered = [i for i, m in enumerate(messages) if m.agent_id == expert]
    seen = messages[: answered[0]] if answered else messages
    if seen and seen[-1].kind is TurnKind.QUESTION:
        return seen[-1]
    return None
