"""Specification: an expert never takes a side or option that the passage it quotes, or the
question as asked, contradicts (cold try c18-r10: a negated question whose stance was read
the wrong way round, an option label matched while its view's condition was the other option,
a view on the question's stated case read as one on what it asks)."""

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.offline import compose_turn
from tests.experts.leanings import leaning

CAT_III_MISTAKE = (
    "Would it be a mistake to apply for a Category III CPT code right after clearance, instead "
    "of waiting until we qualify for a Category I code?"
)
DIRECT = (
    "file the 510(k) directly",
    "waiting 70 days for Pre-Submission feedback from FDA",
)
DIRECT_QUERY = (
    "Should we file the 510(k) directly instead of waiting 70 days for Pre-Submission feedback "
    "from FDA on our predicate choice?"
)
BENCH_ALONE = (
    "Our predicate was itself cleared with clinical data, and our device uses the same "
    "technology. Can we submit our 510(k) on bench testing alone?"
)
PATCH = (
    "Our wearable ECG patch has the same intended use as a patch cleared in 2019, but it uses a "
    "new dry-electrode material. Should we file a 510(k) or a De Novo request?"
)


def test_a_view_for_what_a_negated_question_proposes_opposes_the_question(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support applying for a Category III code as soon as the device is cleared": it is no
    # mistake. The topic's name "a new CPT code" names both sides of the trade.
    position = leaning(experts, "reimbursement_expert", CAT_III_MISTAKE).position
    assert position.stance is Stance.OPPOSE


def test_documents_that_never_name_what_a_prepositional_verb_acts_on_abstain(
    experts: dict[str, ExpertProfile],
) -> None:
    # "apply for a Category III CPT code": the quality documents never speak of codes, nor
    # do the FDA ones, whose "product code" and "Class III" share only a word and a numeral.
    for agent_id in ("quality_expert", "fda_expert"):
        assert leaning(experts, agent_id, CAT_III_MISTAKE).position.abstain, agent_id


def test_a_view_whose_condition_is_the_other_option_backs_that_option(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support a 510(k) when the predicate is strong, with a Pre-Submission first" is no
    # view for filing directly instead of waiting for the Pre-Submission.
    for agent_id in ("clinical_expert", "fda_expert"):
        position = leaning(experts, agent_id, DIRECT_QUERY, DIRECT).position
        assert position.option == DIRECT[1], agent_id


def test_a_view_on_the_stated_case_is_none_on_what_is_asked(
    experts: dict[str, ExpertProfile],
) -> None:
    # "… so I would not plan a clinical study": the question proposes no clinical study; the
    # clinical data are the predicate's, in the case it states.
    position = leaning(experts, "fda_expert", BENCH_ALONE).position
    assert position.stance is Stance.SUPPORT
    clinical = leaning(experts, "clinical_expert", BENCH_ALONE)
    assert clinical.decided and clinical.position.stance is Stance.OPPOSE


def test_documents_with_a_view_on_one_option_keep_their_vote(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support a 510(k) when the predicate is strong": no view for this case, but a vote
    # that says so, not "say nothing of 'De Novo'".
    position = leaning(experts, "clinical_expert", PATCH, ("510(k)", "De Novo")).position
    assert not position.abstain
    assert position.option is None
    assert "I support a 510(k) when the predicate is strong" in position.summary


def test_a_default_resting_on_what_the_question_denies_is_not_taken(
    experts: dict[str, ExpertProfile],
) -> None:
    # "… for our predicate comparison" of a device with no predicate at all.
    query = (
        "No legally marketed predicate exists for our wearable sleep apnea monitor. Should we "
        "file a De Novo request instead of a 510(k)?"
    )
    position = leaning(experts, "clinical_expert", query, ("De Novo request", "510(k)")).position
    assert position.option != "510(k)"


def test_a_figures_answer_counts_the_documents_subjects_as_the_askers_patients(
    experts: dict[str, ExpertProfile],
) -> None:
    query = (
        "How many patients should the clinical study behind our 510(k) enrol, and how much "
        "should we budget for it?"
    )
    summary = leaning(experts, "clinical_expert", query).position.summary
    assert "enrol 30 to 150 subjects" in summary
    assert "1 to 3 million dollars" in summary


def test_a_part_of_a_compound_word_names_no_topic(experts: dict[str, ExpertProfile]) -> None:
    # "Pre-Submission" is not the "submission" keyword of the quality expert's 510(k) topic:
    # its view on the 510(k) ("provided design verification is complete") favours neither.
    position = leaning(experts, "quality_expert", DIRECT_QUERY, DIRECT).position
    assert position.option is None and not position.abstain


def test_a_turn_on_a_negated_question_says_what_its_side_means_for_the_proposal(
    experts: dict[str, ExpertProfile],
) -> None:
    request = TurnRequest("reimbursement_expert", TurnKind.POSITION, 1, "")
    text = compose_turn(experts["reimbursement_expert"], CAT_III_MISTAKE, request).text
    assert text.startswith(
        "As the Market Access Lead, I oppose it, so I am for the proposal: apply for a Category "
        "III CPT code right after clearance"
    )


CREDITS = "Should we pay premium customers service credits instead of fixing the root cause?"
CREDIT_OPTIONS = ("pay premium customers service credits", "fixing the root cause")


def test_a_default_against_a_trade_chooses_what_the_trade_gives_up(
    experts: dict[str, ExpertProfile],
) -> None:
    # "Credits and goodwill help only when they come with a fix, never instead of one" is no
    # leaning for paying credits instead of a fix.
    position = leaning(experts, "customer_expert", CREDITS, CREDIT_OPTIONS).position
    assert position.option == "fixing the root cause"


def test_a_view_naming_an_options_word_in_a_qualifier_is_no_view_on_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support targeted overtime for urgent premium work" is a view on overtime.
    position = leaning(experts, "finance_expert", CREDITS, CREDIT_OPTIONS).position
    assert position.option != CREDIT_OPTIONS[0]
