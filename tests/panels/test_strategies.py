"""Strategies: the turns of every round and wave, who sees what, anonymity, Borda ranking."""

import itertools
from dataclasses import replace

import pytest

from agentstream.deliberation.turns import (
    AUTHORS_LABEL,
    Contribution,
    Position,
    Stance,
    TurnKind,
    TurnRequest,
    TurnResult,
)
from agentstream.panels.domain import Panel, PanelType
from agentstream.panels.strategies import Strategy, registry, spec, strategy_for
from agentstream.panels.strategies.ranking import (
    RANKING_LABEL,
    aggregate_ranking,
    borda_count,
    ranking_contribution,
    response_labels,
)
from agentstream.panels.strategies.recommendation import with_synthesis
from agentstream.panels.strategies.transcript import unsigned
from agentstream.panels.strategies.views import QUESTION_LABEL, SUMMARY_LABEL
from tests.panels.conftest import (
    EXPERTS,
    NAMES,
    make_panel,
    responder,
    run_round,
    started,
    tag,
    turn,
)

A, B, C, D = (m.agent_id for m in EXPERTS)
SUP, OPP, NEU = Stance.SUPPORT, Stance.OPPOSE, Stance.NEUTRAL
SPLIT = {
    A: Position(SUP, 0.9, "the predicate device matches"),
    B: Position(SUP, 0.5, "the clinical data suffice"),
    C: Position(OPP, 0.7, "a De Novo is safer"),
    D: Position(NEU, 0.4, "the risk class is unclear"),
}


def kinds(waves: list[list[TurnRequest]]) -> list[list[tuple[str, TurnKind]]]:
    return [[(r.agent_id, r.kind) for r in wave] for wave in waves]


def labels(request: TurnRequest) -> list[str]:
    return [c.label for c in request.visible]


def seen_text(request: TurnRequest) -> str:
    return "\n".join(f"{c.label}\n{c.text}" for c in request.visible)


# Every strategy


def test_registry_has_one_strategy_per_panel_type() -> None:
    assert set(registry) == set(PanelType)
    for panel_type, strategy in registry.items():
        assert strategy.panel_type is panel_type
        assert strategy.name == panel_type.value
        assert "Round" in strategy.description or "round" in strategy.description


def test_strategy_for_an_unknown_type_lists_the_allowed_ones() -> None:
    assert strategy_for("council") is registry[PanelType.COUNCIL]
    with pytest.raises(ValueError, match="allowed values: structured, open"):
        strategy_for("delphi")


@pytest.mark.parametrize("panel_type", list(PanelType))
def test_experts_of_a_wave_never_see_each_others_answers(panel_type: PanelType) -> None:
    strategy = registry[panel_type]
    panel = started(panel_type, members=4, max_rounds=3)
    respond = responder(SPLIT)
    for round_number in range(1, strategy.max_rounds(panel) + 1):
        for wave in itertools.count():
            planned = strategy.plan_wave(panel, round_number, wave)
            if not planned:
                break
            same_wave = [tag(r) for r in planned]
            for request in planned:
                assert not any(t in seen_text(request) for t in same_wave)
                panel.record(respond(request))
                # The wave's own answers, recorded so far, change nothing in its plan.
                assert strategy.plan_wave(panel, round_number, wave) == planned
        panel.close_round(strategy.measure(panel, round_number))


@pytest.mark.parametrize("panel_type", list(PanelType))
def test_every_turn_of_a_wave_carries_its_round_and_wave(panel_type: PanelType) -> None:
    strategy = registry[panel_type]
    panel = started(panel_type, members=3)
    for round_number in (1, 2):
        waves = run_round(strategy, panel, round_number, responder())
        # A socratic round 1 only gathers the statements the moderator questions later.
        blind = panel_type is PanelType.SOCRATIC and round_number == 1
        assert len(waves) == (1 if blind else strategy.waves_per_round(panel))
        for wave, requests in enumerate(waves):
            assert {(r.round_number, r.wave) for r in requests} == {(round_number, wave)}


@pytest.mark.parametrize("panel_type", list(PanelType))
def test_nothing_is_planned_after_the_last_round(panel_type: PanelType) -> None:
    strategy = registry[panel_type]
    panel = started(panel_type, members=3)
    assert strategy.plan_wave(panel, strategy.max_rounds(panel) + 1, 0) == []


@pytest.mark.parametrize("panel_type", list(PanelType))
def test_plan_round_is_the_first_wave(panel_type: PanelType) -> None:
    strategy = registry[panel_type]
    panel = started(panel_type, members=3)
    assert strategy.plan_round(panel, 1) == strategy.plan_wave(panel, 1, 0)


def test_the_engine_runs_a_strategy_declared_as_data_alone() -> None:
    revise = spec.Step(
        TurnKind.POSITION, spec.Speakers.STILL_VOTING, "Revise.", sees=(spec.View.OTHERS_ANONYMOUS,)
    )
    declared = spec.StrategySpec(
        PanelType.OPEN, "Blind, then anonymous.", spec.BLIND_ROUND, spec.RoundPlan((revise,))
    )
    strategy = Strategy(declared)
    panel = started(PanelType.OPEN, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    requests = strategy.plan_wave(panel, 2, 0)
    assert [r.agent_id for r in requests] == [A, B, C]
    assert labels(requests[0]) == ["Anonymous expert 1", "Anonymous expert 2"]
    # The question is not in the instruction: each prompt states it once.
    assert requests[0].instruction == "Round 2. Revise."
    assert strategy.plan_wave(panel, 2, 1) == []


@pytest.mark.parametrize(
    ("panel_type", "anonymous"),
    [
        (PanelType.STRUCTURED, True),
        (PanelType.COUNCIL, True),
        (PanelType.OPEN, False),
        (PanelType.SOCRATIC, False),
        (PanelType.ADVERSARIAL, False),
    ],
)
def test_each_strategy_declares_others_anonymous_or_by_name_as_its_name_says(
    panel_type: PanelType, anonymous: bool
) -> None:
    declared = registry[panel_type].spec
    steps = [*declared.first_round.steps, *declared.later_rounds.steps]
    if declared.synthesis is not None:
        steps.append(declared.synthesis)
    # The council's chair learns who wrote what once the blind ranking is in (see below).
    own = (spec.View.OWN_PREVIOUS, spec.View.AUTHORS)
    others = {view for step in steps for view in step.sees if view not in own}
    assert others, "every strategy shows some turns what others said"
    assert {view.anonymous for view in others} == {anonymous}


def test_only_the_council_chair_is_told_the_authors_and_only_after_the_ranking() -> None:
    for panel_type, strategy in registry.items():
        declared = strategy.spec
        rounds = [*declared.first_round.steps, *declared.later_rounds.steps]
        assert all(spec.View.AUTHORS not in step.sees for step in rounds)
        synthesis = declared.synthesis
        told = synthesis is not None and spec.View.AUTHORS in synthesis.sees
        assert told is (panel_type is PanelType.COUNCIL)


def test_each_step_says_what_it_collects() -> None:
    council = registry[PanelType.COUNCIL].spec
    assert [step.collects for step in council.later_rounds.steps] == ["ranking"]
    socratic = registry[PanelType.SOCRATIC].spec
    assert [step.collects for step in socratic.later_rounds.steps] == [None, "position"]
    assert all(step.collects == "position" for step in spec.BLIND_ROUND.steps)


def test_round_zero_is_rejected() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        registry[PanelType.STRUCTURED].plan_wave(started(), 0, 0)


# Structured (Delphi)


def test_structured_round_one_is_one_blind_concurrent_wave() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3)
    waves = run_round(strategy, panel, 1, responder(SPLIT))
    assert kinds(waves) == [
        [(A, TurnKind.POSITION), (B, TurnKind.POSITION), (C, TurnKind.POSITION)]
    ]
    assert all(r.visible == () for r in waves[0])
    assert waves[0][0].instruction == (
        "Round 1. Without seeing the other experts' answers, give your answer."
    )


def test_structured_revision_sees_its_own_answer_and_an_anonymous_summary() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    requests = strategy.plan_wave(panel, 2, 0)
    assert [r.agent_id for r in requests] == [A, B, C]
    own = requests[1].visible[0]
    assert own.label == "Your previous answer"
    assert own.position == SPLIT[B]
    summary = requests[1].visible[1]
    assert summary.label == SUMMARY_LABEL
    assert "support 2, oppose 1, neutral 0" in summary.text
    assert "Mean confidence: 0.70" in summary.text
    assert "a De Novo is safer" in summary.text
    assert not any(name in summary.text for name in NAMES)
    assert strategy.plan_wave(panel, 2, 1) == []


def _summary(request: TurnRequest) -> str:
    return next(c.text for c in request.visible if c.label == SUMMARY_LABEL)


def test_structured_revision_shows_other_positions_without_names() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    request = strategy.plan_wave(panel, 2, 0)[0]
    anonymous = [c for c in request.visible if c.label.startswith("Anonymous expert")]
    assert len(anonymous) == 2, "every other expert, not the viewer"
    assert all(c.position is not None for c in anonymous)
    names = {m.name for m in panel.members} | set(panel.member_ids)
    assert not any(name in c.label or name in c.text for c in anonymous for name in names)


def test_structured_summary_does_not_reveal_the_seating_order() -> None:
    strategy = registry[PanelType.STRUCTURED]
    summaries = []
    for members in (EXPERTS[:3], list(reversed(EXPERTS[:3]))):
        panel = started(members=3)
        panel.members = list(members)
        run_round(strategy, panel, 1, responder(SPLIT))
        summaries.append(_summary(strategy.plan_wave(panel, 2, 0)[0]))
    assert summaries[0] == summaries[1]
    # Majority stance first, then by confidence.
    text = summaries[0]
    assert text.index("predicate") < text.index("clinical data") < text.index("De Novo")


def test_structured_summary_lists_the_majority_reasons_first() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3)
    opposed = {
        A: Position(SUP, 0.9, "go"),
        B: Position(OPP, 0.8, "wait"),
        C: Position(OPP, 0.7, "no"),
    }
    run_round(strategy, panel, 1, responder(opposed))
    text = _summary(strategy.plan_wave(panel, 2, 0)[0])
    assert text.index("oppose (0.80): wait") < text.index("oppose (0.70): no")
    assert text.index("oppose (0.70): no") < text.index("support (0.90): go")


def test_structured_recommendation_is_composed_from_the_final_positions() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    assert strategy.recommendation_request(panel) is None
    text = strategy.summarize_positions(panel)
    # Weights: support 0.9 + 0.5 = 1.4 of 2.1 total, 67% < the 0.75 threshold.
    assert text.startswith(
        "No consensus. Most votes, short of the panel's threshold, are to support the "
        "proposal.\nVotes: support 2, oppose 1, neutral 0 (3 of 3 members voted; "
        "quorum 2; confidence-weighted agreement 67%)."
    )
    # The reasons by name, the majority's first; the dissent is said once, with its reason.
    assert text.endswith(
        "Reasons given:\nSupport (the majority, 2 votes):\n"
        "- Dr. Ada Reyes (0.90): the predicate device matches\n"
        "- Dr. Bo Chen (0.50): the clinical data suffice\n"
        "Dissent, oppose (1 vote):\n- Cy Novak (0.70): a De Novo is safer"
    )
    assert text.count("a De Novo is safer") == 1 and text.count("Dissent") == 1


def test_the_recommendation_names_whom_an_anonymous_label_stood_for() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3, max_rounds=2, consensus_threshold=1.0)
    run_round(strategy, panel, 1, responder(SPLIT))
    moved = Position(SUP, 0.6, "Anonymous expert 1's case decides it for me.")
    run_round(strategy, panel, 2, responder({**SPLIT, C: moved}))
    text = strategy.summarize_positions(panel)
    # In round 2, Cy Novak saw Dr. Ada Reyes (support 0.90) first of the others.
    assert "- Cy Novak (0.60): Dr. Ada Reyes's case decides it for me." in text
    assert "Anonymous" not in text


def test_with_options_the_reasons_name_the_option_and_the_votes_count_per_option() -> None:
    strategy = registry[PanelType.STRUCTURED]
    options = ["De Novo", "510(k)"]
    panel = started(members=3, max_rounds=1, options=options)
    chosen = {
        A: Position(SUP, 0.9, "a predicate exists", "510(k)"),
        B: Position(SUP, 0.6, "the data suffice", "510(k)"),
        C: Position(SUP, 0.7, "the claim is new", "De Novo"),
    }
    run_round(strategy, panel, 1, responder(chosen))
    text = strategy.summarize_positions(panel)
    assert '\nVotes: "De Novo" 1, "510(k)" 2 (3 of 3 members voted;' in text
    assert "neutral" not in text and "support (" not in text
    assert (
        '"510(k)" (the majority, 2 votes):\n- Dr. Ada Reyes (0.90): a predicate exists\n'
        "- Dr. Bo Chen (0.60): the data suffice\n"
        'Dissent, "De Novo" (1 vote):\n- Cy Novak (0.70): the claim is new'
    ) in text


# Open


def test_open_round_one_is_blind() -> None:
    panel = started(PanelType.OPEN)
    assert all(r.visible == () for r in registry[PanelType.OPEN].plan_wave(panel, 1, 0))


def test_open_later_rounds_show_every_other_expert_by_name() -> None:
    strategy = registry[PanelType.OPEN]
    panel = started(PanelType.OPEN, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    request = strategy.plan_wave(panel, 2, 0)[0]
    assert request.agent_id == A
    assert labels(request) == [
        "Your previous answer",
        "Dr. Bo Chen (Clinical trial designer)",
        "Cy Novak (Market access analyst)",
    ]
    assert [c.position for c in request.visible[1:]] == [SPLIT[B], SPLIT[C]]
    assert "<clinical_expert|r1|w0>" in request.visible[1].text


# Socratic


def test_socratic_round_one_gathers_blind_statements_from_everyone_but_the_moderator() -> None:
    strategy = registry[PanelType.SOCRATIC]
    panel = started(PanelType.SOCRATIC, members=3)
    waves = run_round(strategy, panel, 1, responder(SPLIT))
    assert kinds(waves) == [[(B, TurnKind.POSITION), (C, TurnKind.POSITION)]]
    assert all(r.visible == () for r in waves[0])


def test_socratic_moderator_questions_each_expert_on_its_own_statement() -> None:
    strategy = registry[PanelType.SOCRATIC]
    panel = started(PanelType.SOCRATIC, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    waves = run_round(strategy, panel, 2, responder(SPLIT))
    assert kinds(waves) == [
        [(A, TurnKind.QUESTION)],
        [(B, TurnKind.ANSWER)],
        [(A, TurnKind.QUESTION)],
        [(C, TurnKind.ANSWER)],
    ]
    first, second = waves[0][0], waves[2][0]
    assert "Ask Dr. Bo Chen (Clinical trial designer)" in first.instruction
    assert "latest statement" in first.instruction
    # The moderator sees exactly the statement it questions, named.
    assert labels(first) == ["Dr. Bo Chen (Clinical trial designer)"]
    assert "<clinical_expert|r1|w0>" in first.visible[0].text
    assert labels(second) == ["Cy Novak (Market access analyst)"]
    assert "<market_expert|r1|w0>" in second.visible[0].text


def test_socratic_question_targets_the_experts_latest_answer_in_later_rounds() -> None:
    strategy = registry[PanelType.SOCRATIC]
    panel = started(PanelType.SOCRATIC, members=3, max_rounds=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    run_round(strategy, panel, 2, responder(SPLIT))
    question = strategy.plan_wave(panel, 3, 0)[0]
    assert "<clinical_expert|r2|w1>" in question.visible[0].text


def test_socratic_answer_sees_its_statement_and_the_question_addressed_to_it() -> None:
    strategy = registry[PanelType.SOCRATIC]
    panel = started(PanelType.SOCRATIC, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    panel.record(turn(A, 2, TurnKind.QUESTION, text="Which predicate?", stance=None))
    answer = strategy.plan_wave(panel, 2, 1)[0]
    assert (answer.agent_id, answer.kind) == (B, TurnKind.ANSWER)
    assert labels(answer) == ["Your previous answer", QUESTION_LABEL]
    assert answer.visible[-1].text == "Which predicate?"


def test_socratic_answer_falls_back_to_a_generic_probe_when_the_question_was_lost() -> None:
    strategy = registry[PanelType.SOCRATIC]
    panel = started(PanelType.SOCRATIC, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    panel.record(turn(A, 2, TurnKind.QUESTION, text="Which predicate?", stance=None))
    panel.record(turn(B, 2, TurnKind.ANSWER, text="The K123 device."))
    # The moderator's question to C (wave 2) failed and recorded nothing.
    answer = strategy.plan_wave(panel, 2, 3)[0]
    assert answer.agent_id == C
    assert QUESTION_LABEL not in labels(answer)
    assert "what would change your mind" in answer.instruction


def test_socratic_moderator_does_not_vote_and_writes_the_synthesis() -> None:
    strategy = registry[PanelType.SOCRATIC]
    panel = started(PanelType.SOCRATIC, members=3, moderator_id=C)
    run_round(strategy, panel, 1, responder(SPLIT))
    waves = run_round(strategy, panel, 2, responder(SPLIT))
    assert {r.agent_id for r in waves[0]} == {C}
    assert panel.consensus is not None
    assert panel.consensus.participants == 2  # A and B; C moderates
    synthesis = strategy.recommendation_request(panel)
    assert synthesis is not None
    assert (synthesis.agent_id, synthesis.kind, synthesis.round_number) == (
        C,
        TurnKind.SYNTHESIS,
        2,
    )
    assert [c.label for c in synthesis.visible] == [
        "Dr. Ada Reyes (FDA regulatory strategist)",
        "Dr. Bo Chen (Clinical trial designer)",
    ]


# Adversarial


def test_adversarial_round_is_positions_then_a_challenge_by_the_last_member() -> None:
    strategy = registry[PanelType.ADVERSARIAL]
    panel = started(PanelType.ADVERSARIAL, members=4)
    waves = run_round(strategy, panel, 1, responder(SPLIT))
    assert kinds(waves) == [
        [(A, TurnKind.POSITION), (B, TurnKind.POSITION), (C, TurnKind.POSITION)],
        [(D, TurnKind.CHALLENGE)],
    ]
    assert all(r.visible == () for r in waves[0])
    challenge = waves[1][0]
    assert [c.position for c in challenge.visible] == [SPLIT[A], SPLIT[B], SPLIT[C]]
    assert challenge.instruction == (
        "Round 1. You are the devil's advocate. The current majority is support (2 of 3 "
        "voters): make the strongest case against it. Point out weak evidence, risks and "
        "overlooked alternatives. Your stated position must be the side you argue."
    )


def _challenge_after(positions: dict[str, Position], **config: object) -> str:
    """The devil's advocate's instruction after round 1's `positions` (A and B vote, C is
    the devil's advocate)."""
    strategy = registry[PanelType.ADVERSARIAL]
    panel = started(PanelType.ADVERSARIAL, members=3, **config)
    waves = run_round(strategy, panel, 1, responder(positions))
    return waves[1][0].instruction.split("advocate. ", 1)[1].split(" Point out", 1)[0]


def test_on_an_even_split_the_devil_advocate_is_told_there_is_no_majority() -> None:
    # support 1 (0.6) against oppose 1 (0.9): no majority; oppose is held more confidently.
    challenge = _challenge_after({A: Position(SUP, 0.6, "x"), B: Position(OPP, 0.9, "y")})
    assert challenge == (
        "The voters are split evenly (support 1, oppose 1, neutral 0): there is no majority. "
        "Argue against the side held with the most confidence, oppose."
    )


def test_on_a_split_of_equal_confidence_the_devil_advocate_argues_against_the_proposition() -> None:
    challenge = _challenge_after({A: Position(SUP, 0.7, "x"), B: Position(OPP, 0.7, "y")})
    assert challenge.endswith("there is no majority. Argue against the proposition.")


def test_on_an_option_split_of_equal_confidence_the_first_option_is_argued_against() -> None:
    positions = {
        A: Position(SUP, 0.7, "x", option="De Novo"),
        B: Position(SUP, 0.7, "y", option="510(k)"),
    }
    challenge = _challenge_after(positions, options=["510(k)", "De Novo"])
    assert challenge == (
        'The voters are split evenly ("510(k)" 1, "De Novo" 1): there is no majority. '
        'Argue against the option "510(k)".'
    )


def test_when_every_voter_abstained_the_devil_advocate_argues_against_the_proposition() -> None:
    out = Position.abstention("outside my field")
    challenge = _challenge_after({A: out, B: out})
    assert challenge == (
        "No other expert voted this round (each abstained or stated no position): make the "
        "strongest case against the proposition."
    )


def test_devil_advocate_comes_from_the_configuration() -> None:
    strategy = registry[PanelType.ADVERSARIAL]
    panel = started(PanelType.ADVERSARIAL, members=3, devil_advocate_id=A)
    assert [r.agent_id for r in strategy.plan_wave(panel, 1, 0)] == [B, C]
    assert [r.agent_id for r in strategy.plan_wave(panel, 1, 1)] == [A]


def test_devil_advocate_position_is_excluded_from_consensus() -> None:
    strategy = registry[PanelType.ADVERSARIAL]
    panel = started(PanelType.ADVERSARIAL, members=3)
    positions = {A: Position(SUP, 0.9), B: Position(SUP, 0.6), C: Position(OPP, 1.0)}
    run_round(strategy, panel, 1, responder(positions))
    assert panel.messages[-1].position == positions[C]  # the challenge did carry a position
    assert panel.consensus is not None
    assert (panel.consensus.participants, panel.consensus.level) == (2, 1.0)
    # Agreed already, but the experts answer the challenge before the panel stops.
    assert panel.consensus.decision == "continue"
    run_round(strategy, panel, 2, responder(positions))
    assert panel.consensus.decision == "consensus"


def test_adversarial_next_round_answers_the_challenge() -> None:
    strategy = registry[PanelType.ADVERSARIAL]
    panel = started(PanelType.ADVERSARIAL, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    request = strategy.plan_wave(panel, 2, 0)[0]
    assert labels(request) == [
        "Your previous answer",
        "Dr. Bo Chen (Clinical trial designer)",
        "Devil's advocate: Cy Novak (Market access analyst)",
    ]


def test_adversarial_recommendation_ends_with_the_last_challenge() -> None:
    strategy = registry[PanelType.ADVERSARIAL]
    panel = started(PanelType.ADVERSARIAL, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    text = strategy.summarize_positions(panel)
    # The caveat is the reason of the challenger's position, not its opening.
    assert text.endswith("Main caveat (devil's advocate): a De Novo is safer")
    assert "Votes: support 2, oppose 0, neutral 0 (2 of 2 members voted" in text


# Council


def _council_through_ranking(**config: object) -> Panel:
    panel = started(PanelType.COUNCIL, members=4, **config)
    strategy = registry[PanelType.COUNCIL]
    run_round(strategy, panel, 1, responder(SPLIT, tagged=False))
    run_round(strategy, panel, 2, responder(SPLIT, tagged=False))
    return panel


def test_council_round_one_is_blind() -> None:
    panel = started(PanelType.COUNCIL, members=4)
    requests = registry[PanelType.COUNCIL].plan_wave(panel, 1, 0)
    assert [(r.agent_id, r.kind, r.visible) for r in requests] == [
        (agent_id, TurnKind.POSITION, ()) for agent_id in (A, B, C, D)
    ]


def test_council_members_rank_the_others_answers_anonymously() -> None:
    strategy = registry[PanelType.COUNCIL]
    panel = started(PanelType.COUNCIL, members=4)
    run_round(strategy, panel, 1, responder(SPLIT, tagged=False))
    requests = strategy.plan_wave(panel, 2, 0)
    letters = response_labels(panel)
    assert sorted(letters.values()) == ["Response A", "Response B", "Response C", "Response D"]
    orders = []
    for request in requests:
        assert request.kind is TurnKind.RANK
        assert sorted(labels(request)) == sorted(
            v for k, v in letters.items() if k != request.agent_id
        )
        orders.append(labels(request))
        assert not any(name in seen_text(request) for name in NAMES)
        assert SPLIT[request.agent_id].summary not in seen_text(request)  # own answer withheld
    # Each reviewer sees the answers in its own shuffled order.
    assert any(order != sorted(order) for order in orders)


def test_council_members_who_abstained_do_not_rank() -> None:
    strategy = registry[PanelType.COUNCIL]
    panel = started(PanelType.COUNCIL, members=4)
    positions = {**SPLIT, D: Position.abstention("my documents do not cover this question")}
    run_round(strategy, panel, 1, responder(positions, tagged=False))
    requests = strategy.plan_wave(panel, 2, 0)
    assert [(r.agent_id, r.kind) for r in requests] == [(a, TurnKind.RANK) for a in (A, B, C)]
    # An abstention is no answer: it gets no label and nobody ranks it.
    assert sorted(response_labels(panel)) == sorted((A, B, C))
    assert all(len(r.visible) == 2 for r in requests)


def test_council_labels_are_reproducible_and_do_not_follow_seating_order() -> None:
    panel = make_panel(PanelType.COUNCIL, members=4)
    assert response_labels(panel) == response_labels(panel)
    seated = []
    for i in range(5):
        letters = response_labels(make_panel(PanelType.COUNCIL, 4, panel_id=f"p{i}"))
        seated.append([letters[agent_id] for agent_id in (A, B, C, D)])
    assert any(order != sorted(order) for order in seated)


def test_borda_count_hand_computed() -> None:
    abc = {"A", "B", "C"}
    ballots = [(["A", "B", "C"], abc), (["B", "A", "C"], abc), (["A", "C", "B"], abc)]
    # A: 2 + 1 + 2, B: 1 + 2 + 0, C: 0 + 0 + 1.
    assert borda_count(ballots) == [("A", 5), ("B", 3), ("C", 1)]


def test_borda_count_ignores_ineligible_and_repeated_labels() -> None:
    # The ranker saw B and C only: its own A and the repeat of B score nothing.
    assert borda_count([(["A", "B", "B", "C"], {"B", "C"})]) == [("B", 1), ("C", 0)]


def test_borda_count_scores_unranked_labels_zero_and_breaks_ties_by_label() -> None:
    ballots = [(["C"], {"B", "C", "D"}), (["B"], {"B", "C", "D"})]
    assert borda_count(ballots) == [("B", 2), ("C", 2), ("D", 0)]


def test_council_aggregates_the_recorded_rankings_with_borda() -> None:
    panel = _council_through_ranking()
    letters = response_labels(panel)
    # Each ranker puts the other letters in reverse alphabetical order (see `responder`):
    # over 3 eligible labels the best gets 2, the next 1.
    expected: dict[str, int] = dict.fromkeys(letters.values(), 0)
    for ranker in letters:
        seen = sorted((v for k, v in letters.items() if k != ranker), reverse=True)
        for place, label in enumerate(seen):
            expected[label] += 2 - place
    assert aggregate_ranking(panel) == sorted(expected.items(), key=lambda i: (-i[1], i[0]))
    assert aggregate_ranking(panel)[0] == ("Response D", 6)


def test_council_chair_synthesizes_with_the_borda_ranking_visible() -> None:
    panel = _council_through_ranking(chair_id=B)
    synthesis = registry[PanelType.COUNCIL].recommendation_request(panel)
    assert synthesis is not None
    assert (synthesis.agent_id, synthesis.kind, synthesis.round_number) == (
        B,
        TurnKind.SYNTHESIS,
        2,
    )
    *answers, ranking, _ = synthesis.visible
    assert ranking.label == RANKING_LABEL
    assert ranking.text.startswith("1. Response D: 6 points\n2. Response C: 4 points")
    assert [c.label for c in answers] == ["Response A", "Response B", "Response C", "Response D"]
    assert not any(name in f"{c.text}\n{ranking.text}" for c in answers for name in NAMES)


def test_council_chair_is_told_who_wrote_each_response_after_the_blind_ranking() -> None:
    panel = _council_through_ranking(chair_id=B)
    synthesis = registry[PanelType.COUNCIL].recommendation_request(panel)
    assert synthesis is not None
    authors = synthesis.visible[-1]
    assert authors.label == AUTHORS_LABEL
    letters = response_labels(panel)
    expected = sorted(f"{letters[m.agent_id]}: {m.name} ({m.role})" for m in panel.members)
    assert authors.text.splitlines() == expected


def test_council_always_runs_its_ranking_round_and_stops_after_it() -> None:
    strategy = registry[PanelType.COUNCIL]
    panel = started(PanelType.COUNCIL, members=3, max_rounds=5)
    unanimous = responder({a: Position(SUP, 0.9) for a in (A, B, C)})
    run_round(strategy, panel, 1, unanimous)
    assert panel.consensus is not None
    assert (panel.consensus.level, panel.consensus.decision) == (1.0, "continue")
    run_round(strategy, panel, 2, unanimous)
    assert panel.consensus.decision == "consensus"
    assert strategy.plan_wave(panel, 3, 0) == []


def test_a_panel_without_quorum_and_sides_both_ways_makes_no_recommendation() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=4)
    out = Position.abstention("my documents do not cover this question")
    answers = {A: Position(SUP, 0.9), B: Position(OPP, 0.6), C: out, D: out}
    run_round(strategy, panel, 1, responder(answers))
    text = strategy.summarize_positions(panel)
    assert text.startswith("No recommendation: only 2 of 4 members voted")


def test_the_one_side_against_neutral_voters_is_the_evidence_not_a_dissent() -> None:
    # Cold try c18-r10: two neutral votes outweighed the only member whose documents decided.
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3, max_rounds=1)
    answers = {A: Position(OPP, 0.6, "rule"), B: Position(NEU, 0.5), C: Position(NEU, 0.5)}
    run_round(strategy, panel, 1, responder(answers))
    text = strategy.summarize_positions(panel)
    assert text.startswith("No consensus, but the evidence points one way: oppose the proposal.")
    assert "Dissent" not in text
    assert text.index("Oppose (1 vote):") < text.index("Neutral (2 votes):")


def test_a_neutral_panel_recommends_neither_side() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=2)
    run_round(strategy, panel, 1, responder({A: Position(NEU, 0.5), B: Position(NEU, 0.6)}))
    text = strategy.summarize_positions(panel)
    assert text.startswith("No recommendation either way: the voters are neutral")
    assert "Votes: support 0, oppose 0, neutral 2" in text


def test_a_panel_without_quorum_says_no_decision_but_where_the_evidence_points() -> None:
    # Cold try c18-r10: "No recommendation: only 2 of 4 members voted" when both voters cited
    # the rule that answers the question; the others' documents did not cover it.
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3)
    out = Position.abstention("my documents do not cover this question")
    run_round(strategy, panel, 1, responder({A: Position(SUP, 0.9), B: out, C: out}))
    assert panel.consensus is not None and panel.consensus.decision == "no_quorum"
    text = strategy.summarize_positions(panel)
    assert text.startswith(
        "No panel decision, but the evidence points one way: support the proposal. It is the "
        "only side taken: Dr. Ada Reyes takes it from its own documents; beside it, 2 members "
        "whose documents do not cover it. Only 1 of 3 members voted, short of the quorum of 2."
    )
    assert "Abstained: Dr. Bo Chen (my documents do not cover this question)" in text
    # An abstention stands: a later round would ask only the expert who voted.
    assert [r.agent_id for r in strategy.plan_wave(panel, 2, 0)] == [A]


def test_a_synthesis_without_quorum_says_no_dissent_and_no_empty_lead() -> None:
    panel = started(members=3)
    out = Position.abstention("my documents do not cover this question")
    run_round(
        registry[PanelType.STRUCTURED], panel, 1, responder({A: Position(SUP, 0.9), B: out, C: out})
    )
    synthesis = "As the chair, I write this synthesis.\n\nMajority view: none; short of a quorum."
    voters = registry[PanelType.STRUCTURED].voters(panel)
    text = with_synthesis(panel, synthesis, voters)
    # Without a majority nobody dissents from one, and a lead with nothing after it goes; the
    # reasons the voter gave take its place (cold try c18-r25, #3: a bare verdict).
    assert "Dissent" not in text
    assert "I write this synthesis" not in text
    assert "Reasons given:" in text
    kept = with_synthesis(panel, synthesis + "\n\nKey conditions: verification first.", voters)
    # The synthesis's own opening frames a turn, not the panel's answer (cold try c18-r10).
    assert kept.endswith("\n\nKey conditions: verification first.")
    assert "I write this synthesis" not in kept


def test_an_even_split_is_no_majority_in_the_recommendation() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=4, max_rounds=1)
    tied = {
        A: Position(SUP, 0.9, "go"),
        B: Position(SUP, 0.8, "go on"),
        C: Position(OPP, 0.6, "wait"),
        D: Position(OPP, 0.5, "no"),
    }
    run_round(strategy, panel, 1, responder(tied))
    text = strategy.summarize_positions(panel)
    assert text.startswith("No consensus: the votes are split evenly")
    # On a split nobody dissents from a majority: the reasons are given side by side.
    assert "Support (2 votes):\n- Dr. Ada Reyes (0.90): go\n" in text
    assert "Oppose (2 votes):\n- Cy Novak (0.60): wait\n" in text
    assert "Dissent" not in text


def test_the_recommendation_quotes_a_summary_without_doubling_its_stop() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=3, max_rounds=1)
    stated = {
        A: Position(SUP, 0.9, "Go ahead."),
        B: Position(SUP, 0.8, "Worth the overtime."),
        C: Position(OPP, 0.6, "It fights fires."),
    }
    run_round(strategy, panel, 1, responder(stated))
    text = strategy.summarize_positions(panel)
    assert "- Cy Novak (0.60): It fights fires." in text
    assert ".." not in text and ".;" not in text


def test_round_one_carries_its_own_vote_as_the_baseline() -> None:
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=4)
    run_round(strategy, panel, 1, responder(SPLIT))
    first = panel.rounds[0].consensus
    assert first is not None and first.baseline is not None
    # support 0.9 + 0.5 = 1.4 of 2.5 total confidence, 2 of 4 voters.
    assert first.baseline.to_dict() == {
        "majority": "support",
        "votes": {"support": 2, "oppose": 1, "neutral": 1},
        "level": pytest.approx(1.4 / 2.5),
        "voters": 4,
        "has_quorum": True,
    }
    run_round(strategy, panel, 2, responder({A: Position(OPP, 0.9, "changed")}))
    second = panel.rounds[1].consensus
    assert second is not None and second.baseline == first.baseline


def test_a_council_below_the_threshold_ends_with_no_consensus_not_max_rounds() -> None:
    # Its two rounds are the strategy's design, not a limit: max_rounds stays 3 here.
    strategy = registry[PanelType.COUNCIL]
    panel = started(PanelType.COUNCIL, members=3)
    run_round(strategy, panel, 1, responder(SPLIT))
    run_round(strategy, panel, 2, responder(SPLIT))
    assert panel.configuration.max_rounds == 3
    decisions = [r.consensus.decision for r in panel.rounds if r.consensus]
    assert decisions == ["continue", "no_consensus"]


def test_an_anonymous_view_hides_passage_ids_in_text_summary_and_reason() -> None:
    panel = make_panel()
    cited = "[fda_expert/1#2, fda_expert/1#3] (see clinical_expert/2#1)"
    shown = unsigned(
        panel,
        Contribution(
            "Anonymous expert 1",
            f"As {cited}.",
            Position.abstention(f"only {cited} comes near", f"Not mine {cited}"),
        ),
    )
    assert shown.text == "As [a passage] (see a passage)."
    assert shown.position is not None
    assert shown.position.reason == "only [a passage] (see a passage) comes near"
    assert shown.position.summary == "Not mine [a passage] (see a passage)"


def test_a_council_tie_is_marked_in_the_ranking_and_said_in_the_verdict() -> None:
    strategy = registry[PanelType.COUNCIL]
    panel = started(PanelType.COUNCIL, members=3)
    run_round(strategy, panel, 1, responder({A: Position(SUP, 0.9), B: Position(SUP, 0.6)}))
    letters = response_labels(panel)
    cycle = sorted(letters.values())
    plain = responder()

    def cyclic(request: TurnRequest) -> TurnResult:
        # Each reviewer ranks first the label after its own: every answer is first once.
        if request.kind is not TurnKind.RANK:
            return plain(request)
        own = cycle.index(letters[request.agent_id])
        ranking = tuple(cycle[(own + step) % 3] for step in (1, 2))
        return replace(plain(request), ranking=ranking)

    run_round(strategy, panel, 2, cyclic)
    assert [points for _, points in aggregate_ranking(panel)] == [1, 1, 1]
    ranking = ranking_contribution(panel).text
    assert ranking.splitlines() == [
        f"{i}. {label}: 1 point (tied)" for i, label in enumerate(cycle, start=1)
    ]
    assert "No single answer leads the peer ranking." in strategy.summarize_positions(panel)


def test_a_lone_member_that_abstains_is_not_counted_as_none_of_one() -> None:
    # Cold try c18-r21, #5: "none of the 1 members voted, short of the quorum of 1".
    strategy = registry[PanelType.STRUCTURED]
    panel = started(members=1)
    out = Position.abstention("my documents do not cover this question")
    run_round(strategy, panel, 1, responder({A: out}))
    text = strategy.summarize_positions(panel)
    assert "none of the 1 members" not in text
    assert "its one member did not vote" in text
