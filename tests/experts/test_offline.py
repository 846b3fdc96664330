"""Specification of the offline expert engine: grounded, in role, deterministic turns."""

import difflib
import os
import re
import subprocess
import sys

import pytest

from agentstream.agents.grounding import statements
from agentstream.deliberation.turns import (
    Contribution,
    ExpertProfile,
    Position,
    Stance,
    TurnKind,
    TurnRequest,
)
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.offline import Draft, compose_turn
from agentstream.experts.positions import format_position, parse_position

SEED_QUERY = "FDA 510(k) strategy?"
OFF_TOPIC_QUERY = "Which pizza topping tastes best?"
SHIFTS = "Should we move technicians to a 4-day, 10-hour shift pattern?"
_CITED = re.compile(r"(.+?) \[([^\]]+)\]")


def _turn(
    expert: ExpertProfile,
    query: str,
    kind: TurnKind = TurnKind.POSITION,
    visible: tuple[Contribution, ...] = (),
    round_number: int = 1,
    options: tuple[str, ...] = (),
) -> Draft:
    request = TurnRequest(expert.agent_id, kind, round_number, "", visible, options)
    return compose_turn(expert, query, request)


def _cited_statements(expert: ExpertProfile, text: str) -> list[tuple[str, str]]:
    """(statement, source id) of every cited statement of a turn's first paragraph."""
    first = text.split("\n\n")[0].split(". ", 1)[1]
    return [(m.group(1).strip(), m.group(2)) for m in _CITED.finditer(first)]


def test_compose_turn_is_deterministic(experts: dict[str, ExpertProfile]) -> None:
    expert = experts["clinical_expert"]
    assert _turn(expert, SEED_QUERY) == _turn(expert, SEED_QUERY)


def test_compose_turn_does_not_depend_on_hash_seed() -> None:
    script = (
        "from agentstream.demo.experts import load_builtin_experts\n"
        "from agentstream.experts.offline import compose_turn\n"
        "from agentstream.deliberation.turns import TurnKind, TurnRequest\n"
        "e = load_builtin_experts()['safety_expert']\n"
        "q = 'Should we approve targeted overtime to clear the urgent backlog?'\n"
        "print(compose_turn(e, q, TurnRequest(e.agent_id, TurnKind.POSITION, 1, '')).text)\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and "POSITION:" in outputs.pop()


@pytest.mark.parametrize("agent_id", ["fda_expert", "clinical_expert", "quality_expert"])
def test_position_turn_carries_its_position_and_ends_with_its_line(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    draft = _turn(experts[agent_id], SEED_QUERY)
    assert draft.position is not None
    assert draft.text.splitlines()[-1] == format_position(draft.position)
    assert parse_position(draft.text) == Position(
        draft.position.stance, draft.position.confidence, draft.position.summary
    )


@pytest.mark.parametrize(
    ("agent_id", "query"),
    [
        ("fda_expert", SEED_QUERY),
        ("clinical_expert", SEED_QUERY),
        ("operations_expert", SHIFTS),
        ("safety_expert", SHIFTS),
        ("finance_expert", SHIFTS),
    ],
)
def test_turn_speaks_from_its_own_passages_relevant_to_the_question_and_cites_them(
    experts: dict[str, ExpertProfile], agent_id: str, query: str
) -> None:
    expert = experts[agent_id]
    draft = _turn(expert, query)
    relevant = {chunk.chunk_id: chunk for chunk in knowledge_of(expert).relevant(query)}
    cited = _cited_statements(expert, draft.text)
    assert cited, draft.text
    for statement, source in cited:
        assert source in relevant, f"{source} is not a passage relevant to the question"
        assert statement in statements(relevant[source]), f"invented text: {statement!r}"
    assert set(draft.citations) == {source for _, source in cited}


def test_no_expert_argues_a_fixed_topic_the_question_does_not_name(
    experts: dict[str, ExpertProfile],
) -> None:
    for agent_id in ("operations_expert", "safety_expert", "finance_expert", "customer_expert"):
        draft = _turn(experts[agent_id], SHIFTS)
        assert "weekend" not in draft.text.lower(), draft.text
        assert draft.position is not None and "weekend" not in draft.position.summary.lower()


def test_an_abstention_names_the_unknown_terms_as_the_question_wrote_them(
    experts: dict[str, ExpertProfile],
) -> None:
    options = ("De Novo", "510(k)")
    draft = _turn(experts["operations_expert"], "De Novo or 510(k)?", options=options)
    assert draft.position is not None and draft.position.abstain
    # Not "de or novo": the question's own phrase, whole (a figure is no subject).
    assert draft.position.reason is not None
    assert draft.position.reason.endswith('never speak of "De Novo"')


@pytest.mark.parametrize(
    "agent_id",
    ["fda_expert", "clinical_expert", "operations_expert", "finance_expert", "safety_expert"],
)
def test_an_expert_whose_documents_do_not_cover_the_question_abstains(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    draft = _turn(experts[agent_id], OFF_TOPIC_QUERY)
    assert draft.position is not None and draft.position.abstain
    assert draft.position.reason is not None
    # The reason names the question's terms the documents never use.
    assert 'never speak of "pizza topping tastes"' in draft.position.reason
    assert "I abstain on this question" in draft.text
    assert draft.citations == ()
    assert draft.text.splitlines()[-1] == "POSITION: abstain"


def test_seed_experts_state_their_documents_leanings(experts: dict[str, ExpertProfile]) -> None:
    fda = _turn(experts["fda_expert"], SEED_QUERY).position
    clinical = _turn(experts["clinical_expert"], SEED_QUERY).position
    assert fda == Position(
        Stance.SUPPORT,
        0.8,
        "A 510(k) against a well-chosen predicate is the fastest sound route to market for a "
        "Class II device.",
    )
    assert clinical is not None and (clinical.stance, clinical.confidence) == (Stance.SUPPORT, 0.6)


def test_with_options_the_expert_chooses_the_option_its_documents_favour(
    experts: dict[str, ExpertProfile],
) -> None:
    options = ("De Novo", "510(k)")
    draft = _turn(experts["fda_expert"], "Which pathway for the glucose monitor?", options=options)
    assert draft.position is not None and draft.position.option == "510(k)"
    assert draft.text.startswith('As the Regulatory Affairs Lead, I choose "510(k)".')
    assert draft.text.splitlines()[-1] == "POSITION: support 510(k) (confidence 0.80)"


def test_tenant_expert_without_front_matter_votes_neutral_from_its_document() -> None:
    expert = ExpertProfile(
        "pricing_expert",
        "Pricing Expert",
        "Pricing Lead",
        "Sets prices.",
        knowledge=(
            "# Pricing\n\n## Renewals\n\nRenewals fell by 4 percent after the 2024 price increase.",
        ),
    )
    draft = _turn(expert, "Should we raise prices given renewals?")
    assert draft.text.startswith("As the Pricing Lead, I take no firm side on it.")
    assert "Renewals fell by 4 percent after the 2024 price increase. [pricing_expert/1#1]" in (
        draft.text
    )
    assert draft.position is not None and not draft.position.abstain


def test_later_rounds_bring_new_statements_and_never_repeat_a_turn(
    experts: dict[str, ExpertProfile],
) -> None:
    expert = experts["fda_expert"]
    turns = [_turn(expert, SEED_QUERY, round_number=n).text for n in (1, 2, 3, 4)]
    firsts = [_cited_statements(expert, text) for text in turns[:2]]
    assert not set(firsts[0]) & set(firsts[1])
    for i, earlier in enumerate(turns):
        for later in turns[i + 1 :]:
            assert difflib.SequenceMatcher(None, earlier, later).ratio() < 0.85


def test_a_chosen_option_is_argued_from_what_the_documents_say_of_it(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should our wound-monitoring patch go to FDA as a 510(k) or as a De Novo request?"
    draft = _turn(experts["fda_expert"], query, options=("510(k)", "De Novo request"))
    assert draft.position is not None and draft.position.option == "510(k)"
    first = _CITED.search(draft.text.split(". ", 1)[1])
    assert first is not None and "510(k)" in first.group(1)
