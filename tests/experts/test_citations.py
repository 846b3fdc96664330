"""Specification of a turn's citations and an abstention's reason (cold try c18-r2, category
9): every passage of its own that a turn's text cites is in its citations, and an abstention
names the question's subjects its documents never use, not verbs any question uses."""

from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.offline import compose_turn
from agentstream.experts.stance import initial_leaning
from tests.experts.test_socratic_wording import _socratic

NO_PRESUB = (
    "Should we NOT bother with a Pre-Submission meeting and just file the 510(k) straight away "
    "to save the 70 days?"
)
SATURDAYS = (
    "Should we schedule mandatory Saturday overtime for all technicians for the next three "
    "weekends to clear the work-order backlog?"
)


def _own_cited(agent_id: str, text: str) -> set[str]:
    return {part.split("]")[0] for part in text.split("[")[1:] if part.startswith(agent_id)}


def test_a_position_turn_cites_the_passage_its_reason_quotes(
    experts: dict[str, ExpertProfile],
) -> None:
    for agent_id in ("fda_expert", "clinical_expert", "quality_expert"):
        request = TurnRequest(agent_id, TurnKind.POSITION, 1, "")
        draft = compose_turn(experts[agent_id], NO_PRESUB, request)
        assert _own_cited(agent_id, draft.text) <= set(draft.citations), agent_id


def test_a_moderators_question_and_a_ranking_cite_their_notes(
    experts: dict[str, ExpertProfile],
) -> None:
    turns = _socratic(experts, "customer_expert", ["operations_expert", "safety_expert"],
                      SATURDAYS)  # fmt: skip
    questions = [text for kind, text in turns if kind == "question"]
    assert any("[customer_expert/" in text for text in questions)
    for text in questions:
        request = TurnRequest(
            "customer_expert", TurnKind.QUESTION, 2, "Ask Operations Expert",
            (Contribution("Operations Expert", turns[0][1]),),
        )  # fmt: skip
        draft = compose_turn(experts["customer_expert"], SATURDAYS, request)
        assert _own_cited("customer_expert", draft.text) <= set(draft.citations)
    rank = TurnRequest("customer_expert", TurnKind.RANK, 2, "", (
        Contribution("Response A", turns[0][1]), Contribution("Response B", turns[1][1]),
    ))  # fmt: skip
    draft = compose_turn(experts["customer_expert"], SATURDAYS, rank)
    assert _own_cited("customer_expert", draft.text) <= set(draft.citations)


def test_an_abstention_names_no_verb_any_question_uses(experts: dict[str, ExpertProfile]) -> None:
    query = (
        "Should we bring in subcontracted technicians to clear a backlog we expect to last "
        "about two months?"
    )
    reason = initial_leaning(knowledge_of(experts["safety_expert"]), query).position.reason or ""
    assert '"subcontracted"' in reason
    for vague in ("bring", "expect", "clear"):
        assert f'"{vague}"' not in reason
