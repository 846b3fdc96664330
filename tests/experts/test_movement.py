"""Specification of how experts' positions move over rounds: the social-influence rule and
whole panels of built-in experts that converge, or do not."""

import pytest

from agentstream.deliberation.turns import Position, Stance
from agentstream.experts.offline import _movement
from agentstream.experts.stance import Move, Voice, revise
from tests.experts.simulation import Simulate, positions

SUP, OPP, NEU = Stance.SUPPORT, Stance.OPPOSE, Stance.NEUTRAL
FIELD_PANEL = ["operations_expert", "customer_expert", "finance_expert", "safety_expert"]
SKIP_CLINICAL = "Should we skip clinical data for our 510(k) to save time?"
TARGETED_OVERTIME = (
    "Should we approve targeted overtime to clear the backlog of urgent work orders for "
    "premium customers?"
)
WEEKEND_OVERTIME = (
    "Should we schedule mandatory weekend overtime for all technicians to clear the backlog?"
)


def _voices(*positions: tuple[Stance, float]) -> list[Voice]:
    return [Voice(f"E{n}", Position(s, c, f"reason {n}.")) for n, (s, c) in enumerate(positions)]


def test_agreement_raises_confidence_up_to_the_cap() -> None:
    assert revise(Position(SUP, 0.6), _voices((SUP, 0.5))).after == Position(SUP, 0.65)
    assert revise(Position(SUP, 0.93), _voices((SUP, 0.9))).after == Position(SUP, 0.95)


def test_neutral_colleagues_make_a_neutral_voter_no_surer() -> None:
    # Agreeing that the documents do not settle it is no evidence either way.
    revision = revise(Position(NEU, 0.5), _voices((NEU, 0.5), (NEU, 0.6)))
    assert (revision.move, revision.after) == (Move.HOLD, Position(NEU, 0.5))


def test_expert_holds_against_a_majority_lighter_than_its_resistance() -> None:
    revision = revise(Position(SUP, 0.8), _voices((OPP, 0.9), (OPP, 0.7)))  # 1.6 <= 2 x 0.8
    assert (revision.move, revision.after) == (Move.HOLD, Position(SUP, 0.8))
    assert revision.voice is not None and revision.voice.label == "E0"


def test_allies_add_to_resistance() -> None:
    alone = revise(Position(SUP, 0.6), _voices((OPP, 0.7), (OPP, 0.7)))
    backed = revise(Position(SUP, 0.6), _voices((OPP, 0.7), (OPP, 0.7), (SUP, 0.2)))
    assert alone.move is Move.YIELD and alone.after == Position(SUP, 0.45)
    assert backed.move is Move.HOLD


def test_outweighed_expert_switches_below_the_threshold() -> None:
    revision = revise(Position(NEU, 0.5), _voices((SUP, 0.8), (SUP, 0.6)))  # 0.375 < 0.45
    assert revision.move is Move.SWITCH
    # (0.38 + 0.7) / 2, in the expert's own words, not the other's summary; a voter's
    # documents cover the question, so they speak to it: they do not "take no side".
    assert revision.after == Position(
        SUP,
        0.54,
        "E0's case decides it for me, as my own documents speak to it without settling it.",
    )


def test_an_abstention_stays_an_abstention_under_pressure() -> None:
    abstention = Position.abstention("my documents do not cover this question")
    revision = revise(abstention, _voices((SUP, 0.9), (SUP, 0.9)))
    assert revision.after == abstention


def test_even_split_and_silence_leave_the_position_unchanged() -> None:
    assert revise(Position(NEU, 0.7), _voices((SUP, 0.6), (OPP, 0.6))).move is Move.SPLIT
    assert revise(Position(SUP, 0.7), []).move is Move.ALONE


def test_others_split_evenly_with_one_side_its_own_is_a_majority_with_it() -> None:
    # Two others, one on each side: the expert's own vote makes its side the majority.
    revision = revise(Position(SUP, 0.7), _voices((SUP, 0.6), (OPP, 0.6)))
    assert revision.move is Move.AGREE
    assert revision.after == Position(SUP, 0.75)


@pytest.mark.parametrize(
    ("agent_ids", "query", "late_joiner"),
    [(FIELD_PANEL, TARGETED_OVERTIME, "safety_expert")],
)
def test_similar_leanings_converge_within_three_rounds(
    panel: Simulate, agent_ids: list[str], query: str, late_joiner: str
) -> None:
    rounds = panel(agent_ids, query)
    first, last = positions(rounds[0]), positions(rounds[-1])
    assert first[late_joiner].stance is NEU
    assert {p.stance for p in first.values()} == {SUP, NEU}
    assert {p.stance for p in last.values()} == {SUP}
    others = [agent_id for agent_id in agent_ids if agent_id != late_joiner]
    assert all(last[a].confidence > first[a].confidence for a in others)
    assert "argument moved me" in rounds[1][late_joiner]


@pytest.mark.parametrize(
    ("agent_ids", "query", "camps"),
    [
        (
            ["fda_expert", "clinical_expert"],
            SKIP_CLINICAL,
            {"fda_expert": SUP, "clinical_expert": OPP},
        ),
        (
            FIELD_PANEL,
            WEEKEND_OVERTIME,
            {
                "operations_expert": SUP,
                "customer_expert": SUP,
                "finance_expert": OPP,
                "safety_expert": OPP,
            },
        ),
    ],
)
def test_confident_opposite_leanings_do_not_converge(
    panel: Simulate, agent_ids: list[str], query: str, camps: dict[str, Stance]
) -> None:
    rounds = panel(agent_ids, query)
    for turns in rounds:
        found = positions(turns)
        assert {a: p.stance for a, p in found.items()} == camps
        assert all(p.confidence >= 0.75 for p in found.values())
    assert "hold my position" in rounds[1][agent_ids[0]]
    # Round 3 says it holds without quoting the same argument again.
    assert "still holds the other view" in rounds[2][agent_ids[0]]


def test_holding_expert_names_the_argument_it_resists(panel: Simulate) -> None:
    rounds = panel(["fda_expert", "clinical_expert"], SKIP_CLINICAL, rounds=2)
    text = rounds[1]["fda_expert"]
    assert 'Clinical Evidence Expert argues otherwise: "Skipping clinical data is a bet' in text


def test_own_history_makes_pressure_cumulative(panel: Simulate) -> None:
    agent_ids = ["fda_expert", "clinical_expert", "reimbursement_expert"]
    forgetful = [positions(turns)["fda_expert"] for turns in panel(agent_ids, SKIP_CLINICAL)]
    remembering = [
        positions(turns)["fda_expert"]
        for turns in panel(agent_ids, SKIP_CLINICAL, include_own=True)
    ]
    assert [p.stance for p in forgetful] == [SUP, SUP, SUP]
    assert [p.confidence for p in forgetful] == [0.75, 0.56, 0.56]
    assert [p.stance for p in remembering] == [SUP, SUP, OPP]
    assert [p.confidence for p in remembering][:2] == [0.75, 0.56]


def test_an_expert_outside_its_documents_abstains_every_round(panel: Simulate) -> None:
    agent_ids = ["fda_expert", "clinical_expert", "quality_expert", "reimbursement_expert"]
    for turns in panel(agent_ids, "FDA 510(k) strategy?"):
        found = positions(turns)
        assert found["reimbursement_expert"].abstain
        assert not any(found[a].abstain for a in agent_ids[:3])


def test_converted_expert_keeps_arguing_its_new_stance(panel: Simulate) -> None:
    agent_ids = ["fda_expert", "clinical_expert", "reimbursement_expert"]
    rounds = panel(agent_ids, SKIP_CLINICAL, rounds=4, include_own=True)
    converted = positions(rounds[3])["fda_expert"]
    assert converted.stance is OPP
    assert not converted.summary.startswith("Most 510(k)s are cleared")
    assert "Clinical Evidence Expert" in rounds[2]["fda_expert"]


def test_agreement_at_the_ceiling_is_not_called_a_raise() -> None:
    capped = revise(Position(SUP, 0.95), _voices((SUP, 0.9)))
    raised = revise(Position(SUP, 0.6), _voices((SUP, 0.5)))
    assert _movement(capped) == "E0 reaches the same view, which confirms my position at 0.95."
    assert _movement(raised) == (
        "E0 reaches the same view, so I raise my confidence from 0.60 to 0.65."
    )


def test_colleagues_who_take_no_side_move_no_one() -> None:
    # Three neutral colleagues outweigh one supporter, but make no argument against it.
    revision = revise(Position(SUP, 0.6), _voices((NEU, 0.6), (NEU, 0.6), (NEU, 0.6)))
    assert revision.move is Move.HOLD
    assert revision.after == Position(SUP, 0.6)


def test_a_switch_from_no_side_turns_no_evidence_into_conditions() -> None:
    # Evidence that took no side settled nothing to meet (cold try c18-r7: "my own evidence
    # above becomes conditions to meet" after a neutral vote on a passage beside the question).
    from_neutral = revise(Position(NEU, 0.5), _voices((SUP, 0.8), (SUP, 0.6)))
    from_side = revise(Position(OPP, 0.5), _voices((SUP, 0.9), (SUP, 0.9), (SUP, 0.9)))
    assert from_side.move is Move.SWITCH
    assert _movement(from_neutral).endswith(
        "I support it with confidence 0.54, as my own evidence above does not settle the question."
    )
    assert _movement(from_side).endswith("and my own evidence above becomes conditions to meet.")


def test_agreement_by_name_answers_the_allys_point_from_own_documents(panel: Simulate) -> None:
    # Cold try: "Customer Success Expert and Finance Expert reach the same view" said nothing of
    # what they said, nor why the expert agrees.
    agent_ids = ["operations_expert", "customer_expert", "finance_expert"]
    first, second, _ = panel(agent_ids, TARGETED_OVERTIME)
    ally = positions(first)["customer_expert"].summary.rstrip(".")
    movement = second["operations_expert"].split("\n\n")[1]
    assert f'On Customer Success Expert\'s point: "{ally}"' in movement
    assert "my own documents agree: " in movement
    assert "[operations_expert/" in movement


def test_a_later_hold_answers_the_opponents_new_point(panel: Simulate) -> None:
    # Round 3 takes up what the opponent brought in round 2, not "nothing new in it"; a
    # point its documents have nothing on ("technicians who are already tired cannot opt
    # out") is said to be unanswered, not met with a statement beside it (c18-r10: "Saturday
    # shifts are the easiest overtime to schedule").
    agent_ids = ["operations_expert", "safety_expert"]
    rounds = panel(agent_ids, WEEKEND_OVERTIME)
    brought = rounds[1]["safety_expert"].split("\n\n")[0].split(". ", 1)[1].split(" [")[0]
    text = rounds[2]["operations_expert"]
    assert f'Safety Expert still holds the other view, adding: "{brought.rstrip(".")}"' in text
    # The rest period and days in a row: nothing in the operations documents answers them.
    assert "My documents do not answer that point" in text
    assert "[operations_expert/" not in text.split("adding:")[1]


def test_every_colleague_taking_no_side_is_named() -> None:
    # cold try c18-r24, #1: "Anonymous expert 1 takes no side" when two took none
    revision = revise(Position(SUP, 0.8), _voices((NEU, 0.5), (NEU, 0.5)))
    assert revision.move is Move.HOLD
    assert _movement(revision) == (
        "E0 and E1 take no side, which leaves my evidence unanswered, so I keep my position "
        "at 0.80."
    )


def test_a_tie_among_the_others_is_not_called_a_split_of_sides() -> None:
    # cold try c18-r26, #4: "The other experts are evenly split" when one took no side and the
    # devil's advocate argued the other
    revision = revise(Position(SUP, 0.7), _voices((NEU, 0.5), (OPP, 0.5)))
    assert revision.move is Move.SPLIT
    assert _movement(revision) == "No side leads among the others, so I keep my position at 0.70."
