"""Specification of an expert's answer to a devil's advocate's probe of the figures or advice
it gave: each statement it quoted is told for what it is (a limit, a typical figure, a rule for
a case, a view), and an adversarial panel on figures answers the probe in its next round
(cold try c18-r24, #4: the challenge "whether they are figures for our case or only for the
typical one" was never answered, and the voters said the devil's advocate, who gave none,
gave "figures of their own")."""

import httpx
import pytest
from bench.panel_quality import Question, run_panel

from agentstream.experts.answered import ADVICE, FIGURES
from agentstream.experts.probes import Nature, answer_to_probe, nature

TYPICAL = (
    "fda_expert/1#2",
    "Including the time on hold for additional information, a typical 510(k) is cleared 4 to 6 "
    "months after submission.",
)
CAP = (
    "safety_expert/1#2",
    "No shift longer than 10 hours, and no more than 12 overtime hours a week.",
)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (TYPICAL[1], Nature.TYPICAL),
        (CAP[1], Nature.LIMIT),
        ("FDA asks for clinical data when the new device has a new indication.", Nature.CASE),
        ("I support targeted overtime for urgent premium work.", Nature.VIEW),
        ("FDA aims to review a Special 510(k) within 30 days.", Nature.STATED),
    ],
)
def test_a_quoted_statement_is_told_for_what_it_is(statement: str, expected: Nature) -> None:
    assert nature(statement) is expected


def test_typical_figures_are_not_ours_and_a_limit_does_not_move() -> None:
    ours = answer_to_probe(FIGURES.probes[0], [TYPICAL], FIGURES.probes)
    assert "[fda_expert/1#2] is given as the typical case" in ours
    assert "not one measured for ours" in ours
    size = answer_to_probe(FIGURES.probes[1], [TYPICAL, CAP], FIGURES.probes)
    assert size.startswith("[fda_expert/1#2] would change with our case")
    assert "[safety_expert/1#2] would not, a limit stays" in size


def test_advice_with_no_cost_says_the_cost_stays_open() -> None:
    answer = answer_to_probe(ADVICE.probes[2], [CAP], ADVICE.probes)
    assert answer.startswith("my documents state no cost of following it")
    assert answer_to_probe("something else entirely?", [CAP], ADVICE.probes) == ""


async def test_an_adversarial_panel_on_figures_answers_the_probe(
    client: httpx.AsyncClient,
) -> None:
    query = (
        "How long does a 510(k) usually take to get cleared, and how much should we budget for "
        "a clinical study to support it?"
    )
    experts = ["fda_expert", "clinical_expert", "reimbursement_expert"]
    panel = await run_panel(client, Question(query, "adversarial", experts, "mixed"))
    second = next(r for r in panel["rounds"] if r["number"] == 2)
    voters = [m for m in second["messages"] if m["agent_id"] != "reimbursement_expert"]
    assert voters
    for message in voters:
        content = message["content"]
        assert "To the devil's advocate, who asks whether they are figures for our case" in content
        # the devil's advocate's documents state none: it is not said to give figures
        assert "Devil's advocate" not in content.split("To the devil's advocate")[1]
