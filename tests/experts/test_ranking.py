"""Specification of a council member's ranking: an abstention ranks last, however much of the
question it repeats."""

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.council import ranking_winner
from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import format_position

QUERY = "Which shift length should technicians work: 8-hour, 10-hour or 12-hour shifts?"


def test_an_abstention_ranks_last(experts: dict[str, ExpertProfile]) -> None:
    abstention = Position.abstention("my documents never speak of shift length")
    abstaining = (
        "I abstain on which shift length technicians should work, 8-hour, 10-hour or 12-hour "
        "shifts, shift length, shift technicians: my documents never speak of shift length.\n"
        f"{format_position(abstention)}"
    )
    answer = "No shift longer than 10 hours is allowed. [safety_expert/1#2]"
    visible = (
        Contribution("Response A", abstaining, abstention),
        Contribution("Response B", answer),
    )
    request = TurnRequest("finance_expert", TurnKind.RANK, 2, "", visible)
    draft = compose_turn(experts["finance_expert"], QUERY, request)
    assert draft.ranking == ("Response B", "Response A")


def test_a_reviewer_shown_one_answer_states_no_order(experts: dict[str, ExpertProfile]) -> None:
    visible = (Contribution("Response A", "No shift longer than 10 hours. [safety_expert/1#2]"),)
    request = TurnRequest("finance_expert", TurnKind.RANK, 2, "", visible)
    draft = compose_turn(experts["finance_expert"], QUERY, request)
    assert draft.ranking == ("Response A",)
    assert "I have only Response A to rank." in draft.text
    assert "in that order" not in draft.text


def test_the_chair_reads_a_one_point_winner_and_names_a_tie() -> None:

    ranking = "Peer ranking (Borda count)"
    one = [Contribution(ranking, "1. Response A: 1 point\n2. Response B: 0 points")]
    assert ranking_winner("Q?", one, {}).startswith(
        "The peer ranking puts Response A first with 1 point"
    )
    tied = [Contribution(ranking, "1. Response A: 1 point (tied)\n2. Response B: 1 point (tied)")]
    assert ranking_winner("Q?", tied, {}) == (
        "The peer ranking names no single best answer: Response A and Response B tie with 1 point."
    )


def test_a_synthesis_with_no_votes_says_so(experts: dict[str, ExpertProfile]) -> None:
    request = TurnRequest("fda_expert", TurnKind.SYNTHESIS, 2, "", ())
    text = compose_turn(experts["fda_expert"], QUERY, request).text
    assert "no member voted" in text
    assert "0 of 0" not in text


def test_a_reviewer_ranks_below_the_others_an_answer_its_own_case_rule_rules_out(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r10: the clinical reviewer, whose own passage decides that a predicate
    # cleared with clinical data calls for clinical data, ranked first the most detailed
    # answer for bench testing alone.
    query = (
        "Our predicate was itself cleared with clinical data, and our device uses the same "
        "technology. Can we submit our 510(k) on bench testing alone?"
    )
    detailed = Position(Stance.SUPPORT, 0.75, "Most 510(k)s are cleared on bench data.")
    supporting = (
        "Most 510(k)s are cleared on non-clinical evidence: bench performance testing against "
        "the predicate, biocompatibility to ISO 10993, electrical safety and electromagnetic "
        "compatibility, software documentation, sterilization and shelf-life data. [a passage]\n"
        f"{format_position(detailed)}"
    )
    payer = Position(Stance.OPPOSE, 0.7, "Payers want outcomes data.")
    opposing = f"Bench data rarely satisfy a payer. [a passage]\n{format_position(payer)}"
    visible = (
        Contribution("Response A", supporting, detailed),
        Contribution("Response B", opposing, payer),
    )
    request = TurnRequest("clinical_expert", TurnKind.RANK, 2, "", visible)
    draft = compose_turn(experts["clinical_expert"], query, request)
    assert draft.ranking == ("Response B", "Response A")


def test_the_answer_to_the_question_ranks_above_a_longer_one_about_something_else(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r14, #5: a Special 510(k) passage, long and full of the ranker's words,
    # ranked above the one answer on filing before design verification is finished.
    query = "Should we submit the 510(k) before design verification is finished, to gain weeks?"
    elsewhere = (
        "A change to our own cleared device, such as a new material or a design change that "
        "keeps the intended use, can go through a Special 510(k), which FDA aims to review "
        "within 30 days. FDA first runs an acceptance review against the Refuse to Accept "
        "checklist within 15 calendar days, and an incomplete file is put on hold before the "
        "substantive review even starts."
    )
    on_point = (
        "I oppose submitting early to gain a few weeks: additional information requests about "
        "missing verification cost far more time than they save. I support a 510(k) when "
        "design verification is complete and the design history file is ready for an audit."
    )
    visible = (Contribution("Response A", elsewhere), Contribution("Response B", on_point))
    request = TurnRequest("fda_expert", TurnKind.RANK, 2, "", visible)
    draft = compose_turn(experts["fda_expert"], query, request)
    assert draft.ranking == ("Response B", "Response A")


def test_the_winners_headline_is_the_reason_that_decides_its_vote() -> None:
    # Cold try c18-r15, #10: the headline of an answer against the overtime quoted its first
    # cited sentence, "a technician on the way within 2 hours", which reads as the case for it.
    reason = (
        "My own documents decide the case you state, as 9 overtime hours already plus 5 hours "
        "more make 14 overtime hours a week, more than the 12 they allow: The Overtime Policy "
        "lets each technician work up to 12 overtime hours a week [operations_expert/1#4]."
    )
    position = Position(Stance.OPPOSE, 0.8, reason)
    text = (
        "A premium customer's urgent ticket must have a technician on the way within 2 hours. "
        f"[operations_expert/1#3]\n\n{reason}\n{format_position(position)}"
    )
    visible = [
        Contribution("Response A", text, position),
        Contribution("Peer ranking (Borda count)", "1. Response A: 2 points\n2. Response B: 0"),
    ]
    query = (
        "Maria has worked 9 overtime hours this week. Can we give her another 5-hour overtime "
        "job on Friday for a premium customer's urgent ticket?"
    )
    winner = ranking_winner(query, visible, {})
    assert "up to 12 overtime hours a week" in winner
    assert "on the way within 2 hours" not in winner


def test_an_answer_that_settles_nothing_ranks_below_one_that_chooses(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r21, #3: "A PMA pivotal trial is a different scale", neutral, ranked first
    # for being specific, above the one answer that chose an option for the case.
    query = (
        "Our wearable patch has the same intended use as a cleared patch but a different "
        "sensing chemistry. Which route should we take: 510(k), De Novo or PMA?"
    )
    options = ("510(k)", "De Novo", "PMA")
    neutral = Position(Stance.NEUTRAL, 0.5, "My documents speak to it without settling it.")
    unsettled = (
        "A PMA pivotal trial is a different scale: hundreds of subjects and 2 to 4 years, at "
        "10 to 50 million dollars for 510(k), De Novo or PMA routes. [clinical_expert/2#2]\n"
        f"{format_position(neutral)}"
    )
    chosen = Position(Stance.SUPPORT, 0.8, "A predicate with the same use exists.", "510(k)")
    choosing = (
        "If a predicate with the same intended use exists, I recommend a 510(k). "
        f"[fda_expert/2#5]\n{format_position(chosen)}"
    )
    visible = (
        Contribution("Response A", unsettled, neutral),
        Contribution("Response B", choosing, chosen),
    )
    request = TurnRequest("quality_expert", TurnKind.RANK, 2, "", visible, options=options)
    draft = compose_turn(experts["quality_expert"], query, request)
    assert draft.ranking == ("Response B", "Response A")
