"""Where an offline expert stands: its leaning from its own knowledge, then the panel's pull.

Initial position. The expert's passages relevant to the question (`ExpertKnowledge.relevant`)
decide whether it may vote at all: with none, the question is outside its documents and it
abstains, and keeps abstaining; so it does when the question states its case before it asks and
its statements speak only to the case's words, not to what is asked (`_in_passing`), and when
its passages share words around what the question's verb acts on but not it: "an incomplete
submission" is no "Pre-Submission meeting" (`_beside`). A
statement whose condition the question's own case meets decides the side before anything else
("FDA asks for clinical data when the new device has a new indication"). Otherwise a topic of
its documents that the question names (front matter, see `experts.knowledge`) gives its stance,
confidence and claim; on a question that names no topic, its statements on the question decide
(`experts.polarity`: the figures they set, the views they state), and only statements without a
side give a neutral vote at 0.50. On a panel with options, the expert chooses the option its
leanings or its passages favour (`choose_option`), else the one its statements weigh for
(`option_by_evidence`: a limit an option breaks or a view against it counts against it), never
the one they merely name most often. A question that asks for figures ("How many subjects …?",
"what would that cost?") has no side to take: the expert quotes the figures its documents state
(`experts.figures`) with a neutral position, and abstains when they state none; so does one
that asks what to do ("How should we …?"), with the advice its documents give (`experts.advice`).

Movement (one step per turn, a confidence-weighted social-influence rule over choices, a
choice being the option, else the stance). Starting from its own last position when it sees it
among the contributions, else from its leaning, the expert sums the confidences of the other
voters per choice. The heaviest choice is the majority (an exact tie: no majority, it keeps
its position, unless one of the tied choices is its own, which its vote makes the majority).

* Majority neutral: the expert holds its position unchanged; colleagues who take no side
  make no argument to yield to, nor one that makes a neutral voter surer.
* Majority agrees with the expert: confidence + 0.05, capped at 0.95.
* Majority disagrees, and its weight is at most the expert's resistance (twice its own confidence,
  as it trusts its own evidence twice as much as any one colleague, plus the weight of the
  others who share its choice): the expert holds its position unchanged. A neutral voter,
  whose evidence takes no side, resists with its own confidence alone.
* Majority disagrees with more weight than that: confidence times 0.75; if that falls below 0.45
  the expert switches to the majority choice, with confidence halfway between what it had
  left and the majority's mean confidence.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from agentstream.agents.grounding import statements
from agentstream.deliberation.figures import asking_sentence
from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import OWN_PREVIOUS_LABEL, Contribution, ExpertProfile
from agentstream.experts.answered import AnswerKind, answer_kind
from agentstream.experts.knowledge import (
    ABOUT_WORDS,
    ASKERS_WORDS,
    MIN_WORDS,
    OBJECTLESS_VERBS,
    SITUATION_VERBS,
    ExpertKnowledge,
    Topic,
    asked_words,
    in_documents_terms,
    is_value,
    proposal_head,
    subject_words,
    with_synonyms,
)
from agentstream.experts.polarity import (
    EvidenceSide,
    OptionEvidence,
    allowance_met,
    allowance_sign,
    allowed_use,
    asks_consequence,
    backs_view,
    beside_the_timing,
    bounds,
    broken_limit,
    case_reading,
    case_sign,
    clock_gap_sign,
    comes_with,
    complement_sign,
    conditional,
    conditioned_on_other,
    consequence_asked,
    consequence_sign,
    figure_sign,
    least_gaps,
    meets_range,
    names_any_own,
    names_own,
    negated_words,
    not_enough_alone,
    only_requirement,
    option_by_evidence,
    option_sign,
    outside_range,
    partial_case_sign,
    puts_off,
    replaces,
    requirement,
    requires,
    reverses,
    ruled_out,
    short_gap,
    shortfall_sign,
    shortfalls,
    side_of_evidence,
    statement_sign,
    states_case,
    states_view,
    trade,
    unless_met,
    view_case,
    view_object,
    waits_for,
    with_acts,
)
from agentstream.experts.positions import parse_position
from agentstream.experts.reading import (
    asked_object,
    read_question,
    with_breaks_named,
    with_case_referred_to,
    with_day_spans,
    with_new_indication,
    with_unfinished_work,
    without_people,
)
from agentstream.experts.wording import (
    CASE_DECIDED,
    CASE_OPTION,
    PARTLY_STATED,
    UNSETTLED,
    join_labels,
    quoted,
)
from agentstream.quantities import as_written, breaks, clock_gap, figures, is_unit, totals
from agentstream.retrieval.bm25 import tokenize, variant_of
from agentstream.retrieval.chunking import Chunk

AGREE_STEP = 0.05
CONFIDENCE_CAP = 0.95
SELF_WEIGHT = 2.0
YIELD_FACTOR = 0.75
SWITCH_BELOW = 0.45
RELATED_CONFIDENCE = 0.50
# How sure an expert is when a statement about the question's own case decides it (a
# requirement, a rule for the case): 0.80, not the float 0.7999999999999999.
DECIDED_CONFIDENCE = round(CONFIDENCE_CAP - 0.15, 2)
# How sure an expert is of the option a first-person view of its documents backs.
STATED_CONFIDENCE = 0.75
HELD_IN_ANOTHER_CASE = "My documents support it only in a case other than the one you state"
RELATED_CLAIM = "My documents bear on this question, but they do not settle it either way."
EVIDENCE_LIMIT = 12
_OPPOSITE = {Stance.SUPPORT: Stance.OPPOSE, Stance.OPPOSE: Stance.SUPPORT}


@dataclass(frozen=True, slots=True)
class Leaning:
    """An expert's view from its own knowledge alone, before it hears the panel."""

    position: Position
    topic: Topic | None
    passages: tuple[Chunk, ...]  # its passages relevant to the question, best first
    # Whether a statement about the question's own case decides it (a limit it breaks, a rule
    # for its case, a requirement, a view the expert states): the expert the panel most
    # needs to hear vote.
    decided: bool = False

    @property
    def in_scope(self) -> bool:
        """Whether its documents cover the question (else it abstains)."""
        return bool(self.passages)

    @property
    def ceiling(self) -> float:
        """The highest confidence the expert may reach on this question."""
        return CONFIDENCE_CAP


def outside_reason(knowledge: ExpertKnowledge, query: str, missing: Sequence[str] = ()) -> str:
    """Why an expert abstains: its documents do not cover the question (naming what the
    question is about that they never use, else the question's terms they never use, when
    there are such terms)."""
    titles = ", ".join(knowledge.titles) or "none"
    # Verbs of the asker's situation ("bring in", "send", "put") name nothing the documents miss.
    phrases = missing or [
        phrase
        for phrase in knowledge.unknown_phrases(query)
        if not set(tokenize(phrase)) <= ASKERS_WORDS | OBJECTLESS_VERBS
    ]
    unknown = [quoted(phrase, bare=True) for phrase in phrases]
    if unknown:
        return f"my documents ({titles}) never speak of {join_labels(unknown, 'or')}"
    return f"my documents ({titles}) do not cover this question"


def choose_option(
    knowledge: ExpertKnowledge, options: Sequence[str], query: str = ""
) -> tuple[str | None, Topic | None]:
    """The option the expert's leanings favour: a supported topic the option names, or, when
    it supports none, the one option it names a topic of without opposing while it opposes
    another ("De Novo is right only when no predicate exists" against "A PMA is the pathway
    of last resort"), or, of two options, the one it does not oppose when its documents
    speak of it (else no option, with the opposed topic); None when its leanings prefer
    none."""
    scores: dict[str, float] = {}
    named: dict[str, Topic] = {}
    for option in options:
        # The topic the option names most specifically speaks for it ("weekend overtime for
        # all" is the weekend overtime topic, not also the one keyed by "overtime").
        by_topic = {topic: _names_option(knowledge, topic, option) for topic in knowledge.topics}
        topic = max(by_topic, key=lambda t: by_topic[t], default=None)
        if topic is not None and conditioned_on_other(option, options, topic.claim):
            # Its claim for the option holds on another option's condition ("I support a
            # 510(k) provided a Pre-Submission confirms …"): no leaning for this one.
            continue
        if topic is not None and by_topic[topic]:
            sign = {Stance.SUPPORT: 1.0, Stance.OPPOSE: -1.0}.get(topic.stance, 0.0)
            scores[option], named[option] = sign * topic.confidence, topic
    # Supporting two options is choosing neither: a view held more firmly is no view against
    # the other ("targeted overtime, and weekend overtime when the backlog is large").
    backed = [option for option, score in scores.items() if score > 0]
    if len(backed) > 1:
        # unless the question's own case names the topic of one of them ("our premium urgent
        # backlog" is targeted overtime's)
        chosen = _case_names_topic(knowledge, query, options, {o: named[o] for o in backed})
        return (chosen, named[chosen]) if chosen is not None else (None, None)
    # Opposing every option it names is no choice of the least opposed: "contractors pay only
    # for specialist skills" is no vote for contractors over blanket weekend overtime.
    if scores and ((best := max(scores.values())) > 0 or min(scores.values()) < best == 0):
        leaders = [option for option, score in scores.items() if score == best]
        if len(leaders) == 1:
            return leaders[0], named[leaders[0]]
    if len(options) == 2 and len(scores) == 1 and min(scores.values()) < 0:
        # Of two answers, opposing one is choosing the other, for the opposed topic's reason
        # ("contractors make sense only for specialist work" → the on-call rotation), when
        # the documents speak of the other: being against a clinical study says nothing for
        # registry data they never mention.
        (opposed,) = scores
        other = next(o for o in options if o != opposed)
        return (other if knowledge.relevant(other) else None), named[opposed]
    return None, None


def _case_names_topic(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], topics: dict[str, Topic]
) -> str | None:
    """The one option whose topic (of `topics`, by option) the question's own case names in a
    phrase of its own; None when none or several do. A word such as "backlog" names what every
    option is for, as does a phrase of the asker's situation ("clear the backlog"), and a
    phrase in an option's own words ("mandatory Saturday overtime" asked in other words) is
    that option, not the case."""
    worded = [with_synonyms(set(tokenize(option))) for option in options]
    case = {
        phrase
        for phrase in knowledge.named_phrases(_without_options(query, options))
        if len(phrase) >= MIN_WORDS
        and not any(set(phrase) <= words for words in worded)
        and not set(phrase) & SITUATION_VERBS
    }
    fitting = [option for option, topic in topics.items() if case & set(topic.keywords)]
    return fitting[0] if len(fitting) == 1 else None


def _names_option(knowledge: ExpertKnowledge, topic: Topic, option: str) -> int:
    """How specifically an option names a topic: the tokens of the keyword phrases it holds,
    except a phrase of the expert's whole field ("all technicians") that is only part of
    the option ("an on-call rota of our own technicians"); an option that is that word
    ("510(k)") names it."""
    terms = with_synonyms(_whole_terms(option))
    content = set(subject_words(option))
    return sum(
        len(phrase)
        for phrase in topic.keywords
        if set(phrase) <= terms
        and (not set(phrase) <= knowledge.common_words or set(phrase) >= content)
    )


def _whole_terms(text: str) -> set[str]:
    """The terms of a text, a compound word ("Pre-Submission") only whole: its parts
    ("submission") are other words."""
    terms: set[str] = set()
    for word in text.split():
        found = tokenize(word)
        if re.search(r"[a-z]-[a-z]", word, re.IGNORECASE) and len(found) > 1:
            found = [term for term in found if term == max(found, key=len)]
        terms.update(found)
    return terms


def _default_fits(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], topic: Topic
) -> bool:
    """Whether an expert's default leaning on an option answers the question: a question that
    states a case of its own ("our patch has a new sensing technology and no cleared device
    has its intended use") is answered only by a claim that speaks to it, not by a default
    for the usual case ("a 510(k) against a well-chosen predicate")."""
    # The case is in the words the expert's documents use beyond their whole field: words
    # they never use ("glucose monitor") describe nothing a default could have missed.
    # A default that rests on what the question denies ("for our predicate comparison" of
    # "no legally marketed predicate exists") is no answer to it.
    _, denied = negated_words(query)
    if any(variant_of(word, term) for word in tokenize(topic.claim) for term in denied):
        return False
    # A default held only in one case ("I support the 510(k) provided design verification is
    # complete") answers a question that states that case, not one that states a case of its
    # own in other words ("no legally marketed predicate exists"), even words the documents
    # never use: that case may be the one the default does not hold in.
    view = _view_held_in(knowledge, topic)
    held_in = view[0] if view is not None else None
    if held_in is not None and _states_own_case(query) and not _holds_in(query, held_in):
        return False
    named = {word for option in options for word in subject_words(option)}
    unknown = set(knowledge.unknown_words(query)) | knowledge.common_words | named
    case = [word for word in subject_words(query) if word not in unknown]
    if len(case) < ABOUT_WORDS:
        return True
    # and one that states no case of its own is answered by it only where it speaks to it.
    if held_in is not None and not _holds_in(query, held_in):
        return False
    return knowledge.speaks_to(query, topic.claim)


def _view_held_in(knowledge: ExpertKnowledge, topic: Topic) -> tuple[str, str, str] | None:
    """The case the expert's view on a topic holds in only, with the statement that says so:
    its claim's ("I support the 510(k) provided …"), else the bound its documents' own view of
    it sets ("For a backlog of more than three weeks I support scheduled weekend overtime for
    the whole team"); None for a view held in every case."""
    if backs_view(topic.claim) and (case := view_case(topic.claim)):
        return case, "", topic.claim
    for chunk in knowledge.chunks:
        for statement in statements(chunk):
            terms = with_synonyms(set(tokenize(statement)))
            names_it = any(set(phrase) <= terms and len(phrase) > 1 for phrase in topic.keywords)
            case = view_case(statement) if names_it and backs_view(statement) else None
            # a bound is what limits a default ("more than three weeks"); a view "whenever the
            # predicate choice is not obvious" is the expert's reason for it, not its limit
            if case and figures(case):
                return case, chunk.chunk_id, statement
    return None


def _holds_in(query: str, case: str) -> bool:
    """Whether the question states the case a view holds in, or a figure in its range."""
    return states_case(query, case) or meets_range(query, case)


def _states_own_case(query: str) -> bool:
    """Whether a question states a case before it asks ("No legally marketed predicate exists
    for our monitor. Should we …?"), or denies something in what it asks."""
    asking = asking_sentence(query)
    setting = query[: query.rfind(asking)] if asking else ""
    _, denied = negated_words(asking)
    return bool(subject_words(setting) or denied)


def _option_cases(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str]
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """The options conditional statements recommend for the question's own case ("If the
    device is novel …, I recommend a De Novo request" for a new sensing technology), and
    those whose case the question denies ("If a predicate with the same intended use exists,
    I recommend a 510(k)" against "no cleared device with the same intended use"), each with
    the first (source id, statement) that says so."""
    # Every passage on the question or an option: the rule of choice may stand in a passage
    # that names no word of the case ("How I choose").
    every = len(knowledge.chunks)
    pool = list(
        dict.fromkeys(c for text in (query, *options) for c in knowledge.relevant(text, every))
    )
    found = knowledge.evidence(f"{query} {' '.join(options)}", pool, limit=every * 4)
    fitting: dict[str, tuple[str, str]] = {}
    denied: dict[str, tuple[str, str]] = {}
    for source, statement in found:
        parts = conditional(statement)
        if parts is None:
            allowed = allowed_use(statement)
            if allowed is None:
                continue
            # A rule that allows one option only in a case the question states
            # recommends it here ("I use them only for specialist work" of specialist work).
            case, used = allowed
            named = [o for o in options if names_any_own(o, options, used)]
            if len(named) == 1 and allowance_met(query, case, options):
                fitting.setdefault(named[0], (source, statement))
            continue
        case, then = parts
        named = [o for o in options if option_sign(o, options, then) > 0]
        if not named and not negated_words(then)[1]:
            # A rule that says what happens in its case names the option for it: "When no
            # predicate exists but the device is low to moderate risk, a De Novo request
            # asks FDA to classify it".
            named = [o for o in options if names_own(o, options, then)]
        if len(named) != 1:
            continue
        fit = knowledge.case_fit(query, case)
        if fit > 0:
            fitting.setdefault(named[0], (source, statement))
        elif fit < 0:
            denied.setdefault(named[0], (source, statement))
    return fitting, denied


def _case_option(
    knowledge: ExpertKnowledge,
    options: Sequence[str],
    fitting: dict[str, tuple[str, str]],
    denied: dict[str, tuple[str, str]],
    passages: tuple[Chunk, ...],
) -> Leaning | None:
    """The one option a statement recommends for the question's own case and no denied case
    rules out (`_option_cases`), else the one option left by the denied ones. None when no
    statement, or several, fit."""
    chosen = [option for option in fitting if option not in denied]
    if not chosen:
        return _case_denied(knowledge, options, denied, passages)
    if len(chosen) != 1:
        return None
    (option,) = chosen
    source, statement = fitting[option]
    summary = _quoting(statement, source, CASE_OPTION.format(option))
    return _decided_option(knowledge, option, summary, source, passages)


def _case_denied(
    knowledge: ExpertKnowledge,
    options: Sequence[str],
    denied: dict[str, tuple[str, str]],
    passages: tuple[Chunk, ...],
) -> Leaning | None:
    """The one option left when the question denies the case of every statement that
    recommends one of the others ("If a predicate with the same intended use exists, I
    recommend a 510(k)" against "the closest predicate has a different intended use"): the
    expert's own rule rules them out. None when none is denied, or several options are left."""
    left = [option for option in options if option not in denied]
    if not denied or len(left) != 1:
        return None
    (option,) = left
    ruled_out_by = join_labels([quoted(o, bare=True) for o in denied], "or")
    source, statement = next(iter(denied.values()))
    chosen = quoted(option, bare=True)
    lead = (
        f"Our case is not the one my documents recommend {ruled_out_by} for, so I choose {chosen}"
    )
    return _decided_option(knowledge, option, _quoting(statement, source, lead), source, passages)


def _decided_option(
    knowledge: ExpertKnowledge,
    option: str,
    summary: str,
    source: str,
    passages: tuple[Chunk, ...],
    confidence: float = DECIDED_CONFIDENCE,
) -> Leaning:
    """The leaning on an option a statement about the question's own case decides."""
    position = Position(Stance.SUPPORT, confidence, summary, option)
    return _decided(knowledge, position, source, passages)


def _decided(
    knowledge: ExpertKnowledge, position: Position, source: str, passages: tuple[Chunk, ...]
) -> Leaning:
    """The leaning a statement about the question's own case decides, its passage first."""
    # The passage the reason cites is one the turn cites.
    cited = tuple(c for c in knowledge.chunks if c.chunk_id == source)
    return Leaning(position, None, tuple(dict.fromkeys((*cited, *passages))), decided=True)


def initial_leaning(knowledge: ExpertKnowledge, query: str, options: Sequence[str] = ()) -> Leaning:
    """Abstain outside its documents; else the stance of the topic the question names, or a
    neutral vote; with options, the option its knowledge favours; on a question that asks
    for figures or what to do, no side, quoting them. The stance is on the question as asked:
    weighed on its proposal, then turned around when the question asks for the proposal's
    opposite ("Should we NOT …", "Is it a bad idea to …"). Whom the question names ("Can I put Mike
    on …") is the asker's case: it is read as "them", a word no document need use."""
    query = with_new_indication(
        with_unfinished_work(
            with_day_spans(without_people(with_breaks_named(with_case_referred_to(query))))
        )
    )
    kind = answer_kind(query, options)
    if kind is not None:
        return _answering_leaning(knowledge, query, kind)
    # a side is read in the documents' words ("work Saturdays" is weekend overtime); figures
    # and advice are named in the asker's
    query = in_documents_terms(query)
    reading = read_question(query)
    # the options too ("send it in now" is submitting it now), answered in the asker's labels
    worded = [in_documents_terms(option) for option in options]
    leaning = _in_asked_labels(
        _leaning(knowledge, reading.proposal, worded, reading.sign), worded, options
    )
    if not options:
        leaning = _unless_partly_stated(knowledge, reading.proposal, leaning)
    position = leaning.position
    if not reading.inverted or position.option is not None or position.abstain:
        return leaning
    stance = _OPPOSITE.get(position.stance, position.stance)
    return replace(leaning, position=replace(position, stance=stance))


def _in_asked_labels(leaning: Leaning, worded: Sequence[str], options: Sequence[str]) -> Leaning:
    """The leaning on options read in the documents' terms (`worded`), with the option chosen,
    and those its reason names, in the asker's own labels."""
    position = leaning.position
    if list(worded) == list(options):
        return leaning
    summary = position.summary
    for read, asked in zip(worded, options, strict=True):
        summary = summary.replace(f'"{read}"', f'"{asked}"')
    chosen = position.option
    option = (
        options[list(worded).index(chosen)] if chosen is not None and chosen in worded else None
    )
    return replace(leaning, position=replace(position, summary=summary, option=option))


def _unless_partly_stated(knowledge: ExpertKnowledge, query: str, leaning: Leaning) -> Leaning:
    """No side, when a rule of the expert's documents would take the other side in a case the
    question states only part of ("FDA asks for clinical data when technological differences
    raise questions that bench testing cannot answer" of "a different sensing technology"):
    its default does not hold against a rule that may apply, and its documents do not say
    whether it does. The leaning itself otherwise."""
    sign = {Stance.SUPPORT: 1, Stance.OPPOSE: -1}.get(leaning.position.stance, 0)
    if not sign or leaning.decided or leaning.position.abstain:
        return leaning
    found = knowledge.evidence(query, knowledge.chunks, limit=len(knowledge.chunks) * 4)
    rule = next(
        ((source, statement) for source, statement in found
         if partial_case_sign(query, statement) == -sign),
        None,
    )  # fmt: skip
    if rule is None:
        return leaning
    source, statement = rule
    summary = _quoting(statement, source, f"{PARTLY_STATED}, and the rule turns on the rest")
    position = Position(Stance.NEUTRAL, RELATED_CONFIDENCE, summary)
    cited = tuple(c for c in knowledge.chunks if c.chunk_id == source)
    return Leaning(position, None, tuple(dict.fromkeys((*cited, *leaning.passages))))


def _answering_leaning(knowledge: ExpertKnowledge, query: str, kind: AnswerKind) -> Leaning:
    """On a question that asks for figures or what to do: abstain outside its documents or
    when they state none of the figures or advice; else no side, with them as the reason and
    the passages that state them first."""
    subject = kind.subject(query)
    passages = tuple(knowledge.relevant_to(subject))
    outside = knowledge.outside(subject)
    if not passages or outside:
        return Leaning(Position.abstention(outside_reason(knowledge, subject, outside)), None, ())
    found = kind.statements(knowledge, query)
    if not found:
        return Leaning(Position.abstention(kind.none_reason(knowledge, query)), None, ())
    sources = {source for source, _ in found}
    stating = tuple(chunk for chunk in knowledge.chunks if chunk.chunk_id in sources)
    return Leaning(
        kind.quoting(found[: kind.per_turn], query),
        None,
        tuple(dict.fromkeys((*stating, *passages))),
    )


def _leaning(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], asked: int = 1
) -> Leaning:
    """The leaning on the proposal `query`; its reason says which way the documents weigh on
    the question as asked (`asked` -1: the question asks for the proposal's opposite)."""
    passages = tuple(knowledge.relevant_to(query, options))
    outside = knowledge.outside(query, options)
    if options and not outside:
        # A limit an option would break decides it, though the limit stands in a list whose
        # other words do not cover the question ("… no more than 12 overtime hours a week").
        overloaded = _overloading_option(knowledge, query, options, passages)
        if overloaded is not None:
            return overloaded
    if not outside and not options and (effect := consequence_asked(query)):
        # what a question of consequence asks is its effect ("insurers have to pay"):
        # documents that never speak of it do not answer it, whatever they say of the cause
        unknown = knowledge.unknown_words(effect)
        if unknown and len(unknown) == len([w for w in subject_words(effect) if not is_value(w)]):
            outside = knowledge.unknown_phrases(effect)
    if not passages or outside:
        return Leaning(Position.abstention(outside_reason(knowledge, query, outside)), None, ())
    if options:
        return _option_leaning(knowledge, query, options, passages)
    required = _required_here(knowledge, query, passages)
    if required is not None:
        return required
    decided = _case_decided(knowledge, query, passages)
    if decided is not None:
        return decided
    beside = _beside(knowledge, query, passages)
    if beside is not None:
        return beside
    topic = knowledge.best_topic(query)
    if topic is not None and asks_consequence(query):
        # a view of the cause ("I support a Pre-Submission") says nothing of what it brings
        # about ("Will a Pre-Submission guarantee clearance?"), unless it denies that
        sign = consequence_sign(query, topic.claim)
        stance = Stance.OPPOSE if sign < 0 else Stance.NEUTRAL
        confidence = topic.confidence if sign else RELATED_CONFIDENCE
        summary = topic.claim if sign else _bearing(knowledge, query, passages, None)
        return Leaning(Position(stance, confidence, summary), topic, passages)
    if topic is not None and _figures_unweighed(knowledge, query):
        summary = (
            f"My documents hold a view on {topic.name} in general, but nothing on the figures "
            "of the case you state, so that view does not decide it."
        )
        return Leaning(Position(Stance.NEUTRAL, RELATED_CONFIDENCE, summary), topic, passages)
    if topic is not None:
        stance = topic.stance
        turned = True
        if (waits_for(query, topic.claim) or puts_off(query, topic.claim)) and (
            stance is Stance.SUPPORT
        ):
            # "a code, applied for as soon as the device is cleared" is against applying first.
            stance = Stance.OPPOSE
        elif reverses(query, topic.text):
            # A view for a Pre-Submission is a view against skipping it.
            stance = _OPPOSITE.get(stance, stance)
        elif replaces(query, topic.text) or replaces(query, topic.name, strictly=True):
            # A view for overtime is a view against credits instead of overtime; one against
            # a clinical study says nothing of registry data in its place. The topic's name
            # says what it is a view on, whatever else its keywords name ("premium
            # customers" of targeted overtime for the backlog), when it names what is
            # given up alone ("a new CPT code" names both a Category III and a Category I code).
            stance = Stance.OPPOSE if stance is Stance.SUPPORT else Stance.NEUTRAL
        else:
            turned = False
        view = None if turned or stance is not Stance.SUPPORT else _view_held_in(knowledge, topic)
        if view is not None and outside_range(query, view[0]):
            # a view held only for a bounded case ("For a backlog of more than three weeks I
            # support scheduled weekend overtime") is none on a case outside the bound ("a
            # two-week backlog"); a question that states no figure of it asks of the usual case
            case, source, statement = view
            summary = (
                _quoting(statement, source, f"{HELD_IN_ANOTHER_CASE} ({case})")
                if source
                else f"{HELD_IN_ANOTHER_CASE} ({case}): {statement}"
            )
            return Leaning(Position(Stance.NEUTRAL, RELATED_CONFIDENCE, summary), topic, passages)
        sign = {Stance.SUPPORT: 1, Stance.OPPOSE: -1}.get(stance, 0)
        claimed = statement_sign(query, topic.claim)
        if claimed and claimed != sign and not turned:
            # The leaning is the expert's view of the usual proposal; unless the question
            # already turned it around (skipping or replacing the topic), its claim read
            # against the question as asked decides ("never instead of one" of credits instead of a
            # fix, "only for specialist skills" of specialist work).
            stance, sign = (Stance.SUPPORT if claimed > 0 else Stance.OPPOSE), claimed
        found = knowledge.evidence(query, passages, limit=EVIDENCE_LIMIT)
        excepted = _excepted(query, found, passages, sign)
        if excepted is not None:
            return excepted
        if not sign:
            # What the given-up side cannot do still weighs for the trade: a view against
            # subcontractors is none on a rota in their place, but "a subcontracted technician
            # … cannot reach an urgent ticket within 2 hours" is.
            short = _shortfall(query, found, passages) or _unable(
                knowledge, query, found, passages, asked
            )
            if short is not None:
                return short
            summary = _bearing(knowledge, query, passages, topic)
            return Leaning(Position(stance, topic.confidence, summary), topic, passages)
        justified = _justification(
            knowledge,
            query,
            passages,
            lambda statement: statement_sign(query, statement) == sign,
            lambda statement: statement_sign(query, statement) == -sign,
            topic,
        )
        if justified is not None:
            return Leaning(Position(stance, topic.confidence, justified), topic, passages)
        # Neither the topic's claim nor a statement speaks to the question: the topic is a
        # neighbour of it ("targeted overtime" of who approves overtime), and the statements
        # decide.
    # Only statements about the question take a side: one that shares a word with it in
    # passing ("clears the backlog" for a question on 14-hour days) is not a view on it.
    found = knowledge.evidence(query, passages, limit=EVIDENCE_LIMIT)
    # A view takes a side on what the question asks, not on the case it states first ("A
    # premium customer had two missed urgent targets. Can we offer an $800 goodwill credit?"
    # is no question of targeted overtime for urgent premium work).
    asking = asking_sentence(query)
    _, denied = negated_words(query)
    about = [
        pair
        for pair in found
        if (
            knowledge.speaks_to(asking, view_object(pair[1]))
            or knowledge.speaks_in_passage(asking, *pair)
            or figure_sign(query, pair[1])
            or shortfall_sign(query, pair[1])
            or not_enough_alone(asking, pair[1])
            or _allows_only_elsewhere(knowledge, query, pair[1])
        )
        and not beside_the_timing(asking, pair[1])
        # a rule of the case the question denies is none of its case, unless it allows the
        # proposal in that case only ("only for specialist skills" of work that needs none)
        and (not _of_a_denied_case(denied, pair[1]) or allowance_sign(query, pair[1]) < 0)
    ]
    if asks_consequence(query):
        # only what the cause brings about answers a question of consequence; a view for
        # the cause ("a Pre-Submission first") is none
        about = [pair for pair in about if consequence_sign(query, pair[1])]
    weights = [knowledge.words_said(query, statement) for _, statement in about]
    side = side_of_evidence(query, about, weights)
    stated = next((pair for pair in about if knowledge.states(query, pair[1])), None)
    if side.sign == 0 and stated is not None:
        # A passage that states the proposal as what is done takes its side.
        side = EvidenceSide(1, side.confidence, *stated)
    if side.sign == 0 and (unable := _unable(knowledge, query, found, passages, asked)):
        return unable
    if side.sign == 0:
        passing = _in_passing(knowledge, query, found)
        if passing is not None:
            return passing
        summary = _bearing(knowledge, query, passages, None)
        return Leaning(Position(Stance.NEUTRAL, RELATED_CONFIDENCE, summary), None, passages)
    stance = Stance.SUPPORT if side.sign > 0 else Stance.OPPOSE
    way = "for" if side.sign * asked > 0 else "against"
    summary = _quoting(side.statement, side.source, f"My own documents weigh {way} it")
    return Leaning(Position(stance, side.confidence, summary), None, passages)


_WORKED_UNITS = frozenset(("hour", "minute"))


def _figures_unweighed(knowledge: ExpertKnowledge, query: str) -> bool:
    """Whether the question states its own case by figures (hours worked, times of day) that
    no statement of the expert's documents bounds: a default view of the usual proposal ("If
    weekend overtime is what it takes to stop missing SLA targets, I support it") is no answer
    to "10 overtime hours already, another 4-hour block?" or "a call-out ended at 03:30, the
    08:00 shift?", which rules the expert's documents do not hold decide."""
    # Hours worked and times of day are what hard limits bound; a backlog of 5 weeks or a
    # market in 6 months is the very case a default view is held for (cold try c18-r16: the
    # finance expert's view against weekend overtime for the whole team fell silent on a
    # 5-week backlog).
    measured = [figure for figure in figures(query) if figure.unit in _WORKED_UNITS]
    if not _states_own_case(query) or not (measured or clock_gap(query) is not None):
        return False
    found = knowledge.evidence(query, knowledge.chunks, limit=len(knowledge.chunks) * 4)
    return not any(
        bounds(query, statement) or clock_gap_sign(query, statement) or least_gaps(statement)
        for _, statement in found
    )


def _option_leaning(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], passages: tuple[Chunk, ...]
) -> Leaning:
    """The option the expert chooses: one its documents require or recommend for the
    question's own case, else the one its own stated view backs, else its leanings' or its
    statements' choice."""
    required = _required_option(knowledge, query, options, passages)
    if required is not None:
        return required
    fitting, denied = _option_cases(knowledge, query, options)
    case = _case_option(knowledge, options, fitting, denied, passages)
    if case is not None:
        return case
    # An option the expert's own rule leaves out for this case is not its default.
    options = [option for option in options if option not in denied]
    ordered = _ordered_option(knowledge, query, options, passages)
    if ordered is not None:
        return ordered
    stated = _stated_view(knowledge, query, options, passages)
    if stated is not None:
        return stated
    option, topic = choose_option(knowledge, options, query)
    if topic is not None and _figures_unweighed(knowledge, query):
        unweighed = (
            f"My documents hold a view on {topic.name} in general, but nothing on the figures "
            "of the case you state, so that view does not choose between the options."
        )
        return Leaning(Position(Stance.NEUTRAL, RELATED_CONFIDENCE, unweighed), topic, passages)
    if option is not None and topic is not None:
        option = _traded_choice(query, options, option, topic)
    if option is None and topic is not None:
        # It opposes one of two answers and its documents never speak of the other.
        opposed = next(o for o in options if _names_option(knowledge, topic, o))
        unnamed = next(o for o in options if o != opposed)
        said = (
            f'My documents weigh against "{opposed}" ({topic.claim.rstrip(".")}) but never '
            f'speak of "{unnamed}".'
        )
        return Leaning(Position(Stance.NEUTRAL, RELATED_CONFIDENCE, said), topic, passages)
    if topic is not None and not _default_fits(knowledge, query, options, topic):
        option = None
    if option is None:
        return _option_by_statements(knowledge, query, options, passages, denied)
    question = f"{query} {' '.join(options)}"
    summary = _justification(
        knowledge,
        question,
        passages,
        lambda statement: option_sign(option, options, statement) > 0,
        lambda statement: option_sign(option, options, statement) < 0,
        topic,
    )
    if summary is None and topic is not None:
        # A question without a case of its own (`_default_fits`) gets the default.
        summary = topic.claim or f"My documents point to {option}."
    if summary is None:
        return _option_by_statements(knowledge, query, options, passages, denied)
    confidence = topic.confidence if topic is not None else RELATED_CONFIDENCE + 0.1
    return Leaning(Position(Stance.SUPPORT, confidence, summary, option), topic, passages)


def _overloading_option(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], passages: tuple[Chunk, ...]
) -> Leaning | None:
    """The other option, when one would take an amount the question says is reached so far
    past a limit of the expert's documents ("Marco on overtime" for "has already logged 9
    overtime hours … a 5-hour job", against "no more than 12 overtime hours a week") and
    names what the amount measures: the case rules it out. None otherwise, or when more than
    one option is left."""
    sums = totals(query, anywhere=True)
    if not sums or len(options) < 2:
        return None
    found = knowledge.evidence(query, knowledge.chunks, limit=len(knowledge.chunks) * 4)
    for total in sums:
        figure = total.figure
        measured = {figure.kind, *figure.context} - {""}
        for source, statement in found:
            limit = next((f for f in figures(statement) if breaks(figure, f)), None)
            ruled_out = [o for o in options if measured & set(tokenize(o))]
            left = [o for o in options if o not in ruled_out]
            if limit is None or len(ruled_out) != 1 or len(left) != 1:
                continue
            beyond = f"{total.arithmetic()} more than the {as_written(limit, bare=True)} they allow"
            lead = f"{CASE_DECIDED}, as {beyond}, so I choose {quoted(left[0], bare=True)}"
            summary = _quoting(statement, source, lead)
            return _decided_option(knowledge, left[0], summary, source, passages)
    return None


def _traded_choice(query: str, options: Sequence[str], option: str, topic: Topic) -> str | None:
    """The option a default leaning chooses when the options are the two sides of a trade
    the question proposes ("pay credits instead of fixing the root cause"): its claim read
    against the trade decides ("Credits help only when they come with a fix, never instead
    of one" is against the trade, so for the fix); the option it named, when the claim takes
    no side on the trade or the options are no trade."""
    parts = trade(read_question(query).proposal)
    if parts is None or len(options) != 2:
        return option
    given_up, done = parts
    kept = [o for o in options if names_own(o, options, done)]
    lost = [o for o in options if names_own(o, options, given_up)]
    if len(kept) != 1 or len(lost) != 1 or kept == lost:
        return option
    claimed = statement_sign(query, topic.claim)
    if claimed > 0:
        return kept[0]
    if claimed < 0:
        return lost[0]
    return option


def _ordered_option(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], passages: tuple[Chunk, ...]
) -> Leaning | None:
    """The option the expert's documents put first, when a rule makes another option wait
    for it ("If a Pre-Submission shows that FDA expects clinical data, we start enrolment" of
    a clinical study right away or waiting for the Pre-Submission's feedback): that other
    option comes after it, whatever the expert's default for it. None when no rule orders
    the options, or rules order them both ways."""
    every = len(knowledge.chunks) * 4
    found = knowledge.evidence(f"{query} {' '.join(options)}", knowledge.chunks, limit=every)
    first: dict[str, tuple[str, str]] = {}
    for source, statement in found:
        rule = conditional(statement)
        if rule is None:
            continue
        case, then = rule
        for later in options:
            for before in options:
                # The rule names the later option over its whole ("clinical data" …
                # "enrolment") and does it in its consequence, after the other one.
                if (
                    before != later
                    and names_own(later, options, with_acts(statement))
                    and names_any_own(later, options, with_acts(then))
                    and names_own(before, options, case)
                    and not names_own(later, options, case)
                ):
                    first.setdefault(before, (source, statement))
    return _sole_option(
        knowledge, first, 'My own documents put "{}" first', DECIDED_CONFIDENCE, passages
    )


def _stated_view(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], passages: tuple[Chunk, ...]
) -> Leaning | None:
    """The one option a first-person view of the expert's documents backs ("I support
    applying for a Category III code as soon as the device is cleared"): the view it states
    is its choice, before a leaning of its front matter on a neighbouring topic ("Coverage is
    won with published clinical outcomes" for a coverage request). None when its views back
    no option, or several."""
    found = knowledge.evidence(f"{query} {' '.join(options)}", passages, limit=EVIDENCE_LIMIT)
    # A view for one case only ("I support the 510(k) provided design verification is
    # complete") backs its option only when the question states that case, and then before
    # a view for every case ("For a backlog of more than three weeks I support weekend
    # overtime" of a 4-week backlog, before "I support targeted overtime").
    for_case: dict[str, tuple[str, str]] = {}
    for_all: dict[str, tuple[str, str]] = {}
    for source, statement in found:
        case = view_case(statement)
        if not backs_view(statement):
            continue
        # A view that puts one option first ("I support a 510(k) when the predicate is
        # strong, with a Pre-Submission first") holds that order in every case.
        ordered = any(conditioned_on_other(option, options, statement) for option in options)
        if case is None or ordered:
            backed = for_all
        elif states_case(query, case) or meets_range(query, case):
            backed = for_case
        else:
            continue
        for option in options:
            if option_sign(option, options, statement) > 0:
                backed.setdefault(option, (source, statement))
    chosen = for_case or for_all
    return _sole_option(
        knowledge, chosen, 'My own documents state my view for "{}"', STATED_CONFIDENCE, passages
    )


def _excepted(
    query: str, found: Sequence[tuple[str, str]], passages: tuple[Chunk, ...], sign: int
) -> Leaning | None:
    """The other side, when a statement (of the evidence `found`) of the leaning's side
    excepts the very case the question states ("I do not support skipping clinical data
    unless FDA has confirmed in writing …" of a question saying FDA has); None otherwise."""
    if not sign:
        return None
    for source, statement in found:
        if statement_sign(query, statement) == sign and unless_met(query, statement):
            stance = Stance.OPPOSE if sign > 0 else Stance.SUPPORT
            summary = _quoting(
                statement, source, "My own documents make an exception for the case you state"
            )
            return Leaning(Position(stance, RELATED_CONFIDENCE + 0.1, summary), None, passages)
    return None


def _shortfall(
    query: str, found: Sequence[tuple[str, str]], passages: tuple[Chunk, ...]
) -> Leaning | None:
    """The leaning a statement (of the evidence `found`) of what one side of a trade cannot do
    gives (`shortfall_sign`), None when none says so or they say it of both sides."""
    signed = [(shortfall_sign(query, statement), source, statement) for source, statement in found]
    signs = {sign for sign, *_ in signed if sign}
    if len(signs) != 1:
        return None
    sign, source, statement = next(entry for entry in signed if entry[0])
    stance = Stance.SUPPORT if sign > 0 else Stance.OPPOSE
    way = "for" if sign > 0 else "against"
    summary = _quoting(statement, source, f"My own documents weigh {way} it")
    return Leaning(Position(stance, RELATED_CONFIDENCE + 0.1, summary), None, passages)


_CANNOT = re.compile(r"\b(?:cannot|can't|can not|unable to|not able to)\b", re.IGNORECASE)


def _unable(
    knowledge: ExpertKnowledge,
    query: str,
    found: Sequence[tuple[str, str]],
    passages: tuple[Chunk, ...],
    asked: int = 1,
) -> Leaning | None:
    """Against, when what a proposal brings in is what a statement says cannot do the work
    the proposal brings it in for ("a subcontracted technician … cannot reach an urgent ticket
    within 2 hours" of handing night call-outs to an outside contractor): the statement names
    what is brought in and the work too. None for a trade (`_shortfall` reads both sides) or
    when no statement says so."""
    asking = asking_sentence(query)
    if trade(query) is not None:
        return None
    for source, statement in found:
        for clause, subject in shortfalls(statement):
            # what it cannot do at all, not what it needs first ("need site inductions before
            # their first job" only delays it)
            if not _CANNOT.search(clause):
                continue
            brought = [w for w in subject_words(subject) if w not in knowledge.common_words]
            if not brought or not knowledge.words_said(asking, " ".join(brought)):
                continue
            # the work too, in words beyond the expert's whole field ("technician")
            specific = [w for w in subject_words(asking) if w not in knowledge.common_words]
            if knowledge.words_said(" ".join(specific), statement) <= MIN_WORDS:
                continue
            # the question asked may be the proposal's opposite ("Should we not …")
            way = "against" if asked > 0 else "for"
            summary = _quoting(statement, source, f"My own documents weigh {way} it")
            position = Position(Stance.OPPOSE, RELATED_CONFIDENCE + 0.1, summary)
            return Leaning(position, None, passages)
    return None


def _required_here(
    knowledge: ExpertKnowledge, query: str, passages: tuple[Chunk, ...]
) -> Leaning | None:
    """Support, when the question asks whether its case needs something and a statement about
    that case says it does ("Class III devices … need a PMA" of "Do we need a PMA for our
    Class III implant?"): the case decides, before any default leaning on the thing."""
    found = knowledge.evidence(query, passages, limit=EVIDENCE_LIMIT)
    _, denied = negated_words(query)
    for source, statement in found:
        case, sign = only_requirement(query, statement)
        case_words = subject_words(case)
        if sign and case_words and knowledge.words_said(case, query) == len(case_words):
            # the case needs that one thing and nothing else: whether the question's need is
            # it decides
            summary = _quoting(statement, source, "My own documents say what this case needs")
            stance = Stance.SUPPORT if sign > 0 else Stance.OPPOSE
            return _decided(
                knowledge, Position(stance, DECIDED_CONFIDENCE, summary), source, passages
            )
        if accompanied := comes_with(knowledge.in_own_words(query), statement):
            # what the case all but always comes with decides going without it
            summary = _quoting(statement, source, "My own documents say what this case needs")
            stance = Stance.SUPPORT if accompanied > 0 else Stance.OPPOSE
            return _decided(
                knowledge, Position(stance, DECIDED_CONFIDENCE, summary), source, passages
            )
        if _of_a_denied_case(denied, statement):
            continue
        if requirement(query, statement) and knowledge.words_said(query, statement) > MIN_WORDS:
            summary = _quoting(statement, source, "My own documents require it in this case")
            position = Position(Stance.SUPPORT, DECIDED_CONFIDENCE, summary)
            return _decided(knowledge, position, source, passages)
    return None


def _allows_only_elsewhere(knowledge: ExpertKnowledge, query: str, statement: str) -> bool:
    """Whether a statement allows what the question asks for only in cases the question
    rules out ("A subcontractor is worth its rate only for specialist skills" of subcontracted
    technicians for work that needs none): about it, and against it."""
    allowed = allowed_use(statement)
    return (
        allowed is not None
        and knowledge.words_said(allowed[1], asking_sentence(query)) > 0
        and allowance_sign(query, statement) < 0
    )


def _of_a_denied_case(denied: set[str], statement: str) -> bool:
    """Whether a statement speaks of a case the question denies (`denied`, its denied words:
    "a significant risk device needs an FDA-approved IDE" of a nonsignificant risk study):
    no rule of its case. A word the statement denies too is the same case ("driving for more
    than 2 hours without a break" of driving three hours without a break)."""
    affirmed, _ = negated_words(statement)
    return any(variant_of(word, term) for word in denied for term in affirmed)


def _case_decided(
    knowledge: ExpertKnowledge, query: str, passages: tuple[Chunk, ...]
) -> Leaning | None:
    """The side a statement gives whose condition the question's own case meets ("FDA asks
    for clinical data when the new device has a new indication" of a device that adds one;
    "the next shift starts 11 hours after the call-out ended" of a call-out that ended at
    02:00 and a 07:00 shift): the case decides, before any default leaning. None when no
    statement decides it, or statements decide it both ways. What the case brings about is
    decided so too ("it does not make anyone pay for it" of whether clearance means insurers
    have to pay)."""
    # Every passage: a rule is often one of a list whose other words do not cover the question
    # ("… at least 11 consecutive hours of rest between shifts, …"), so only its own words
    # must speak of the question.
    found = knowledge.evidence(query, knowledge.chunks, limit=len(knowledge.chunks) * 4)
    about = [p for p in found if knowledge.words_said(query, p[1]) >= MIN_WORDS]
    # A figure asked for beyond a limit the documents set breaks it, whatever else they say,
    # and so does a gap between two times shorter than the least they require.
    breaches = [
        (source, breach)
        for source, statement in about
        if (breach := broken_limit(query, statement) or short_gap(query, statement))
    ]
    if breaches:
        source, breach = breaches[0]
        summary = f"{CASE_DECIDED}, as {breach} [{source}]."
        position = Position(Stance.OPPOSE, DECIDED_CONFIDENCE, summary)
        return _decided(knowledge, position, source, passages)
    deciding = [
        (sign, source, statement)
        for source, statement in about
        if (
            sign := case_sign(query, statement)
            or clock_gap_sign(query, statement)
            or consequence_sign(query, statement)
        )
    ]
    if len({sign for sign, *_ in deciding}) != 1:
        return None
    sign, source, statement = deciding[0]
    stance = Stance.SUPPORT if sign > 0 else Stance.OPPOSE
    rule = conditional(statement)
    # A rule whose condition the question denies decides by leaving the case out: says so.
    denied = rule is not None and case_reading(query, rule[0]) < 0
    lead = f"{CASE_DECIDED}, which their rule leaves out" if denied else CASE_DECIDED
    summary = _quoting(statement, source, lead)
    return _decided(knowledge, Position(stance, DECIDED_CONFIDENCE, summary), source, passages)


def _required_option(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], passages: tuple[Chunk, ...]
) -> Leaning | None:
    """The one option a statement about the question's own case says it requires ("Class III
    devices … need a PMA" for a Class III device), before any default leaning: the case decides
    the pathway. None when no statement, or statements for several options, say so."""
    found = knowledge.evidence(f"{query} {' '.join(options)}", passages, limit=EVIDENCE_LIMIT)
    # the case is what the question says besides its options: "need a PMA" shares "PMA" with
    # any question that offers one; nor does a word of the expert's whole field ("device")
    # name the case
    case = " ".join(
        word
        for word in subject_words(_without_options(query, options))
        if word not in knowledge.common_words
    )
    about = [p for p in found if knowledge.words_said(case, p[1]) >= MIN_WORDS]
    required = {
        option: pair for option in options for pair in about if requires(option, options, pair[1])
    }
    return _sole_option(
        knowledge, required, 'My own documents require "{}" here', DECIDED_CONFIDENCE, passages
    )


def _without_options(query: str, options: Sequence[str]) -> str:
    """The question without the options it names."""
    for option in sorted(options, key=len, reverse=True):
        query = re.sub(re.escape(option), " ", query, flags=re.IGNORECASE)
    return query


def _sole_option(
    knowledge: ExpertKnowledge,
    chosen: dict[str, tuple[str, str]],
    says: str,
    confidence: float,
    passages: tuple[Chunk, ...],
) -> Leaning | None:
    """The option one statement (source, statement) backs, quoted after `says` (which names
    the option); None unless exactly one option is backed."""
    if len(chosen) != 1:
        return None
    ((option, (source, statement)),) = chosen.items()
    summary = _quoting(statement, source, says.format(option))
    return _decided_option(knowledge, option, summary, source, passages, confidence)


def _justification(
    knowledge: ExpertKnowledge,
    query: str,
    passages: Sequence[Chunk],
    weighs: Callable[[str], bool],
    against: Callable[[str], bool],
    topic: Topic | None,
) -> str | None:
    """What justifies a leaning on this question: the topic's claim when the question names
    the topic or the claim speaks to it, and it does not weigh `against` the leaning; else
    the statement about the question that `weighs` the leaning's way, quoted and cited.
    None when nothing does: a document's headline claim on another subject, or a statement
    that takes no side, justifies no side."""
    claim = topic.claim if topic is not None else ""
    if topic is not None and claim and not against(claim):
        # A claim on what the question proposes speaks to it, whatever the proposal is for.
        head = proposal_head(query)
        if knowledge.names(query, topic) or knowledge.speaks_to(head, claim):
            return claim
    found = knowledge.evidence(query, passages, limit=EVIDENCE_LIMIT)
    weighing = [pair for pair in found if knowledge.speaks_to(query, pair[1]) and weighs(pair[1])]
    if not weighing:
        return None
    source, statement = max(weighing, key=lambda p: knowledge.words_said(query, p[1]))
    return _quoting(statement, source, "My own documents say")


def _in_passing(
    knowledge: ExpertKnowledge, query: str, found: Sequence[tuple[str, str]]
) -> Leaning | None:
    """An abstention when a question states its case before it asks ("A technician's urgent
    night call-out ended at 02:00. Can we keep them on their planned 07:00 shift?") and none
    of the statements an expert found speaks to what it asks, only to the case's words
    ("urgent", "night"): documents that share a few words with the setting have no view of
    the question to give. None when one does speak to it, or the question is one sentence."""
    asking = asking_sentence(query)
    # What it asks is in the words that name it: "send" and "deal" of "send one technician
    # out alone to deal with it" are the asker's doing, which no document need speak of.
    asked = asked_words(asking)
    if (
        asking.strip() == query.strip()
        or not asked
        or any(knowledge.speaks_to(asked, s) for _, s in found)
    ):
        return None
    said = " ".join(statement for _, statement in found)
    # Named by what it is about: not a figure ("07") nor a verb that names nothing ("take").
    unsaid = [
        phrase
        for phrase in knowledge.unsaid_words(asking, said)
        if not all(term.isdigit() for term in tokenize(phrase))
        and not set(tokenize(phrase)) <= OBJECTLESS_VERBS | ASKERS_WORDS
    ]
    return _passing(knowledge, unsaid)


def _passing(knowledge: ExpertKnowledge, phrases: Sequence[str]) -> Leaning:
    """The abstention of an expert whose documents touch the question only in passing, with
    what of it they never say: only the phrases that no passage of its documents says in any
    form ("every job" says "job", "a PMA pivotal trial" says "PMA")."""
    titles = ", ".join(knowledge.titles) or "none"
    unsaid = [
        quoted(phrase, bare=True)
        for phrase in phrases
        if not any(
            knowledge.passage_says(
                chunk.chunk_id, [w for w in subject_words(phrase) if _names_thing(w)]
            )
            for chunk in knowledge.chunks
        )
    ]
    reason = (
        f"my documents ({titles}) touch this question only in passing and say nothing of "
        f"{join_labels(unsaid[:3], 'or')}"
        if unsaid
        else f"my documents ({titles}) touch this question only in passing"
    )
    return Leaning(Position.abstention(reason), None, ())


def _beside(knowledge: ExpertKnowledge, query: str, passages: Sequence[Chunk]) -> Leaning | None:
    """An abstention when an expert's passages share words with the question but none of
    what it asks ("a Pre-Submission meeting" of "Should we request a Pre-Submission meeting
    with FDA before filing?"; "a goodwill gesture" of "… to a customer whose urgent ticket
    was late"): they speak of the case around it (filing, urgent tickets), not of what it
    asks. A word of the expert's whole field ("the 510(k)" for a device expert) tells
    nothing either way, and a compound word ("Pre-Submission") is said only whole. None when
    a passage or a topic of its documents says what is asked, or the question names no object
    of its own."""
    asked = re.findall(_WORD, asked_object(in_documents_terms(query)))
    named = _naming(knowledge, asked)
    # What a trade gives up is asked about too: "… instead of paying a subcontractor".
    given_up = trade(read_question(query).proposal)
    lost = _naming(knowledge, re.findall(_WORD, given_up[0])) if given_up else {}
    if not named or any(
        _says_half(knowledge, passages, list(words.values())) for words in (named, lost) if words
    ):
        return None
    # Named as the question writes it, from its first naming word to its last: "free
    # maintenance visit", not "a" nor "them".
    return _passing(knowledge, [" ".join(asked[min(named) : max(named) + 1])])


# A word as a question writes it, compounds whole ("Pre-Submission", "510(k)").
_WORD = r"[\w()'-]+"
# Words that stand for something named elsewhere, or only count or pick it: they name nothing.
_POINTING = frozenset(
    tokenize("them him her it its their our your us me another other others some any all own")
)


def _naming(knowledge: ExpertKnowledge, words: Sequence[str]) -> dict[int, list[str]]:
    """The words that name what a phrase speaks of, by their place, each as its terms
    ("Pre-Submission": pre, submission): not words of the expert's whole field, figures,
    units or pronouns, which tell nothing of it."""
    return {
        index: terms
        for index, word in enumerate(words)
        if (terms := [t for t in subject_words(word) if _names_thing(t)])
        and not set(terms) <= knowledge.common
    }


def _says_half(
    knowledge: ExpertKnowledge, passages: Sequence[Chunk], named: Sequence[list[str]]
) -> bool:
    """Whether a passage, or a topic's view ("the 510(k) pathway", which no passage of the
    body may name), says at least half of the `named` words: "planned maintenance" is no
    "free maintenance visit"."""
    counts = [
        *([knowledge.passage_says(c.chunk_id, terms) for terms in named] for c in passages),
        *([knowledge.topic_says(t, terms) for terms in named] for t in knowledge.topics),
    ]
    return any(2 * sum(count) >= len(named) for count in counts)


def _names_thing(term: str) -> bool:
    """Whether a word may name a thing: not a figure ("15", the "III" of "Category III") nor
    a unit ("hours")."""
    numeral = _ROMAN.fullmatch(term) is not None
    return not is_value(term) and not numeral and not is_unit(term) and term not in _POINTING


# A roman numeral numbers a class or category; it names nothing of its own.
_ROMAN = re.compile(r"[ivx]{1,4}")


def _bearing(
    knowledge: ExpertKnowledge, query: str, passages: Sequence[Chunk], topic: Topic | None
) -> str:
    """The reason for a neutral leaning: the topic's claim when it speaks to the question,
    else the statement that says most of it, which takes no side; else that the documents
    do not settle it."""
    if (
        topic is not None
        and topic.claim
        and (knowledge.names(query, topic) or knowledge.speaks_to(query, topic.claim))
    ):
        return topic.claim
    found = knowledge.evidence(query, passages, limit=EVIDENCE_LIMIT)
    about = [pair for pair in found if knowledge.speaks_to(query, pair[1])]
    if not about:
        return RELATED_CLAIM
    source, statement = max(about, key=lambda p: knowledge.words_said(query, p[1]))
    return _quoting(statement, source, "My documents speak to it without settling it")


def _quoting(statement: str, source: str, lead: str) -> str:
    """A reason quoting its statement with its source id: the statement is the reason, so it
    is quoted whole, never pointed to."""
    return f"{lead}: {statement.rstrip('.')} [{source}]."


def _option_by_statements(
    knowledge: ExpertKnowledge,
    query: str,
    options: Sequence[str],
    passages: tuple[Chunk, ...],
    denied: dict[str, tuple[str, str]] | None = None,
) -> Leaning:
    """The option the expert's statements weigh for (`option_by_evidence`), else a neutral
    vote; its reason quotes the statement that decides it, or the rule that leaves out an
    option its case `denied` (`_option_cases`)."""
    question = f"{query} {' '.join(options)}"
    found = knowledge.evidence(question, passages, limit=EVIDENCE_LIMIT)
    # "Premium customers pay for speed" names "pay", not paying a subcontractor; a statement
    # that one option goes with the other, never in its place, speaks to the choice
    about = [
        pair
        for pair in found
        if knowledge.speaks_to(question, pair[1]) or complement_sign(options[0], options, pair[1])
    ]
    chosen = option_by_evidence(options, about)
    named = [pair for pair in found if any(option_sign(o, options, pair[1]) for o in options)]
    # Documents with a view on one of the options bear on the choice, even when they do not
    # speak to the question's own case ("I support a 510(k) provided a Pre-Submission
    # confirms …" of a 510(k) or a De Novo for a new electrode material).
    viewed = _view_on_option(knowledge, query, options)
    if (
        chosen is None
        and not named
        and viewed is None
        and (passing := _in_passing(knowledge, query, found))
    ):
        return passing
    if chosen is None:
        excluded = ruled_out(options, about) or _denied_evidence(denied or {})
        summary = (
            "My documents do not favour any of the options over the others."
            if excluded is None
            else f'My documents rule out "{excluded.against}" ("{excluded.statement}" '
            f"[{excluded.source}]) but do not choose between the other options."
        )
        both = next(
            (
                pair
                for pair in found
                if states_view(pair[1])
                and statement_sign(question, pair[1]) >= 0
                and all(names_any_own(option, options, pair[1]) for option in options)
            ),
            None,
        )
        if excluded is None and both is not None:
            # one view backs every option ("targeted overtime, and weekend overtime when the
            # backlog is large"): it chooses none of them
            summary = _quoting(
                both[1], both[0], "My documents back each of the options, not one over another"
            )
        elif excluded is None and (
            # one in a case the question rules out says why it does not choose
            shown := viewed or _view_on_option(knowledge, query, options, ruled_out=True)
        ):
            option, source, statement = shown
            case = view_case(statement)
            # the case named: "a case you do not state" reads as if the asker left it out
            held = f"holds only when {case}, which" if case else "holds in a case"
            stated = "you do not state" if viewed is not None else "the case you state rules out"
            summary = (
                f'The view of my documents nearest to "{option}" ("{statement.rstrip(".")}" '
                f"[{source}]) {held} {stated}, so they do not choose between the options."
            )
        return Leaning(Position(Stance.NEUTRAL, RELATED_CONFIDENCE, summary), None, passages)
    statement = chosen.statement.rstrip(".")
    way = (
        f'weigh for "{chosen.option}"'
        if chosen.sign > 0
        else f'weigh against "{chosen.against}", so I choose "{chosen.option}"'
    )
    summary = f'My own documents {way}: "{statement}" [{chosen.source}].'
    return Leaning(
        Position(Stance.SUPPORT, chosen.confidence, summary, chosen.option), None, passages
    )


def _view_on_option(
    knowledge: ExpertKnowledge, query: str, options: Sequence[str], ruled_out: bool = False
) -> tuple[str, str, str] | None:
    """The first view of the expert's documents for one of the options ("I support a 510(k)
    when the predicate is strong") in a case the question does not deny ("no legally
    marketed predicate exists" denies it), or, when `ruled_out`, in one it denies: (option,
    source id, statement); None without one."""
    _, denied = negated_words(query)
    every = len(knowledge.chunks) * 4
    found = knowledge.evidence(f"{query} {' '.join(options)}", knowledge.chunks, limit=every)
    for source, statement in found:
        if not backs_view(statement):
            continue
        case = view_case(statement) or ""
        if ruled_out != any(variant_of(w, term) for w in tokenize(case) for term in denied):
            continue
        for option in options:
            if option_sign(option, options, statement) > 0:
                return option, source, statement
    return None


def _denied_evidence(denied: dict[str, tuple[str, str]]) -> OptionEvidence | None:
    """The first option whose rule the question's case denies, as evidence against it."""
    first = next(iter(denied.items()), None)
    if first is None:
        return None
    option, (source, statement) = first
    return OptionEvidence("", RELATED_CONFIDENCE, source, statement.rstrip("."), -1, option)


@dataclass(frozen=True, slots=True)
class Voice:
    """A contribution's label and the position it declared."""

    label: str
    position: Position


def is_own(expert: ExpertProfile, label: str) -> bool:
    """Whether a contribution is this expert's own (its id, its name, or the strategy's label)."""
    folded = label.strip().casefold()
    own = (expert.agent_id.casefold(), expert.name.casefold(), OWN_PREVIOUS_LABEL.casefold())
    return folded in own


def all_voices(visible: Sequence[Contribution]) -> list[Voice]:
    """Every contribution that declares a position, as a voice, in order."""
    voices: list[Voice] = []
    for contribution in visible:
        position = contribution.position or parse_position(contribution.text)
        if position is not None and not position.abstain:
            voices.append(Voice(contribution.label, position))
    return voices


def split_voices(
    expert: ExpertProfile, visible: Sequence[Contribution]
) -> tuple[Position | None, list[Voice]]:
    """The expert's own latest position among the contributions, and the others' positions."""
    own: Position | None = None
    others: list[Voice] = []
    for voice in all_voices(visible):
        if is_own(expert, voice.label):
            own = voice.position
        else:
            others.append(voice)
    return own, others


def weighted_majority(voices: Sequence[Voice]) -> tuple[str | None, dict[str, float]]:
    """The choice with the largest summed confidence (None on a tie or with no voices)."""
    weights: dict[str, float] = {}
    for voice in voices:
        choice = voice.position.choice
        weights[choice] = weights.get(choice, 0.0) + voice.position.confidence
    top = max(weights.values(), default=0.0)
    leaders = [choice for choice, weight in weights.items() if abs(weight - top) < 1e-9]
    if not voices or top <= 0 or len(leaders) > 1:
        return None, weights
    return leaders[0], weights


class Move(StrEnum):
    """How a position changed in one turn."""

    ALONE = "alone"  # no other positions to respond to
    SPLIT = "split"  # no majority: kept
    AGREE = "agree"  # the majority agrees: confidence raised
    HOLD = "hold"  # outweighed by its own resistance: kept
    YIELD = "yield"  # confidence lowered
    SWITCH = "switch"  # adopted the majority stance


@dataclass(frozen=True, slots=True)
class Revision:
    """A position before and after hearing the panel, and the voice that counted most."""

    before: Position
    after: Position
    move: Move
    voice: Voice | None = None  # the strongest ally (AGREE) or opponent (HOLD/YIELD/SWITCH)
    allies: tuple[Voice, ...] = ()
    undecided: tuple[Voice, ...] = ()  # the others who take no side, when they are the majority


def _strongest(voices: Sequence[Voice], choice: str) -> Voice:
    return max(
        (voice for voice in voices if voice.position.choice == choice),
        key=lambda voice: voice.position.confidence,  # max keeps the first on ties
    )


def _moved(start: Position, confidence: float) -> Position:
    return Position(start.stance, confidence, start.summary, start.option)


def revise(start: Position, others: Sequence[Voice], ceiling: float = CONFIDENCE_CAP) -> Revision:
    """Apply one step of the social-influence rule (module docstring) to `start`; an
    abstention stays an abstention."""
    majority, weights = weighted_majority(others)
    if not others or start.abstain:
        return Revision(start, start, Move.ALONE)
    allies = tuple(v for v in others if v.position.choice == start.choice)
    top = max(weights.values(), default=0.0)
    if majority is None and allies and abs(weights[start.choice] - top) < 1e-9:
        # The others are split evenly and one side is the expert's own: with its vote, that
        # side is the panel's majority.
        majority = start.choice
    if majority is None:
        return Revision(start, start, Move.SPLIT)
    voice = _strongest(others, majority)
    if majority == start.choice == Stance.NEUTRAL.value:
        return Revision(start, start, Move.HOLD, voice, allies)
    if majority == start.choice:
        confidence = round(min(ceiling, start.confidence + AGREE_STEP), 2)
        after = _moved(start, max(confidence, start.confidence))
        return Revision(start, after, Move.AGREE, voice, allies)
    if majority == Stance.NEUTRAL.value:
        # Colleagues who take no side make no argument: nothing to yield to, and nothing to
        # be more sure of (neutral voters agreeing that the documents do not settle it).
        undecided = tuple(v for v in others if v.position.choice == majority)
        return Revision(start, start, Move.HOLD, voice, allies, undecided)
    holders = [v.position.confidence for v in others if v.position.choice == majority]
    if start.choice == Stance.NEUTRAL.value and len(holders) < 2:
        # Documents that do not settle the question give no reason to take the side of the
        # one colleague who argues it: that would count its evidence twice, and a panel of
        # such voters would call one expert's reading a consensus.
        return Revision(start, start, Move.HOLD, voice, allies)
    if start.choice == Stance.NEUTRAL.value:
        # A neutral voter's documents take no side, nor do its neutral colleagues: it has no
        # evidence to set against a colleague's reasons but its own confidence.
        resistance = start.confidence
    else:
        resistance = SELF_WEIGHT * start.confidence + weights.get(start.choice, 0.0)
    if weights[majority] <= resistance:
        return Revision(start, start, Move.HOLD, voice, allies)
    lowered = round(start.confidence * YIELD_FACTOR, 2)
    if lowered >= SWITCH_BELOW:
        return Revision(start, _moved(start, lowered), Move.YIELD, voice, allies)
    converted = round(min(ceiling, (lowered + sum(holders) / len(holders)) / 2), 2)
    summary = (
        f"{voice.label}'s case decides it for me, as {UNSETTLED}."
        if start.choice == Stance.NEUTRAL.value
        else f"{voice.label}'s case outweighs what my own documents show."
    )
    after = Position(voice.position.stance, converted, summary, voice.position.option)
    return Revision(start, after, Move.SWITCH, voice, allies)


def challenge_position(
    leaning: Leaning, others: Sequence[Voice], options: Sequence[str] = ()
) -> tuple[str | None, Position]:
    """The majority a devil's advocate argues against, and the position it argues for.

    Without options: the opposite of a support/oppose majority, against the proposal when the
    panel is neutral, split or silent. With options: for the best-placed other option. The
    confidence is the expert's own when its leaning agrees with the side it argues, else 0.50:
    an argued position, not a held one.
    """
    majority, weights = weighted_majority(others)
    own = leaning.position
    if options:
        others_first = sorted(
            (o for o in options if o != majority), key=lambda o: -weights.get(o, 0.0)
        )
        option = others_first[0]
        confidence = own.confidence if own.option == option else 0.5
        summary = f"The panel has not ruled out {option}."
        return majority, Position(Stance.SUPPORT, confidence, summary, option)
    stance = Stance.SUPPORT if majority == Stance.OPPOSE.value else Stance.OPPOSE
    confidence = own.confidence if own.stance == stance and not own.abstain else 0.5
    summary = (
        "The case for this proposal has not yet answered the risks it carries."
        if stance is Stance.OPPOSE
        else "The objections can be managed, and the cost of not acting is real."
    )
    return majority, Position(stance, min(confidence, leaning.ceiling), summary)
