"""Specification of retrieval across acronyms and of a case's requirement: a question in long
form reaches passages written with the acronym and the other way round, and the option a
passage says the question's case requires is chosen over a default leaning."""

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import initial_leaning

DEFINING = """# Study Notes

## Exemptions

A significant risk study needs an approved humanitarian use designation (HUD) first.

## Costs

A HUD request costs little and takes about 75 days.
"""


def test_a_long_form_reaches_passages_written_with_its_acronym(
    experts: dict[str, ExpertProfile],
) -> None:
    knowledge = knowledge_of(experts["clinical_expert"])
    question = "What does a premarket approval pivotal trial cost?"
    assert "premarket" not in knowledge.unknown_words(question)
    passages = [chunk.text for chunk in knowledge.relevant(question)]
    assert any("PMA pivotal trial" in text for text in passages)


def test_an_acronym_the_documents_define_is_read_both_ways() -> None:
    expert = ExpertProfile("notes", "Notes", "Advisor", "", knowledge=(DEFINING,))
    knowledge = knowledge_of(expert)
    assert knowledge.acronyms == (("hud", "humanitarian use designation"),)
    assert knowledge.in_own_words("What does a HUD cost?").endswith(
        "cost? humanitarian use designation"
    )
    assert knowledge.in_own_words("Is a humanitarian use designation hard?").endswith("hard? hud")


def test_the_option_the_questions_case_requires_is_chosen(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Our new implantable pump is a Class III device. Which pathway should it take?"
    knowledge = knowledge_of(experts["fda_expert"])
    leaning = initial_leaning(knowledge, query, ("510(k)", "De Novo", "PMA"))
    assert (leaning.position.stance, leaning.position.option) == (Stance.SUPPORT, "PMA")
    assert "need a PMA [fda_expert/1#5]" in leaning.position.summary
