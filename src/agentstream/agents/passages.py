"""Which passages answer a policy question: those the search finds for it, less those that
answer another one, with first the one that sets the bound, range, gap or rate the asker's own
figures meet (it speaks of their case though it shares few of their words)."""

from collections.abc import Callable
from dataclasses import replace

from agentstream.agents.bounds import bounds_their_figures, limits_own_figures
from agentstream.agents.clauses import names_whom, whom_it_happened_to
from agentstream.agents.clock import least_gap_for
from agentstream.agents.grounding import statements
from agentstream.agents.rates import work_out_rates
from agentstream.agents.toolbox import ToolBox
from agentstream.retrieval.bm25 import SearchHit, named_titles, title_terms, tokenize


def answering_passages(
    toolbox: ToolBox,
    search_text: str,
    question: str,
    *,
    named_topic: str,
    rule_words: str,
    follow_up_words: str,
) -> list[SearchHit]:
    """The passages found for the question, less those that answer another one: a passage
    that does not mention the topic the question names for its rule ("the policy on drug
    testing"), one of a section other than the one the question names ("can sick days be
    carried over" is not answered by the vacation passage of a policy with a sick leave
    section), or one without what a follow-up adds ("and how many can be carried over?")."""
    hits = _mentioning(toolbox, _search(toolbox, search_text, question), named_topic)
    hits = [
        hit
        for hit in hits
        if not toolbox.knowledge.other_sections_named(rule_words, hit.chunk)
        and toolbox.knowledge.says_phrases(question, hit.chunk)
    ]
    happened = whom_it_happened_to(question)
    hits = [hit for hit in hits if names_whom(happened, hit.chunk.text)]
    hits = _covering_what_is_asked(toolbox, hits, search_text, rule_words)
    # a bound on what the asker's own figure counts, said of what they name, is what the passage
    # says of their case: it covers their question, in one sentence, as nothing else it says
    hits = [
        replace(hit, coverage=1.0, together=True, distinctive=True)
        if limits_case(question, hit)
        else hit
        for hit in hits
    ]
    # The answer quotes first a passage holding the question's rarest word: one sharing only
    # its commoner words is about something else.
    hits.sort(key=lambda hit: not hit.distinctive)
    return _mentioning(toolbox, hits, follow_up_words)


def _covering_what_is_asked(
    toolbox: ToolBox, hits: list[SearchHit], search_text: str, rule_words: str
) -> list[SearchHit]:
    """The passages measured against what the question asks of the rule, when it tells its
    own case too ("my grandmother passed away, how many days of bereavement leave do I get?"):
    the case finds the passage, but only what is asked need be in it."""
    asked = set(tokenize(rule_words))
    if not asked or not asked < set(tokenize(search_text)):
        return hits
    measured = {
        hit.chunk.chunk_id: hit
        for hit in toolbox.knowledge.search(rule_words, k=len(toolbox.knowledge))
    }
    return [
        replace(
            hit, coverage=again.coverage, together=again.together, distinctive=again.distinctive
        )
        if (again := measured.get(hit.chunk.chunk_id)) and again.coverage > hit.coverage
        else hit
        for hit in hits
    ]


# How many passages, best first, may hold the one that speaks of the asker's figures.
_CASE_WINDOW = 20


def _search(toolbox: ToolBox, search_text: str, question: str) -> list[SearchHit]:
    """The passages for a question; only those of the documents it names, when it names some
    ("what does our expenses policy say about work orders" is not answered by another one)."""
    named = named_titles(question, toolbox.knowledge.titles())
    if not named:
        # the passage that speaks of the asker's figures is looked for among the best few,
        # not the whole index: it shares some of their words
        found = toolbox.knowledge.search(search_text, k=max(toolbox.top_k, _CASE_WINDOW))
        return _limits_first(found, question)[: toolbox.top_k]
    # the title is how the question picks the document, not what it asks of it
    naming = set().union(*(title_terms(title) for title in named))
    topic = " ".join(word for word in tokenize(search_text) if word not in naming)
    hits = toolbox.knowledge.search(topic or search_text, k=len(toolbox.knowledge))
    return [hit for hit in hits if hit.chunk.title in named][: toolbox.top_k]


def _case_readings(question: str) -> list[Callable[[list[str]], bool]]:
    """How a passage's statements may speak of the asker's case by their figures, the most
    telling first: a limit on what they count when they ask whether it is allowed ("a shift
    may not exceed 10 hours" for "did 11 hrs today, is that allowed?"), a range one of them
    falls in ("property damage over $5,000" for a $6,200 repair), a bound on what one of them
    counts, either side of it ("hydrogen sulphide below 10 ppm" for 12 ppm), a gap after the
    time of day they give, a rate per what they count ("$25 per day" for 6 nights on call)."""
    return [
        lambda quoted: limits_own_figures(question, quoted),
        lambda quoted: bounds_their_figures(question, quoted, holding=True),
        lambda quoted: bounds_their_figures(question, quoted),
        lambda quoted: least_gap_for(question, quoted),
        lambda quoted: bool(work_out_rates(question, quoted)),
    ]


def limits_case(question: str, hit: SearchHit) -> bool:
    """Whether the passage speaks of the asker's case by their figures (`_case_readings`)."""
    quoted = statements(hit.chunk)
    return any(reads(quoted) for reads in _case_readings(question))


def _limits_first(hits: list[SearchHit], question: str) -> list[SearchHit]:
    """The passages with, first, the best one that speaks of the asker's case by their figures,
    by the most telling reading (`_case_readings`): it speaks of their case though it shares
    few of their words."""
    quoted = {hit.chunk.chunk_id: statements(hit.chunk) for hit in hits}
    for reads in _case_readings(question):
        limiting = next((hit for hit in hits if reads(quoted[hit.chunk.chunk_id])), None)
        if limiting is not None:
            return [limiting, *(hit for hit in hits if hit is not limiting)]
    return hits


def _mentioning(toolbox: ToolBox, hits: list[SearchHit], topic: str) -> list[SearchHit]:
    """The passages that mention every word of the topic a question names for its rule ("the
    policy on drug testing"); all of them when it names none."""
    if not topic:
        return hits
    mention = {
        hit.chunk.chunk_id
        for hit in toolbox.knowledge.search(topic, k=len(toolbox.knowledge))
        if hit.coverage >= 1.0
    }
    return [hit for hit in hits if hit.chunk.chunk_id in mention]
