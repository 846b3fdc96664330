"""Adversarial panels: an open debate with a devil's advocate attacking the majority."""

from agentstream.deliberation.turns import TurnKind, TurnRequest
from agentstream.panels import consensus
from agentstream.panels.domain import Panel, PanelType
from agentstream.panels.strategies.base import (
    Strategy,
    blind_positions,
    messages_of,
    named,
    named_positions,
    reason,
    revisions,
    still_voting,
)

ADVOCATE_PREFIX = "Devil's advocate: "


class AdversarialStrategy(Strategy):
    """Open debate stress-tested each round by a devil's advocate, who does not vote."""

    panel_type = PanelType.ADVERSARIAL
    description = (
        "Adversarial debate with a devil's advocate (configuration devil_advocate_id, by "
        "default the last member). Each round has two waves. Wave 0: every other expert "
        "states a position concurrently; blind in round 1, afterwards reading the previous "
        "round's named answers and the devil's advocate's challenge. Wave 1: the devil's "
        "advocate reads this round's positions and challenges the current majority. The devil's "
        "advocate argues a role, not a belief, so its position never counts toward consensus. "
        "The recommendation is composed from the final positions and ends with the last "
        "challenge as the main caveat."
    )

    def advocate(self, panel: Panel) -> str:
        """The devil's advocate: configured, else the last member."""
        return panel.configuration.devil_advocate_id or panel.member_ids[-1]

    def voters(self, panel: Panel) -> list[str]:
        """Everyone except the devil's advocate."""
        advocate = self.advocate(panel)
        return [agent_id for agent_id in panel.member_ids if agent_id != advocate]

    def waves_per_round(self, panel: Panel) -> int:
        """Positions, then the challenge."""
        return 2

    def plan_wave(self, panel: Panel, round_number: int, wave: int) -> list[TurnRequest]:
        """Wave 0: the voters' positions; wave 1: the devil's advocate's challenge."""
        if not self._rounds_ok(panel, round_number, wave):
            return []
        if wave == 0:
            return self._positions(panel, round_number)
        if wave == 1:
            return [self._challenge(panel, round_number)]
        return []

    def _positions(self, panel: Panel, round_number: int) -> list[TurnRequest]:
        voters = self.voters(panel)
        if round_number == 1:
            return blind_positions(panel, voters, round_number)
        challenges = [
            named(panel, message, ADVOCATE_PREFIX)
            for message in messages_of(panel, round_number - 1, (TurnKind.CHALLENGE,))
        ]
        return revisions(
            panel,
            still_voting(panel, voters, round_number - 1),
            round_number,
            "Read the other experts' previous answers and the devil's advocate's challenge; "
            "answer the challenge and revise your answer if it exposes a real weakness.",
            lambda agent_id: (
                *named_positions(panel, round_number - 1, voters, agent_id),
                *challenges,
            ),
        )

    def _challenge(self, panel: Panel, round_number: int) -> TurnRequest:
        advocate = self.advocate(panel)
        visible = named_positions(panel, round_number, self.voters(panel), advocate)
        positions = [c.position for c in visible if c.position is not None]
        result = (
            consensus.measure(positions, options=panel.configuration.options) if positions else None
        )
        if result is not None and result.majority is not None:
            target = (
                f"The current majority is {result.majority} "
                f"({result.votes[result.majority]} of {result.participants} voters)."
            )
        else:
            target = "No expert has voted yet."
        instruction = (
            f"Panel question: {panel.query}\nRound {round_number}. You are the devil's advocate. "
            f"{target} Make the strongest case against the majority view: weak evidence, "
            "risks and overlooked alternatives. Your stated position must be the side you argue."
        )
        return TurnRequest(
            advocate, TurnKind.CHALLENGE, round_number, instruction, tuple(visible), wave=1
        )

    def summarize_positions(self, panel: Panel) -> str:
        """The voters' summary, then the devil's advocate's last challenge as the caveat."""
        summary = super().summarize_positions(panel)
        challenges = messages_of(panel, len(panel.rounds), (TurnKind.CHALLENGE,))
        if not challenges:
            return summary
        caveat = reason(challenges[-1].text, None)
        return f"{summary}\nMain caveat (devil's advocate): {caveat}"
