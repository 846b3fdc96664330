"""A rule against working alone ("never done alone", "lone working is prohibited") takes a
side on how many people a job needs: it backs two or more, and weighs against one."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.polarity import statement_sign
from agentstream.experts.stance import initial_leaning


@pytest.mark.parametrize(
    ("proposal", "statement", "sign"),
    [
        ("Should two technicians do live work?", "Live work is never done alone", 1),
        ("Should roof work be done in pairs?", "Technicians must not work alone at height.", 1),
        (
            "Should every confined-space entry have a second technician?",
            "Lone working is prohibited in confined spaces.",
            1,
        ),
        ("Should one technician do live work?", "Live work is never done alone", -1),
        ("Should a single technician handle live work?", "Live work is not done alone.", -1),
        # Naming lone working without ruling it out takes no side.
        ("Should two technicians do live work?", "Fatigue makes lone working worse.", 0),
    ],
)
def test_a_rule_against_working_alone_weighs_on_how_many_do_the_job(
    proposal: str, statement: str, sign: int
) -> None:
    assert statement_sign(proposal, statement) == sign


def test_the_safety_expert_backs_two_technicians_for_live_electrical_work(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should every live electrical job have two technicians?"
    leaning = initial_leaning(knowledge_of(experts["safety_expert"]), query)
    assert leaning.position.stance is Stance.SUPPORT
    assert "never done alone" in leaning.position.summary
    assert "[safety_expert/1#5]" in leaning.position.summary
