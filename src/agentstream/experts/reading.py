"""A question read as asked: the proposal it puts, and whether it asks for that proposal's
opposite.

"Should we NOT bother with a Pre-Submission?" and "Is it a bad idea to file without clinical
data?" put the same proposals as "Should we bother with a Pre-Submission?" and "Should we
file without clinical data?", but a panel that supports the question rejects the proposal.
An expert weighs its documents on the plain proposal and then turns its stance around, so
that a document's view for a Pre-Submission is never read as a view for skipping one.
"""

import calendar
import re
from dataclasses import dataclass

from agentstream.agents.stated import NONSTOP
from agentstream.deliberation.figures import asking_sentence
from agentstream.experts.polarity import statement_sign

# "Is it a bad idea to …", "Would it be a mistake to …": the question asks whether not to.
_AGAINST_IT = re.compile(
    # "Wouldn't it be wrong to …" asks the same as "Would it be wrong to …"
    r"\b(?:is|would|will|isn['’]?t|wouldn['’]?t|won['’]?t)\s+it\s+(?:be\s+)?(?:a\s+)?"
    r"(?:bad idea|mistake|error|wrong|unwise|risky|too risky|dangerous)\s+"
    r"(?:for\s+(?:us|the\s+\w+)\s+)?to\s+",
    re.IGNORECASE,
)
# "Is it a good idea to …": the plain proposal, in other words.
_FOR_IT = re.compile(
    r"\b(?:is|would|will|isn['’]?t|wouldn['’]?t|won['’]?t)\s+it\s+(?:be\s+)?(?:a\s+)?"
    r"(?:good idea|wise|sensible|right|worth it|better)\s+"
    r"(?:for\s+(?:us|the\s+\w+)\s+)?to\s+",
    re.IGNORECASE,
)
# "Should we not …", "Shall we NOT …": the negation of the proposal's own verb.
_NOT = re.compile(r"\b(should|shall|must|could)\s+(we|i|they|the\s+\w+)\s+not\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """The proposal a question puts (a question in the plain form "Should we …?") and +1 when
    supporting the question supports the proposal, -1 when it rejects it."""

    proposal: str
    sign: int = 1

    @property
    def inverted(self) -> bool:
        """Whether supporting the question means rejecting the proposal."""
        return self.sign < 0


def read_question(question: str) -> Reading:
    """The proposal of a question as asked: "Is it a bad idea to X?" and "Should we not X?"
    put X and ask for its opposite; "Is it a good idea to X?" puts X."""
    against = _AGAINST_IT.search(question)
    if against is not None:
        return Reading(
            f"{_case(question, against.start())}Should we {question[against.end() :]}", -1
        )
    plain = _FOR_IT.search(question)
    if plain is not None:
        return Reading(f"{_case(question, plain.start())}Should we {question[plain.end() :]}")
    negated = _NOT.search(question)
    if negated is not None:
        rest = question[negated.end() :]
        instead = _AND_INSTEAD.search(rest)
        if instead is not None:
            # "Should we not wait for verification and just submit next month?" proposes
            # the second act without the first: the negation is of the first alone.
            skipped = rest[: instead.start()].strip()
            done = rest[instead.end() :].rstrip(" ?.!")
            return Reading(f"Should we skip {_gerund(skipped)} and {done}?")
        return Reading(f"{question[: negated.start()]}{negated.group(1)} {negated.group(2)} "
                       f"{rest}", -1)  # fmt: skip
    return Reading(question)


def negated_act(question: str) -> str | None:
    """The act a question that asks for its proposal's opposite proposes, as an instruction
    ("apply for a Category III CPT code right after clearance" of "Would it be a mistake to
    apply for …?"), so that a side on it can be said as what to do; None for any other
    question."""
    reading = read_question(question)
    if not reading.inverted:
        return None
    return _PLAIN_FRAME.sub("", asking_sentence(reading.proposal)).strip().rstrip("?.! ")


# How a plain proposal opens ("Should we"), before the act it proposes.
_PLAIN_FRAME = re.compile(
    r"^\W*(?:should|shall|can|could|would|will|must|may|do)\s+"
    r"(?:we|i|you|they|(?:the|our)\s+\w+)\s+",
    re.IGNORECASE,
)


def _case(question: str, start: int) -> str:
    """The sentences before the one a question asks in, which state its case ("Our device
    adds a new indication. Is it a mistake to …"): the proposal keeps them."""
    ends = [m.end() for m in _SENTENCE_END.finditer(question[:start])]
    return question[: ends[-1]] if ends else ""


_SENTENCE_END = re.compile(r"[.!?]\s+")
# "… and just submit", "… and instead file": the act a negated question proposes in place
# of the one it negates.
_AND_INSTEAD = re.compile(r"\s+and\s+(?:just|instead|simply|go ahead and)\s+", re.IGNORECASE)


# A verb of one syllable ending in a consonant after one vowel doubles it before "-ing".
_DOUBLED = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$", re.IGNORECASE)


def _gerund(phrase: str) -> str:
    """The phrase with its verb as a gerund: "wait for X" → "waiting for X", "run a study" →
    "running a study"; "bother with X" is X itself ("skip a Pre-Submission")."""
    verb, _, tail = phrase.partition(" ")
    if verb.lower() == "bother" and tail.lower().startswith("with "):
        return tail[len("with ") :]
    stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
    if _DOUBLED.match(verb):
        stem += verb[-1]  # "run" → "running", "stop" → "stopping"
    return f"{stem}ing {tail}".strip()


# How a proposal opens ("Should we", "Can the dispatcher", "Do we"), up to its verb.
_FRAME = re.compile(
    r"^\W*(?:should|shall|can|could|would|will|must|may|might|do|does)\s+"
    r"(?:we|i|you|they|(?:the|our)\s+\w+)\s+(?:not\s+)?(?:(?:now|just|still|also|then)\s+)?",
    re.IGNORECASE,
)
# Words that end what a proposal's verb acts on: a preposition, a relative or a subordinate
# clause, a second verb, the question's own subject ("the premium customers WE let down").
_OBJECT_END = re.compile(
    r"\s+(?:to|for|with|without|before|after|until|on|in|at|by|from|into|during|instead|"
    r"rather|than|about|who|whose|which|that|when|if|unless|so|because|as|while|and|or|but|we|"
    r"they|us)\b|[,;:?!.]",
    re.IGNORECASE,
)
# The preposition that opens the object of a prepositional verb ("apply FOR a code").
_LED = re.compile(r"(?:for|with|on|to|about|into)\s+", re.IGNORECASE)
# An article after the first words of what a verb acts on starts the thing given.
_GIVEN = re.compile(r"\s(?:a|an)\s", re.IGNORECASE)
# Little words that belong to a verb ("bring in", "set up") rather than to what it acts on.
_PARTICLE = re.compile(r"^(?:in|up|out|on|off|down|ahead|back|over)\b\s*", re.IGNORECASE)


def asked_object(question: str) -> str:
    """What a question's proposal acts on, as written: the words after its verb up to the
    first preposition or clause ("a Pre-Submission meeting" of "Should we request a
    Pre-Submission meeting with FDA before filing?"), after whom it is given to ("a monthly
    newsletter" of "send premium customers a monthly newsletter"); the case the question
    states around it (who for, when, why) is not what it asks. Empty when the asking
    sentence does not open as a proposal ("Which pathway fits it?")."""
    framed = _FRAME.match(asking_sentence(read_question(question).proposal))
    if framed is None:
        return ""
    rest = asking_sentence(read_question(question).proposal)[framed.end() :]
    _, _, after_verb = rest.partition(" ")
    after_verb = _PARTICLE.sub("", after_verb)
    acted_on = _OBJECT_END.split(f" {after_verb}", maxsplit=1)[0].strip()
    if not acted_on and (led := _LED.match(after_verb)):
        # A verb that takes its object after a preposition ("apply for a Category III code",
        # "wait for FDA feedback") acts on what follows it.
        acted_on = _OBJECT_END.split(f" {after_verb[led.end() :]}", maxsplit=1)[0].strip()
    # A verb of giving names whom for first: "send premium customers a monthly newsletter".
    given = _GIVEN.search(acted_on)
    return acted_on[given.start() + 1 :] if given else acted_on


# A person the question speaks of as he or she: only then is a capitalised word a name.
_PERSONAL = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.IGNORECASE)
# A word written with a capital, and one standing where a sentence starts (which any word may).
_CAPITALISED = re.compile(r"(?<![\w'-])[A-Z][a-z]+(?![\w'-])")
_STARTS = re.compile(r"(?:^|[.!?]\s+)\W*$")
# Days and months are written with a capital too, and name when, not whom.
_CALENDAR = frozenset(name.lower() for name in (*calendar.day_name, *calendar.month_name) if name)


def people_named(question: str) -> frozenset[str]:
    """The names of the people a question speaks of ("Mike" of "Mike has already clocked 46
    hours this week against his 40-hour contract. Can I put Mike on that Saturday job?"):
    capitalised words, one at a time, that stand mid-sentence at least once, in a question
    that speaks of someone as he or she. Whom a case is about is the asker's own, never
    something an expert's documents should speak of. Empty when no one is named."""
    if not _PERSONAL.search(question):
        return frozenset()
    found: set[str] = set()
    for match in _CAPITALISED.finditer(question):
        before = question[: match.start()]
        after = question[match.end() :]
        # "De Novo", "Medicare Advantage": a capitalised phrase names a thing.
        beside = re.search(r"[A-Z][\w'-]*\s+$", before) or re.match(r"\s+[A-Z]", after)
        word = match.group()
        if word.lower() in _CALENDAR or word.lower() in _NOT_NAMES:
            continue
        # At a sentence's start a name is told by what follows: a person's doing ("Dave
        # finished an emergency call-out", "Mike has clocked 46 hours").
        starts = _STARTS.search(before)
        if not beside and (not starts or _DOING.match(after)):
            found.add(word)
    return frozenset(found)


# What follows a person's name at a sentence's start: a verb in the past, or one of being.
_DOING = re.compile(r"\s+(?:[a-z]+ed|has|had|is|was|will|did|does|worked|took|got)\b")
# Capitalised words that open a sentence about something other than a person.
_NOT_NAMES = frozenset(
    ("our", "the", "this", "that", "we", "it", "they", "a", "an", "my", "your", "their", "its")
)


def without_people(question: str) -> str:
    """The question with the people it names put as "they": "Can I put Mike on that Saturday
    job?" asks what "Can I put them on that Saturday job?" asks."""
    names = people_named(question)
    if not names:
        return question
    pattern = r"(?<![\w'-])(?:" + "|".join(map(re.escape, sorted(names))) + r")(?![\w'-])"
    return re.sub(pattern, "they", question)


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = r"(mon|tue|wed|thu|fri|sat|sun)[a-z]*"
# "worked Monday to Saturday": a span of days in a row.
_DAY_SPAN = re.compile(
    rf"\b{_DAY}(?:\s+(?:to|through|thru|until|till)\s+|\s*[-–]\s*){_DAY}\b", re.IGNORECASE
)
_COUNTS = ("two", "three", "four", "five", "six", "seven")


def with_day_spans(question: str) -> str:
    """The question with a span of weekdays also said as the days it counts: "worked Monday
    to Saturday" is "a six-day week", which is how documents state the case."""

    def counted(found: re.Match[str]) -> str:
        first, last = (_WEEKDAYS.index(found.group(i).lower()) for i in (1, 2))
        days = (last - first) % 7 + 1
        if days < 2:
            return found.group(0)
        return f"{found.group(0)} (a {_COUNTS[days - 2]}-day week)"

    return _DAY_SPAN.sub(counted, question)


# "Design verification still has about six weeks to run", "the usability study is still
# running", "biocompatibility isn't finished yet": work the case says is not complete.
_UNFINISHED = re.compile(
    r"^\s*(?P<what>\S.*?)\s+(?:"
    r"still\s+(?:has|needs)\s+.+?\s+(?:to\s+(?:run|go)|left)"
    r"|(?:is|are)\s+still\s+(?:running|ongoing|under\s*way|in\s+progress|open)"
    r"|(?:is|are)(?:n['’]?t|\s+not)\s+(?:yet\s+)?(?:finished|complete|completed|done)"
    r")\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


# "… and complete the design history file while FDA reviews it": done first, it is finished
# after
_FINISHED_AFTER = re.compile(
    r"\s+and\s+(?:then\s+)?(?:complete|finish|finalise|finalize)\s+(?P<what>(?:the|our)\s+"
    r"[^,;:.?!]+?)\s+(?:while|after|later|once|during|afterwards)\b[^?]*",
    re.IGNORECASE,
)


# Work the asking sentence itself concedes is unfinished: "… even though design verification
# testing is not finished", "although the usability study isn't complete yet".
_UNFINISHED_THOUGH = re.compile(
    r",?\s+(?:(?:even\s+though|although|though|while|despite|but|when)\s+"
    r"(?P<what>(?:(?:the|our)\s+)?[^,;:.?!]+?)\s+(?:is|are)(?:n['’]?t|\s+not|\s+still\s+not)\s+"
    r"(?:yet\s+)?(?:finished|complete|completed|done|over)(?:\s+yet)?"
    # "… now, with design verification still unfinished", "while verification is unfinished"
    r"|(?:with|while|although|though|even\s+though)\s+(?P<undone>(?:(?:the|our)\s+)?[^,;:.?!]+?)"
    r"\s+(?:(?:is|are)\s+)?(?:still\s+)?(?:unfinished|incomplete|not\s+(?:yet\s+)?(?:finished|"
    r"complete|done)))\b",
    re.IGNORECASE,
)


def with_unfinished_work(question: str) -> str:
    """The question with work its case says is unfinished put where it asks: "Design
    verification still has six weeks to run. Should we submit the 510(k) anyway?" asks
    whether to submit before design verification is complete, which is how documents state
    the case."""
    asking = asking_sentence(question)
    conceded = _UNFINISHED_THOUGH.search(asking)
    if conceded is not None:
        # "… now, even though design verification testing is not finished?" asks to do it
        # before that work is complete
        what = conceded.group("what") or conceded.group("undone")
        asked = asking.replace(conceded.group(0), f" before {what} is complete")
        return question.replace(asking, asked)
    finished_after = _FINISHED_AFTER.search(asking)
    if finished_after is not None:
        asked = asking.replace(
            finished_after.group(0), f" before {finished_after.group('what')} is complete"
        )
        return question.replace(asking, asked)
    unfinished = [
        found.group("what")
        for sentence in _SENTENCES.split(question)
        if sentence.strip() != asking.strip() and (found := _UNFINISHED.match(sentence))
    ]
    if not unfinished or not asking.rstrip().endswith("?"):
        return question
    before = " and ".join(f"before {what[0].lower()}{what[1:]} is complete" for what in unfinished)
    # the first thing it asks to do is what would be done before it
    head, joined, rest = asking.rstrip()[:-1].partition(" and ")
    asked = f"{head} {before}{joined}{rest}?"
    return question.replace(asking, asked)


# A question that asks of what the sentence before it states: "We plan 11-hour shifts. IS
# THAT allowed under our overtime rules?", "… Would this break the weekly cap?"
_OF_WHAT_WAS_SAID = re.compile(
    r"^\W*(?:(?:is|are|was|would|will|could|can|does|do)\s+(?:that|this|it|these|those)\b"
    # "Dispatch wants Maria to put in 14 overtime hours. Should we approve it?"
    r"|(?:should|shall|can|could|may)\s+(?:we|i)\s+(?:approve|allow|accept|agree\s+to|"
    r"sign\s+off(?:\s+on)?|okay|ok|permit)\s+(?:that|this|it)\b)",
    re.IGNORECASE,
)


_STANDS_FOR_WHAT_FOLLOWS = re.compile(r"\bto\s+\w+|\b(?:if|whether|that)\s+\w+", re.IGNORECASE)


def with_case_referred_to(question: str) -> str:
    """The question with a case stated in one sentence and asked about in the next ("… is
    that allowed?") joined into one: what it asks is of that case, as a question asking it
    in one sentence would say ("We plan 11-hour shifts, is that allowed …?")."""
    sentences = [s for s in _SENTENCES.split(question.strip()) if s.strip()]
    if len(sentences) < 2 or not sentences[-1].rstrip().endswith("?"):
        return question
    stated, asking = sentences[-2].rstrip(), sentences[-1]
    referring = _OF_WHAT_WAS_SAID.match(asking)
    if referring is None or not stated.endswith("."):
        return question
    # "Is it a mistake TO file …": an "it" that stands for what follows refers to nothing said
    it = referring.group(0).lower().endswith("it")
    if it and _STANDS_FOR_WHAT_FOLLOWS.search(asking, referring.end()):
        return question
    joined = f"{stated[:-1]}, {asking[0].lower()}{asking[1:]}"
    return " ".join([*sentences[:-2], joined])


def with_breaks_named(question: str) -> str:
    """The question with work done without a pause said as the documents say it: "drive for
    three hours straight", "without stopping" is driving "without a break", which is what a
    limit on it names."""
    if not _TIME_SPENT.search(question):
        return question
    return NONSTOP.sub(
        lambda found: (
            found.group(0) if _ONLY_AT_ONCE.match(question, found.end()) else "without a break"
        ),
        question,
    )


# Time spent working, which a pause limits: "three hours", "90 mins".
_TIME_SPENT = re.compile(r"\b(?:hours?|hrs?|minutes?|mins?)\b", re.IGNORECASE)
# "straight away", "straight to the 510(k)": at once, not without a pause ("three hours straight
# to reach a site" is).
_ONLY_AT_ONCE = re.compile(
    r"\s+(?:(?:away|into|in|after|from|back|on|off)\b|to\s+(?:the|a|an|our|their|its|FDA)\b|"
    r"to\s+[A-Z0-9])"
)


# People a device's labelling may be extended to: a new patient population, which the
# documents count as a new indication ("label it for children too").
_POPULATION = re.compile(
    r"\b(?:children|child|kids|p(?:a)?ediatric|infants?|neonates?|newborns?|adolescents?|"
    r"teenagers?|elderly|pregnant\s+women)\b",
    re.IGNORECASE,
)
# Words that extend a product to them: "label it for", "also for", "as well", "expand".
_EXTENDED_TO = re.compile(
    r"\b(?:label|labels|labelled|labeled|labell?ing|indicat\w*|extend\w*|expand\w*|broaden\w*|"
    r"too|also|as\s+well|add\w*|new)\b",
    re.IGNORECASE,
)
NEW_INDICATION = "Our device has a new indication."
NEW_POPULATION = "Our device has a new indication, a new patient population."
# Widening what a device is indicated for: "expand the indications of our cleared device".
_WIDER_INDICATIONS = re.compile(
    r"\b(?:expand\w*|broaden\w*|extend\w*|widen\w*|add\w*)\s+(?:the\s+|our\s+|its\s+|an?\s+)?"
    r"(?:\w+\s+)?indications?\b",
    re.IGNORECASE,
)


def with_new_indication(question: str) -> str:
    """The question with the case it describes in other words put as the documents put it:
    extending a device to a new patient population ("label our adult oximeter for use in
    children too") or widening its indications ("expand the indications of our cleared
    device") is a device with a new indication."""
    if re.search(r"\bnew\s+indication", question, re.IGNORECASE):
        return question
    if _WIDER_INDICATIONS.search(question):
        return f"{NEW_INDICATION} {question}"
    if not _POPULATION.search(question):
        return question
    if not _EXTENDED_TO.search(question):
        return question
    return f"{NEW_POPULATION} {question}"


def question_sign(question: str, statement: str) -> int:
    """Which way a statement weighs on the question as asked: +1 for, -1 against, 0 neither
    (its weight on the question's proposal, turned around when the question asks for the
    proposal's opposite)."""
    reading = read_question(question)
    return reading.sign * statement_sign(reading.proposal, statement)
