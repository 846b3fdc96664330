"""What an expert's own statements say about a proposal or an option, when no topic of its
front matter names the question: the side its evidence takes.

A statement weighs *for* a proposal when it states the very figure the proposal names ("1.5
times the base rate"), a bound the proposal stays within ("at most 12 hours" for a 10-hour
shift) or the expert recommends what it speaks of ("I support", "pays for itself"); it weighs
*against* it when it sets another figure for the same unit ("within 2 hours" against a 4-hour
target), a bound the proposal breaks (alone, or added to an amount the question says is
reached so far: "already worked 8 overtime hours … an extra 6-hour shift"), or the expert
says it does not support what it speaks of. A proposal to drop, skip or cut something turns
around the views of a statement that does not itself speak of dropping it, not the figures.
A statement whose consequence holds in a case ("FDA asks for clinical data when the new
device has a new indication", "the next shift starts 11 hours after the call-out ended")
weighs on a question that states that case as its consequence does (`case_sign`,
`clock_gap_sign`). A statement that does none of these is evidence without a side.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from agentstream.deliberation.figures import asking_sentence
from agentstream.quantities import (
    AT_MOST,
    CLAUSE_START,
    FIGURE,
    NEGATION,
    Figure,
    as_written,
    breaks,
    clock_gap,
    clock_times,
    figures,
    is_plain,
    reached,
    same_thing,
    totals,
)
from agentstream.retrieval.bm25 import tokenize, variant_of

# One statement for a side: a lean; each further one adds this much, up to the cap.
BASE_CONFIDENCE = 0.5
STEP = 0.1
CAP = 0.8
# The expert's own voice on what the statement names ("I do not support skipping clinical
# data"): general words such as "never" say nothing of a side ("never done alone" backs a
# two-person rule).
_AGAINST = re.compile(
    r"\b(i oppose|i do not support|i do not recommend|i would not|i advise against|"
    r"does not pay|is not worth|i lean against|i never)\b",
    re.IGNORECASE,
)
_FOR = re.compile(
    r"\b(i support|i accept|i agree(?! (?:the|a|an|on)\b)|i recommend|we recommend|i would rather|"
    r"pays for itself|"
    r"i lean towards?)\b",
    re.IGNORECASE,
)
# A rule against working alone ("never done alone", "must not work alone", "lone working is
# prohibited"): a requirement of company, stated as a negation that names no side by itself.
_FORBIDS_ALONE = re.compile(
    r"\b(?:never|not|no|nobody|no one)\b[\w\s]{0,30}\balone\b|"
    r"\blone work\w*\b[\w\s]{0,20}\b(?:prohibited|forbidden|banned|not (?:allowed|permitted))\b|"
    r"\bno lone work",
    re.IGNORECASE,
)
_PEOPLE = r"(?:technicians?|people|persons?|workers?|engineers?|electricians?|staff)"
# A proposal that two or more people do the work, or that one person does it.
_SEVERAL = re.compile(
    rf"\b(?:two|three|four|[2-9]|a second|another|several|multiple)[\s-]+(?:or more\s+)?"
    rf"(?:[a-z]+\s+)?{_PEOPLE}\b|\bin pairs\b|\bpaired\b|\bbuddy\b",
    re.IGNORECASE,
)
_ONE = re.compile(
    rf"\b(?:alone|solo|lone|(?:one|a single|single)[\s-]+(?:[a-z]+\s+)?{_PEOPLE}|"
    r"on (?:their|his|her) own|by (?:him|her|them)sel(?:f|ves))\b",
    re.IGNORECASE,
)
# A condition a view puts, up to the end of its clause.
_CONDITION = re.compile(r"\b(?:unless|if|when|until)\b[^,;]*", re.IGNORECASE)
# Where a view's reason starts: what comes after is why, not what the view is about.
_REASON = re.compile(r",?\s+(?:because|since|as|so that|so)\s+|[;:.]\s", re.IGNORECASE)
# "before <what it waits for>" in a proposal, and "after/once/as soon as/requires <it>" in a
# view, each up to a few words.
_BEFORE = re.compile(r"\bbefore\s+((?:[\w()'-]+\s*){1,5})", re.IGNORECASE)
_AFTER = re.compile(
    r"\b(?:after|once|as soon as|until|when|provided|requires?|only with)\s+"
    r"((?:[\w()'-]+\s*){1,5})",
    re.IGNORECASE,
)
# A proposal for the whole of something, and a view for a part or a first step of it.
_WHOLE = re.compile(r"\b(all|every|whole|entire|entirely)\b", re.IGNORECASE)
_PART = re.compile(
    r"\b(first|only|some|pilot|gradually|staged|in stages|step by step|a few)\b", re.IGNORECASE
)
# What a case requires, as the documents state it: "need a PMA", "requires an IDE".
_NEEDS = re.compile(
    r"\b(?:needs?|requires?|must (?:have|use|take|go through|file))\s+(?:an?|the)?\b", re.IGNORECASE
)
CLAUSE = re.compile(r"[,;:]\s+")
_IF = re.compile(r"^\s*(?:if|when|where)\s+(.+?),\s+(.+)$", re.IGNORECASE | re.DOTALL)
# What a question asks is needed ("Do we need an FDA-approved IDE before …"), up to where
# the thing needed ends.
_ASKS_NEED = re.compile(
    r"\b(?:need|needs|require|requires|required)\s+(?:an?\s+|the\s+)?(.+)", re.IGNORECASE
)
_OBJECT_END = re.compile(
    r"\s+(?:for|before|after|to|in|of|on|with|by|under|when|if|unless|and|or|but)\b|[,;:.?]",
    re.IGNORECASE,
)
# A statement that allows something only in one case: "only for specialist skills", "make
# sense for specialist work or a backlog expected to last more than six weeks".
_ONLY_FOR = re.compile(
    r"\b(?:only (?:for|when|if|with)|makes? sense (?:for|when|if))\s+([^,;:.]+)", re.IGNORECASE
)
# Where the alternatives of a case part: "specialist work or when the backlog is …".
_ALTERNATIVES = re.compile(r"\s+or\s+(?:(?:when|if|where)\s+)?", re.IGNORECASE)
# What a thing cannot do, or needs before it can ("a subcontracted technician needs a site
# induction first and cannot reach an urgent ticket within 2 hours").
_UNABLE = re.compile(
    r"\b(?:cannot|can't|can not|unable to|(?:is|are) not able to"
    r"|needs? [\w\s-]{1,40}? (?:first|before))\b",
    re.IGNORECASE,
)
# Where an option's timing starts: "Apply for a code right after clearance".
_WHEN = re.compile(
    r"\s+(?:right |immediately |as soon as |only )?(?:after|before|until|once|when)\b",
    re.IGNORECASE,
)
# What a proposal would give up: "credits instead of paying overtime", up to the clause's end.
_REPLACED = re.compile(r"\b(?:instead of|rather than|in place of)\s+([^,;.?!]+)", re.IGNORECASE)
_REPLACING = re.compile(r"\breplac(?:e|ing)\s+([^,;.?!]+?)\s+(?:with|by)\b", re.IGNORECASE)
_FRAMING = frozenset(tokenize("have having has get getting receive we our the"))
# Words after which a reversal word is a noun, not the proposal's verb.
_DETERMINERS = frozenset(
    ("the", "a", "an", "its", "their", "our", "this", "that", "each", "every", "of", "through",
     "until", "by", "at")
)  # fmt: skip
_COMPARATIVE = frozenset(("longer", "more", "less", "fewer", "later", "earlier", "than"))
_STEM = 5
# Words that frame a proposal rather than say what it does.
_PROPOSAL_FORM = ("should", "would", "could")
# What a proposal does without: "without any clinical data".
_WITHOUT = re.compile(r"\bwithout\s+(?:any\s+|a\s+|an\s+|the\s+)?([^,;.?]+)", re.IGNORECASE)
_REVERSAL = frozenset(
    tokenize(
        "skip drop remove stop cut reduce eliminate without waive abolish relax end lower "
        "cancel shorten scrap abandon avoid forgo bypass omit exclude"
    )
)
# A reversal in two words around its object: "leave clinical data out".
_LEFT_OUT = re.compile(r"\bleav(?:e|ing)\s+(?:[\w()'-]+\s+){1,4}?out\b", re.IGNORECASE)


def _figure_sign(proposed: Sequence[Figure], stated: Sequence[Figure]) -> int:
    """+1 when the statement's figures agree with the proposal's, -1 when they set another
    value or a bound it breaks, 0 when they share no unit.

    A bound decides before an exact figure, and a broken bound before a kept one: a proposal
    must keep every limit. A statement naming two values of the same thing ("higher on a
    12-hour shift than on an 8-hour shift") compares them and sets neither. A figure its
    clause denies ("I never schedule …") weighs against the proposal that names it."""
    signs = []
    for mine in proposed:
        same = [f for f in stated if same_thing(mine, f)]
        limits = [f for f in same if f.bound is not None]
        for theirs in limits:
            agrees = (
                mine.value <= theirs.value
                if theirs.bound == "at_most"
                else mine.value >= theirs.value
            )
            signs.append(1 if agrees else -1)
        exact = [f for f in same if f.bound is None]
        if limits or len({f.value for f in exact}) != 1:
            continue
        for theirs in exact:
            agrees = mine.value == theirs.value
            if theirs.negated:
                signs.append(-1 if agrees else 0)
            else:
                signs.append(1 if agrees else -1)
    if -1 in signs:
        return -1
    return 1 if 1 in signs else 0


_LEADING_CONJUNCTION = re.compile(r"^(?:and|or|but)\s+", re.IGNORECASE)


def broken_limit(proposal: str, statement: str) -> str | None:
    """What breaks a limit: when a figure of what the question asks (its asking sentence,
    not the case it states), or the sum it states of an amount reached so far and one on top
    (`totals`), is beyond a bound a clause of the statement sets on the same thing ("approve
    15 overtime hours this week" and "no more than 12 overtime hours a week"), the
    arithmetic, "15 overtime hours a week is more than the 12 they allow", with that clause;
    None when it keeps every limit."""
    proposed = [(f, f"{as_written(f)} is") for f in figures(asking_sentence(proposal))]
    proposed += [(total.figure, total.arithmetic()) for total in totals(proposal)]
    proposed += [(f, f"the {as_written(f)} it would reach are") for f in reached(proposal)]
    for clause in CLAUSE.split(statement):
        for theirs in figures(clause):
            mine = next((said for f, said in proposed if breaks(f, theirs)), None)
            if mine is not None:
                beyond = "more than" if theirs.bound == "at_most" else "less than"
                verb = "allow" if theirs.bound == "at_most" else "require"
                amount = f"{mine} {beyond} the {as_written(theirs, bare=True)}"
                return f"{amount} they {verb}: {_as_said(clause)}"
    return None


def _as_said(clause: str) -> str:
    """A clause quoted on its own: without the conjunction that tied it to the one before."""
    return _LEADING_CONJUNCTION.sub("", clause.strip()).rstrip(".")


def figure_sign(proposal: str, statement: str) -> int:
    """+1 when the statement's figures agree with the proposal's ("at most 12 hours" for a
    10-hour shift), -1 when they set another value or a bound it breaks, 0 when they do not
    measure the same thing; the gap between two clock times a proposal states counts as its
    figure of hours (`clock_gap_sign`), and a sum the question states (`totals`) beyond a
    bound breaks it."""
    stated = figures(statement)
    if any(breaks(total.figure, theirs) for total in totals(proposal) for theirs in stated):
        return -1
    # The figures of the case a question states first ("a $6,000 monthly contract") are no
    # figures of what it proposes: a statement that states them agrees with the case only.
    proposed = figures(asking_sentence(proposal))
    return _figure_sign(proposed, stated) or clock_gap_sign(proposal, statement)


# The least gap a statement puts between two events: "at least 11 consecutive hours of rest
# between shifts", "the next shift starts 11 hours after the call-out ended".
_GAP_BETWEEN = re.compile(
    r"\b(\d+(?:\.\d+)?)\s*(?:consecutive\s+|clear\s+)?hours?\b"
    r"(?:\s+of\s+(?:rest|sleep|break|time off))?\s+(?:between|after)\b",
    re.IGNORECASE,
)


def short_gap(proposal: str, statement: str) -> str | None:
    """What breaks a least gap: when the gap between the two times of day a question names
    (`clock_gap`) is shorter than one a clause of the statement requires, the arithmetic,
    "03:00 to 08:00 is 5 hours, less than the 11 they require", with that clause; None
    otherwise."""
    times = clock_times(proposal)
    gap = clock_gap(proposal)
    if times is None or gap is None:
        return None
    for clause in CLAUSE.split(statement):
        short = [least for least in least_gaps(clause) if gap < least]
        if short:
            # as written, without the full stop of a sentence that ends on it ("at 3 am.")
            start, end = (re.sub(r"(?<=[ap]m)\.$", "", time.group(0)) for time in times)
            shorter = f"{start} to {end} is {gap:g} hours, less than the {short[0]:g}"
            return f"{shorter} they require: {_as_said(clause)}"
    return None


def least_gaps(statement: str) -> list[float]:
    """The least gaps, in hours, a statement puts between one event and the next (a gap it
    caps, "within 2 hours after", is no least gap)."""
    return [
        float(match.group(1))
        for match in _GAP_BETWEEN.finditer(statement)
        if not AT_MOST.search(statement[: match.start()])
    ]


def clock_gap_sign(proposal: str, statement: str) -> int:
    """How a least gap between two events weighs on a proposal that names two times of day,
    the end of one event and the start of the next (`clock_gap`: "the call-out ended at 02:00
    … the 07:00 shift" is 5 hours): -1 when it is shorter than a gap the statement requires,
    +1 when it keeps every one, 0 without two times or such a gap."""
    gap = clock_gap(proposal)
    gaps = least_gaps(statement)
    if gap is None or not gaps:
        return 0
    return 1 if all(gap >= least for least in gaps) else -1


def bounds(proposal: str, statement: str) -> bool:
    """Whether the statement sets a bound ("no shift longer than 10 hours") on what a figure
    of the proposal measures ("14-hour days")."""
    proposed = figures(proposal)
    return any(
        theirs.bound is not None and same_thing(mine, theirs)
        for theirs in figures(statement)
        for mine in proposed
    )


def statement_sign(proposal: str, statement: str) -> int:
    """Which way one statement weighs on a proposal: +1 for, -1 against, 0 neither."""
    by_figures = figure_sign(proposal, statement)
    # within a cap ("a goodwill gesture of up to $500") is allowed, not enough
    capped = any(f.bound == "at_most" for f in figures(statement))
    if by_figures and not (by_figures > 0 and capped and _ENOUGH.search(proposal)):
        return by_figures
    if staffing := _staffing_sign(proposal, statement):
        return staffing
    if case := case_sign(proposal, statement):
        return case
    if consequence := consequence_sign(proposal, statement):
        return consequence
    if not_enough_alone(proposal, statement):
        return -1
    # whether it is allowed does not say whether it is enough
    if not _ENOUGH.search(proposal) and (allowed := allowance_sign(proposal, statement)):
        return allowed
    if requirement(proposal, statement):
        return 1
    if _denies(proposal, statement) or waits_for(proposal, statement):
        return -1
    if shortfall := shortfall_sign(proposal, statement):
        return shortfall
    against, backing = bool(_AGAINST.search(statement)), bool(_FOR.search(statement))
    if against == backing:
        return 0
    sign = 1 if backing else -1
    view = view_object(statement)
    if sign > 0 and puts_off(proposal, statement) and _names_any(proposal, view):
        return -1  # doing it "as soon as the device is cleared" is against putting it off
    if sign > 0 and _partial(proposal, view):
        return 0
    # A view on what the proposal never names ("I would not plan a clinical study" of "go to
    # FDA with only bench test results") weighs on another proposal.
    if not _names_any(proposal, view):
        return 0
    # "I support targeted overtime" weighs against credits instead of overtime; a view
    # against what the proposal gives up says nothing of what it puts in its place.
    if replaces(proposal, view_object(statement)):
        return -1 if sign > 0 else 0
    # "I support a clinical study" weighs against skipping clinical data; "I recommend a
    # 510(k)" says nothing of filing one without clinical data: what is left out is the
    # question.
    undone = _reversed_objects(proposal)
    if undone and not any(variant_of(w, t) for w in undone for t in tokenize(statement)):
        return 0
    return -sign if reverses(proposal, statement) else sign


# A question of what something brings about: "Does getting FDA clearance MEAN insurers have to
# pay for our device?", "Will a Pre-Submission guarantee clearance?".
_CONSEQUENCE = re.compile(
    r"^\W*(?:does|do|will|would|can|could)\s+(?P<cause>.+?)\s+(?:mean|imply|guarantee|make|"
    r"force|oblige|ensure)s?\s+(?:that\s+)?(?P<effect>.+?)\W*$",
    re.IGNORECASE,
)
# Words of an effect that say it must happen, not what happens: "insurers HAVE TO pay".
_MUST_WORDS = frozenset(tokenize("have has to must need needs will would be our us we the a an"))


def asks_consequence(proposal: str) -> re.Match[str] | None:
    """Whether the question asks what something brings about ("Does X mean …?"), with its
    cause and effect."""
    return _CONSEQUENCE.match(asking_sentence(proposal))


def consequence_asked(proposal: str) -> str:
    """The effect a question of consequence asks about, up to what it acts on ("insurers have
    to pay" of "Does getting FDA clearance mean insurers have to pay for our device?"); empty
    for any other question."""
    asked = asks_consequence(proposal)
    return _OBJECT_END.split(asked.group("effect"), maxsplit=1)[0] if asked else ""


def consequence_sign(proposal: str, statement: str) -> int:
    """How a statement answers a question of what something brings about: -1 when a clause
    naming the cause denies the effect ("FDA clearance … lets us sell a device; it does not
    make anyone pay for it" of "Does getting FDA clearance mean insurers have to pay?"), 0
    otherwise: a statement that names both without denying is no proof that one brings
    about the other."""
    asked = asks_consequence(proposal)
    if asked is None:
        return 0
    cause = set(tokenize(asked.group("cause")))
    # what the effect does, not who does it or to what: "pay" of "insurers have to pay for
    # our device"; a statement may deny anything else of FDA or of a device
    _, _, done = asked.group("effect").partition(" ")
    effect = [w for w in tokenize(done) if w not in _MUST_WORDS | cause][:1]
    stated, denied = negated_words(statement)
    names_cause = any(variant_of(word, term) for word in cause for term in stated)
    denies_effect = any(variant_of(word, term) for word in effect for term in denied)
    return -1 if names_cause and denies_effect else 0


# What a case comes with, all but always: "A PMA must show a reasonable assurance of safety
# and effectiveness, ALMOST ALWAYS WITH a pivotal clinical trial".
_COMES_WITH = re.compile(
    r"^(?P<case>.+?)\s+(?:must|needs?\s+to|has\s+to)\b[^;]*?\b(?:almost\s+)?always\s+with\s+"
    r"(?:an?\s+|the\s+)?(?P<with>[^,;.]+)",
    re.IGNORECASE,
)


def comes_with(proposal: str, statement: str) -> int:
    """How a statement that a case all but always comes with something weighs on a proposal
    of that case: -1 for going without it ("Can we go for a PMA without running a clinical
    trial?" of "A PMA must show …, almost always with a pivotal clinical trial"), +1 for
    asking whether it is needed, 0 when the statement says no such thing or the proposal
    names neither the case nor what it comes with."""
    stated = _COMES_WITH.search(statement)
    if stated is None or affirms_nothing(statement):
        return 0
    case = [w for w in tokenize(stated.group("case")) if w not in ("a", "an", "the")]
    said = tokenize(proposal)
    if not case or not all(any(variant_of(w, t) for t in said) for w in case):
        return 0
    asked = _GOES_WITHOUT.search(proposal) or _ASKS_NEED.search(proposal)
    if asked is None:
        return 0
    wanted = tokenize(_OBJECT_END.split(asked.group(1), maxsplit=1)[0])
    named = tokenize(stated.group("with"))
    if not wanted or not any(variant_of(wanted[-1], term) for term in named):
        return 0
    return -1 if asked.re is _GOES_WITHOUT else 1


def requirement(proposal: str, statement: str) -> bool:
    """Whether the statement says what the proposal asks is needed is needed: "Class III
    devices … need a PMA" of "Do we need a PMA for our Class III implant?" (the head noun of
    what is asked for, "PMA", is what the statement says is needed)."""
    asked = _ASKS_NEED.search(proposal)
    stated = _NEEDS.search(statement)
    if asked is None or stated is None or affirms_nothing(statement):
        return False
    wanted = tokenize(_OBJECT_END.split(asked.group(1), maxsplit=1)[0])
    said = tokenize(_OBJECT_END.split(statement[stated.end() :], maxsplit=1)[0])
    return bool(wanted) and any(variant_of(wanted[-1], term) for term in said)


# What a case needs and nothing more: "A nonsignificant risk study ONLY NEEDS approval from
# the institutional review board".
_ONLY_NEEDS = re.compile(
    r"\b(?:only\s+(?:needs?|requires?)|(?:needs?|requires?)\s+only)\s+(?:an?\s+|the\s+)?",
    re.IGNORECASE,
)
# What a proposal goes without: "start with IRB approval alone, WITHOUT AN IDE", "skip the IDE".
_GOES_WITHOUT = re.compile(
    r"\b(?:without|skip|skipping|forgo|forgoing|no)\s+(?:an?\s+|the\s+|any\s+)?(.+)",
    re.IGNORECASE,
)
# What a proposal does with nothing else: "start with IRB approval ALONE", "on IRB approval only".
_WITH_ALONE = re.compile(r"\b(?:with|on|after)\s+(?:an?\s+|the\s+)?(.+?)\s+(?:alone|only)\b", re.I)


def only_requirement(proposal: str, statement: str) -> tuple[str, int]:
    """The case a statement says needs one thing only, and how that weighs on a proposal of
    it: ("a nonsignificant risk study", -1) for "Do we need an IDE …?" of "A nonsignificant
    risk study only needs approval from the institutional review board", +1 for "Do we need
    IRB approval?" and for going without anything else ("start it without an IDE"); ("", 0)
    when the statement says no such thing or the proposal neither asks what is needed nor
    goes without something."""
    stated = _ONLY_NEEDS.search(statement)
    if stated is None:
        return "", 0
    case = statement[: stated.start()]
    needed = tokenize(_OBJECT_END.split(statement[stated.end() :], maxsplit=1)[0])
    asked = (
        _ASKS_NEED.search(proposal)
        or _GOES_WITHOUT.search(proposal)
        or _WITH_ALONE.search(proposal)
    )
    if asked is None or not needed:
        return "", 0
    wanted = tokenize(_OBJECT_END.split(asked.group(1), maxsplit=1)[0])
    if not wanted:
        return "", 0
    # all of what is asked for, not its head noun: "FDA approval" is not "approval from the
    # institutional review board", "IRB approval" is
    said = [*needed, *_initials(needed)]
    is_needed = all(any(variant_of(word, term) for term in said) for word in wanted)
    goes_without = asked.re is _GOES_WITHOUT
    return case, (-1 if is_needed else 1) if goes_without else (1 if is_needed else -1)


def _initials(terms: Sequence[str]) -> list[str]:
    """What runs of two to four terms are abbreviated to: "irb" of "institutional review
    board"."""
    return [
        "".join(term[0] for term in terms[start : start + size])
        for size in range(2, 5)
        for start in range(len(terms) - size + 1)
    ]


def allowance_sign(proposal: str, statement: str) -> int:
    """How a statement that allows something only in one case weighs on a proposal: +1 when
    the proposal states that case ("contractors pay only for specialist skills" of specialist
    electrical work, "… a backlog expected to last more than six weeks" of a two-month
    backlog), -1 when its figure falls outside it and it states no other alternative ("a
    backlog we expect to be gone in about two weeks") or it denies every case ("none of it
    needs specialist skills"), 0 otherwise."""
    allowed = allowed_use(statement)
    if allowed is None:
        return 0
    case, _ = allowed
    if allowance_met(proposal, case):
        return 1
    alternatives = _ALTERNATIVES.split(case)
    ranges = [_ranges(alternative) for alternative in alternatives]
    broken = any(r and _figure_sign(figures(proposal), r) < 0 for r in ranges)
    # every case it allows denied: "none of it needs specialist skills" of "only for
    # specialist skills"
    _, denied = negated_words(proposal)
    ruled_out = all(
        any(variant_of(word, term) for word in _content(alternative) for term in denied)
        for alternative in alternatives
    )
    return -1 if broken or ruled_out else 0


def _ranges(case: str) -> list[Figure]:
    """The bounds a case states, "more than six weeks" read as from six weeks on."""
    bounded = _LESS_THAN.sub("at most", _MORE_THAN.sub("at least", case))
    return [figure for figure in figures(bounded) if figure.bound is not None]


def allowed_use(statement: str) -> tuple[str, str] | None:
    """The case a statement allows something in only, and what it allows ("Subcontracted
    technicians cost more …, so I use them only for specialist work or when the backlog is
    expected to last more than six weeks": the case, and the words before it that name the
    subcontracted technicians); None for a statement that allows nothing only in one case."""
    case = _ONLY_FOR.search(statement)
    return (case.group(1), statement[: case.start()]) if case else None


def allowance_met(question: str, case: str, options: Sequence[str] = ()) -> bool:
    """Whether the question states one of the alternatives of the case a statement allows
    something in only (`allowed_use`): at least half the words of "specialist work" or
    "specialist skills" (of "ten weeks of specialist electrical work"), or a figure in the
    range of "a backlog expected to last more than six weeks" and half its other words. Words
    the options name are theirs, not the case's ("skilled technicians" is an option, not
    specialist skills)."""
    stated, denied = negated_words(question)
    offered = {term for option in options for term in tokenize(option)}
    for alternative in _ALTERNATIVES.split(case):
        if any(variant_of(word, term) for word in _content(alternative) for term in denied):
            continue  # "none of it needs specialist skills" is not specialist work
        if figures(alternative):
            named = _range_named(question, alternative) or {}
            said = [word for word, is_named in named.items() if is_named]
        else:
            named = dict.fromkeys(_content(alternative), False)
            said = [w for w in named if any(variant_of(w, term) for term in stated)]
        named = {w: n for w, n in named.items() if not any(variant_of(w, t) for t in offered)}
        said = [word for word in said if word in named]
        if said and 2 * len(said) >= len(named):
            return True
    return False


def _staffing_sign(proposal: str, statement: str) -> int:
    """+1 when the statement rules out working alone and the proposal has two or more people
    do the work, -1 when the proposal has one person do it, 0 otherwise."""
    if not _FORBIDS_ALONE.search(statement):
        return 0
    if _ONE.search(proposal):
        return -1
    return 1 if _SEVERAL.search(proposal) else 0


def _names_any(proposal: str, view: str) -> bool:
    """Whether a view names a word of the proposal in any of its forms, outside the conditions
    it puts ("… a clinical study unless an FDA guidance calls for one" is about the study)."""
    # What the question asks, not the case it states first ("Our predicate was cleared with
    # clinical data. Can we submit on bench testing alone?" proposes no clinical study).
    asked = [word for word in tokenize(asking_sentence(proposal)) if word not in _FRAMING]
    # A view that is all condition ("it does not pay when it is spread across the team")
    # is about its case.
    said = tokenize(_CONDITION.sub(" ", view)) or tokenize(view)
    return any(variant_of(word, term) for word in asked for term in said)


def _partial(proposal: str, view: str) -> bool:
    """Whether a view backs only part of what a proposal would do for all ("I recommend
    electric vans for urban routes first" of "replace all our vans"): no view for all of it."""
    return bool(_WHOLE.search(proposal)) and bool(_PART.search(view)) and not _WHOLE.search(view)


def backs_view(statement: str) -> bool:
    """Whether a statement states the expert's own view for something ("I support …") and
    none against anything."""
    return bool(_FOR.search(statement)) and not _AGAINST.search(statement)


# The case a view holds in, before it ("For a backlog of more than three weeks I support …")
# or after it ("I support a 510(k) provided design verification is complete").
_VIEW_CASE_BEFORE = re.compile(r"^\s*(?:for|in|with)\s+(.+?),?\s+I\b", re.IGNORECASE)
_VIEW_CASE_AFTER = re.compile(
    r"\b(?:provided(?: that)?|only if|if|when|whenever|unless|as long as)\s+([^,;.]+)",
    re.IGNORECASE,
)


# A case's range, written as a comparison: "a backlog of more than three weeks".
_MORE_THAN = re.compile(r"\b(?:more|longer|greater) than\b", re.IGNORECASE)
_LESS_THAN = re.compile(r"\b(?:less|fewer|shorter) than\b", re.IGNORECASE)
_RANGE_WORDS = frozenset(("least", "most"))


def meets_range(question: str, case: str) -> bool:
    """Whether a question's figure falls in the range a case states and the question names
    what the case's other words name: "a 4-week backlog" is "a backlog of more than three
    weeks", a 2-week one is not."""
    named = _range_named(question, case)
    return named is not None and all(named.values())


def outside_range(question: str, case: str) -> bool:
    """Whether a question states a figure outside the range a case states ("a two-week
    backlog" of "a backlog of more than three weeks"); False for a question that states none
    of its unit."""
    ranges = _ranges(case)
    return bool(ranges) and _figure_sign(figures(question), ranges) < 0


def _range_named(question: str, case: str) -> dict[str, bool] | None:
    """None unless a question's figure falls in the range a case states; else whether the
    question names each of the case's other words."""
    ranges = _ranges(case)
    if not ranges or _figure_sign(figures(question), ranges) <= 0:
        return None
    bounded = _LESS_THAN.sub("at most", _MORE_THAN.sub("at least", case))
    asked = tokenize(question)
    return {
        word: any(variant_of(word, term) for term in asked)
        for word in _content(FIGURE.sub(" ", bounded)) - _RANGE_WORDS
    }


def view_case(statement: str) -> str | None:
    """The case a first-person view holds in only ("If A, I recommend X", "For A I support
    X", "I support X provided A"), None for a view that holds in every case."""
    rule = conditional(statement)
    if rule is not None:
        return rule[0]
    before = _VIEW_CASE_BEFORE.match(statement)
    if before is not None:
        return before.group(1)
    view = _FOR.search(statement) or _AGAINST.search(statement)
    after = _VIEW_CASE_AFTER.search(statement, view.end() if view else 0)
    return after.group(1) if after else None


def states_view(statement: str) -> bool:
    """Whether a statement states the expert's own view for or against something."""
    return bool(_AGAINST.search(statement) or _FOR.search(statement))


def view_object(statement: str) -> str:
    """What a statement's first-person view is about ("I support targeted overtime for urgent
    work, because one avoided credit pays …" is about targeted overtime, not credits): the
    words after the view up to its reason; the whole statement when it states no view."""
    view = _AGAINST.search(statement) or _FOR.search(statement)
    if view is None:
        return statement
    return _REASON.split(statement[view.end() :], maxsplit=1)[0]


def waits_for(proposal: str, view: str) -> bool:
    """Whether the view puts first what the proposal would do before: "apply for a code
    before we have FDA clearance" against "as soon as the device is cleared", "a code
    requires FDA clearance" or "a 510(k) when design verification is complete"."""
    before = _BEFORE.search(proposal)
    if before is None:
        return False
    awaited = [w for w in tokenize(before.group(1)) if len(w) >= _STEM and w not in _FRAMING]
    for after in _AFTER.finditer(view):
        said = tokenize(after.group(1))
        if any(variant_of(word, term) for word in awaited for term in said):
            return True
    return False


# A proposal that puts its act off: "hold off on applying … until Medicare has decided".
_PUTS_OFF = re.compile(
    r"\b(?:hold(?:ing)?\s+off|wait(?:ing)?|delay(?:ing)?|postpon\w*|defer\w*|put(?:ting)?\s+off)"
    r"\b[^?]*?\buntil\b",
    re.IGNORECASE,
)
# A view that does its act at the earliest: "as soon as the device is cleared".
_AT_ONCE = re.compile(
    r"\b(?:as\s+soon\s+as|right\s+after|immediately|straight\s+away|without\s+waiting)\b",
    re.IGNORECASE,
)


def puts_off(proposal: str, view: str) -> bool:
    """Whether the proposal puts off until later what the view would do at the earliest
    ("hold off on a Category III code until Medicare decides coverage" against "I support
    applying for a Category III code as soon as the device is cleared")."""
    # waiting given up ("… right after clearance, instead of waiting until …") is not put off
    traded = trade(proposal)
    done = traded[1] if traded is not None else proposal
    return _PUTS_OFF.search(done) is not None and _AT_ONCE.search(view) is not None


def beside_the_timing(proposal: str, statement: str) -> bool:
    """Whether a statement says nothing of what the proposal would do its thing before ("I
    support a 510(k) when the predicate is strong" of submitting the 510(k) before design
    verification is complete): it speaks of the thing, not of doing it first."""
    before = _BEFORE.search(proposal)
    if before is None:
        return False
    awaited = [w for w in tokenize(before.group(1)) if len(w) >= _STEM and w not in _FRAMING]
    said = tokenize(statement)
    return bool(awaited) and not any(variant_of(w, t) for w in awaited for t in said)


def reverses(proposal: str, view: str) -> bool:
    """Whether the proposal would undo what a view speaks of: it skips, drops or stops
    something ("skip the Pre-Submission"), and the view does not itself speak of doing so
    ("A Pre-Submission removes the biggest risk"), so a view for it is a view against the
    proposal."""
    reversed_by = _reversal_verbs(proposal)
    said = tokenize(view)
    if not reversed_by or any(t.startswith(r) for t in said for r in reversed_by):
        return False
    # What "without" leaves out is what a view must speak of: "I recommend a 510(k)" is no
    # view against filing "the 510(k) without any clinical data".
    undone = _reversed_objects(proposal)
    return not undone or any(variant_of(word, term) for word in undone for term in said)


def _reversed_objects(proposal: str) -> set[str]:
    """The content words of what a proposal's "without" leaves out ("clinical data" of "file
    the 510(k) without any clinical data"); empty for other reversals, whose object is the
    proposal's own."""
    objects: set[str] = set()
    for found in _WITHOUT.finditer(proposal):
        objects |= _content(_OBJECT_END.split(f" {found.group(1)}", maxsplit=1)[0])
    return objects


def replaces(proposal: str, view: str, strictly: bool = False) -> bool:
    """Whether a view speaks of what the proposal would give up ("… instead of paying
    overtime") at least as much as of what it would do (more, when `strictly`: a topic's
    name "a new CPT code" is on both sides of a Category III code instead of a Category I
    one), so that a view for it is a view against the proposal; a view that itself weighs
    one thing against another ("credits rather than overtime") is read as it stands."""
    parts = trade(proposal)
    # A view on removing what is given up ("I oppose plans that skip clinical data") already
    # weighs on giving it up.
    if parts is None or trade(view) is not None or _REVERSAL & set(tokenize(view)):
        return False
    said = tokenize(view)
    lost = _content(parts[0])
    done = _content(parts[1]) - lost

    def named(words: set[str]) -> int:
        return sum(1 for word in words if any(variant_of(word, term) for term in said))

    return named(lost) > 0 and named(lost) >= named(done) + int(strictly)


def trade(proposal: str) -> tuple[str, str] | None:
    """What a proposal gives up and the rest of it: "credits instead of paying overtime" →
    ("paying overtime", "credits"), "replace targeted overtime with weekend overtime" →
    ("targeted overtime", the rest); None when it gives nothing up."""
    replacing = _REPLACING.search(proposal)
    if replacing is not None:
        rest = proposal[: replacing.start()] + proposal[replacing.end() :]
        return replacing.group(1), rest
    given_up = _REPLACED.search(proposal)
    if given_up is None:
        return None
    return given_up.group(1), proposal[: given_up.start()]


_RELATIVE = re.compile(r",|\b(?:that|which|who|whom|where)\b", re.IGNORECASE)


def shortfalls(statement: str) -> Iterator[tuple[str, str]]:
    """(clause, subject) of each clause of a statement that says what something cannot do:
    the subject is what falls short, the words before the inability after any relative
    pronoun ("questions that bench testing cannot answer": bench testing)."""
    for clause in re.split(r"[;:.]\s+", statement):
        found = _UNABLE.search(clause)
        if found is not None:
            yield clause, _RELATIVE.split(clause[: found.start()])[-1]


def shortfall_sign(proposal: str, statement: str) -> int:
    """How a statement of what something cannot do weighs on a proposal that trades one thing
    for another: +1 when what falls short is what the proposal gives up ("… instead of
    paying a subcontractor" and "a subcontracted technician … cannot reach an urgent ticket"),
    -1 when it is what the proposal puts in its place; 0 otherwise."""
    parts = trade(proposal)
    if parts is None:
        return 0
    lost = _content(parts[0])
    done = _content(parts[1]) - lost
    sign = 0
    for _, subject in shortfalls(statement):
        # A word naming what is given up ("subcontracted") tells it from what is kept ("our
        # own technicians").
        said = tokenize(subject)

        def named(words: set[str], said: list[str] = said) -> bool:
            return any(variant_of(word, term) for word in words for term in said)

        weighs = 1 if named(lost) else -1 if named(done) else 0
        if weighs and sign and weighs != sign:
            return 0  # each falls short of something: no side
        sign = weighs or sign
    return sign


_UNLESS = re.compile(r"\bunless\s+(.+?)(?:[.;]|$)", re.IGNORECASE)
# How much of a view's "unless" condition a question must state to meet it.
_MET_WORDS = 3
_PRODUCT = frozenset(("device", "product"))
_OWN_PRODUCT = re.compile(r"\b(?:our|my)\s+\w", re.IGNORECASE)
_MET_SHARE = 0.4


def unless_met(question: str, statement: str) -> bool:
    """Whether the question states the case a view excepts ("I do not support skipping
    clinical data unless FDA has confirmed in writing that non-clinical testing is
    sufficient" of "FDA told us in writing … that bench testing is enough. Can we skip
    clinical data?"): it says most of the condition's words and denies none of them."""
    found = _UNLESS.search(statement)
    return found is not None and states_case(question, found.group(1))


# What a question says has not happened yet: "before design verification is complete".
_NOT_YET = re.compile(r"\b(?:before|until|prior to)\s+([^,;:.?!]+)", re.IGNORECASE)


def states_case(question: str, condition: str) -> bool:
    """Whether the question states the case a condition describes: it says most of the
    condition's words ("the new device has a new indication" of "our device adds a new
    indication for use") and denies none of them ("the predicate was never cleared …",
    "before design verification is complete")."""
    return case_reading(question, condition) > 0


# A case that a thing exists: "a predicate with the same intended use exists".
_EXISTS = re.compile(r"^\s*(?:an?|the|any)\s+([\w()'-]+)\b.*\bexists?\b", re.IGNORECASE)


def denies_existence(question: str, case: str) -> bool:
    """Whether the question denies the thing a case says exists ("we can't find a
    predicate" of "a predicate with the same intended use exists"), however common the
    thing's word is in the expert's field."""
    found = _EXISTS.match(case)
    if found is None:
        return False
    _, denied = negated_words(question)
    return any(variant_of(term, found.group(1).lower()) for term in denied)


def case_reading(question: str, condition: str) -> int:
    """+1 when the question states the case a condition describes (`states_case`), -1 when it
    speaks of most of the condition's words and denies the case ("the closest predicate has
    a different intended use" of "a predicate with the same intended use exists", "no
    predicate exists"), 0 when it says too little of it."""
    words = _content(condition)
    stated, denied = negated_words(question)
    # "before design verification is complete" says the case does not hold yet.
    not_yet = {t for found in _NOT_YET.finditer(question) for t in tokenize(found.group(1))}
    stated, denied = stated - not_yet, denied | not_yet
    # A word the condition itself denies ("questions that bench testing cannot answer") is
    # met by the question denying it too.
    affirmed, negative = negated_words(condition)
    said = _said_as(words, negative - affirmed, stated, denied)
    # the asker's own product ("our wound-imaging camera") is the device a condition speaks of
    if _OWN_PRODUCT.search(question):
        said |= words & _PRODUCT
    contrary = _said_as(words, negative - affirmed, denied, stated)
    spoken = said | contrary
    if len(spoken) < _MET_WORDS or len(spoken) < _MET_SHARE * len(words):
        return 0
    # a figure outside the range the case states is another case: "about four more weeks" is
    # not "a backlog expected to last more than six weeks"
    ranges = _ranges(condition)
    if ranges and _figure_sign(figures(question), ranges) < 0:
        return -1
    return -1 if contrary - said or qualifies_contrarily(question, condition) else 1


# Words that qualify a thing as the same as another, and words that qualify it as not the
# same: "a different intended use" denies "the same intended use", which no negation says.
_SAME = frozenset(("same", "identical", "equivalent", "similar"))
_QUALIFIED = re.compile(
    r"\b(same|identical|equivalent|similar|different|other|another|distinct|dissimilar|new)"
    r"\s+((?:[\w()'-]+ ?){1,3})",
    re.IGNORECASE,
)


def _qualified(text: str) -> set[tuple[bool, str]]:
    """(whether the same, word) for each content word a text qualifies as the same as another
    thing or as not the same ("the same intended use": intended, use)."""
    return {
        (found.group(1).lower() in _SAME, word)
        for found in _QUALIFIED.finditer(text)
        for word in _content(found.group(2))
    }


def qualifies_contrarily(question: str, condition: str) -> bool:
    """Whether the question calls what a condition calls the same not the same, or the
    reverse ("the closest predicate has a different intended use" against "if a predicate
    with the same intended use exists"), and never as the condition does."""
    asked = _qualified(question)
    return any(
        any(variant_of(word, term) for same, term in asked if same != kind)
        and not any(variant_of(word, term) for same, term in asked if same == kind)
        for kind, word in _qualified(condition)
    )


def _said_as(words: set[str], negative: set[str], stated: set[str], denied: set[str]) -> set[str]:
    """The condition's `words` found among the `stated` words, or, for those it denies
    (`negative`), among the `denied` ones."""
    return {
        word
        for word in words
        if any(variant_of(word, term) for term in (denied if word in negative else stated))
    }


# Where the cases a consequence holds in start: "FDA asks for clinical data WHEN the new
# device has a new indication, WHEN …, or WHEN …".
_CASE_START = re.compile(r"\s+(?:when|whenever|if)\s+", re.IGNORECASE)
# What a view never does after a case: "I never schedule a Sunday AFTER a six-day week"
# ("after 5 years of service" elsewhere is a figure's range, not a case).
_NEVER_AFTER = re.compile(r"\b(?:never|not|don't|won't)\b[^,;.]*?(\s+after\s+)", re.IGNORECASE)
_NEXT_CASE = re.compile(r",\s*(?:or\s+|and\s+)?(?:when|whenever|if)\s+", re.IGNORECASE)
# What a consequence asks for: "asks for clinical data", "expects clinical data".
_ASKS_FOR = re.compile(
    r"\b(?:asks? for|expects?|requires?|needs?|calls? for|demands?|must (?:have|include))\s+"
    r"(?:an?\s+|the\s+)?(.+)",
    re.IGNORECASE,
)


def cases(statement: str) -> tuple[str, list[str]] | None:
    """The consequence of a statement that holds only in some cases, and those cases: "X
    when A, when B, or when C" and "If A, X"; None for any other statement."""
    opening = conditional(statement)
    if opening is not None:
        case, consequence = opening
        return consequence, [case]
    found = _CASE_START.search(statement)
    start, end = found.span() if found else (-1, -1)
    if found is None and (never := _NEVER_AFTER.search(statement)) is not None:
        start, end = never.span(1)
    if start < 0:
        return None
    return statement[:start], _NEXT_CASE.split(statement[end:].rstrip(". "))


# What a case needs before an act: "A significant risk device needs an FDA-approved IDE
# under 21 CFR 812 before the first subject is enrolled".
_NEEDED_BEFORE = re.compile(
    r"^(?P<case>.+?)\s+(?:needs?|requires?|must (?:have|get|obtain))\s+(?:an?\s+|the\s+)?"
    r"(?P<need>.+?)\s+before\s+(?P<act>[^,;.]+)",
    re.IGNORECASE,
)


def prerequisite_sign(question: str, statement: str) -> int:
    """-1 when a statement says the question's own case needs something before an act, and
    the question asks to do the act without naming it ("Our implant is a significant risk
    device. Can we start enrolling patients once the hospital IRB approves?" against "A
    significant risk device needs an FDA-approved IDE … before the first subject is
    enrolled"); 0 otherwise, and when the question names what is needed."""
    found = _NEEDED_BEFORE.search(statement)
    if found is None:
        return 0
    # The case is what needs it, in its own clause ("a subcontracted technician … needs a site
    # induction before the first job" after a colon), and the question states all of it.
    case = re.split(r"[:;]", found.group("case"))[-1]
    stated, _ = negated_words(question)
    named = _content(FIGURE.sub(" ", case))
    if not named or not all(any(variant_of(w, t) for t in stated) for w in named):
        return 0
    asked = tokenize(asking_sentence(question) or question)
    act = _content(found.group("act")) - named
    if not any(variant_of(word, term) for word in act for term in asked):
        return 0
    # What is needed by its head word ("IDE" of "an FDA-approved IDE under 21 CFR 812"): "once
    # the IRB approves" shares "approved" with it, not the thing.
    need = tokenize(_OBJECT_END.split(found.group("need"), maxsplit=1)[0])
    if not need or any(variant_of(need[-1], term) for term in stated):
        return 0
    return -1


def case_sign(question: str, statement: str) -> int:
    """How a statement whose consequence holds in a case weighs on a question that states
    that case: the consequence's weight on the proposal ("FDA asks for clinical data when
    the new device has a new indication" against filing without clinical data for a device
    that adds a new indication), or what it needs before what the question asks to do
    (`prerequisite_sign`); 0 when the question states none of its cases."""
    if needed := prerequisite_sign(question, statement):
        return needed
    found = cases(statement)
    if found is None:
        return 0
    consequence, conditions = found
    readings = [case_reading(question, condition) for condition in conditions]
    if 1 in readings:
        met = 1
    elif readings == [-1] and conditional(statement) is not None:
        # "If A, I recommend X" is the expert's rule for choosing X: a question that denies
        # A is the case it does not recommend X for.
        met = -1
    else:
        return 0
    return met * (_asks_for_sign(question, consequence) or statement_sign(question, consequence))


_DIFFERENCE = ("differ", "difference", "different", "differing")


def differs_as_said(question: str, condition: str) -> bool:
    """Whether a condition on how something differs ("when technological differences raise
    questions that bench testing cannot answer") speaks of what the question calls different
    ("a different sensing technology"): the question states part of its case, not whether
    the rest of it holds."""
    words = _content(condition)
    if not any(variant_of(word, term) for word in words for term in _DIFFERENCE):
        return False
    different = {term for same, term in _qualified(question) if not same}
    return any(variant_of(word, term) for word in words for term in different)


def partial_case_sign(question: str, statement: str) -> int:
    """How a statement whose consequence holds in a case would weigh on the question if the
    case it partly states held (`differs_as_said`); 0 when it states none of it, or all."""
    found = cases(statement)
    if found is None or case_sign(question, statement):
        return 0
    consequence, conditions = found
    if not any(differs_as_said(question, condition) for condition in conditions):
        return 0
    return _asks_for_sign(question, consequence) or statement_sign(question, consequence)


# A proposal that does one thing and nothing else: "on bench testing alone", "only bench data".
_ALONE = re.compile(r"\b(?:alone|only|solely|nothing but|just)\b", re.IGNORECASE)


_YIELDS_DATA = frozenset(tokenize("study studies trial trials"))


def _asks_for_sign(proposal: str, consequence: str) -> int:
    """+1 when a consequence asks for what the proposal does, -1 when the proposal goes
    without it or skips it ("asks for clinical data" of "without clinical data"), or does
    something else alone ("on bench testing alone"). The proposal is the question's asking
    sentence: the case it states before may name what is asked for ("the predicate was
    cleared with clinical data")."""
    asked = _ASKS_FOR.search(consequence)
    if asked is None:
        return 0
    wanted = tokenize(_OBJECT_END.split(asked.group(1), maxsplit=1)[0])
    proposal = asking_sentence(proposal)
    proposed = tokenize(proposal)
    if _YIELDS_DATA & set(proposed):
        # a study is where its data come from: "without a clinical study" goes without
        # clinical data
        proposed.append("data")
    if not wanted:
        return 0
    if not all(any(variant_of(w, t) for t in proposed) for w in wanted):
        return -1 if _ALONE.search(proposal) else 0
    _, denied = negated_words(proposal)
    skipped = any(variant_of(w, t) for w in wanted for t in denied) or _reversal_verbs(proposal)
    return -1 if skipped else 1


def _content(text: str) -> set[str]:
    """The words of a text that may name what it speaks of (not its framing)."""
    return {w for w in tokenize(text) if len(w) > 2 and w not in _FRAMING} - set(_PROPOSAL_FORM)


def _reversal_verbs(proposal: str) -> set[str]:
    """The reversal words a proposal uses as its verb ("stop giving credits"), not as a noun
    ("through the end of the quarter", "a cut of ten percent")."""
    words = re.findall(r"[a-z']+", proposal.lower())
    found = set()
    for i, word in enumerate(words):
        # "shouldn't" is two tokens; a word's first names it.
        term = next(iter(tokenize(word)), "")
        if term not in _REVERSAL:
            continue
        noun = (i > 0 and words[i - 1] in _DETERMINERS) or words[i + 1 : i + 2] == ["of"]
        if not noun:
            found.add(term)
    if _LEFT_OUT.search(proposal):
        found.add("omit")
    return found


def affirms_nothing(statement: str) -> bool:
    """Whether a statement holds a negation anywhere ("is not allowed", "never"): it may deny
    what it names, so it cannot be read as stating it."""
    return bool(NEGATION & set(re.findall(r"[a-z']+", statement.lower())))


def _denies(proposal: str, statement: str) -> bool:
    """Whether the statement denies what the proposal does: one of the proposal's own verbs
    right after a negation ("registry data … rarely replaces one" against "can registry data
    replace a study?"). Words match by their first letters, as the documents' own forms vary."""
    wanted = {word[:_STEM] for word in tokenize(proposal) if len(word) >= _STEM}
    wanted -= {word[:_STEM] for word in _PROPOSAL_FORM}
    if trade(proposal) is not None:
        # "X instead of Y" replaces Y: "registry data … rarely replaces one" denies it.
        wanted.add("repla")
    words = re.findall(r"[a-z']+", statement.lower())
    return any(
        word[:_STEM] in wanted
        and NEGATION & set(words[max(0, i - 2) : i])
        # "no shift longer than 10 hours" bounds shifts, it does not deny them.
        and not _COMPARATIVE & set(words[i + 1 : i + 3])
        for i, word in enumerate(words)
        if len(word) >= _STEM
    )


@dataclass(frozen=True, slots=True)
class EvidenceSide:
    """The side an expert's statements take on a proposal, and the statement that says it."""

    sign: int  # +1 for, -1 against, 0 no side
    confidence: float
    source: str = ""
    statement: str = ""


def side_of_evidence(
    proposal: str, found: Sequence[tuple[str, str]], weights: Sequence[int] = ()
) -> EvidenceSide:
    """The net side of (source id, statement) pairs on `proposal`: the side with more
    statements, each counted by its weight (how much of the question it speaks to, when
    given: "I never schedule a Sunday after a six-day week" outweighs a general view of
    weekend overtime), its confidence growing with the margin; no side on a tie."""
    signs = [
        (statement_sign(proposal, statement), source, statement) for source, statement in found
    ]
    counted = weights or [1] * len(signs)
    net = sum(sign * weight for (sign, _, _), weight in zip(signs, counted, strict=True))
    if net == 0:
        return EvidenceSide(0, BASE_CONFIDENCE)
    direction = 1 if net > 0 else -1
    margin = max(1, abs(sum(sign for sign, _, _ in signs)))
    confidence = round(min(CAP, BASE_CONFIDENCE + STEP * margin), 2)
    _, source, statement = max(
        (s for s in zip(signs, counted, strict=True) if s[0][0] == direction),
        key=lambda pair: pair[1],  # max keeps the first on ties
    )[0]
    return EvidenceSide(direction, confidence, source, statement)


def _own_words(option: str, options: Sequence[str]) -> set[str]:
    """The words of an option that no other option has ("rotation" of "on-call rotation")."""
    others = set().union(*(set(tokenize(o)) for o in options if o != option))
    return {word for word in tokenize(option) if is_plain(word)} - others


# Words beside its figure that make an option an act of its own, not a figure.
_ACT_WORDS = 3
# "Goodwill works when it comes with a fix, not instead of one": a thing that goes with
# another, never in its place
_NOT_INSTEAD = re.compile(r"\b(?:not|never)\s+(?:as\s+)?(?:instead\s+of|in\s+place\s+of)\b", re.I)


def _said_in(words: set[str], text: str) -> int | None:
    """Where the first of `words` is said in `text`, in any of its forms ("fix" of
    "fixing"), or None."""
    for place, term in enumerate(tokenize(text)):
        if any(variant_of(word, term) for word in words):
            return place
    return None


_ENOUGH = re.compile(r"\b(?:enough|sufficient|suffice)\b", re.IGNORECASE)
# "Is a $500 goodwill gesture enough?", "… on bench testing alone": the thing by itself
_BY_ITSELF = re.compile(
    r"\b(?:enough|sufficient|suffice|alone|by\s+itself|on\s+its\s+own|only|just"
    r"|instead\s+of|rather\s+than|in\s+place\s+of)\b",
    re.I,
)


def not_enough_alone(proposal: str, statement: str) -> bool:
    """Whether a statement says the thing a proposal would do by itself, or in another's
    place, goes with that other, never in its place ("Goodwill works when it comes with a fix,
    not instead of one" of "Is a $500 goodwill gesture enough to keep them happy?" and of
    "Should we pay credits instead of fixing the root cause?")."""
    found = _NOT_INSTEAD.search(statement)
    if found is None or not _BY_ITSELF.search(proposal):
        return False
    head = tokenize(statement[: found.start()])
    subject = head[:1]
    return bool(subject) and any(variant_of(subject[0], word) for word in tokenize(proposal))


def complement_sign(option: str, options: Sequence[str], statement: str) -> int:
    """+1 for the option a statement says another goes with, -1 for the other as its
    replacement ("Goodwill works when it comes with a fix, not instead of one": for fixing
    the cause, against a goodwill gesture instead of fixing it); 0 when it says neither."""
    found = _NOT_INSTEAD.search(statement)
    if found is None or len(options) != 2:
        return 0
    said = statement[: found.start()]
    other = next((o for o in options if o != option), option)
    mine = _said_in(_own_words(option, options), said)
    theirs = _said_in(_own_words(other, options), said)
    if mine is None or theirs is None:
        return 0
    # the thing said first is the one that must not take the other's place
    return -1 if mine < theirs else 1


def option_sign(option: str, options: Sequence[str], statement: str) -> int:
    """Which way a statement weighs on one option of a choice: +1 for, -1 against, 0 neither.

    For an option with a figure ("12-hour shifts") only a limit on what it measures counts: a
    limit it breaks is against it, one it keeps is for it ("no shift longer than 10 hours").
    A figure merely named is no view of it ("the risk is higher on a 12-hour shift"). Else the
    expert's own view counts when its object names the option's own words ("I do not
    recommend the on-call rotation"). How often the option's words occur does not.
    """
    proposed = figures(option)
    own = _own_words(option, options)
    if proposed:
        limits = [f for f in figures(statement) if f.bound is not None]
        sign = _figure_sign(proposed, limits)
        # An option that is its figure ("12-hour shifts") is weighed by limits alone; one
        # whose figure is a detail of an act ("waiting 70 days for Pre-Submission feedback")
        # is also weighed by the views on that act.
        if sign or len(_content(FIGURE.sub(" ", option))) < _ACT_WORDS:
            return sign
    if sign := complement_sign(option, options, statement):
        return sign
    if requires(option, options, statement):
        return 1
    if cannot(option, options, statement):
        return -1
    against, backing = bool(_AGAINST.search(statement)), bool(_FOR.search(statement))
    if not own or against == backing:
        return 0
    # The view names the option by its own words in what it is for, not in a phrase that
    # qualifies it ("targeted overtime for urgent premium work" is no view on paying premium
    # customers credits).
    if (
        backing
        and names_own(option, options, view_object(statement))
        and any(conditioned_on_other(o, options, statement) for o in options if o != option)
    ):
        # "I support a 510(k) … with a Pre-Submission first" backs the option it puts first.
        return 1
    pieces = _OBJECT_END.split(view_object(statement), maxsplit=2)
    head = tokenize(pieces[0])
    if len(head) <= 1 and len(pieces) > 1:
        # A verb with its object after a preposition: "applying for a Category III code".
        head += tokenize(pieces[1])
    if not any(variant_of(word, term) for word in own for term in head):
        return 0
    if backing and conditioned_on_other(option, options, statement):
        # "I support a 510(k) … with a Pre-Submission first" is no view for filing the
        # 510(k) directly instead of waiting for the Pre-Submission: its condition is the
        # other option, which the view names and backs.
        return 0
    return 1 if backing else -1


# Where a view's condition or prior step starts: "I support a 510(k) WHEN the predicate is
# strong, WITH a Pre-Submission FIRST", "… PROVIDED a Pre-Submission confirms …".
_VIEW_CONDITION = re.compile(
    r"\b(?:when|whenever|if|only if|provided|unless|once|after|as long as|with)\b",
    re.IGNORECASE,
)


def conditioned_on_other(option: str, options: Sequence[str], statement: str) -> bool:
    """Whether a view that names an option puts, as its condition or first step, what only
    another option of the choice names ("I support a 510(k) provided a Pre-Submission
    confirms …" of filing directly against waiting for the Pre-Submission): the view holds
    for that other option, not for this one."""
    view = view_object(statement)
    found = _VIEW_CONDITION.search(view)
    if found is None:
        return False
    condition = tokenize(view[found.start() :])
    own = _own_words(option, options)
    if any(variant_of(word, term) for word in own for term in condition):
        return False

    said = " ".join(condition)
    return any(names_own(other, options, said) for other in options if other != option)


def names_own(option: str, options: Sequence[str], text: str) -> bool:
    """Whether a text names an option by its own words (those no other option has): two of
    them, or its only one; a verb it shares with any document ("file" of "design history
    file") does not name it."""
    words = _own_words(option, options)
    said = tokenize(text)
    named = sum(any(variant_of(word, term) for term in said) for word in words)
    return named >= min(2, len(words)) > 0


def names_any_own(option: str, options: Sequence[str], text: str) -> bool:
    """Whether a text names any of an option's own words (those no other option has)."""
    said = tokenize(text)
    return any(variant_of(word, term) for word in _own_words(option, options) for term in said)


# The steps of an act that documents name instead of the act: enrolling subjects is running a
# study.
_STEP_OF = {"enrol": "study", "enrolment": "study", "enrolling": "study", "enrolled": "study",
            "enrollment": "study", "enroll": "study"}  # fmt: skip


def with_acts(text: str) -> str:
    """A text with the acts its steps are part of added ("we start enrolment" also names the
    study), so that a rule on a step speaks of the option that does the act."""
    acts = {_STEP_OF[term] for term in tokenize(text) if term in _STEP_OF}
    return " ".join((text, *sorted(acts)))


def conditional(statement: str) -> tuple[str, str] | None:
    """The case and the consequence of a statement that opens with its condition ("If the
    device is novel …, I recommend a De Novo request"); None for any other statement."""
    match = _IF.match(statement)
    return (match.group(1), match.group(2)) if match else None


_NON = re.compile(r"^non([a-z]+)$")


# What denies the words after it in its clause: a negation, "without", "none of it needs
# specialist skills" and "it doesn't need" ("nothing like our monitor is on the market" denies
# the market, not that the monitor is low-risk: not "nothing").
_DENYING = NEGATION | {"without", "none"}


# Words of knowing whose negation ends with them: what follows is doubted, not denied.
_DOUBTED = frozenset(("sure", "certain", "clear", "obvious", "convinced", "confident", "aware"))


def negated_words(text: str) -> tuple[set[str], set[str]]:
    """The words a text states and those it denies: a word after a negation in its own
    clause ("we found no cleared device with the same intended use") is denied."""
    stated: set[str] = set()
    denied: set[str] = set()
    for clause in CLAUSE_START.split(text):
        negated = False
        for word in re.findall(r"[a-z']+", clause.lower()):
            # "nonsignificant risk": the word, denied
            if (prefixed := _NON.match(word)) is not None and len(prefixed.group(1)) >= _STEM:
                denied.update(tokenize(prefixed.group(1)))
                continue
            negated = negated or word in _DENYING or word.endswith(("n't", "n’t"))
            (denied if negated else stated).update(tokenize(word))
            if negated and word in _DOUBTED:
                # "not sure the predicate is right" doubts the predicate, it does not deny it
                negated = False
    return stated, denied - stated


def cannot(option: str, options: Sequence[str], statement: str) -> bool:
    """Whether a clause of the statement names the option's own words and says it cannot
    do something ("a subcontracted technician … cannot reach an urgent ticket within 2
    hours" of a subcontracted night service)."""
    own = _own_words(option, options)
    return any(
        any(variant_of(w, t) for w in own for t in tokenize(clause))
        for clause, _ in shortfalls(statement)
    )


def requires(option: str, options: Sequence[str], statement: str) -> bool:
    """Whether a statement says a case requires the option ("Class III devices … need a
    PMA"): what a case requires is the option for it."""
    # What the option does, not when: "right after clearance" is its timing, and a code
    # that requires clearance does not require applying right after it.
    own = _own_words(_WHEN.split(option, maxsplit=1)[0], options)
    required = _NEEDS.search(statement)
    if not own or required is None or affirms_nothing(statement):
        return False
    named = set(tokenize(statement[required.end() :]))
    return any(variant_of(word, term) for word in own for term in named)


@dataclass(frozen=True, slots=True)
class OptionEvidence:
    """The option an expert's statements favour, how firmly, and the statement that says so
    (`sign` +1: it speaks for the option; -1: it speaks against `against`, another option),
    cut to the clause that says it."""

    option: str
    confidence: float
    source: str
    statement: str
    sign: int
    against: str = ""


def option_by_evidence(
    options: Sequence[str], found: Sequence[tuple[str, str]]
) -> OptionEvidence | None:
    """The option the (source id, statement) pairs weigh for most (`option_sign`, summed),
    with the statement that best shows it; None when no option leads."""
    signs = {option: [option_sign(option, options, s) for _, s in found] for option in options}
    scores = {option: sum(signs[option]) for option in options}
    ranked = sorted(options, key=lambda o: -scores[o])
    if len(ranked) < 2 or scores[ranked[0]] <= scores[ranked[1]]:
        return None
    chosen = ranked[0]
    margin = scores[chosen] - scores[ranked[1]]
    return _evidence_for(
        chosen, options, found, signs, round(min(CAP, BASE_CONFIDENCE + STEP * margin), 2)
    )


def ruled_out(options: Sequence[str], found: Sequence[tuple[str, str]]) -> OptionEvidence | None:
    """The first option the statements weigh against on balance ("12-hour shifts", against a
    10-hour limit), with the statement that says so; None when they rule none out."""
    for option in options:
        signs = [option_sign(option, options, s) for _, s in found]
        if sum(signs) < 0:
            source, statement = found[signs.index(-1)]
            clause = _deciding_clause(statement, option, options, -1)
            return OptionEvidence("", BASE_CONFIDENCE, source, clause, -1, option)
    return None


def _evidence_for(
    chosen: str,
    options: Sequence[str],
    found: Sequence[tuple[str, str]],
    signs: dict[str, list[int]],
    confidence: float,
) -> OptionEvidence:
    """The evidence for a chosen option: a statement for it, else one against another."""
    for index, (source, statement) in enumerate(found):
        if signs[chosen][index] > 0:
            clause = _deciding_clause(statement, chosen, options, 1)
            return OptionEvidence(chosen, confidence, source, clause, 1)
    # It leads because the statements speak against the others ("no more than 10 hours"
    # against 12-hour shifts, of 12- and 14-hour shifts).
    against, index = min(
        ((o, i) for o in options for i in range(len(found)) if signs[o][i] < 0),
        key=lambda pair: pair[1],
    )
    source, statement = found[index]
    clause = _deciding_clause(statement, against, options, -1)
    return OptionEvidence(chosen, confidence, source, clause, -1, against)


def _deciding_clause(statement: str, option: str, options: Sequence[str], sign: int) -> str:
    """The clause of a statement that weighs `sign` on the option ("no shift longer than 10
    hours" of a sentence listing every limit), else the whole statement."""
    for clause in _clauses(statement):
        if option_sign(option, options, clause) == sign:
            return clause.strip().rstrip(".")
    return statement


# Fewer words than this make no clause of their own: "I accept targeted, voluntary overtime"
# lists two adjectives, and "I accept targeted" says nothing.
_CLAUSE_WORDS = 4


def _clauses(statement: str) -> list[str]:
    """The clauses of a statement, a piece of fewer than four words joined to the next."""
    clauses: list[str] = []
    pending = ""
    # The separators are kept, so a joined clause reads as the statement wrote it.
    pieces = re.split(f"({CLAUSE.pattern})", statement)
    for piece, separator in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        pending += piece
        if len(pending.split()) >= _CLAUSE_WORDS:
            clauses.append(pending)
            pending = ""
        else:
            pending += separator
    if pending:
        clauses.append(pending)
    return clauses
