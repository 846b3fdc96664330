"""Specification of BM25 search over chunks."""

import pytest

from agentstream.retrieval.bm25 import (
    DEFAULT_MIN_SCORE,
    Bm25Index,
    SearchHit,
    named_titles,
    names_the_same,
    tokenize,
    variant_of,
)
from agentstream.retrieval.chunking import Chunk


def chunk(n: int, text: str, title: str = "Doc", section: str = "") -> Chunk:
    return Chunk(f"doc#{n}", "doc", title, section, text)


# --- tokenizer ---------------------------------------------------------------------------


def test_tokenize_drops_stop_words_and_punctuation() -> None:
    assert tokenize("What are the overtime rules?") == ["overtime", "rule"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("rules", "rule"),
        ("policies", "policy"),
        ("processes", "process"),
        ("boxes", "box"),
        ("hours", "hour"),
        ("overtime", "overtime"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("gas", "gas"),
        ("24", "24"),
    ],
)
def test_tokenize_strips_plural_endings_only(word: str, stem: str) -> None:
    assert tokenize(word) == [stem]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # a hyphenated word is also indexed closed, as people type it
        ("emergency call-outs", ["emergency", "call", "out", "callout"]),
        # a phrase policies write otherwise is read as they write it, hyphen and all
        ("who gives sign-off?", ["give", "approve"]),
        ("a doctors note", ["doctor", "certificate"]),
        # a negated verb is a verb and "not", typed with its apostrophe or without
        ("I don't, I cant", []),
    ],
)
def test_tokenize_reads_questions_as_policies_write(text: str, terms: list[str]) -> None:
    assert tokenize(text) == terms


def test_tokenize_splits_on_non_alphanumerics() -> None:
    assert tokenize("Lockout/tagout: 8 cal/cm²") == ["lockout", "tagout", "8", "cal", "cm"]


# --- index behaviour ---------------------------------------------------------------------


def test_other_names_of_vacation_read_as_vacation() -> None:
    assert tokenize("Annual leave, PTO and paid time off") == ["vacation"] * 3


def test_a_rule_for_employees_answers_for_technicians() -> None:
    assert names_the_same("technician", "employee")
    assert not names_the_same("employee", "technician")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("what does our expenses policy say about work orders", {"Travel and Expenses Policy"}),
        ("what does the SLA say about urgent tickets", {"Service Level Agreement"}),
        ("how much travel time is paid", set()),  # a title's word alone names no document
    ],
)
def test_a_question_names_a_document_by_its_title_and_kind(question: str, named: set[str]) -> None:
    titles = ["Travel and Expenses Policy", "Service Level Agreement", "Leave Policy"]
    assert named_titles(question, titles) == named


def test_empty_index_returns_nothing() -> None:
    assert Bm25Index([]).search("overtime") == []


def test_index_of_stop_words_only_returns_nothing() -> None:
    index = Bm25Index([chunk(1, "The and of it.", title="", section="")])
    assert index.search("the") == []


def test_query_without_known_terms_returns_nothing() -> None:
    index = Bm25Index([chunk(1, "Vans are parked at the depot."), chunk(2, "Wear boots.")])
    assert index.search("What is the capital of France?") == []
    assert index.search("") == []


def test_hits_are_sorted_by_score_and_limited_to_k() -> None:
    chunks = [
        chunk(1, "Boots are required."),
        chunk(2, "Vans vans vans and more vans."),
        chunk(3, "Park the van at the depot."),
        chunk(4, "Gloves are required."),
    ]
    hits = Bm25Index(chunks).search("van", k=1, min_score=0)
    assert [h.chunk.chunk_id for h in hits] == ["doc#2"]
    hits = Bm25Index(chunks).search("van", k=10, min_score=0)
    assert [h.chunk.chunk_id for h in hits] == ["doc#2", "doc#3"]
    assert hits[0].score > hits[1].score > 0


def test_equal_scores_keep_index_order() -> None:
    chunks = [chunk(1, "Gloves."), chunk(2, "Boots."), chunk(3, "Boots."), chunk(4, "Hats.")]
    hits = Bm25Index(chunks).search("boots", k=4, min_score=0)
    assert [h.chunk.chunk_id for h in hits] == ["doc#2", "doc#3"]
    assert hits[0].score == hits[1].score


def test_non_positive_k_returns_nothing() -> None:
    assert Bm25Index([chunk(1, "Boots."), chunk(2, "Gloves.")]).search("boots", k=0) == []


def test_title_and_section_words_are_searchable() -> None:
    chunks = [
        chunk(1, "Ask your manager first.", title="Leave Policy", section="Vacation"),
        chunk(2, "Wear a helmet.", title="Safety", section="Helmets"),
    ]
    hits = Bm25Index(chunks).search("vacation", min_score=0)
    assert [h.chunk.chunk_id for h in hits] == ["doc#1"]


def test_single_chunk_index_still_finds_its_chunk() -> None:
    only = chunk(1, "Overtime is paid at 1.5 times the base rate.")
    assert Bm25Index([only]).search("overtime") == [SearchHit(only, pytest.approx(1.0), 1.0)]


def test_a_hit_says_whether_it_states_the_query_words_in_one_sentence() -> None:
    apart = chunk(1, "Working time includes travel. The commute from home does not count.")
    together = chunk(2, "Working from home is allowed on Fridays.")
    headed = chunk(3, "Fridays only.", section="Working from home")
    index = Bm25Index([apart, together, headed, chunk(4, "Boots."), chunk(5, "Gloves.")])
    hits = {h.chunk.chunk_id: h for h in index.search("working home", min_score=0)}
    assert not hits["doc#1"].together, "two sentences do not speak of working from home"
    assert hits["doc#2"].together
    assert hits["doc#3"].together, "a heading belongs to every sentence under it"


def test_min_score_filters_weak_hits() -> None:
    chunks = [chunk(1, "Overtime rules."), chunk(2, "Boots."), chunk(3, "Gloves.")]
    index = Bm25Index(chunks)
    (hit,) = index.search("overtime", min_score=0)
    assert index.search("overtime", min_score=hit.score) == []
    assert index.search("overtime", min_score=hit.score - 0.01) == [hit]


# --- the shipped policy documents --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [
        ("What are the overtime rules?", "overtime"),
        ("How fast must we respond to an urgent ticket for a premium customer?", "sla"),
        ("What PPE is required?", "safety"),
        ("How do I request vacation?", "leave"),
        ("Can I take the company van home?", "vehicles"),
        ("A customer wants to escalate a complaint", "escalation"),
    ],
)
def test_policy_question_ranks_its_document_first(
    policy_index: Bm25Index, query: str, doc_id: str
) -> None:
    hits = policy_index.search(query)
    assert hits, query
    assert hits[0].chunk.doc_id == doc_id
    assert hits[0].score > 1.5 * DEFAULT_MIN_SCORE


def test_sla_question_finds_the_targets_table(policy_index: Bm25Index) -> None:
    hits = policy_index.search("response time urgent premium", k=4)
    assert "sla#4" in [h.chunk.chunk_id for h in hits]
    assert hits[0].chunk.section in {"", "Response and resolution targets", "Definitions"}


def test_unrelated_question_returns_nothing(policy_index: Bm25Index) -> None:
    assert policy_index.search("What is the capital of France?") == []


def test_question_sharing_only_ubiquitous_words_scores_below_threshold(
    policy_index: Bm25Index,
) -> None:
    # "policy" appears in nearly every chunk, so matching it is no evidence of relevance.
    weak = policy_index.search("policy", k=50, min_score=0)
    assert len(weak) > 10
    assert max(h.score for h in weak) < DEFAULT_MIN_SCORE
    assert policy_index.search("policy") == []


def test_search_returns_at_most_k_hits(policy_index: Bm25Index) -> None:
    assert len(policy_index.search("customer technician", k=3, min_score=0)) == 3
    assert len(policy_index) > 30


# --- coverage --------------------------------------------------------------------------------


def test_coverage_is_the_share_of_the_query_a_chunk_contains() -> None:
    chunks = [chunk(1, "Drone flights are cancelled in rain."), chunk(2, "Vans stay at the depot.")]
    [hit] = Bm25Index(chunks).search("When are drone flights cancelled?")
    assert hit.coverage == pytest.approx(1.0)


def test_a_word_no_chunk_contains_lowers_coverage_like_a_distinctive_word() -> None:
    chunks = [chunk(1, "Technicians of each region take turns."), chunk(2, "Vans stay.")]
    [hit] = Bm25Index(chunks).search("How many technicians are in the Atlantis region?")
    assert hit.coverage == pytest.approx(2 / 3)


def test_words_that_only_shape_the_question_do_not_count() -> None:
    chunks = [chunk(1, "Vans are serviced every 12 months."), chunk(2, "Boots.")]
    [hit] = Bm25Index(chunks).search("How often are vans serviced? Please tell me")
    assert hit.coverage == pytest.approx(1.0)


def test_a_word_the_index_lacks_matches_its_other_forms() -> None:
    chunks = [chunk(1, "Log every complaint on the ticket."), chunk(2, "Vans stay at the depot.")]
    [hit] = Bm25Index(chunks).search("what if a customer complains")
    assert hit.chunk.chunk_id == "doc#1"
    assert hit.coverage == pytest.approx(1 / 2)  # "complains" found, "customer" not


@pytest.mark.parametrize(
    ("word", "other", "same"),
    [
        ("complain", "complaint", True),
        ("refuse", "refusal", True),
        ("escalating", "escalation", True),
        ("request", "requested", True),
        ("vehicle", "vehemently", False),
        ("overtime", "overtake", False),
        ("van", "vans", False),  # too short to tell a form from another word
    ],
)
def test_variants_share_a_stem_and_differ_by_a_short_ending(
    word: str, other: str, same: bool
) -> None:
    assert variant_of(word, other) is same


def test_a_weekend_is_found_as_the_days_it_names() -> None:
    chunks = [chunk(1, "Work on Saturday is paid at 1.5x."), chunk(2, "Vans stay at the depot.")]
    [hit] = Bm25Index(chunks).search("weekend work")
    assert hit.chunk.chunk_id == "doc#1" and hit.coverage == pytest.approx(1.0)


def test_a_word_the_index_has_is_not_widened_to_its_other_forms() -> None:
    chunks = [chunk(1, "Submit the request."), chunk(2, "Leave requested late.")]
    hits = Bm25Index(chunks).search("request")
    assert [hit.chunk.chunk_id for hit in hits] == ["doc#1"]


def test_a_title_acronym_finds_the_document() -> None:
    chunks = [chunk(1, "Urgent tickets first.", title="Service Level Agreement"), chunk(2, "Vans.")]
    [hit] = Bm25Index(chunks).search("SLA")
    assert hit.chunk.chunk_id == "doc#1"


# --- incremental index -------------------------------------------------------------------


def _hits(index: Bm25Index, query: str) -> list[tuple[str, float, float]]:
    return [(h.chunk.chunk_id, h.score, h.coverage) for h in index.search(query, k=50)]


QUERIES = [
    "overtime rules",
    "how many hours of overtime per week",
    "safety gloves lockout",
    "response time for urgent priority",
    "vehicle maintenance policy policy",
    "escalation to a manager",
    "nothing matches this zebra",
]


@pytest.mark.parametrize("query", QUERIES)
def test_scores_equal_rank_bm25_okapi(policy_chunks: list[Chunk], query: str) -> None:
    from rank_bm25 import BM25Okapi

    from agentstream.retrieval.bm25 import _idf, analyze

    corpus = [
        [term for term, n in zip(analyze(c).terms, analyze(c).counts) for _ in range(n)]
        for c in policy_chunks
    ]
    reference = BM25Okapi(corpus)
    frequency = {t: sum(t in doc for doc in corpus) for doc in corpus for t in doc}
    reference.idf = {t: _idf(len(corpus), n) for t, n in frequency.items()}
    terms = [t for t in tokenize(query) if t in frequency]
    expected = [float(s) / _idf(len(corpus), 1) for s in reference.get_scores(terms)]
    hits = Bm25Index(policy_chunks).search(query, k=len(policy_chunks), min_score=0)
    ranked = sorted(range(len(expected)), key=lambda i: (-expected[i], i))
    wanted = [(policy_chunks[i].chunk_id, expected[i]) for i in ranked if expected[i] > 0]
    assert [h.chunk.chunk_id for h in hits] == [chunk_id for chunk_id, _ in wanted]
    assert [h.score for h in hits] == pytest.approx([score for _, score in wanted], rel=1e-12)


def test_adding_documents_one_by_one_equals_indexing_them_at_once(
    policy_chunks: list[Chunk],
) -> None:
    from agentstream.retrieval.bm25 import analyze

    incremental = Bm25Index()
    for c in policy_chunks:
        incremental.add(analyze(c))
    whole = Bm25Index(policy_chunks)
    for query in QUERIES:
        assert _hits(incremental, query) == _hits(whole, query)


def test_removing_a_document_equals_never_adding_it(policy_chunks: list[Chunk]) -> None:
    removed = policy_chunks[0].doc_id
    index = Bm25Index(policy_chunks)
    assert index.remove(removed)
    without = Bm25Index(c for c in policy_chunks if c.doc_id != removed)
    assert removed not in index
    assert index.titles() == without.titles()
    assert index.chunks_of(removed) == []
    for query in QUERIES:
        assert _hits(index, query) == _hits(without, query)


def test_removal_in_steps_reports_when_the_document_is_gone(policy_chunks: list[Chunk]) -> None:
    doc_id = policy_chunks[0].doc_id
    count = sum(c.doc_id == doc_id for c in policy_chunks)
    assert count > 1
    index = Bm25Index(policy_chunks)
    assert index.remove(doc_id, limit=1) is False
    assert len(index.chunks_of(doc_id)) == count - 1
    assert index.remove(doc_id, limit=count) is True
    assert doc_id not in index.document_ids()


def test_removing_every_document_leaves_an_empty_index(policy_chunks: list[Chunk]) -> None:
    index = Bm25Index(policy_chunks)
    for doc_id in index.document_ids():
        index.remove(doc_id)
    assert len(index) == 0
    assert index.search("overtime") == []
    assert index.titles() == []


def test_a_document_added_again_goes_last_in_index_order() -> None:
    from agentstream.retrieval.bm25 import analyze

    first, second = (
        Chunk("a#1", "a", "Gloves", "", "Boots."),
        Chunk("b#1", "b", "Hats", "", "Boots."),
    )
    index = Bm25Index([first, second])
    assert [h.chunk.doc_id for h in index.search("boots", min_score=0)] == ["a", "b"]
    index.remove("a")
    index.add(analyze(first))
    assert [h.chunk.doc_id for h in index.search("boots", min_score=0)] == ["b", "a"]


def test_a_hit_says_whether_it_holds_the_query_rarest_word() -> None:
    phone = chunk(1, "Complaints come by phone or to a technician on a customer site.")
    gear = chunk(2, "Personal protective equipment is worn on every customer site.")
    tools = chunk(3, "Each technician gets a personal toolkit.")
    index = Bm25Index([phone, gear, tools, chunk(4, "Customer site rules apply.")])
    hits = {h.chunk.chunk_id: h for h in index.search("phone customer site", min_score=0)}
    assert hits["doc#1"].distinctive
    assert not hits["doc#2"].distinctive, "sharing only 'customer site' is another subject"
    assert not hits["doc#4"].distinctive


def test_permission_words_are_never_the_rarest_word() -> None:
    limits = chunk(1, "Overtime may not exceed 12 hours per week.")
    rest = chunk(2, "A break is allowed after 4 hours.")
    index = Bm25Index([limits, rest, chunk(3, "Boots."), chunk(4, "Gloves.")])
    hits = {h.chunk.chunk_id: h for h in index.search("overtime allowed per week", min_score=0)}
    assert hits["doc#1"].distinctive, "'allowed' asks of the limit; it is not its subject"


def test_a_phrase_whose_rarest_word_is_said_only_in_other_phrases_is_not_spoken_of() -> None:
    van = chunk(
        1,
        "Personal use of the van is not allowed. Technicians on the on-call rota may take "
        "the van home.",
    )
    calls = chunk(2, "Personal calls are kept short while on a job.")
    others = [chunk(3, "Take boots to every job."), chunk(4, "Take gloves to every job.")]
    index = Bm25Index([van, calls, *others])
    question = "Am I allowed to take personal calls during a job?"
    assert not index.says_phrases(question, van)
    assert index.says_phrases(question, calls)
    # A passage lacking a word of the phrase does not contradict it.
    assert index.says_phrases("can I wear personal headphones?", van)


@pytest.mark.parametrize(
    ("word", "other", "same"),
    [("test", "testing", True), ("test", "tested", True), ("call", "called", True),
     ("test", "tests", False), ("pay", "paying", False), ("test", "testament", False),
     ("fix", "fixing", True), ("drive", "driving", True)],
)  # fmt: skip
def test_a_short_word_is_a_form_of_its_ing_and_ed_forms(word: str, other: str, same: bool) -> None:
    assert variant_of(word, other) is same
