"""The goals of `bench/panel_quality.py`, enforced on a subset of its panels: offline experts
cite their own relevant passages, vote where their documents cover the question and abstain
where they do not, never repeat a turn, say in their text what their position says, and take
the side their documents justify for the question as asked, never the opposite one."""

import httpx
from bench.panel_quality import QUESTIONS, Tally, evaluate, run_panel

from agentstream.demo.experts import load_builtin_experts

# One panel of each strategy: covered questions, one with options, one outside every document;
# and cold try c18-r2's "is it a bad idea to", "instead of" and a case that decides the option.
SUBSET = [QUESTIONS[i] for i in (0, 1, 3, 4, 15, 17, 27, 28, 36)]


async def test_offline_panels_meet_the_quality_goals(client: httpx.AsyncClient) -> None:
    experts = load_builtin_experts()
    assert {q.panel_type for q in SUBSET} == {
        "structured",
        "open",
        "socratic",
        "council",
        "adversarial",
    }
    assert {q.kind for q in SUBSET} == {"covered", "options", "outside", "mixed"}
    total = Tally()
    for question in SUBSET:
        total.add(evaluate(question, await run_panel(client, question), experts))
    assert total.citing_turns > 0 and total.cited == total.citing_turns, total.uncited
    assert total.voter_turns > 0 and total.votes >= 0.9 * total.voter_turns
    assert total.outside_turns > 0 and total.abstentions == total.outside_turns
    assert total.repeats == []
    assert total.agreeing == total.declared_turns, total.disagreements
    assert total.expected_turns > 0 and total.as_expected == total.expected_turns, total.unexpected
    assert total.inverted == []
