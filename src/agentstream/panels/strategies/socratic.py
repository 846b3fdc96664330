"""Socratic panels: a moderator questions the experts one at a time, then they take positions."""

from agentstream.panels.domain import Panel, PanelMessage, PanelType
from agentstream.panels.strategies.base import (
    Strategy,
    latest_stated,
    messages_of,
    named,
    named_positions,
    revisions,
)
from agentstream.panels.turns import Contribution, TurnKind, TurnRequest

QUESTION_LABEL = "Moderator's question"


class SocraticStrategy(Strategy):
    """Moderated inquiry: each expert must defend its reasoning before the panel votes."""

    panel_type = PanelType.SOCRATIC
    has_synthesis = True
    description = (
        "Socratic inquiry led by a moderator (configuration moderator_id, by default the first "
        "member). In each round the moderator questions the experts one at a time, in panel "
        "order: wave 2i is the moderator's probing question to expert i, wave 2i+1 is that "
        "expert's answer, and every turn sees the round's exchange so far plus the previous "
        "round's positions. The last wave of the round asks every expert, concurrently, for a "
        "position after the whole exchange. The moderator does not vote; after the last round "
        "the moderator writes the recommendation from the final positions."
    )

    def moderator(self, panel: Panel) -> str:
        """The moderator: configured, else the first member."""
        return panel.configuration.moderator_id or panel.member_ids[0]

    def voters(self, panel: Panel) -> list[str]:
        """The experts being questioned (everyone but the moderator)."""
        moderator = self.moderator(panel)
        return [agent_id for agent_id in panel.member_ids if agent_id != moderator]

    def waves_per_round(self, panel: Panel) -> int:
        """A question and an answer per expert, then the positions."""
        return 2 * len(self.voters(panel)) + 1

    def plan_wave(self, panel: Panel, round_number: int, wave: int) -> list[TurnRequest]:
        """Question, answer, question, answer, …, then every expert's position."""
        if not self._rounds_ok(panel, round_number, wave):
            return []
        experts = self.voters(panel)
        if wave < 2 * len(experts):
            expert = experts[wave // 2]
            before, question = pending_question(panel, round_number, expert)
            context = self._context(panel, round_number, before)
            if wave % 2 == 0:
                return [self._question(panel, round_number, wave, expert, context)]
            return [self._answer(panel, round_number, wave, expert, context, question)]
        if wave > 2 * len(experts):
            return []
        exchange = messages_of(panel, round_number, (TurnKind.QUESTION, TurnKind.ANSWER))
        context = self._context(panel, round_number, exchange)
        return revisions(
            panel,
            experts,
            round_number,
            "Having heard the moderator's exchange above, give your answer.",
            lambda _: context,
            wave=wave,
        )

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
            f"Panel question: {panel.query}\nYou moderated this panel. Write its final "
            "recommendation from the experts' final positions below: where they agree, where "
            "they still disagree and why."
        )
        return TurnRequest(
            self.moderator(panel), TurnKind.SYNTHESIS, last, instruction, visible=tuple(finals)
        )

    def _context(
        self, panel: Panel, round_number: int, exchange: list[PanelMessage]
    ) -> tuple[Contribution, ...]:
        """Previous round's positions, then the given questions and answers of this round."""
        previous = named_positions(panel, round_number - 1, self.voters(panel), "")
        return (*previous, *(named(panel, message) for message in exchange))

    def _question(
        self,
        panel: Panel,
        round_number: int,
        wave: int,
        expert: str,
        context: tuple[Contribution, ...],
    ) -> TurnRequest:
        member = panel.member(expert)
        instruction = (
            f"Panel question: {panel.query}\nRound {round_number}. You are the moderator. Ask "
            f"{member.name} ({member.role}) one probing question that tests the reasoning, "
            "evidence or assumptions behind their view."
        )
        moderator = self.moderator(panel)
        return TurnRequest(
            moderator, TurnKind.QUESTION, round_number, instruction, visible=context, wave=wave
        )

    def _answer(
        self,
        panel: Panel,
        round_number: int,
        wave: int,
        expert: str,
        context: tuple[Contribution, ...],
        question: PanelMessage | None,
    ) -> TurnRequest:
        if question is None:
            # The moderator's turn failed: the expert still gets a probe, a generic one.
            ask = "Explain the strongest evidence for your view and what would change your mind."
            visible = context
        else:
            ask = "Answer the moderator's question directly and concretely."
            visible = (*context, Contribution(QUESTION_LABEL, question.text))
        instruction = f"Panel question: {panel.query}\nRound {round_number}. {ask}"
        return TurnRequest(
            expert, TurnKind.ANSWER, round_number, instruction, visible=visible, wave=wave
        )


def pending_question(
    panel: Panel, round_number: int, expert: str
) -> tuple[list[PanelMessage], PanelMessage | None]:
    """The round's exchange before the moderator's question to `expert`, and that question.

    Found from the recorded order: the question is the last message before the expert's
    ANSWER (or before now, if it has not answered yet) when that message is a QUESTION; when
    it is someone else's ANSWER, the moderator's turn for this expert was lost (None).
    """
    messages = messages_of(panel, round_number, (TurnKind.QUESTION, TurnKind.ANSWER))
    answered = [i for i, m in enumerate(messages) if m.agent_id == expert]
    seen = messages[: answered[0]] if answered else messages
    if seen and seen[-1].kind is TurnKind.QUESTION:
        return seen[:-1], seen[-1]
    return seen, None
