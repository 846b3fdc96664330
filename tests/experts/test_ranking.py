"""Specification of a council member's ranking: an abstention ranks last, however much of the
question it repeats."""

from agentstream.deliberation.position import Position
from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import format_position

QUERY = "Which shift length should technicians work: 8-hour, 10-hour or 12-hour shifts?"


def test_an_abstention_ranks_last(experts: dict[str, ExpertProfile]) -> None:
    abstention = Position.abstention("my documents never speak of shift length")
    abstaining = (
        "I abstain on which shift length technicians should work, 8-hour, 10-hour or 12-hour "
        "shifts, shift length, shift technicians: my documents never speak of shift length.\n"
        f"{format_position(abstention)}"
    )
    answer = "No shift longer than 10 hours is allowed. [safety_expert/1#2]"
    visible = (
        Contribution("Response A", abstaining, abstention),
        Contribution("Response B", answer),
    )
    request = TurnRequest("finance_expert", TurnKind.RANK, 2, "", visible)
    draft = compose_turn(experts["finance_expert"], QUERY, request)
    assert draft.ranking == ("Response B", "Response A")
