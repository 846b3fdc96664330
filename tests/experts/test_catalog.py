"""Specification of the built-in expert catalog shipped with the package."""

import re
from importlib import resources

import pytest

from agentstream.deliberation.turns import ExpertProfile, Stance
from agentstream.demo.experts import load_builtin_experts
from agentstream.demo.experts.catalog import CATALOG
from agentstream.experts.knowledge import knowledge_body, knowledge_of, split_front_matter

SEED_EXPERTS = ("fda_expert", "clinical_expert")
REQUIRED = (
    *SEED_EXPERTS,
    "quality_expert",
    "reimbursement_expert",
    "operations_expert",
    "safety_expert",
    "customer_expert",
    "finance_expert",
)


def test_catalog_has_the_required_experts_in_catalog_order() -> None:
    assert list(load_builtin_experts()) == list(REQUIRED)


def test_knowledge_is_read_from_the_installed_package_resources() -> None:
    package = resources.files("agentstream.demo.experts")
    for entry in CATALOG:
        profile = load_builtin_experts()[entry.agent_id]
        expected = tuple(
            package.joinpath(f"{stem}.md").read_text(encoding="utf-8") for stem in entry.documents
        )
        assert profile.knowledge == expected, entry.agent_id


def test_every_shipped_document_belongs_to_an_expert() -> None:
    shipped = {
        item.name.removesuffix(".md")
        for item in resources.files("agentstream.demo.experts").iterdir()
        if item.name.endswith(".md")
    }
    assert shipped == {stem for entry in CATALOG for stem in entry.documents}


@pytest.mark.parametrize("agent_id", REQUIRED)
def test_expert_has_identity_persona_and_knowledge(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    expert = experts[agent_id]
    assert expert.agent_id == agent_id
    assert expert.name and expert.role
    assert 2 <= len(re.findall(r"[.!?](?:\s|$)", expert.persona)) <= 3, expert.persona
    assert 1 <= len(expert.knowledge) <= 2


@pytest.mark.parametrize("agent_id", REQUIRED)
def test_knowledge_documents_are_substantial_markdown(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    for document in experts[agent_id].knowledge:
        body = knowledge_body(document)
        assert body.startswith("# "), agent_id
        assert len(re.findall(r"^## \S", body, flags=re.MULTILINE)) >= 4, agent_id
        assert 300 <= len(body.split()) <= 600, agent_id


@pytest.mark.parametrize("agent_id", REQUIRED)
def test_every_document_declares_well_formed_leanings(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    for document in experts[agent_id].knowledge:
        front_matter, _ = split_front_matter(document)
        declared = sum(1 for line in front_matter if line.startswith("topic:"))
        assert declared >= 1, agent_id
    topics = knowledge_of(experts[agent_id]).topics
    declared_total = sum(
        1
        for document in experts[agent_id].knowledge
        for line in split_front_matter(document)[0]
        if line.startswith("topic:")
    )
    assert len(topics) == declared_total, "a topic was dropped as malformed"
    for topic in topics:
        assert 0.0 < topic.confidence <= 0.95
        assert topic.claim.endswith(".") and topic.claim.count(". ") == 0, topic.claim


def test_seed_experts_lean_differently_on_skipping_clinical_data(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should we skip clinical data for our 510(k)?"
    fda = knowledge_of(experts["fda_expert"]).best_topic(query)
    clinical = knowledge_of(experts["clinical_expert"]).best_topic(query)
    assert fda is not None and fda.stance is Stance.SUPPORT
    assert clinical is not None and clinical.stance is Stance.OPPOSE


def test_shared_facts_are_consistent_across_experts(experts: dict[str, ExpertProfile]) -> None:
    def text(agent_id: str) -> str:
        return " ".join(" ".join(experts[agent_id].knowledge).split())

    for agent_id in ("fda_expert", "clinical_expert"):
        assert "10 to 15 percent of 510(k)s include clinical data" in text(agent_id)
        assert "within 70 days" in text(agent_id) or "within about 70 days" in text(agent_id)
        assert "180 days to respond" in text(agent_id)
    for agent_id in ("operations_expert", "safety_expert"):
        assert "12 overtime hours a week" in text(agent_id)
    for agent_id in ("customer_expert", "finance_expert"):
        assert "5% service credit" in text(agent_id) or "service credit of 5%" in text(agent_id)
    assert "$7,300 a week" in text("finance_expert")


def test_each_call_returns_a_new_dict() -> None:
    first = load_builtin_experts()
    first.clear()
    assert len(load_builtin_experts()) == len(REQUIRED)
