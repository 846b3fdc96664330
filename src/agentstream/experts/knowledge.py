"""An expert's knowledge: its documents' leanings (front matter) and their searchable passages.

A knowledge document is Markdown that may open with a front matter block of `key: value`
lines between two `---` lines. Each `topic:` line starts a topic; the lines after it describe
it, for example::

    ---
    topic: the 510(k) pathway
    keywords: 510(k), predicate, substantial equivalence
    leaning: support 0.80
    claim: A 510(k) against a well-chosen predicate is the fastest sound route to market.
    ---

`topic` is a noun phrase ("I support the 510(k) pathway"), `keywords` are phrases of the
proposals the topic is about, `leaning` is the expert's default stance on such a proposal and
its confidence, `claim` is the one-sentence reason. A topic missing a well-formed `leaning`
is ignored; unknown keys are ignored, so tenant documents never fail to load.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from agentstream.agents.grounding import statements
from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.polarity import (
    affirms_nothing,
    bounds,
    clock_gap_sign,
    denies_existence,
    negated_words,
    qualifies_contrarily,
    states_view,
    view_object,
)
from agentstream.retrieval.bm25 import Bm25Index, tokenize, variant_of
from agentstream.retrieval.chunking import Chunk, chunk_markdown

_FENCE = "---"
_LEANING = re.compile(r"^(support|oppose|neutral)\s+(0(?:\.\d+)?|1(?:\.0+)?)$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^([a-z_]+)\s*:\s*(.*)$", re.IGNORECASE)
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
_MIN_TERMS = 5
# A passage covers a question by two of its words beyond the expert's whole field (see
# `ExpertKnowledge.relevant`): sharing one common word ("technicians", "require") with it is
# not speaking to it.
MIN_WORDS = 2
MIN_PASSAGES_FOR_FIELD = 4
MIN_SHARE = 0.4
# A statement holding this many of a long question's subject words is about it.
ABOUT_WORDS = 3
PASSAGES_PER_QUESTION = 3
# How many of a question's first subject words name the proposal's object.
LEADING_WORDS = 2
# Words of a proposal's form ("should we adopt …", "approve the new …", "our strategy") or of
# a question's asking for figures ("how many", "per week"), or of how it asks ("is it OK
# to", "are they happy with", "over the next few weeks"), that name no subject.
PROPOSAL_WORDS = frozenset(
    tokenize(
        "should would could we our us you move adopt introduce require required new approve "
        "allow start stop make use do does file switch change better best go ahead plan "
        "proposal propose instead than this that these those next quarter year month more "
        "less what which panel option options or keep stay strategy approach pattern policy "
        "idea way rule process decision right good worth it is are be get give have despite "
        "although though even given follow still also just only really before after rather "
        "part every each another many much per ok okay alright fine happy over usual usually "
        "normal normally behind anyway anyhow regardless try trying tried want wants wanted deep"
    )
)
# Verbs a proposal may lead with that name nothing it is about.
OBJECTLESS_VERBS = frozenset(tokenize("work take put let set"))
# Verbs of the asker's situation ("send one technician out to deal with it", "sit down with
# FDA to check", "catch up", "bring in"): what they act on is asked, not they.
SITUATION_VERBS = frozenset(
    tokenize(
        "bring expect need meet handle come approach found last clear send deal check sit "
        "sitting catch slow finish finished replace replacing"
    )
)
# Words of when the asker's case happens ("last night", "this morning", "early tomorrow"):
# they date it, and no document need use them for the question to be its subject.
WHEN_WORDS = frozenset(
    tokenize(
        "morning mornings afternoon evening night tonight today yesterday tomorrow last early "
        "late earlier later soon now recently ago first away"
    )
)
# Words of the asker's situation that name nothing an abstention may say its documents lack.
ASKERS_WORDS = SITUATION_VERBS | WHEN_WORDS
# Verbs that say how or when a proposal is carried out, not what it is.
MANNER_WORDS = frozenset(
    tokenize("rush rushed hurry accelerate expedite speed delay postpone defer wait")
)
# Where a proposal's purpose starts: "… to clear the backlog", "so we can announce …".
_PURPOSE = re.compile(
    r"\b(?:so (?:that )?we can|so as to|in order to|to)\s+(?=(?:clear|meet|save|avoid|reduce|"
    r"hit|keep|catch|free|win|announce|protect|cover|handle|fix|finish|beat|reach)\b)",
    re.IGNORECASE,
)
# Words a question may use for a word of the documents ("compulsory" Saturday overtime for
# "mandatory" weekend overtime): each also matches its counterpart.
SYNONYMS = {
    "compulsory": "mandatory", "obligatory": "mandatory", "forced": "mandatory",
    "saturday": "weekend", "sunday": "weekend", "outsource": "subcontractor",
    "outsourcing": "subcontractor", "outsourced": "subcontractor", "contractor": "subcontractor",
    "subcontracted": "subcontractor", "subcontracting": "subcontractor",
    "trial": "study", "trials": "study", "submit": "file", "submitting": "filing",
    "result": "data", "route": "pathway", "routes": "pathway",
    "evidence": "data", "staff": "technician", "team": "technician", "engineer": "technician",
    "engineers": "technician", "crew": "technician", "crews": "technician",
    "payer": "payment", "insurer": "payer", "reimbursed": "reimbursement",
    "roster": "schedule", "rosters": "schedule", "rostered": "scheduled", "rota": "schedule",
    "rotas": "schedule", "timetable": "schedule",
    # "call-out", "call out" and "on-call" read as "call"; "callout" is one word.
    "callout": "call", "callouts": "call", "called": "call", "overnight": "night",
    "tonight": "night", "one": "single",
    # Whom a clinical study enrols: a question's patients are the documents' subjects.
    "patient": "subject", "patients": "subject", "participant": "subject",
    "participants": "subject",
}  # fmt: skip
# Words a question may use for a case that a statement's condition puts otherwise.
CASE_WORDS = {"new": "novel"}
# Phrases whose words read as something else: "after-hours" is no number of hours but night.
_NIGHT = re.compile(r"\b(?:after|out[\s-]of)[\s-]hours\b", re.IGNORECASE)
# Hours beyond the contracted ones are what the documents call overtime ("extra hours for
# our own technicians").
_EXTRA_HOURS = re.compile(r"\b(?:extra|additional)(?=\s+(?:paid\s+)?hours?\b)", re.IGNORECASE)
_EXTRA = frozenset(("extra", "additional"))
# A field technician is a technician: every technician of a field-service business is one.
_FIELD_STAFF = re.compile(r"\bfield[\s-]+(technicians?|engineers?|staff|workers?)\b", re.IGNORECASE)
# Working Saturdays, Sundays or weekends, beyond the regular week, is weekend overtime.
_WEEKEND_WORK = re.compile(
    r"\b(?:work(?:s|ing)?|come(?:s)?\s+in|coming\s+in)\s+(?:on\s+)?(?:saturdays?|sundays?|weekends?)\b",
    re.IGNORECASE,
)
# Requiring people to work something makes it mandatory: "require every technician to work".
_REQUIRED = re.compile(
    r"\b(?:required?|requiring)(?=\s+(?:\w+\s+){0,3}?to\s+work\b)"
    # making everyone work or come in: "make every technician come in on Saturdays"
    r"|\b(?:make|makes|making|force|forcing)(?=\s+(?:every|all|each|the\s+whole)\s+(?:\w+\s+){0,2}?"
    r"(?:work|come\s+in)\b)",
    re.IGNORECASE,
)
# Hours put in "on top of" a regular schedule are hours over it; hours "put in" are worked.
_ON_TOP_OF = re.compile(r"\bon\s+top\s+of\b", re.IGNORECASE)
_PUT_IN = re.compile(r"\bput(?:s|ting)?\s+in\b(?=\s+(?:\w+\s+){0,3}?(?:hours?|shifts?)\b)", re.I)
# A device already cleared or marketed, not the asker's own, is what the documents call a
# predicate: "one that is already cleared and sold in the US", "no cleared device with the same
# intended use", "nothing like our monitor is on the market".
_CLEARED_ONE = re.compile(
    r"\b(?<!our\s)(?<!its\s)(?:an?\s+|one\s+|any\s+)?(?:already\s+)?"
    r"(?:cleared|legally\s+marketed|marketed)\s+(?:devices?|products?)\b"
    r"|\bone\s+that\s+(?:is|was|has\s+been)\s+(?:already\s+)?(?:cleared|legally\s+marketed)"
    r"(?:\s+and\s+(?:sold|marketed)(?:\s+in\s+the\s+US)?)?",
    re.IGNORECASE,
)
_NOTHING_LIKE = re.compile(
    r"\bnothing\s+like\s+(?:our|the|this)\s+[\w\s-]+?\s+is\s+on\s+the\s+market(?:\s+yet)?",
    re.IGNORECASE,
)
# Being weeks behind is having a backlog of that many weeks: "we are four weeks behind".
_BEHIND = re.compile(
    r"\b(?P<being>(?:are|were|is|was|'re)\s+(?:now\s+)?)?(?P<about>(?:about|around|roughly|"
    r"nearly|almost|over)\s+)?(?P<count>\w+)\s+(?P<unit>weeks?|months?)\s+"
    # "four weeks behind", "two weeks of open work"
    r"(?:behind\b|of\s+(?:open|outstanding|pending|unfinished|queued)\s+(?:work|jobs|tickets)\b)",
    re.IGNORECASE,
)


def _as_backlog(found: re.Match[str]) -> str:
    """Being some weeks behind, as the backlog of `_BEHIND` ("are four weeks behind": "have
    a backlog of four weeks")."""
    have = "have " if found.group("being") else ""
    about = found.group("about") or ""
    return f"{have}a backlog of {about}{found.group('count')} {found.group('unit')}"


# Sending a file in is submitting it; holding it until work is done is submitting it once that
# work is complete: "send the 510(k) in now, or hold it until verification is done".
# (a filing, not people: "send the crew in" is no submission)
_FILING = r"(?:510\(k\)|submission|application|file|filing|package|dossier|PMA|De\s+Novo)"
_SEND_IN = re.compile(
    rf"\bsend(?:s|ing)?\s+(?:in\b(?=\s+(?:the\s+|our\s+|an?\s+)?{_FILING})|"
    rf"(it|them|(?:the|our)\s+{_FILING})\s+in\b)",
    re.IGNORECASE,
)
_HOLD_UNTIL = re.compile(
    rf"\bhold(?:s|ing)?\s+(?:it|them|off|back|(?:the|our)\s+{_FILING})?\s*until\s+(?:the\s+)?"
    # work a filing waits for: verification, testing, a study, a review
    r"(?P<work>[\w\s-]*?(?:verification|validation|testing|tests|study|review|analysis))"
    r"\s+(?:is|are)\s+(?:done|finished|complete|completed|over)\b",
    re.IGNORECASE,
)
# A Q-Sub is what the documents call a Pre-Submission, whether or not they name the program.
_Q_SUB = re.compile(r"\bQ-?Sub(?:mission)?s?\b", re.IGNORECASE)
# Working "on his own" or "by herself" is working alone.
_ON_ONES_OWN = re.compile(
    r"\b(?:on\s+(?:his|her|their|my|your)\s+own|by\s+(?:him|her|them|my|your)sel(?:f|ves))\b",
    re.IGNORECASE,
)
# Acronyms a question may use for the documents' long forms, or the other way round; an
# expert's documents add those they define ("Premarket approval (PMA)").
ACRONYMS = {
    "pma": "premarket approval", "ide": "investigational device exemption",
    "capa": "corrective and preventive action", "dhf": "design history file",
    "qms": "quality management system", "sla": "service level agreement",
    "cms": "centers for medicare and medicaid services", "ncd": "national coverage determination",
    "lcd": "local coverage determination", "hde": "humanitarian device exemption",
}  # fmt: skip
_DEFINED = re.compile(r"\b((?:[A-Za-z][\w-]*\s+){1,5}?[A-Za-z][\w-]*)\s+\(([A-Z]{2,6})\)")
# An acronym as a question writes it: "IDE", "SLAs".
_ACRONYM = re.compile(r"[A-Z]{2,6}s?")
_LINKING = frozenset(("for", "and", "of", "the", "on", "to", "in"))
# Numbers written as words are values, not subjects ("two more technicians").
_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twice",
        "half",
    ]
)


# What marks a statement as the sequel of the one before it.
_LEANS_ON_BEFORE = re.compile(
    r"^\W*(?:this|that|these|those|it|they|so|thus|hence|such|the\s+(?:usual\s+)?result)\b"
    r"|\b(?:therefore|thus|hence)\b",
    re.IGNORECASE,
)


def is_value(word: str) -> bool:
    """Whether a word is a value ("14", "two"), not a subject."""
    return word.replace(".", "").isdigit() or word in _NUMBER_WORDS


def with_synonyms(terms: set[str]) -> set[str]:
    """Terms with the documents' words for them added ("extra" hours also as "overtime")."""
    overtime = {"overtime"} if terms & _EXTRA and "hour" in terms else set()
    return terms | overtime | {SYNONYMS[t] for t in terms if t in SYNONYMS}


def in_documents_terms(question: str) -> str:
    """The question with the phrases the documents put in one word put so: "after-hours"
    work is night work, "extra hours" are overtime hours, working "on his own" is working
    alone, working or coming in on Saturdays is weekend overtime, requiring or making
    everyone do it is mandatory, a field technician is a technician, a Q-Sub is a
    Pre-Submission, a device already cleared or on the market is a predicate, being weeks
    behind is a backlog of weeks, sending a file in is submitting it, holding it until work is
    done is submitting it once that work is complete, and hours "put in" "on top of" a
    schedule are hours worked over it."""
    question = _Q_SUB.sub("Pre-Submission", question)
    question = _HOLD_UNTIL.sub(
        lambda found: f"submit it once {found.group('work')} is complete", question
    )
    question = _SEND_IN.sub(lambda found: f"submit {found.group(1) or ''}".rstrip(), question)
    question = _BEHIND.sub(_as_backlog, question)
    question = _NOTHING_LIKE.sub("no predicate exists", question)
    question = _CLEARED_ONE.sub(_as_predicate, question)
    question = re.sub(r"\bsame\s+use\b", "same intended use", question, flags=re.IGNORECASE)
    question = _PUT_IN.sub("work", _ON_TOP_OF.sub("over", question))
    question = _ON_ONES_OWN.sub("alone", _NIGHT.sub("night", question))
    question = _WEEKEND_WORK.sub(
        "work weekend overtime", _REQUIRED.sub(r"\g<0> mandatory", question)
    )
    question = _FIELD_STAFF.sub(r"\1", question)
    return _EXTRA_HOURS.sub("overtime", question)


def _as_predicate(found: re.Match[str]) -> str:
    """A cleared device of `_CLEARED_ONE` put as the documents put it, in number and article."""
    said = found.group(0)
    noun = "predicate devices" if said.endswith("s") else "predicate device"
    return noun if said[0].lower() in "cml" or said.endswith("s") else f"a {noun}"


def topic_words(question: str) -> str:
    """The words of a question that name what it is about, without its proposal form."""
    words = tokenize(in_documents_terms(question))
    return " ".join(word for word in words if word not in PROPOSAL_WORDS)


# What may stand around a question's word without being part of it (the "(k)" of "510(k)" is).
_EDGE_PUNCTUATION = "\"'“”‘’?!.,;:"


def subject_words(question: str) -> list[str]:
    """The distinct topic words of a question, in order, without single letters (the "k" of
    "510(k)"); single digits stay ("a 2-hour target")."""
    words = tokenize(topic_words(question))
    return list(dict.fromkeys(w for w in words if len(w) > 1 or w.isdigit()))


def asked_words(question: str) -> str:
    """The subject words of a question that name what it asks, without the verbs of the
    asker's situation ("send", "deal" of "Is it OK to send one technician out alone to deal
    with it?"), joined."""
    words = subject_words(question)
    return " ".join(w for w in words if w not in SITUATION_VERBS and w not in OBJECTLESS_VERBS)


def proposal_head(question: str) -> str:
    """What a question proposes, without what for ("Should we bring in subcontractors" of
    "… to clear a backlog we expect to last two months")."""
    return _PURPOSE.split(question, maxsplit=1)[0]


@dataclass(frozen=True, slots=True)
class Topic:
    """A kind of proposal an expert has a default view on, from its document's front matter."""

    name: str
    keywords: tuple[tuple[str, ...], ...]  # each keyword phrase as its tokens
    stance: Stance
    confidence: float
    claim: str

    @property
    def text(self) -> str:
        """The topic's words: its name, keywords and claim."""
        keywords = " ".join(" ".join(phrase) for phrase in self.keywords)
        return f"{self.name} {keywords} {self.claim}"

    @property
    def text_terms(self) -> frozenset[str]:
        """The tokens of the topic's words."""
        return frozenset(tokenize(self.text))

    def match_score(self, query_terms: set[str], common: frozenset[str] = frozenset()) -> int:
        """How specifically the query names this topic: the tokens of every keyword phrase
        whose tokens all occur in the query, except phrases made only of `common` words."""
        return sum(
            len(phrase)
            for phrase in self.keywords
            if set(phrase) <= query_terms and not set(phrase) <= common
        )


def split_front_matter(markdown: str) -> tuple[list[str], str]:
    """The front matter lines (empty when there is none) and the Markdown body after them."""
    lines = markdown.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != _FENCE:
        return [], markdown
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            return lines[1:index], "\n".join(lines[index + 1 :]).lstrip("\n")
    return [], markdown  # an unclosed block is body text, not front matter


def knowledge_body(markdown: str) -> str:
    """The Markdown of a knowledge document without its front matter (for model prompts)."""
    return split_front_matter(markdown)[1]


def parse_topics(front_matter: list[str]) -> tuple[Topic, ...]:
    """The well-formed topics of a front matter block, in order."""
    raw: list[dict[str, str]] = []
    for line in front_matter:
        match = _KEY_VALUE.match(line.strip())
        if match is None:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "topic":
            raw.append({"topic": value})
        elif raw:
            raw[-1][key] = value
    topics: list[Topic] = []
    for fields in raw:
        leaning = _LEANING.match(fields.get("leaning", "").strip())
        keywords = tuple(
            tuple(tokens)
            for phrase in fields.get("keywords", "").split(",")
            if (tokens := tokenize(phrase))
        )
        if leaning is None or not fields["topic"] or not keywords:
            continue
        topics.append(
            Topic(
                name=fields["topic"],
                keywords=keywords,
                stance=Stance(leaning.group(1).lower()),
                confidence=round(float(leaning.group(2)), 2),
                claim=fields.get("claim", ""),
            )
        )
    return tuple(topics)


def written_phrases(question: str, missing: Callable[[set[str]], bool]) -> list[str]:
    """The question's words, as it writes them, whose terms are `missing`, neighbours joined
    into one phrase ("De Novo", "wearable sleep apnea monitor"), in order, each once."""
    phrases: list[str] = []
    current: list[str] = []
    for raw in question.split():
        word = raw.strip(_EDGE_PUNCTUATION)
        terms = set(tokenize(word))
        if terms and missing(terms):
            current.append(word)
            continue
        if current:
            phrases.append(" ".join(current))
        current = []
    if current:
        phrases.append(" ".join(current))
    return list(dict.fromkeys(phrases))


@dataclass(frozen=True, slots=True)
class ExpertKnowledge:
    """One expert's topics and the BM25 index over its own documents' passages."""

    topics: tuple[Topic, ...]
    chunks: tuple[Chunk, ...]
    index: Bm25Index
    vocabulary: frozenset[str]  # every token of its passages and of its topics
    chunk_terms: tuple[frozenset[str], ...]  # each passage's tokens, headings included
    common: frozenset[str]  # tokens in at least half of its passages
    acronyms: tuple[tuple[str, str], ...] = ()  # (acronym, long form) its documents define

    @property
    def common_words(self) -> frozenset[str]:
        """Words in at least half of the expert's passages: the words of its whole field
        ("technicians" for operations) name none of its topics in particular."""
        return self.common

    def in_own_words(self, question: str) -> str:
        """The question with the acronyms of its long forms and the long forms of its
        acronyms added ("premarket approval" → also "PMA"), so that a question in either
        form reaches passages written in the other."""
        lowered = f" {' '.join(tokenize(question))} "
        added = []
        for acronym, long_form in (*ACRONYMS.items(), *self.acronyms):
            phrase = f" {' '.join(tokenize(long_form))} "
            if f" {acronym} " in lowered and phrase not in lowered:
                added.append(long_form)
            elif phrase in lowered and f" {acronym} " not in lowered:
                added.append(acronym)
        return " ".join((in_documents_terms(question), *added))

    def relevant_to(self, question: str, options: Sequence[str] = ()) -> list[Chunk]:
        """The passages that cover the question or, on a panel with options, any one option:
        documents that discuss one of the answers bear on the choice."""
        found = self.relevant(question)
        for option in options:
            found += self.relevant(option)
        return list(dict.fromkeys(found))[: PASSAGES_PER_QUESTION + 1]

    def coverage(self, question: str, options: Sequence[str] = ()) -> int:
        """How many of the expert's passages cover the question or one of its options: how
        much its documents have to say on it."""
        if self.outside(question, options):
            return 0
        every = len(self.chunks)
        found = {c.chunk_id for text in (question, *options) for c in self.relevant(text, every)}
        return len(found)

    @property
    def titles(self) -> tuple[str, ...]:
        """The titles of the expert's documents, in order."""
        return tuple(dict.fromkeys(chunk.title for chunk in self.chunks))

    def unknown_words(self, question: str) -> list[str]:
        """The question's subject words that the expert's documents never use, in order (a
        figure is a value, not a subject: documents that never say "14" speak of shifts)."""
        own = set(tokenize(self.in_own_words(question)))
        return [
            word
            for word in subject_words(question)
            if not is_value(word)
            and not _matches(word, self.vocabulary)
            # A long form whose acronym the documents use ("premarket approval" for PMA).
            and not any(
                word in tokenize(long_form) and acronym in own and acronym in self.vocabulary
                for acronym, long_form in (*ACRONYMS.items(), *self.acronyms)
            )
        ]

    def outside(self, question: str, options: Sequence[str] = ()) -> list[str]:
        """What the question is about that the documents never name, in the question's own
        words (empty: nothing that rules the question out). Two signs that shared words are
        no coverage ("Class III" devices for "Category III" codes): the words every option
        shares name what the choice is between ("Category … CPT code"), and an acronym the
        question writes ("IDE") names its subject; documents that use neither them nor their
        long forms do not speak to it."""
        shared = set.intersection(*(set(subject_words(o)) for o in options)) if options else set()
        own = set(tokenize(self.in_own_words(question)))
        words = re.findall(r"[\w()'-]+", options[0]) if options else []
        missing = [word for word in words if tokenize(word) and set(tokenize(word)) <= shared]
        asked = re.findall(r"[\w()'-]+", question)
        # An acronym before a word of content qualifies it ("an ECG patch", "SLA targets"):
        # it describes the case; one that ends its phrase ("an FDA-approved IDE before …")
        # is what the question asks about.
        missing += [
            word
            for word, after in zip(asked, [*asked[1:], ""], strict=True)
            if _ACRONYM.fullmatch(word.strip("()'-"))
            and not tokenize(after)
            # "Is it OK to …" asks; "OK" is no acronym of a subject.
            and not set(tokenize(word)) <= PROPOSAL_WORDS
        ]
        return list(
            dict.fromkeys(
                word
                for word in missing
                if not any(self._knows(term, own) for term in tokenize(word))
            )
        )

    def _knows(self, term: str, own: set[str]) -> bool:
        """Whether the documents use a word, or the long form of an acronym they use."""
        if term.isdigit() or _matches(term, self.vocabulary):
            return True
        long_forms = [
            long for acronym, long in (*ACRONYMS.items(), *self.acronyms) if acronym == term
        ]
        return any(set(tokenize(long)) <= self.vocabulary and term in own for long in long_forms)

    def unknown_phrases(self, question: str) -> list[str]:
        """The question's own words for its `unknown_words`, neighbours kept together as the
        question wrote them ("De Novo", "510(k)"), in order."""
        unknown = set(self.unknown_words(question))
        return written_phrases(question, lambda terms: terms <= unknown)

    def named_phrases(self, question: str) -> list[tuple[str, ...]]:
        """The front matter's keyword phrases that the question names ("targeted overtime",
        "subcontractor"; not one word of the expert's whole field such as "overtime")."""
        terms = with_synonyms(set(tokenize(question)))
        return [
            phrase
            for topic in self.topics
            for phrase in topic.keywords
            if set(phrase) <= terms and (len(phrase) >= MIN_WORDS or phrase[0] not in self.common)
        ]

    def relevant(self, question: str, limit: int = PASSAGES_PER_QUESTION) -> list[Chunk]:
        """The expert's passages that cover the question, best first (empty: the question is
        outside its documents).

        A passage covers it when it holds every subject word of the question, or two of them
        that are not words of the expert's whole field ("technicians"), or a keyword phrase of
        the expert's topics that the question names, or, for a question whose words the
        documents use (all but one), two of them and `MIN_SHARE` of them. Words match by their
        first letters and by the documents' synonyms, so a question in other words than the
        documents' is still covered.
        """
        question = self.in_own_words(question)
        words = subject_words(question)
        if not words:
            return []
        phrases = self.named_phrases(question)
        # A question in the words of the expert's own field ("shift", "hours" for safety) is
        # covered by a share of them, unless it also names things its documents never do.
        in_field = len(self.unknown_words(question)) <= 1
        scores = {hit.chunk.chunk_id: hit.score for hit in self.index.search(question, k=20)}
        covered = []
        for chunk, terms in zip(self.chunks, self.chunk_terms, strict=True):
            hit = [word for word in words if _matches(word, terms)]
            specific = [word for word in hit if word not in self.common]
            named = any(all(_matches(word, terms) for word in phrase) for phrase in phrases)
            shared = in_field and len(hit) >= MIN_WORDS and len(hit) >= MIN_SHARE * len(words)
            # A limit on what the question's figure measures ("no shift longer than 10 hours"
            # for "14-hour days"), or a least gap its two times of day are held against
            # ("11 hours of rest between shifts" for a call-out ending at 02:00 and a 07:00
            # shift), speaks to it, whatever else the question names.
            bounded = bool(hit) and (
                bounds(question, chunk.text) or bool(clock_gap_sign(question, chunk.text))
            )
            if len(hit) == len(words) or len(specific) >= MIN_WORDS or named or shared or bounded:
                # A limit on what the question's figure measures speaks to it most directly.
                rank = (not bounded, -len(specific), -len(hit), -scores.get(chunk.chunk_id, 0.0))
                covered.append((*rank, chunk.chunk_id, chunk))
        return [chunk for *_, chunk in sorted(covered)[:limit]]

    def evidence(
        self, question: str, passages: Sequence[Chunk], limit: int = 6
    ) -> list[tuple[str, str]]:
        """(source id, statement) pairs from `passages` that speak to the question, best first:
        a statement must share a topic word with it and carry five words of content; passages
        take turns, so each passage's best statement comes before any passage's second."""
        question = self.in_own_words(question)
        wanted = set(tokenize(topic_words(question) or question))
        # The question's own terms, without the words of the expert's whole field, come first:
        # a statement sharing only "technicians" with a question on night work says least.
        specific = wanted - self.common_words
        per_passage: list[list[tuple[bool, int, int, int, str, str]]] = []
        for chunk in passages:
            ranked = []
            for position, statement in enumerate(statements(chunk)):
                terms = tokenize(statement)
                # Forms of a word count, as in `relevant`: "replacing" speaks of "replace".
                said = {word for word in wanted if _matches(word, frozenset(terms))}
                shared = len(said)
                if len(terms) < _MIN_TERMS or not shared:
                    continue
                own = len(specific & said)
                # a statement that leans on the one before ("… therefore serves FDA", "The
                # usual result is …") says least when quoted alone
                leaning = bool(_LEANS_ON_BEFORE.search(statement))
                ranked.append((leaning, -own, -shared, position, chunk.chunk_id, statement))
            per_passage.append(sorted(ranked))
        found: list[tuple[str, str]] = []
        for turn in range(max((len(r) for r in per_passage), default=0)):
            for ranked in per_passage:
                if turn < len(ranked):
                    *_, source, statement = ranked[turn]
                    if statement not in (s for _, s in found):
                        found.append((source, statement))
        return found[:limit]

    def best_topic(self, query: str) -> Topic | None:
        """The topic the query is about (earliest on ties), None if none: of the topics it
        names, the one it names most specifically, if the question leads with it or the topic
        speaks to the question (`speaks_to` its keywords, name and claim). A question that
        names a topic in passing ("skip the Pre-Submission and file our 510(k)") is not
        about it."""
        # What the proposal is for ("… to clear a backlog") is not what it proposes: a topic
        # on the backlog is no view on bringing in subcontractors.
        terms = with_synonyms(set(tokenize(proposal_head(query))))
        words = subject_words(query)
        named = [t for t in self.topics if t.match_score(terms, self.common_words)]
        # A question that says how or when to act ("rush the 510(k)") is about that manner:
        # a topic on the 510(k) itself is a view on another proposal.
        manner = [w for w in words[:LEADING_WORDS] if w in MANNER_WORDS]
        if manner:
            named = [t for t in named if any(_matches(w, frozenset(t.text_terms)) for w in manner)]
        best: Topic | None = None
        best_score = 0
        for topic in named:
            score = topic.match_score(terms, self.common_words)
            if score > best_score:
                best, best_score = topic, score
        if best is None:
            return None
        # The proposal's object comes first ("stop giving service credits to premium
        # customers when …"): a topic it leads with is what it is about, whatever follows.
        leads = any(_matches(word, best.text_terms) for word in words[:LEADING_WORDS])
        return best if leads or self.speaks_to(query, best.text) else None

    def speaks_to(self, question: str, text: str) -> bool:
        """Whether `text` (a statement, a topic) is about the question, enough to take a side
        from: it holds two of the question's subject words (one, for a question of one
        subject word), and `MIN_SHARE` of them or `ABOUT_WORDS`. Sharing a word or two of a
        long question is speaking near it, not to it."""
        return _speaks(subject_words(question), frozenset(tokenize(text)))

    def states(self, question: str, text: str) -> bool:
        """Whether `text` states what the question proposes as its practice: it says every
        subject word of the question (two at least) and denies none ("Planned overtime is
        approved by the regional service manager" of "Should overtime be approved by the
        regional manager?")."""
        words = subject_words(question)
        return (
            len(words) >= MIN_WORDS
            and self.words_said(question, text) == len(words)
            and (not affirms_nothing(text))
        )

    def case_fit(self, question: str, case: str) -> int:
        """+1 when the question describes the case a statement's condition states ("the
        device is novel" for "a new sensing technology"), -1 when it denies it ("no cleared
        device with the same intended use" against "a predicate with the same intended use
        exists"), 0 when it says nothing of it. Words of the expert's whole field ("device")
        show no case: they take part only in the count of shared words."""
        asked, denied = negated_words(question)
        # A question's "new" device is a case's "novel" one; elsewhere "new" names nothing
        # ("a new material" is no novel device).
        asked = with_synonyms(asked) | {CASE_WORDS[w] for w in asked if w in CASE_WORDS}
        denied = with_synonyms(denied) | {CASE_WORDS[w] for w in denied if w in CASE_WORDS}
        if denies_existence(question, case):
            return -1
        stated, unstated = negated_words(case)
        shared = [w for w in stated | unstated if w in asked or w in denied]
        specific = [w for w in shared if w not in self.common]
        if len(shared) < MIN_WORDS or not specific:
            return 0
        contradicted = [w for w in specific if (w in stated) == (w in denied)]
        return -1 if contradicted or qualifies_contrarily(question, case) else 1

    def names(self, query: str, topic: Topic) -> bool:
        """Whether the query names the topic specifically: keyword phrases of two of its words
        beyond the expert's whole field ("FDA strategy", "weekend overtime")."""
        terms = with_synonyms(set(tokenize(query)))
        return topic.match_score(terms, self.common_words) >= MIN_WORDS

    def words_said(self, question: str, text: str) -> int:
        """How many of the question's subject words `text` says (their forms and synonyms
        too): how fully it speaks to the question."""
        terms = frozenset(tokenize(text))
        return sum(1 for word in subject_words(question) if _matches(word, terms))

    def unsaid_words(self, question: str, text: str) -> list[str]:
        """The question's subject words, as the question writes them, that `text` does not
        say in any form, neighbours kept together ("De Novo", not "De" and "Novo"): what a
        statement leaves to assumption when applied to the question."""
        terms = frozenset(tokenize(text))
        missing = {word for word in subject_words(question) if not _matches(word, terms)}
        return written_phrases(question, lambda named: bool(named & missing))

    def speaks_in_passage(self, question: str, source: str, statement: str) -> bool:
        """Whether the expert's own view in a statement is about the question when read in
        its passage's words: the view names what the question leads with itself ("I do not
        recommend replacing the whole fleet" of "replace all our vans") and, with the words of
        its passage ("electric vans"), `speaks_to` the question. The expert's documents say
        what their own words ("fleet") stand for, without a list of synonyms; a view that
        shares only a later word ("premium") is about something else."""
        if not states_view(statement):
            return False
        words = subject_words(question)
        view = frozenset(tokenize(view_object(statement)))
        # A word of the expert's whole field ("technicians") names nothing the view is about.
        # Nor does a verb that names no object ("technicians work 12-hour shifts" is not about
        # "urgent premium work").
        leading = [
            word
            for word in words[:LEADING_WORDS]
            if word not in self.common and word not in OBJECTLESS_VERBS
        ]
        if not any(_matches(word, view) for word in leading):
            return False
        return _speaks(words, view | self._passage_terms(source))

    def passage_says(self, source: str, words: Sequence[str]) -> bool:
        """Whether the passage `source` says every one of `words`, in any of their forms."""
        terms = self._passage_terms(source)
        return all(_matches(word, terms) for word in words)

    def topic_says(self, topic: Topic, words: Sequence[str]) -> bool:
        """Whether a topic (its name, keywords and claim) says every one of `words`."""
        return all(_matches(word, topic.text_terms) for word in words)

    def under_heading(self, source: str, statement: str) -> str:
        """A statement with the heading of its passage's section before it: the heading says
        what the section's statements are about ("Keeping customers informed" of "we update the
        customer at least every 2 hours")."""
        section = next((c.section for c in self.chunks if c.chunk_id == source), "")
        return f"{section}: {statement}" if section else statement

    def _passage_terms(self, source: str) -> frozenset[str]:
        return next(
            (t for c, t in zip(self.chunks, self.chunk_terms, strict=True) if c.chunk_id == source),
            frozenset(),
        )


def _speaks(words: Sequence[str], terms: frozenset[str]) -> bool:
    """The rule of `ExpertKnowledge.speaks_to` over a text's terms."""
    if not words:
        return False
    hit = len([word for word in words if _matches(word, terms)])
    return hit >= min(MIN_WORDS, len(words)) and (
        hit >= MIN_SHARE * len(words) or hit >= ABOUT_WORDS
    )


def _title(body: str, default: str) -> str:
    match = _HEADING.search(body)
    return match.group(1).strip() if match else default


@lru_cache(maxsize=256)
def _build(agent_id: str, documents: tuple[str, ...]) -> ExpertKnowledge:
    topics: list[Topic] = []
    chunks: list[Chunk] = []
    for number, markdown in enumerate(documents, start=1):
        front_matter, body = split_front_matter(markdown)
        topics.extend(parse_topics(front_matter))
        doc_id = f"{agent_id}/{number}"
        chunks.extend(chunk_markdown(doc_id, _title(body, doc_id), body))
    chunk_terms = tuple(
        frozenset(tokenize(f"{chunk.title} {chunk.section} {chunk.text}")) for chunk in chunks
    )
    claims = [f"{topic.name} {topic.claim}" for topic in topics]
    vocabulary = frozenset().union(
        *chunk_terms,
        *(tokenize(claim) for claim in claims),
        *(word for topic in topics for word in topic.keywords),
    )
    counts: dict[str, int] = {}
    for terms in chunk_terms:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    # A field's words show only over several passages: in one or two, every word is common.
    enough = len(chunks) >= MIN_PASSAGES_FOR_FIELD
    common = frozenset(t for t, n in counts.items() if enough and 2 * n >= len(chunks))
    defined = {
        match.group(2).lower(): match.group(1)
        for markdown in documents
        for match in _DEFINED.finditer(split_front_matter(markdown)[1])
    }
    acronyms = tuple(
        (acronym, spelled)
        for acronym, long_form in defined.items()
        if acronym not in ACRONYMS and (spelled := _spelled_out(acronym, long_form))
    )
    return ExpertKnowledge(
        tuple(topics), tuple(chunks), Bm25Index(chunks), vocabulary, chunk_terms, common, acronyms
    )


def _spelled_out(acronym: str, words: str) -> str:
    """The words before an acronym that it abbreviates ("Centers for Medicare and Medicaid
    Services" of "the Centers … (CMS)"), by their initials; "" when none spell it."""
    split = words.split()
    for start in range(len(split) - 1, -1, -1):
        tail = split[start:]
        initials = "".join(w[0] for w in tail if w.lower() not in _LINKING).lower()
        if initials == acronym:
            return " ".join(tail)
    return ""


def _matches(word: str, terms: frozenset[str]) -> bool:
    """Whether `word` is among `terms`: itself, a synonym either way, or another form
    of it ("scheduled" for "schedule"), as document search reads forms of a word."""
    synonym = SYNONYMS.get(word)
    if word in terms or synonym in terms:
        return True
    # Either way round: a question's "subcontractor" is the documents' "subcontracted", and
    # so is its "contractor", by the form of its synonym.
    return any(
        variant_of(word, term)
        or SYNONYMS.get(term) == word
        or (synonym is not None and variant_of(synonym, term))
        for term in terms
    )


def knowledge_of(expert: ExpertProfile) -> ExpertKnowledge:
    """The parsed and indexed knowledge of an expert (cached by its documents)."""
    return _build(expert.agent_id, expert.knowledge)
