"""An offline expert takes a side only from what its documents say about the question asked."""

from agentstream.deliberation.turns import ExpertProfile, Position, Stance
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import Move, Voice, initial_leaning, revise

SKIP_PRESUB = "Can we skip the Pre-Submission meeting and file our 510(k) directly to save time?"
CPT_EARLY = "Should we apply for a new CPT billing code before we have FDA clearance?"
STOP_CREDITS = (
    "Should we stop giving service credits to premium customers when we miss an SLA target?"
)
AFTER_HOURS = (
    "For after-hours urgent calls, should we run an on-call rotation or pay a subcontractor?"
)


def _leaning_of(experts: dict[str, ExpertProfile], agent_id: str, query: str) -> Stance:
    leaning = initial_leaning(knowledge_of(experts[agent_id]), query)
    assert leaning.in_scope
    return leaning.position.stance


def test_a_topic_the_question_names_in_passing_gives_no_side(
    experts: dict[str, ExpertProfile],
) -> None:
    # The quality expert supports a 510(k) once verification is done; the question is about
    # skipping the Pre-Submission, and names the 510(k) only as what is filed after it.
    leaning = initial_leaning(knowledge_of(experts["quality_expert"]), SKIP_PRESUB)
    assert leaning.topic is None
    assert leaning.position.stance is not Stance.SUPPORT


def test_skipping_what_the_expert_recommends_is_opposed(
    experts: dict[str, ExpertProfile],
) -> None:
    assert _leaning_of(experts, "fda_expert", SKIP_PRESUB) is Stance.OPPOSE


def test_stopping_what_the_expert_supports_is_opposed(experts: dict[str, ExpertProfile]) -> None:
    # "Credits and goodwill help only when they come with a fix, never instead of one."
    assert _leaning_of(experts, "customer_expert", STOP_CREDITS) is Stance.OPPOSE


def test_a_field_word_shared_with_the_question_is_no_view_on_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # Its documents mention clearance, but say nothing about billing codes: what the verb
    # "apply for" acts on is the code, which they never name (cold try c18-r10).
    leaning = initial_leaning(knowledge_of(experts["fda_expert"]), CPT_EARLY)
    assert leaning.position.abstain
    assert '"CPT billing code"' in (leaning.position.reason or "")


def test_a_statement_on_another_subject_takes_no_side(experts: dict[str, ExpertProfile]) -> None:
    # Finance's "I support targeted overtime …, because one avoided credit pays for about five
    # overtime hours" is about overtime, not about whether to give credits.
    assert _leaning_of(experts, "finance_expert", STOP_CREDITS) is Stance.NEUTRAL


def test_of_two_options_opposing_one_chooses_the_other_it_speaks_of(
    experts: dict[str, ExpertProfile],
) -> None:
    options = ("schedule targeted overtime", "pay a subcontractor")
    # "contractors pay only for specialist skills": finance opposes the subcontractor, and
    # its documents speak of overtime.
    leaning = initial_leaning(knowledge_of(experts["finance_expert"]), AFTER_HOURS, options)
    assert leaning.position.option == "schedule targeted overtime"


def test_opposing_one_of_two_options_says_nothing_for_one_never_spoken_of(
    experts: dict[str, ExpertProfile],
) -> None:
    options = ("run an on-call rotation", "pay a subcontractor")
    # Its documents never speak of on-call rotations: against subcontractors is not for them.
    leaning = initial_leaning(knowledge_of(experts["finance_expert"]), AFTER_HOURS, options)
    assert leaning.position.option is None
    assert "contractors pay only for specialist skills" in leaning.position.summary


def test_a_word_the_question_shares_in_passing_chooses_no_option(
    experts: dict[str, ExpertProfile],
) -> None:
    options = ("run an on-call rotation", "pay a subcontractor")
    query = AFTER_HOURS
    # "Premium customers pay for speed" is not about paying a subcontractor.
    leaning = initial_leaning(knowledge_of(experts["customer_expert"]), query, options)
    assert leaning.position.option is None


def test_doing_first_what_the_documents_do_after_is_opposed(
    experts: dict[str, ExpertProfile],
) -> None:
    # "A Category III CPT code, applied for as soon as the device is cleared, …"
    assert _leaning_of(experts, "reimbursement_expert", CPT_EARLY) is Stance.OPPOSE
    # "I support a 510(k) when design verification is complete …"
    early = "Should we file the 510(k) before design verification is complete?"
    assert _leaning_of(experts, "quality_expert", early) is Stance.OPPOSE


def test_a_neutral_voter_does_not_take_the_side_of_one_colleague() -> None:
    # Cold try c18-r10: voters whose documents did not settle the question adopted the one
    # decided argument, and one expert's reading became a "consensus".
    neutral = Position(Stance.NEUTRAL, 0.5, "My documents do not settle it.")
    reasoned = Voice("Finance Expert", Position(Stance.OPPOSE, 0.6, "Contractors cost more."))
    revision = revise(neutral, [reasoned, Voice("Customer Expert", neutral)])
    assert revision.move is Move.HOLD
    assert revision.after == neutral


def test_a_neutral_voter_moves_to_a_position_two_colleagues_reason() -> None:
    neutral = Position(Stance.NEUTRAL, 0.5, "My documents do not settle it.")
    reasoned = [
        Voice("Finance Expert", Position(Stance.OPPOSE, 0.6, "Contractors cost more.")),
        Voice("Operations Expert", Position(Stance.OPPOSE, 0.6, "Contractors need inductions.")),
    ]
    revision = revise(neutral, reasoned)
    assert revision.move is Move.SWITCH
    assert revision.after.stance is Stance.OPPOSE
    assert "Finance Expert's case decides it for me" in revision.after.summary


def test_a_limit_on_what_the_questions_figure_measures_covers_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # "no shift longer than 10 hours", whatever storms and repair requests the question adds.
    long_days = (
        "Should we let technicians work 14-hour days during storm season to clear repair "
        "requests faster?"
    )
    assert _leaning_of(experts, "safety_expert", long_days) is Stance.OPPOSE
