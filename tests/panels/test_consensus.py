"""Consensus math against hand-computed values, and the stop rule."""

import pytest

from agentstream.deliberation.turns import Position, Stance
from agentstream.panels.consensus import (
    ConsensusResult,
    StopSettings,
    decide,
    measure,
    signed,
)

SUP, OPP, NEU = Stance.SUPPORT, Stance.OPPOSE, Stance.NEUTRAL


def p(stance: Stance, confidence: float) -> Position:
    return Position(stance, confidence)


def result(level: float, stability: float | None = None) -> ConsensusResult:
    """A round result with only what the stop rule reads filled in meaningfully."""
    return ConsensusResult(
        level=level,
        majority_stance=SUP,
        weighted_agreement=level,
        agreement=level,
        kappa=0.0,
        stability=stability,
        distribution={SUP: 1, OPP: 0, NEU: 0},
        mean_confidence=0.5,
        participants=1,
    )


RULE = StopSettings(max_rounds=5)


# Measures


def test_signed_confidence_is_positive_for_support_negative_for_oppose_zero_for_neutral() -> None:
    assert [signed(p(SUP, 0.7)), signed(p(OPP, 0.7)), signed(p(NEU, 0.7))] == [0.7, -0.7, 0.0]


def test_unanimous_panel_has_full_agreement_and_kappa_one() -> None:
    r = measure([p(SUP, 0.9), p(SUP, 0.5), p(SUP, 0.7)])
    assert (r.level, r.weighted_agreement, r.agreement, r.kappa) == (1.0, 1.0, 1.0, 1.0)
    assert r.majority_stance is SUP
    assert r.distribution == {SUP: 3, OPP: 0, NEU: 0}
    assert r.mean_confidence == pytest.approx(0.7)


def test_three_experts_two_agree_hand_computed() -> None:
    # weights: support 0.9 + 0.6 = 1.5, oppose 0.3; total 1.8 -> level 1.5 / 1.8.
    # agreeing pairs: 2*1 / (3*2) = 1/3 = chance 1/3 -> kappa 0.
    r = measure([p(SUP, 0.9), p(SUP, 0.6), p(OPP, 0.3)])
    assert r.level == pytest.approx(5 / 6)
    assert r.weighted_agreement == r.level
    assert r.agreement == pytest.approx(2 / 3)
    assert r.kappa == pytest.approx(0.0)
    assert r.mean_confidence == pytest.approx(0.6)
    assert r.distribution == {SUP: 2, OPP: 1, NEU: 0}
    assert r.participants == 3


def test_four_experts_three_agree_hand_computed() -> None:
    # support 0.8 + 0.8 + 0.4 = 2.0 of 2.5 -> 0.8; pairs 3*2 / (4*3) = 0.5;
    # kappa (0.5 - 1/3) / (2/3) = 0.25.
    r = measure([p(SUP, 0.8), p(SUP, 0.8), p(SUP, 0.4), p(NEU, 0.5)])
    assert r.level == pytest.approx(0.8)
    assert r.agreement == pytest.approx(0.75)
    assert r.kappa == pytest.approx(0.25)
    assert r.mean_confidence == pytest.approx(0.625)


def test_majority_is_the_stance_holding_most_confidence() -> None:
    # Two lukewarm supporters (0.4 in all) against one confident opponent (0.9).
    r = measure([p(SUP, 0.2), p(SUP, 0.2), p(OPP, 0.9)])
    assert r.majority_stance is OPP
    assert r.level == pytest.approx(0.9 / 1.3)
    assert r.agreement == pytest.approx(1 / 3)


def test_three_different_stances_give_minimum_kappa() -> None:
    # No agreeing pair: (0 - 1/3) / (2/3) = -0.5; a three-way tie names support.
    r = measure([p(SUP, 0.5), p(OPP, 0.5), p(NEU, 0.5)])
    assert r.kappa == pytest.approx(-0.5)
    assert r.level == pytest.approx(1 / 3)
    assert r.majority_stance is SUP


def test_two_experts_disagreeing_have_half_level_and_minimum_kappa() -> None:
    r = measure([p(OPP, 0.6), p(SUP, 0.6)])
    assert (r.level, r.majority_stance) == (0.5, SUP)
    assert r.kappa == pytest.approx(-0.5)


def test_single_expert_has_full_level_and_kappa_one() -> None:
    r = measure([p(OPP, 0.4)])
    assert (r.level, r.kappa, r.agreement, r.majority_stance) == (1.0, 1.0, 1.0, OPP)
    assert r.stability is None


def test_zero_confidence_everywhere_falls_back_to_head_count() -> None:
    r = measure([p(SUP, 0.0), p(SUP, 0.0), p(OPP, 0.0)])
    assert r.majority_stance is SUP
    assert r.level == pytest.approx(2 / 3)
    assert r.mean_confidence == 0.0


def test_stability_is_none_in_the_first_round() -> None:
    assert measure([p(SUP, 0.5), p(SUP, 0.5)]).stability is None


def test_stability_hand_computed() -> None:
    # signed: before (0.8, -0.6), now (0.9, 0.2); changes 0.1 and 0.8 -> 1 - 0.45.
    r = measure([p(SUP, 0.9), p(SUP, 0.2)], [p(SUP, 0.8), p(OPP, 0.6)])
    assert r.stability == pytest.approx(0.55)


def test_unchanged_positions_are_fully_stable() -> None:
    positions = [p(SUP, 0.7), p(OPP, 0.3)]
    assert measure(positions, positions).stability == 1.0


def test_stability_floors_at_zero_when_everyone_flips() -> None:
    # Both change by 2.0: 1 - 2 would be -1, reported as 0.
    assert measure([p(OPP, 1.0), p(OPP, 1.0)], [p(SUP, 1.0), p(SUP, 1.0)]).stability == 0.0


def test_neutral_confidence_changes_do_not_move_stability() -> None:
    assert measure([p(NEU, 0.1)], [p(NEU, 0.9)]).stability == 1.0


def test_stability_skips_experts_without_a_previous_position() -> None:
    assert measure([p(SUP, 0.6), p(OPP, 0.9)], [p(SUP, 0.5), None]).stability == pytest.approx(0.9)


def test_measure_rejects_an_empty_round() -> None:
    with pytest.raises(ValueError, match="at least one position"):
        measure([])


def test_measure_rejects_previous_positions_that_do_not_align() -> None:
    with pytest.raises(ValueError, match="align"):
        measure([p(SUP, 0.5), p(SUP, 0.5)], [p(SUP, 0.5)])


# Stop rule


def test_consensus_is_reached_at_exactly_the_threshold() -> None:
    # 0.75 of the confidence on support.
    r = measure([p(SUP, 0.5), p(SUP, 0.25), p(OPP, 0.25)])
    assert r.level == 0.75
    assert r.decision == "consensus"


def test_level_below_threshold_continues() -> None:
    assert decide([result(0.74)], RULE) == "continue"


def test_threshold_is_configurable() -> None:
    strict = StopSettings(consensus_threshold=0.9)
    assert decide([result(0.8)], strict) == "continue"
    assert decide([result(0.9)], strict) == "consensus"


def test_positions_stable_for_two_rounds_end_without_consensus() -> None:
    history = [result(0.6), result(0.6, 0.97), result(0.6, 0.96)]
    assert decide(history, RULE) == "no_consensus"


def test_one_stable_round_is_not_enough_to_stop() -> None:
    assert decide([result(0.6), result(0.6, 1.0)], RULE) == "continue"


def test_stability_at_exactly_the_tolerance_counts_as_stable() -> None:
    history = [result(0.6), result(0.6, 0.95), result(0.6, 0.95)]
    assert decide(history, RULE) == "no_consensus"


def test_stability_just_outside_the_tolerance_keeps_going() -> None:
    history = [result(0.6), result(0.6, 0.95), result(0.6, 0.94)]
    assert decide(history, RULE) == "continue"


def test_an_unstable_round_resets_the_stability_count() -> None:
    history = [result(0.6), result(0.6, 1.0), result(0.6, 0.5), result(0.6, 1.0)]
    assert decide(history, RULE) == "continue"


def test_stability_rounds_is_configurable() -> None:
    one = StopSettings(max_rounds=5, stability_rounds=1)
    assert decide([result(0.6), result(0.6, 1.0)], one) == "no_consensus"


def test_max_rounds_stops_an_unsettled_panel() -> None:
    history = [result(0.6), result(0.5, 0.7), result(0.6, 0.8)]
    assert decide(history, StopSettings()) == "max_rounds"


def test_consensus_in_the_last_round_beats_max_rounds() -> None:
    history = [result(0.6), result(0.5, 0.7), result(0.8, 0.8)]
    assert decide(history, StopSettings()) == "consensus"


def test_stable_last_rounds_report_no_consensus_rather_than_max_rounds() -> None:
    history = [result(0.6), result(0.6, 1.0), result(0.6, 1.0)]
    assert decide(history, StopSettings()) == "no_consensus"


def test_min_rounds_defers_every_stop() -> None:
    assert decide([result(1.0)], StopSettings(max_rounds=1), min_rounds=2) == "continue"
    # A council short of its quorum still holds its ranking round, two voters of five.
    out = Position.abstention("outside my documents")
    short = measure([p(SUP, 0.9), p(OPP, 0.5), out, out, out], agent_ids=_ids(5), min_rounds=2)
    assert (short.has_quorum, short.decision) == (False, "continue")
    assert decide([short, short], StopSettings(), min_rounds=2) == "no_quorum"
    # With one voter left there is nobody to rank, question or challenge: it stops.
    alone = measure([p(SUP, 0.9), out, out], agent_ids=_ids(3), min_rounds=2)
    assert alone.decision == "no_quorum"


def test_max_rounds_can_be_overridden_by_the_strategy() -> None:
    history = [result(0.6), result(0.6, 0.5)]
    assert decide(history, RULE, max_rounds=2) == "max_rounds"


def test_decide_needs_at_least_one_round() -> None:
    with pytest.raises(ValueError, match="at least one round"):
        decide([], RULE)


def test_measure_decides_with_the_earlier_rounds() -> None:
    history = [result(0.6), result(0.6, 1.0)]
    r = measure([p(SUP, 0.6), p(OPP, 0.4)], [p(SUP, 0.6), p(OPP, 0.4)], history=history, rule=RULE)
    assert (r.stability, r.decision) == (1.0, "no_consensus")


# Serialization


def test_to_dict_carries_every_value_for_the_consensus_update_event() -> None:
    r = measure(
        [p(SUP, 0.9), p(SUP, 0.6), p(OPP, 0.3)],
        [p(SUP, 0.9), p(SUP, 0.6), p(OPP, 0.3)],
        agent_ids=["a", "b", "c"],
        names=["Ann", "Bob", "Cy"],
    )
    data = r.to_dict()
    assert data == {
        "level": r.level,
        "majority_stance": "support",
        "weighted_agreement": r.level,
        "agreement": r.agreement,
        "kappa": r.kappa,
        "stability": 1.0,
        "distribution": {"support": 2, "oppose": 1, "neutral": 0},
        "mean_confidence": r.mean_confidence,
        "confidence": r.mean_confidence,
        "participants": 3,
        "majority": "support",
        "votes": {"support": 2, "oppose": 1, "neutral": 0},
        "options": [],
        "members": 3,
        "quorum": {"required": 2, "voters": 3, "met": True},
        "abstentions": [],
        "dissent": [
            {"agent_id": "c", "name": "Cy", "choice": "oppose", "confidence": 0.3, "summary": ""}
        ],
        "baseline": None,
        "decision": "consensus",
    }


def test_from_dict_restores_a_stored_result() -> None:
    r = measure([p(SUP, 0.9), p(NEU, 0.2)])
    assert ConsensusResult.from_dict(r.to_dict()) == r


def test_from_dict_rejects_an_unknown_decision() -> None:
    data = measure([p(SUP, 0.9)]).to_dict() | {"decision": "maybe"}
    with pytest.raises(ValueError, match="decision"):
        ConsensusResult.from_dict(data)


# Voters, quorum, options, dissent and the baseline


def _ids(n: int) -> list[str]:
    return [f"e{i}" for i in range(1, n + 1)]


def test_abstentions_are_not_votes_and_level_is_over_the_voters() -> None:
    # e1 support 0.8, e2 support 0.4, e3 oppose 0.6, e4 abstains.
    # Voters 3 of 4 (quorum 3): level = 1.2 / 1.8 = 2/3; agreement 2/3.
    abstention = Position.abstention("outside my documents")
    r = measure([p(SUP, 0.8), p(SUP, 0.4), p(OPP, 0.6), abstention], agent_ids=_ids(4))
    assert r.level == pytest.approx(2 / 3)
    assert r.agreement == pytest.approx(2 / 3)
    assert (r.participants, r.members, r.quorum, r.has_quorum) == (3, 4, 3, True)
    assert r.votes == {"support": 2, "oppose": 1, "neutral": 0}
    assert r.mean_confidence == pytest.approx(0.6)
    assert [(a.agent_id, a.reason) for a in r.abstentions] == [("e4", "outside my documents")]
    assert [(d.agent_id, d.choice, d.confidence) for d in r.dissent] == [("e3", "oppose", 0.6)]


def test_every_expert_neutral_is_a_neutral_consensus_not_support() -> None:
    r = measure([p(NEU, 0.5), p(NEU, 0.5)], agent_ids=_ids(2))
    assert (r.majority, r.level, r.decision) == ("neutral", 1.0, "consensus")


def test_without_a_majority_of_members_voting_the_decision_is_no_quorum() -> None:
    # 4 members, quorum 3; two vote (unanimously), two abstain: no_quorum, not a consensus.
    out = Position.abstention("outside my documents")
    r = measure([p(SUP, 0.9), p(SUP, 0.7), out, out], agent_ids=_ids(4))
    assert (r.participants, r.quorum, r.decision) == (2, 3, "no_quorum")


def test_a_quorate_vote_is_not_decided_while_a_position_is_unread() -> None:
    # 3 members, quorum 2: two agree, the third's position could not be read. It is asked
    # again before the panel declares anything; at the last round the vote stands.
    positions = [p(SUP, 0.9), p(SUP, 0.7), Position.unread()]
    r = measure(positions, agent_ids=_ids(3), max_rounds=3)
    assert (r.has_quorum, r.level, r.decision) == (True, 1.0, "continue")
    last = measure(positions, agent_ids=_ids(3), history=[r, r], max_rounds=3)
    assert last.decision == "consensus"


def test_experts_whose_position_was_unread_are_awaited_until_the_last_round() -> None:
    # 4 members, quorum 3; two vote, one abstains, one's position could not be read. Asked
    # again, the unread one could make the quorum: the panel goes on, until its last round.
    out = Position.abstention("outside my documents")
    positions = [p(SUP, 0.9), p(SUP, 0.7), out, Position.unread()]
    r = measure(positions, agent_ids=_ids(4), max_rounds=3)
    assert (r.participants, r.quorum, r.decision) == (2, 3, "continue")
    last = measure(positions, agent_ids=_ids(4), history=[r, r], max_rounds=3)
    assert last.decision == "no_quorum"
    # Two standing abstentions leave the quorum out of reach whoever is asked again.
    r = measure([p(SUP, 0.9), out, out, Position.unread()], agent_ids=_ids(4), max_rounds=3)
    assert r.decision == "no_quorum"


def test_without_the_quorum_no_level_or_majority_is_reported() -> None:
    # Two unanimous voters of four would read as level 1.0 and kappa 1.0: no quorum, no
    # consensus figure and no majority; the votes still say who voted what.
    out = Position.abstention("outside my documents")
    r = measure([p(SUP, 0.9), p(OPP, 0.7), out, out, out], agent_ids=_ids(5))
    assert (r.level, r.weighted_agreement, r.agreement, r.kappa) == (0.0, 0.0, 0.0, 0.0)
    assert (r.majority, r.dissent) == (None, ())
    assert r.votes == {"support": 1, "oppose": 1, "neutral": 0}
    assert [a.agent_id for a in r.abstentions] == ["e3", "e4", "e5"]
    assert r.to_dict()["quorum"] == {"required": 3, "voters": 2, "met": False}


def test_nobody_voting_has_no_majority_and_level_zero() -> None:
    out = Position.abstention("outside my documents")
    r = measure([out, out], agent_ids=_ids(2))
    assert (r.majority, r.level, r.participants, r.decision) == (None, 0.0, 0, "no_quorum")


def test_quorum_counts_members_without_any_position_too() -> None:
    # 3 members may vote, one of them said nothing: 2 voters meet the quorum of 2.
    r = measure([p(SUP, 0.6), p(OPP, 0.6)], agent_ids=_ids(2), members=3)
    assert (r.members, r.quorum, r.has_quorum) == (3, 2, True)


def test_votes_are_counted_per_option_when_the_panel_has_options() -> None:
    # De Novo 0.8 + 0.6 = 1.4, 510(k) 0.9, no option (neutral) 0.3; total 2.6.
    options = ("De Novo", "510(k)")
    positions = [
        Position(SUP, 0.8, "new device type", "De Novo"),
        Position(SUP, 0.6, "no predicate", "De Novo"),
        Position(SUP, 0.9, "predicate exists", "510(k)"),
        Position(NEU, 0.3, "unsure"),
    ]
    r = measure(positions, agent_ids=_ids(4), options=options)
    assert r.votes == {"De Novo": 2, "510(k)": 1, "neutral": 1}
    assert r.majority == "De Novo"
    assert r.level == pytest.approx(1.4 / 2.6)
    # Pairs agreeing: De Novo 2*1 = 2 of 4*3 = 12 -> 1/6; chance 1/3 -> kappa -0.25.
    assert r.kappa == pytest.approx((1 / 6 - 1 / 3) / (2 / 3))
    assert [(d.agent_id, d.choice) for d in r.dissent] == [("e3", "510(k)"), ("e4", "neutral")]
    assert r.to_dict()["options"] == ["De Novo", "510(k)"]


def test_stability_with_options_counts_a_switch_as_both_confidences() -> None:
    options = ("A", "B")
    before = [Position(SUP, 0.8, "", "A"), Position(SUP, 0.5, "", "B")]
    now = [Position(SUP, 0.6, "", "A"), Position(SUP, 0.5, "", "A")]
    # Changes: |0.6 - 0.8| = 0.2 and 0.5 + 0.5 = 1.0; mean 0.6 -> stability 0.4.
    r = measure(now, before, agent_ids=_ids(2), options=options)
    assert r.stability == pytest.approx(0.4)


def test_the_first_rounds_vote_is_reported_as_the_baseline() -> None:
    first = measure([p(SUP, 0.6), p(OPP, 0.9), p(OPP, 0.3)], agent_ids=_ids(3))
    final = measure(
        [p(SUP, 0.7), p(SUP, 0.6), p(OPP, 0.3)],
        agent_ids=_ids(3),
        history=[first],
        baseline=first.vote_summary(),
    )
    assert first.majority == "oppose" and final.majority == "support"
    assert final.baseline is not None
    assert final.baseline.to_dict() == {
        "majority": "oppose",
        "votes": {"support": 1, "oppose": 2, "neutral": 0},
        "level": pytest.approx(1.2 / 1.8),
        "voters": 3,
        "has_quorum": True,
    }
    assert ConsensusResult.from_dict(final.to_dict()) == final


def test_an_even_split_is_no_majority_and_both_sides_dissent() -> None:
    # 2 to 2: more confidence on oppose (1.6 of 2.6) does not make it a majority.
    r = measure(
        [p(SUP, 0.5), p(SUP, 0.5), p(OPP, 0.8), p(OPP, 0.8)],
        agent_ids=["a", "b", "c", "d"],
    )
    assert r.majority is None
    assert (r.level, r.agreement) == (0.5, 0.5)
    assert [d.agent_id for d in r.dissent] == ["a", "b", "c", "d"]
    assert r.decision == "continue"
    assert r.vote_summary().majority is None


def test_dissent_and_abstentions_name_the_experts() -> None:
    r = measure(
        [p(SUP, 0.9), p(SUP, 0.6), p(OPP, 0.3), Position.abstention("outside my documents")],
        agent_ids=["a", "b", "c", "d"],
        names=["Ann", "Bob", "Cy", "Di"],
    )
    assert [(d.agent_id, d.name) for d in r.dissent] == [("c", "Cy")]
    assert [(a.agent_id, a.name) for a in r.abstentions] == [("d", "Di")]


def test_a_result_stored_without_names_shows_the_ids() -> None:
    stored = measure([p(SUP, 0.9), p(SUP, 0.6), p(OPP, 0.3)], agent_ids=["a", "b", "c"]).to_dict()
    for dissent in stored["dissent"]:  # type: ignore[attr-defined]
        del dissent["name"]
    rebuilt = ConsensusResult.from_dict(stored)
    assert [d.name for d in rebuilt.dissent] == ["c"]


def test_with_no_voters_there_is_no_majority_stance() -> None:
    out = Position.abstention("outside my field")
    r = measure([out, out, out])
    assert (r.majority, r.majority_stance, r.participants) == (None, None, 0)
    assert r.to_dict()["majority_stance"] is None
    assert ConsensusResult.from_dict(r.to_dict()).majority_stance is None


def test_majority_stance_is_reported_once_someone_votes() -> None:
    # One oppose 0.6 voter and two abstentions: quorum 2 of 3 not met, stance view oppose.
    out = Position.abstention("outside my field")
    r = measure([out, p(OPP, 0.6), out])
    assert (r.decision, r.majority, r.majority_stance) == ("no_quorum", None, OPP)
