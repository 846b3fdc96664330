"""Specification of how the experts a devil's advocate challenges answer it the next round:
on the challenge's point, from their own documents, rather than restating their view."""

import re

from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.offline import compose_turn
from agentstream.experts.reading import question_sign

WEEKEND = "Should we schedule mandatory weekend overtime for all technicians to clear the backlog?"
SKIP = "Should we skip clinical data for our 510(k)?"


def _quoted_once(text: str) -> bool:
    """Whether no statement of a turn is quoted, with its source, more than once."""
    cited = re.findall(r"([^.:!?]+?) \[[^\]]+/[^\]]+\]", text)
    said = [" ".join(statement.split()) for statement in cited]
    return len(said) == len(set(said))


def _second_round(
    experts: dict[str, ExpertProfile], voters: list[str], advocate: str, query: str
) -> dict[str, str]:
    """Round 1 blind, the devil's advocate's challenge, then every voter's round-2 turn seeing
    the others' answers by name and the challenge."""
    first = {
        a: compose_turn(experts[a], query, TurnRequest(a, TurnKind.POSITION, 1, "")) for a in voters
    }
    named = {a: Contribution(experts[a].name, d.text, d.position) for a, d in first.items()}
    request = TurnRequest(advocate, TurnKind.CHALLENGE, 1, "", tuple(named.values()))
    challenge = compose_turn(experts[advocate], query, request)
    seen = Contribution(
        f"Devil's advocate: {experts[advocate].name}",
        challenge.text,
        challenge.position,
        TurnKind.CHALLENGE,
    )
    second = {}
    for agent_id in voters:
        others = tuple(c for a, c in named.items() if a != agent_id)
        visible = (*others, seen)
        turn = TurnRequest(agent_id, TurnKind.POSITION, 2, "", visible)
        second[agent_id] = compose_turn(experts[agent_id], query, turn).text
    return second


def test_a_challenged_expert_rebuts_the_challenges_evidence_from_its_own(
    experts: dict[str, ExpertProfile],
) -> None:
    voters = ["operations_expert", "safety_expert", "finance_expert"]
    second = _second_round(experts, voters, "customer_expert", WEEKEND)
    text = second["safety_expert"]
    assert "The devil's advocate argues the other side: \"I support whatever clears" in text
    answer = text.split("The devil's advocate argues the other side:")[1].split("\n")[0]
    # Its one view against the proposal already answered a colleague in this turn: it says
    # it has nothing more rather than say that view twice.
    assert "My documents hold nothing more to answer it with" in answer
    assert _quoted_once(text)
    # The expert on the advocate's side is not challenged, and does not answer it.
    assert "The devil's advocate" not in second["operations_expert"]


def test_the_holder_a_challenge_without_evidence_questions_answers_it(
    experts: dict[str, ExpertProfile],
) -> None:
    voters = ["fda_expert", "clinical_expert"]
    second = _second_round(experts, voters, "reimbursement_expert", SKIP)
    text = second["clinical_expert"]
    assert "The devil's advocate asks whether my reason is enough on its own." in text
    assert _quoted_once(text)
    # The question was put to the Clinical Evidence Expert, not to the FDA expert.
    assert "The devil's advocate" not in second["fda_expert"]


def test_a_rebuttal_quotes_a_statement_for_the_experts_own_side(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r10: the finance expert "rebutted" the case for weekend overtime with
    # "Overtime is the cheapest extra capacity we can buy", which argues for it.
    voters = ["operations_expert", "safety_expert", "finance_expert"]
    query = (
        "Should we make Saturday overtime compulsory for all technicians for the next three "
        "weekends to clear a four-week backlog?"
    )
    second = _second_round(experts, voters, "customer_expert", query)
    answer = second["finance_expert"].split("I rebut it from my own documents: ")[1]
    rebuttal = answer.split(" [finance_expert/")[0]
    assert question_sign(query, rebuttal) == -1


def test_no_turn_says_a_statement_twice(experts: dict[str, ExpertProfile]) -> None:
    # Cold try c18-r10, panel 7: the finance expert answered a colleague and the devil's
    # advocate with the same "I oppose mandatory weekend overtime … $7,300 a week".
    voters = ["operations_expert", "safety_expert", "finance_expert"]
    query = (
        "Should we make Saturday overtime compulsory for all technicians for the next three "
        "weekends to clear a four-week backlog?"
    )
    second = _second_round(experts, voters, "customer_expert", query)
    for text in second.values():
        assert _quoted_once(text), text


def test_an_expert_whose_rule_decides_the_case_answers_the_challenge_with_it_once(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r21, #2: both voters said "my documents do not answer that point" and
    # quoted the challenge twice in one turn.
    query = (
        "To get through the backlog faster we'd like to roster the technicians on 11-hour "
        "shifts Monday to Thursday. Is that allowed under our overtime rules?"
    )
    second = _second_round(
        experts, ["safety_expert", "operations_expert"], "customer_expert", query
    )
    for agent_id, rule in (
        ("safety_expert", "no shift longer than 10 hours"),
        ("operations_expert", "with shifts of at most 10 hours"),
    ):
        text = second[agent_id]
        assert text.count("I support whatever clears the backlog") == 1, agent_id
        assert f"That does not change the case you state, which my documents decide: {rule}" in (
            text
        )
