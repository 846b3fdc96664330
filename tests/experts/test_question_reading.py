"""Specification of reading a question as asked: a negated proposal turns the stance around,
"instead of" puts what is given up on the other side, and a topic near the question gives no
stance on it (cold try c18-r2, categories 1 to 3)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import in_documents_terms, knowledge_of
from agentstream.experts.polarity import replaces, shortfall_sign, statement_sign, unless_met
from agentstream.experts.reading import (
    asked_object,
    question_sign,
    read_question,
    with_breaks_named,
    with_case_referred_to,
    with_unfinished_work,
)
from agentstream.experts.stance import initial_leaning
from tests.experts.leanings import leaning as _leaning

BAD_IDEA = (
    "Is it a bad idea to submit our 510(k) on bench testing alone, without any clinical data?"
)
NO_PRESUB = (
    "Should we NOT bother with a Pre-Submission meeting and just file the 510(k) straight away "
    "to save the 70 days?"
)
CREDITS = (
    "Should we compensate premium customers with service credits and goodwill gestures instead "
    "of paying overtime to meet their SLA targets?"
)
RUSH = (
    "Should we rush the 510(k) and submit before design verification is finished so we can "
    "announce clearance at the spring trade show?"
)
SUBCONTRACT = (
    "Should we bring in subcontracted technicians to clear a backlog we expect to last about two "
    "months?"
)


@pytest.mark.parametrize(
    ("question", "proposal", "sign"),
    [
        (BAD_IDEA, "Should we submit our 510(k) on bench testing alone, without any clinical "
         "data?", -1),
        ("Would it be a mistake to hire contractors?", "Should we hire contractors?", -1),
        ("Is it a good idea to hire contractors?", "Should we hire contractors?", 1),
        ("Should we not renew the contract?", "Should we renew the contract?", -1),
        ("Should we renew the contract?", "Should we renew the contract?", 1),
        # "not X and just Y" proposes Y in X's place: the negation is of X alone.
        ("Should we not wait for verification to finish and just submit next month?",
         "Should we skip waiting for verification to finish and submit next month?", 1),
        ("Should we NOT bother with a Pre-Submission and just file?",
         "Should we skip a Pre-Submission and file?", 1),
        # The case stated before the question stays with its proposal.
        ("Our device adds a new indication. Is it a mistake to skip clinical data?",
         "Our device adds a new indication. Should we skip clinical data?", -1),
        ("Should we not run a clinical study and just rely on bench data?",
         "Should we skip running a clinical study and rely on bench data?", 1),
    ],
)  # fmt: skip
def test_a_question_is_read_as_its_proposal_and_its_sign(
    question: str, proposal: str, sign: int
) -> None:
    reading = read_question(question)
    assert (reading.proposal, reading.sign) == (proposal, sign)


def test_a_statement_for_the_proposal_weighs_against_a_question_that_asks_its_opposite() -> None:
    statement = "I support a Pre-Submission before every 510(k)."
    assert statement_sign("Should we hold a Pre-Submission meeting?", statement) == 1
    assert question_sign("Should we not hold a Pre-Submission meeting?", statement) == -1


def test_a_view_for_what_the_proposal_gives_up_weighs_against_it() -> None:
    view = "I support targeted overtime for urgent premium work"
    assert replaces(CREDITS, view)
    assert statement_sign(CREDITS, f"{view}.") == -1
    # A view that itself weighs the two is read as it stands.
    assert not replaces(CREDITS, "I support credits rather than overtime")
    assert not replaces("Should we pay overtime?", view)


@pytest.mark.parametrize(
    ("agent_id", "stance"),
    [
        # Its documents support a 510(k) on bench data alone: it is not a bad idea.
        ("fda_expert", Stance.OPPOSE),
        # Its documents oppose skipping clinical data: it is a bad idea.
        ("clinical_expert", Stance.SUPPORT),
        ("reimbursement_expert", Stance.SUPPORT),
    ],
)
def test_is_it_a_bad_idea_turns_the_stance_around(
    experts: dict[str, ExpertProfile], agent_id: str, stance: Stance
) -> None:
    assert _leaning(experts, agent_id, BAD_IDEA).position.stance is stance


@pytest.mark.parametrize("agent_id", ["fda_expert", "clinical_expert"])
def test_not_bothering_with_what_the_documents_recommend_is_opposed(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    assert _leaning(experts, agent_id, NO_PRESUB).position.stance is Stance.OPPOSE


@pytest.mark.parametrize("agent_id", ["customer_expert", "finance_expert", "operations_expert"])
def test_replacing_what_the_documents_support_is_opposed(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    # "Credits and goodwill help only when they come with a fix, never instead of one", and
    # "I support targeted overtime …" of credits instead of overtime.
    leaning = _leaning(experts, agent_id, CREDITS)
    assert leaning.position.stance is Stance.OPPOSE
    assert "support" not in leaning.position.summary.split(":")[0]


def test_a_topic_on_the_object_of_a_rush_gives_no_stance_on_rushing(
    experts: dict[str, ExpertProfile],
) -> None:
    # The FDA expert supports the 510(k) pathway; nothing of its documents is on rushing it.
    assert _leaning(experts, "fda_expert", RUSH).position.stance is not Stance.SUPPORT
    quality = _leaning(experts, "quality_expert", RUSH)
    assert quality.topic is not None and quality.topic.name == "an accelerated submission"
    assert quality.position.stance is Stance.OPPOSE
    assert quality.position.summary.startswith("Submitting before design verification")


def test_what_a_proposal_is_for_does_not_choose_its_topic(
    experts: dict[str, ExpertProfile],
) -> None:
    # "… to clear a backlog" is the purpose; the proposal is bringing in subcontractors.
    operations = _leaning(experts, "operations_expert", SUBCONTRACT)
    assert operations.topic is not None and operations.topic.name == "hiring contractors"
    assert "overtime" not in operations.position.summary
    finance = _leaning(experts, "finance_expert", SUBCONTRACT)
    assert finance.position.stance is Stance.OPPOSE
    assert "subcontracted technician costs more" in finance.position.summary


@pytest.mark.parametrize(
    "query",
    [BAD_IDEA, NO_PRESUB, CREDITS, RUSH, SUBCONTRACT,
     "Should overtime be approved by the regional manager?",
     "Is a Pre-Submission worth it for a Special 510(k)?"],
)  # fmt: skip
def test_a_reason_is_never_content_free(experts: dict[str, ExpertProfile], query: str) -> None:
    for agent_id, expert in experts.items():
        summary = initial_leaning(knowledge_of(expert), query).position.summary
        assert "My documents bear on it" not in summary, agent_id
        assert "as the passage" not in summary, agent_id


@pytest.mark.parametrize("query", [BAD_IDEA, NO_PRESUB, CREDITS, RUSH, SUBCONTRACT])
def test_a_reason_that_says_which_way_says_the_stances_way(
    experts: dict[str, ExpertProfile], query: str
) -> None:
    # "My own documents weigh for it" under an oppose of "Should we NOT bother …?" would say
    # the opposite of the stance.
    ways = {"weigh for it": Stance.SUPPORT, "weigh against it": Stance.OPPOSE}
    for agent_id, expert in experts.items():
        position = initial_leaning(knowledge_of(expert), query).position
        for way, stance in ways.items():
            if f"My own documents {way}" in position.summary:
                assert position.stance is stance, (agent_id, position)


@pytest.mark.parametrize(
    ("proposal", "statement", "sign"),
    [
        # A case the statement allows it only in, named by the proposal.
        ("Should we hire subcontractors for specialist electrical work?",
         "Contractors pay only for specialist skills.", 1),
        ("Should we bring in subcontractors for a backlog expected to last two weeks?",
         "Contractors make sense for a backlog expected to last more than six weeks.", -1),
        # What a case needs, of a question whether it needs it.
        ("Do we need a PMA for our Class III implant?",
         "Class III devices, which sustain life, need a PMA.", 1),
        ("Do we need a PMA for our Class III implant?",
         "A Category I code requires FDA clearance.", 0),
    ],
)  # fmt: skip
def test_a_statement_that_allows_or_requires_it_in_the_case_weighs_for_it(
    proposal: str, statement: str, sign: int
) -> None:
    assert statement_sign(proposal, statement) == sign


def test_a_case_that_needs_it_decides_before_a_default_leaning(
    experts: dict[str, ExpertProfile],
) -> None:
    # The FDA expert's PMA topic leans against choosing a PMA while a 510(k) is open; its
    # documents say Class III devices need one.
    position = _leaning(experts, "fda_expert", "Do we need a PMA for our Class III implant?")
    assert position.position.stance is Stance.SUPPORT
    assert "need a PMA [fda_expert/1#5]" in position.position.summary


def test_is_it_a_mistake_reads_a_claim_that_allows_the_case(
    experts: dict[str, ExpertProfile],
) -> None:
    # "contractors pay only for specialist skills": hiring them for specialist work is no
    # mistake.
    query = "Is it a mistake to hire subcontractors for specialist electrical work?"
    assert _leaning(experts, "finance_expert", query).position.stance is Stance.OPPOSE


def test_avoiding_what_the_documents_recommend_is_opposed(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should we avoid a Pre-Submission and file directly?"
    assert _leaning(experts, "fda_expert", query).position.stance is Stance.OPPOSE


def test_a_view_against_what_is_given_up_says_nothing_of_its_replacement(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should we use registry data instead of a clinical study for our 510(k)?"
    assert statement_sign(query, "I do not recommend a clinical study.") == 0
    # The FDA expert leans against running a study; its documents never speak of registries.
    assert _leaning(experts, "fda_expert", query).position.stance is Stance.NEUTRAL
    # "… rarely replaces one" and "I oppose plans that skip clinical data" weigh against it.
    for agent_id in ("clinical_expert", "reimbursement_expert"):
        assert _leaning(experts, agent_id, query).position.stance is Stance.OPPOSE


def test_a_contracted_question_is_read_without_failing(experts: dict[str, ExpertProfile]) -> None:
    query = "Shouldn't we wait for FDA feedback before starting the clinical study?"
    assert read_question(query).sign == 1
    assert not _leaning(experts, "clinical_expert", query).position.abstain


def test_a_new_material_is_no_novel_device(experts: dict[str, ExpertProfile]) -> None:
    # fda_expert/1#3: "A change to our own cleared device, such as a new material …, can go
    # through a Special 510(k)".
    query = "Should we file a Special 510(k) for a new material in our cleared device?"
    leaning = _leaning(experts, "fda_expert", query)
    assert leaning.topic is None or leaning.topic.name != "a De Novo request"
    assert leaning.position.stance is Stance.SUPPORT


def test_a_view_sharing_only_the_proposals_verb_takes_no_side(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support targeted overtime for urgent premium work" is not about working 12-hour
    # shifts.
    query = "Should technicians work 12-hour shifts during the backlog?"
    assert _leaning(experts, "finance_expert", query).position.stance is Stance.NEUTRAL


@pytest.mark.parametrize("agent_id", ["operations_expert", "finance_expert"])
def test_replacing_x_with_y_gives_x_up(experts: dict[str, ExpertProfile], agent_id: str) -> None:
    # Both support targeted overtime: replacing it is against their documents.
    query = "Should we replace targeted overtime with weekend overtime for all technicians?"
    assert _leaning(experts, agent_id, query).position.stance is Stance.OPPOSE


BENCH_ONLY = "Is it a mistake to go to FDA with only bench test results for our new glucose meter?"


def test_a_view_on_what_the_proposal_never_names_takes_no_side() -> None:
    # The claim's view is on a clinical study; FDA appears only in its condition.
    claim = (
        "Most 510(k)s are cleared on bench and performance testing alone, so I would not plan a "
        "clinical study unless the predicate comparison or an FDA guidance calls for one."
    )
    proposal = read_question(BENCH_ONLY).proposal
    assert statement_sign(proposal, claim) == 0
    # A view naming the proposal's object, past the condition's clause, still weighs.
    presub = (
        "I support a 510(k) when the predicate is strong, with a Pre-Submission first and a "
        "study protocol ready to run if FDA asks for one."
    )
    assert statement_sign("Should we avoid a Pre-Submission and file directly?", presub) == -1


@pytest.mark.parametrize(
    ("agent_id", "stance"),
    [("fda_expert", Stance.OPPOSE), ("clinical_expert", Stance.SUPPORT)],
)
def test_bench_test_results_alone_are_the_documents_bench_data_only(
    experts: dict[str, ExpertProfile], agent_id: str, stance: Stance
) -> None:
    # "test" is a form of the documents' "testing" and results are data: the FDA expert, for
    # whom most 510(k)s clear on bench testing, says it is no mistake; the clinical one says
    # it is.
    position = _leaning(experts, agent_id, BENCH_ONLY).position
    assert not position.abstain
    assert position.stance is stance


ROTA = (
    "Should we let our own technicians cover night call-outs on a rota instead of paying a "
    "subcontractor?"
)
SHORT = (
    "An on-call rotation keeps night call-outs with our own technicians, who know the sites; a "
    "subcontracted technician needs a site induction first and cannot reach an urgent ticket "
    "within 2 hours."
)


def test_what_the_given_up_side_cannot_do_weighs_for_the_trade() -> None:
    assert shortfall_sign(ROTA, SHORT) == 1
    # The same statement weighs against the trade the other way round.
    assert shortfall_sign("Should we pay a subcontractor instead of our own rota?", SHORT) == -1
    # No trade, no reading: a shortfall alone names no side of a plain proposal.
    assert shortfall_sign("Should we hire a subcontractor?", SHORT) == 0


@pytest.mark.parametrize("agent_id", ["operations_expert", "finance_expert"])
def test_documents_that_say_what_a_subcontractor_cannot_do_support_the_rota(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    position = _leaning(experts, agent_id, ROTA).position
    assert position.stance is Stance.SUPPORT
    assert not position.abstain


def test_a_shortfall_is_of_the_subject_after_a_relative_pronoun() -> None:
    query = "Should we use registry data instead of a clinical study for our 510(k)?"
    statement = (
        "FDA asks for clinical data when technological differences raise questions that bench "
        "testing cannot answer."
    )
    assert shortfall_sign(query, statement) == 0, "bench testing falls short, not the study"


EXCEPTION = (
    "I do not support skipping clinical data unless FDA has confirmed in writing that "
    "non-clinical testing is sufficient for our predicate comparison."
)
CONFIRMED = (
    "FDA told us in writing after our Pre-Sub that bench testing is enough. Can we now skip "
    "clinical data for the 510(k)?"
)


@pytest.mark.parametrize(
    ("question", "met"),
    [
        (CONFIRMED, True),
        ("Should we skip clinical data?", False),
        ("Can we skip clinical testing without FDA confirming it in writing?", False),
    ],
)
def test_a_view_excepts_the_case_only_when_the_question_states_it(question: str, met: bool) -> None:
    assert unless_met(question, EXCEPTION) is met


def test_an_expert_whose_exception_the_question_states_takes_the_other_side(
    experts: dict[str, ExpertProfile],
) -> None:
    position = _leaning(experts, "clinical_expert", CONFIRMED).position
    assert position.stance is Stance.SUPPORT
    # Without the stated case, the same expert opposes skipping clinical data.
    plain = _leaning(experts, "clinical_expert", "Can we skip clinical data for the 510(k)?")
    assert plain.position.stance is Stance.OPPOSE


def test_a_topic_named_by_what_a_trade_keeps_is_still_a_view_on_what_it_gives_up(
    experts: dict[str, ExpertProfile],
) -> None:
    # The customer expert's targeted-overtime topic also lists "premium customer"; the
    # question gives overtime up, so its support for overtime opposes the trade.
    query = (
        "Should we give the premium customers we let down a $500 goodwill credit instead of "
        "paying for more overtime?"
    )
    assert _leaning(experts, "customer_expert", query).position.stance is Stance.OPPOSE


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Should we request a Pre-Submission meeting with FDA before filing?",
         "a Pre-Submission meeting"),
        ("Should we offer a goodwill gesture to a customer whose urgent ticket was late?",
         "a goodwill gesture"),
        ("Should we bring in subcontracted technicians to clear a backlog?",
         "subcontracted technicians"),
        ("Should we NOT bother with a Pre-Submission meeting and just file the 510(k)?",
         "a Pre-Submission meeting"),
        ("FDA told us bench testing is enough. Can we now skip clinical data for the 510(k)?",
         "clinical data"),
        ("Should we send premium customers a monthly newsletter about their service record?",
         "a monthly newsletter"),
        ("Which pathway should the new glucose monitor take?", ""),
    ],
)  # fmt: skip
def test_what_a_question_asks_is_what_its_verb_acts_on(question: str, asked: str) -> None:
    assert asked_object(question) == asked


UNFINISHED = (
    "Design verification on the battery module still has about six weeks to run. Should we "
    "submit the 510(k) next month anyway and send the remaining test reports once FDA asks "
    "for them?"
)


def test_work_the_case_says_is_unfinished_is_what_the_proposal_comes_before() -> None:
    # cold try c18-r18, #8: "still has six weeks to run … anyway" is submitting before it ends
    assert with_unfinished_work(UNFINISHED).endswith(
        "Should we submit the 510(k) next month anyway before design verification on the "
        "battery module is complete and send the remaining test reports once FDA asks for them?"
    )
    assert with_unfinished_work("The usability study is still running. Can we file now?") == (
        "The usability study is still running. Can we file now before the usability study is "
        "complete?"
    )
    assert with_unfinished_work("Should we submit?") == "Should we submit?"
    # cold try c18-r20, #10: what the proposal would finish afterwards is not finished now
    assert (
        with_unfinished_work(
            "Should we submit the 510(k) now and complete the design history file while FDA "
            "reviews it?"
        )
        == "Should we submit the 510(k) now before the design history file is complete?"
    )


def test_the_expert_whose_condition_is_unfinished_opposes_and_a_general_view_does_not_side(
    experts: dict[str, ExpertProfile],
) -> None:
    assert _leaning(experts, "quality_expert", UNFINISHED).position.stance is Stance.OPPOSE
    # "I support a 510(k) when the predicate is strong" says nothing of submitting it first
    clinical = _leaning(experts, "clinical_expert", UNFINISHED).position
    assert clinical.stance is not Stance.SUPPORT


def test_an_option_the_question_offers_is_no_word_of_its_case(
    experts: dict[str, ExpertProfile],
) -> None:
    # cold try c18-r19, #2: "need a PMA" shares only "PMA" with a question that offers one;
    # the case it states (no predicate, low risk) is De Novo's
    question = (
        "Nothing like our low-risk home sleep monitor is on the US market yet. Should we go "
        "for a 510(k), a De Novo or a PMA?"
    )
    options = ("510(k)", "De Novo", "PMA")
    assert _leaning(experts, "fda_expert", question, options).position.option == "De Novo"
    # nor is a word of the expert's whole field ("device"): "Class III devices … need a PMA"
    # is not a moderate-risk device's case (cold try c18-r20, #2), but a Class III one's
    moderate = (
        "No cleared device shares our wearable sleep monitor's intended use, and we think its "
        "risks are moderate. Should we take the De Novo route or a PMA?"
    )
    chosen = _leaning(experts, "fda_expert", moderate, ("De Novo", "PMA")).position.option
    assert chosen == "De Novo"
    class_three = "Our implant is a Class III device. Should we file a 510(k) or a PMA?"
    assert _leaning(experts, "fda_expert", class_three, ("510(k)", "PMA")).position.option == "PMA"


@pytest.mark.parametrize(
    ("question", "joined"),
    [
        (
            "We plan 11-hour shifts. Is that allowed under our overtime rules?",
            "We plan 11-hour shifts, is that allowed under our overtime rules?",
        ),
        # a question of its own after a case is left alone
        (
            "We plan 11-hour shifts. Should we pay them overtime?",
            "We plan 11-hour shifts. Should we pay them overtime?",
        ),
    ],
)
def test_a_question_of_what_the_sentence_before_states_is_asked_of_it(
    question: str, joined: str
) -> None:
    assert with_case_referred_to(question) == joined


@pytest.mark.parametrize("agent_id", ["safety_expert", "operations_expert"])
def test_a_shift_stated_before_is_that_allowed_is_checked_against_the_limit(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    # cold try c18-r21, #2
    question = (
        "To get through the backlog faster we'd like to roster the technicians on 11-hour "
        "shifts Monday to Thursday. Is that allowed under our overtime rules?"
    )
    position = _leaning(experts, agent_id, question).position
    assert position.stance is Stance.OPPOSE
    assert "11 hours a shift is more than the 10 they allow" in position.summary


def test_an_it_that_stands_for_what_follows_refers_to_nothing_said_before() -> None:
    question = (
        "Our device adds a new indication for use. Is it a mistake to file the 510(k) without "
        "clinical data?"
    )
    assert with_case_referred_to(question) == question


@pytest.mark.parametrize(
    ("question", "stance"),
    [
        ("Can a technician drive for three hours straight to reach a site without stopping?",
         Stance.OPPOSE),
        ("Can a technician drive for 3 hours non-stop?", Stance.OPPOSE),
    ],
)  # fmt: skip
def test_driving_without_stopping_is_driving_without_a_break(
    experts: dict[str, ExpertProfile], question: str, stance: Stance
) -> None:
    # "Driving for more than 2 hours without a break is not allowed": the rule says the same
    # "without a break" the question does, so it is no rule of a case the question denies.
    position = _leaning(experts, "safety_expert", question).position
    assert position.stance is stance
    assert "Driving for more than 2 hours without a break" in position.summary


def test_straight_away_is_at_once_not_without_a_break() -> None:
    question = "Should we file the 510(k) straight away to save the 70 days?"
    assert with_breaks_named(question) == question


# Cold try c18-r22: "Wouldn't it be wrong to …" asks what "Would it be wrong to …" does;
# working Saturdays is weekend overtime, requiring everyone to makes it mandatory, and a field
# technician is a technician.
SATURDAYS = "Should we require every field technician to work Saturdays for the next month?"


def test_wouldnt_it_be_wrong_asks_the_proposals_opposite() -> None:
    question = (
        "Wouldn't it be wrong to require every field technician to work Saturdays for the "
        "next month to shrink the ticket queue?"
    )
    reading = read_question(question)
    assert reading.sign == -1
    assert reading.proposal.startswith("Should we require every field technician")


@pytest.mark.parametrize(
    ("agent_id", "stance"),
    [
        ("safety_expert", Stance.OPPOSE),
        ("finance_expert", Stance.OPPOSE),
        ("operations_expert", Stance.SUPPORT),
    ],
)
def test_required_saturday_work_is_mandatory_weekend_overtime(
    experts: dict[str, ExpertProfile], agent_id: str, stance: Stance
) -> None:
    assert _leaning(experts, agent_id, SATURDAYS).position.stance is stance


@pytest.mark.parametrize(
    "question",
    [
        "Is it sensible to send the 510(k) to FDA now, two months ahead of plan, even though "
        "design verification testing is not finished?",
        "Should we submit the 510(k) now, although design verification is not finished?",
    ],
)
def test_work_the_asking_sentence_concedes_unfinished_comes_first(
    experts: dict[str, ExpertProfile], question: str
) -> None:
    assert "before design verification" in with_unfinished_work(question)
    assert _leaning(experts, "quality_expert", question).position.stance is Stance.OPPOSE


@pytest.mark.parametrize(
    "question",
    [
        "Should we hold off on applying for a Category III CPT code until Medicare has issued a "
        "coverage decision for the device?",
        "Should we delay the Category III code application until Medicare coverage is decided?",
    ],
)
def test_putting_off_what_the_documents_do_at_once_is_opposed(
    experts: dict[str, ExpertProfile], question: str
) -> None:
    # "I support applying for a Category III code as soon as the device is cleared"
    position = _leaning(experts, "reimbursement_expert", question).position
    assert position.stance is Stance.OPPOSE


def test_waiting_given_up_is_not_put_off(experts: dict[str, ExpertProfile]) -> None:
    question = (
        "Would it be a mistake to apply for a Category III CPT code right after clearance, "
        "instead of waiting until we qualify for a Category I code?"
    )
    position = _leaning(experts, "reimbursement_expert", question).position
    assert position.stance is Stance.OPPOSE


def test_work_left_unfinished_with_the_proposal_comes_first(
    experts: dict[str, ExpertProfile],
) -> None:
    # cold try c18-r23, #7
    question = (
        "Is it fine to file the 510(k) now, with design verification still unfinished, so that "
        "we can announce clearance at the trade show?"
    )
    assert "now before design verification is complete" in with_unfinished_work(question)
    assert _leaning(experts, "quality_expert", question).position.stance is Stance.OPPOSE


def test_should_we_approve_it_asks_of_the_request_before() -> None:
    # cold try c18-r23, #8: the 14 overtime hours were in the sentence before
    question = (
        "Dispatch wants a technician to work 14 overtime hours this week. Should we approve it?"
    )
    assert with_case_referred_to(question) == (
        "Dispatch wants a technician to work 14 overtime hours this week, should we approve it?"
    )


# Cold try c18-r23 (#2): a Q-Sub is what the documents call a Pre-Submission; the clinical
# expert's documents never name the Q-Submission program, yet speak of Pre-Submissions.
@pytest.mark.parametrize(
    ("question", "stance"),
    [
        ("Is a Q-Sub worth it before we file the 510(k)?", Stance.SUPPORT),
        ("Should we skip the Q-Sub and file the 510(k) right away?", Stance.OPPOSE),
    ],
)
@pytest.mark.parametrize("agent_id", ["fda_expert", "clinical_expert"])
def test_a_q_sub_is_a_pre_submission(
    experts: dict[str, ExpertProfile], agent_id: str, question: str, stance: Stance
) -> None:
    position = _leaning(experts, agent_id, question).position
    assert not position.abstain
    assert position.stance is stance


# Cold try c18-r23 (#8): hours "put in" "on top of" a regular schedule are overtime hours worked
# over it, and what Dispatch "wants" frames the request; none of these words is a subject an
# expert's documents must name.
MARIA = (
    "Dispatch wants Maria to put in 14 overtime hours this week on top of her regular schedule. "
    "Should we approve it?"
)


@pytest.mark.parametrize("agent_id", ["safety_expert", "operations_expert"])
def test_overtime_put_in_on_top_of_a_schedule_meets_the_weekly_cap(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    position = _leaning(experts, agent_id, MARIA).position
    assert position.stance is Stance.OPPOSE
    assert "12" in position.summary


def test_an_abstention_names_no_word_of_the_requests_framing(
    experts: dict[str, ExpertProfile],
) -> None:
    reason = _leaning(experts, "finance_expert", MARIA).position.reason or ""
    for framing in ('"put"', '"top"', "wants"):
        assert framing not in reason


# Cold try c18-r23 (#10): a section's heading says what its statements are about; "Keeping
# customers informed" holds the advice on keeping a premium customer informed.
def test_advice_is_read_under_its_sections_heading(experts: dict[str, ExpertProfile]) -> None:
    question = (
        "How should we keep a premium customer informed while its urgent ticket is escalated?"
    )
    position = _leaning(experts, "customer_expert", question).position
    assert not position.abstain
    assert "update the customer at least every 2 hours" in position.summary


# Cold try c18-r24 (#5): supporting two options is choosing neither; the customer expert backs
# targeted overtime, and weekend overtime when the backlog is large, and chose the first only
# because its view of it was held more firmly.
def test_an_expert_backing_every_option_chooses_none(experts: dict[str, ExpertProfile]) -> None:
    question = (
        "Our backlog is now four weeks of work. Should we go with targeted voluntary overtime "
        "or mandatory weekend overtime for everyone?"
    )
    options = ("targeted voluntary overtime", "mandatory weekend overtime for everyone")
    position = _leaning(experts, "customer_expert", question, options).position
    assert position.option is None
    assert position.summary.startswith("My documents back each of the options")
    assert "[customer_expert/1#6]" in position.summary


def test_of_two_backed_options_the_one_whose_topic_the_case_names_leads(
    experts: dict[str, ExpertProfile],
) -> None:
    # "our premium urgent backlog" names targeted overtime's topic ("urgent backlog")
    question = (
        "Our premium urgent backlog is at three weeks. To clear it, which should we use: "
        "targeted overtime for the technicians with the needed skills, or mandatory Saturday "
        "overtime for every technician?"
    )
    options = (
        "targeted overtime for the technicians with the needed skills",
        "mandatory Saturday overtime for every technician",
    )
    position = _leaning(experts, "customer_expert", question, options).position
    assert position.option == options[0]


# Cold try c18-r24 (#1): a view held in a case the question rules out ("I support a 510(k)
# when the predicate is strong", of a device with no cleared device of the same intended use)
# is never said to hold in a case the asker did not state.
def test_a_view_in_a_case_ruled_out_is_not_said_to_be_unstated(
    experts: dict[str, ExpertProfile],
) -> None:
    question = (
        "Our new wound-monitoring patch has no cleared device with the same intended use on the "
        "market. Which route should we take to the US market?"
    )
    position = _leaning(experts, "clinical_expert", question, ("De Novo", "510(k)")).position
    assert position.option is None
    assert "you do not state" not in position.summary


# Cold try c18-r25 (#1, #9): a device already cleared or on the market is what the documents
# call a predicate, and "the same use" is the same intended use.
@pytest.mark.parametrize(
    ("question", "options", "expected"),
    [
        (
            "Our new finger-clip oxygen sensor is meant for exactly the same use as one that is "
            "already cleared and sold in the US. Should we file a 510(k) for it?",
            (),
            Stance.SUPPORT,
        ),
        (
            "Nothing like our wearable monitor is on the market yet, and its risk is moderate. "
            "Which route fits it?",
            ("De Novo", "PMA"),
            "De Novo",
        ),
    ],
)
def test_a_cleared_device_is_a_predicate(
    experts: dict[str, ExpertProfile],
    question: str,
    options: tuple[str, ...],
    expected: Stance | str,
) -> None:
    position = _leaning(experts, "fda_expert", question, options).position
    assert (position.option or position.stance) == expected
    assert "predicate" in position.summary


def test_our_own_cleared_device_is_no_predicate() -> None:
    question = "Can we expand the indications of our cleared device?"
    assert in_documents_terms(question) == question


# Cold try c18-r25 (#2): being four weeks behind is a backlog of four weeks, which the
# operations expert's rule for more than three weeks decides; "clear the backlog" is what both
# options are for, so it picks neither of the customer expert's backed options.
BEHIND = (
    "We are four weeks behind on service tickets. Should we clear it with targeted voluntary "
    "overtime, or make the whole team work weekends?"
)
BEHIND_OPTIONS = ("targeted voluntary overtime", "mandatory weekend overtime for the whole team")


def test_weeks_behind_is_a_backlog_of_weeks(experts: dict[str, ExpertProfile]) -> None:
    position = _leaning(experts, "operations_expert", BEHIND, BEHIND_OPTIONS).position
    assert position.option == BEHIND_OPTIONS[1]
    assert "For a backlog of more than three weeks" in position.summary
    customer = _leaning(experts, "customer_expert", BEHIND, BEHIND_OPTIONS).position
    assert customer.option is None


# Cold try c18-r26 (#2, #5, #9): making everyone come in on Saturdays is mandatory weekend
# overtime; weeks of open work are a backlog of weeks; options are read in the documents'
# terms ("send it in now" is submitting it now, "hold it until verification is done" is
# submitting once it is complete) and answered in the asker's labels.
def test_making_everyone_come_in_on_saturdays_is_mandatory_weekend_overtime(
    experts: dict[str, ExpertProfile],
) -> None:
    question = (
        "Is it a bad idea to make every technician come in on Saturdays for the next month? Our "
        "backlog is about four weeks deep."
    )
    assert _leaning(experts, "safety_expert", question).position.stance is Stance.SUPPORT
    assert _leaning(experts, "finance_expert", question).position.stance is Stance.SUPPORT
    assert _leaning(experts, "operations_expert", question).position.stance is Stance.OPPOSE


def test_two_weeks_of_open_work_is_no_backlog_for_subcontractors(
    experts: dict[str, ExpertProfile],
) -> None:
    question = (
        "We are sitting on roughly two weeks of open work, and most of it is urgent tickets from "
        "our premium customers. What should we lean on to get through it: targeted overtime, "
        "weekend overtime for everyone, or subcontractors?"
    )
    options = ("targeted overtime", "weekend overtime for everyone", "subcontractors")
    position = _leaning(experts, "operations_expert", question, options).position
    assert position.option == "targeted overtime"


def test_options_are_read_in_the_documents_terms_and_answered_in_the_askers(
    experts: dict[str, ExpertProfile],
) -> None:
    question = (
        "Design verification won't be finished for another two months. Do we send the 510(k) in "
        "now to save time, or hold it until verification is done?"
    )
    options = ("send it in now", "hold it until verification is done")
    position = _leaning(experts, "quality_expert", question, options).position
    assert position.option == "hold it until verification is done"
    assert '"hold it until verification is done"' in position.summary
    assert in_documents_terms("Should we send the technician to the site?") == (
        "Should we send the technician to the site?"
    )


@pytest.mark.parametrize(
    "question",
    ["Should we send the crew in on Sunday?", "Can we hold the order until the part is done?"],
)
def test_only_a_filing_is_sent_in_or_held_for_its_work(question: str) -> None:
    # sending people in, or holding an order for a part, is no submission
    assert in_documents_terms(question) == question
