"""Specification of the offline expert engine: grounded, in role, deterministic turns."""

import os
import subprocess
import sys

import pytest

from agentstream.agents.grounding import statements
from agentstream.experts.knowledge import knowledge_body
from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import parse_position
from agentstream.panels.turns import (
    Contribution,
    ExpertProfile,
    Position,
    Stance,
    TurnKind,
    TurnRequest,
)
from agentstream.retrieval.chunking import chunk_markdown

SEED_QUERY = "FDA 510(k) strategy?"
OFF_TOPIC_QUERY = "Which pizza topping tastes best?"


def _turn(
    expert: ExpertProfile,
    query: str,
    kind: TurnKind = TurnKind.POSITION,
    visible: tuple[Contribution, ...] = (),
    instruction: str = "",
    round_number: int = 1,
) -> str:
    request = TurnRequest(expert.agent_id, kind, round_number, instruction, visible)
    return compose_turn(expert, query, request)


def _own_statements(expert: ExpertProfile) -> list[str]:
    return [
        statement
        for number, document in enumerate(expert.knowledge)
        for chunk in chunk_markdown(str(number), "", knowledge_body(document))
        for statement in statements(chunk)
    ]


def _evidence(text: str) -> str:
    """The statements after the opening sentence of a turn's first paragraph."""
    first_paragraph = text.split("\n\n")[0]
    return first_paragraph.split(". ", 1)[1]


def _round_one(experts: dict[str, ExpertProfile], agent_ids: list[str]) -> dict[str, str]:
    return {agent_id: _turn(experts[agent_id], SEED_QUERY) for agent_id in agent_ids}


def test_compose_turn_is_deterministic(experts: dict[str, ExpertProfile]) -> None:
    expert = experts["clinical_expert"]
    assert _turn(expert, SEED_QUERY) == _turn(expert, SEED_QUERY)


def test_compose_turn_does_not_depend_on_hash_seed() -> None:
    script = (
        "from agentstream.demo.experts import load_builtin_experts\n"
        "from agentstream.experts.offline import compose_turn\n"
        "from agentstream.panels.turns import TurnKind, TurnRequest\n"
        "e = load_builtin_experts()['safety_expert']\n"
        "q = 'Should we approve targeted overtime to clear the urgent backlog?'\n"
        "print(compose_turn(e, q, TurnRequest(e.agent_id, TurnKind.POSITION, 1, '')))\n"
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


@pytest.mark.parametrize("agent_id", ["fda_expert", "clinical_expert", "safety_expert"])
def test_position_turn_ends_with_a_position_line_that_parses(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    text = _turn(experts[agent_id], SEED_QUERY)
    last = text.splitlines()[-1]
    assert last.startswith("POSITION: ")
    position = parse_position(text)
    assert position is not None
    assert last == f"POSITION: {position.stance.value} (confidence {position.confidence:.2f})"


@pytest.mark.parametrize(
    ("agent_id", "role", "topic_words"),
    [
        ("fda_expert", "Regulatory Affairs Lead", ("510(k)", "predicate", "pathway")),
        ("clinical_expert", "Clinical Affairs Lead", ("510(k)", "clinical", "study")),
    ],
)
def test_seed_query_is_answered_from_the_experts_own_documents(
    experts: dict[str, ExpertProfile], agent_id: str, role: str, topic_words: tuple[str, ...]
) -> None:
    expert = experts[agent_id]
    text = _turn(expert, SEED_QUERY)
    assert text.startswith(f"As the {role}, I support ")
    evidence = _evidence(text)
    used = [s for s in _own_statements(expert) if s in evidence]
    assert len(used) >= 2
    rest = evidence
    for statement in used:
        rest = rest.replace(statement, "")
    assert rest.strip() == "", f"invented text: {rest!r}"
    assert all(any(word in s for word in topic_words) for s in used), used


def test_experts_do_not_speak_from_each_others_documents(
    experts: dict[str, ExpertProfile],
) -> None:
    turns = _round_one(experts, ["fda_expert", "clinical_expert"])
    fda_only = set(_own_statements(experts["fda_expert"])) - set(
        _own_statements(experts["clinical_expert"])
    )
    assert not [s for s in fda_only if s in turns["clinical_expert"]]
    assert [s for s in fda_only if s in turns["fda_expert"]]


def test_seed_experts_state_different_default_confidences(
    experts: dict[str, ExpertProfile],
) -> None:
    turns = _round_one(experts, ["fda_expert", "clinical_expert"])
    assert parse_position(turns["fda_expert"]) == Position(
        Stance.SUPPORT,
        0.8,
        "A 510(k) against a well-chosen predicate is the fastest sound route to market for a "
        "Class II device.",
    )
    clinical = parse_position(turns["clinical_expert"])
    assert clinical is not None and (clinical.stance, clinical.confidence) == (Stance.SUPPORT, 0.6)


@pytest.mark.parametrize(
    "agent_id",
    ["fda_expert", "clinical_expert", "operations_expert", "finance_expert", "safety_expert"],
)
def test_off_topic_query_is_neutral_with_low_confidence(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    text = _turn(experts[agent_id], OFF_TOPIC_QUERY)
    assert "outside my expertise" in text
    assert parse_position(text) == Position(
        Stance.NEUTRAL, 0.2, "I defer to the experts whose field this is."
    )


def test_related_query_without_a_leaning_is_neutral(experts: dict[str, ExpertProfile]) -> None:
    text = _turn(experts["fda_expert"], "What does ISO 10993 biocompatibility testing cover?")
    position = parse_position(text)
    assert position is not None and (position.stance, position.confidence) == (
        Stance.NEUTRAL,
        0.4,
    )
    assert "ISO 10993" in text


def test_tenant_expert_without_front_matter_speaks_from_its_document() -> None:
    expert = ExpertProfile(
        "pricing_expert",
        "Pricing Expert",
        "Pricing Lead",
        "Sets prices.",
        knowledge=(
            "# Pricing\n\n## Renewals\n\nRenewals fell by 4 percent after the 2024 increase.",
        ),
    )
    text = _turn(expert, "Should we raise prices given renewals?")
    assert text.startswith("As the Pricing Lead, I take no firm side on this proposal.")
    assert "Renewals fell by 4 percent after the 2024 increase." in text


def test_later_round_brings_a_different_angle(experts: dict[str, ExpertProfile]) -> None:
    expert = experts["fda_expert"]
    first = _evidence(_turn(expert, SEED_QUERY, round_number=1))
    second = _evidence(_turn(expert, SEED_QUERY, round_number=2))
    assert first != second


@pytest.mark.parametrize("round_number", [1, 2, 3])
def test_evidence_stays_on_the_matched_topic(
    experts: dict[str, ExpertProfile], round_number: int
) -> None:
    query = "Should we approve targeted overtime to clear the urgent backlog?"
    text = _turn(experts["safety_expert"], query, round_number=round_number)
    assert text.startswith("As the Health and Safety Manager, I take no firm side on targeted")
    assert "mandatory" not in _evidence(text).lower()
