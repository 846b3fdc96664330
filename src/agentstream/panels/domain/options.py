"""The options a question names ("De Novo or 510(k)?"), when the request gives none.

Deliberately conservative: a question is a proposition to support or oppose unless its last
clause offers short alternatives joined by "or", "rather than" or "instead of" ("…or not?"
offers none). The alternatives
are read by their parallel form: the question's frame ("Should we", "Is it better to") is
not part of the first, a second that opens with an article is a noun phrase (so the first is
one too: "file a 510(k) or a De Novo"), and what follows the last one ("for the new monitor")
is context, not part of it.
"""

import re

from agentstream.deliberation.advice import answering_proposition

MAX_OPTION_WORDS = 8
MAX_DETECTED = 5
# Words that open a question's frame: the alternatives come after them.
_OPENERS = frozenset((
    "should", "shall", "would", "could", "can", "do", "does", "did", "is", "are", "will",
    "must", "whether", "which", "what", "how", "might", "may",
))  # fmt: skip
# Words that continue the frame after an opener ("should WE", "is IT BETTER TO").
_FRAME = frozenset((
    "we", "i", "you", "they", "our", "us", "it", "be", "better", "best", "rather", "to",
    "prefer", "between", "either", "the", "team", "company", "panel", "recommend",
    # "Is it a mistake to …", "Would it be a good idea to …": the frame of a question that
    # asks whether to do the first alternative.
    "a", "an", "mistake", "error", "bad", "good", "idea", "wrong", "wise", "unwise", "risky",
    "dangerous",
))  # fmt: skip
# Verbs of choosing: not part of an option when the other option does not repeat the verb.
_CHOOSING = frozenset((
    "file", "choose", "pick", "select", "use", "take", "adopt", "pursue", "submit", "go",
    "with", "opt", "for",
))  # fmt: skip
# Words after which the last option is over ("…De Novo for the new monitor").
_AFTER = frozenset((
    "for", "in", "on", "at", "by", "before", "after", "this", "that", "next", "now", "first",
    "instead", "than", "when", "if", "so", "because", "given", "while",
))  # fmt: skip
# A last alternative opening with one of these is no option of its own ("…or not?", "…or only
# for high-voltage work?"): the question is then a proposition.
_NOT_AN_OPTION = frozenset((
    "not", "no", "otherwise", "neither", "else", "only", "just", "also", "both", "something",
    "anything", "maybe", "what", "why", "how",
))  # fmt: skip
_ARTICLES = frozenset(("a", "an", "the"))
# Words that open both alternatives of a parallel pair ("written in Kotlin or in Swift", "go
# to FDA as a 510(k) or as a De Novo"): the first alternative starts at the same word, and
# neither alternative keeps it.
_PARALLEL = frozenset((
    "as", "in", "with", "via", "through", "by", "on", "at", "into", "from", "under", "to",
))  # fmt: skip
# An option of only these words names nothing ("do this or that?").
_VAGUE = frozenset(("this", "that", "it", "these", "those", "them", "so", "something"))
_HEADERS = frozenset(("which", "what", "how"))


def _words(text: str) -> list[str]:
    return text.split()


def _without_articles(words: list[str]) -> list[str]:
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    return words


def _without_leads(words: list[str]) -> list[str]:
    """The words without the articles and parallel prepositions that open them."""
    while words and words[0].lower() in _ARTICLES | _PARALLEL:
        words = words[1:]
    return words


def _without_frame(words: list[str]) -> list[str]:
    """The words after the question's frame ("Should we …"), or all of them without one."""
    lowered = [word.lower() for word in words]
    openers = [i for i, word in enumerate(lowered) if word in _OPENERS]
    if not openers:
        return words
    # The frame opens the question's sentence ("Should we apply … as soon as the monitor is
    # cleared": not "is"), after any sentence before it ("Our backlog is growing. Should …").
    opening = [i for i in openers if i == 0 or words[i - 1].endswith((".", "?", "!"))]
    start = (opening or openers)[-1] + 1
    while start < len(words) and lowered[start] in _FRAME | _OPENERS:
        start += 1
    return words[start:]


def _last_option(text: str) -> list[str]:
    """The words of the last alternative, up to the context that follows it; an act that
    names nothing yet but how long it lasts ("waiting 70 days") goes on to what it is for
    ("… for Pre-Submission feedback from FDA")."""
    words = _without_articles(_words(text))
    for index, word in enumerate(words):
        if index == 1 and word.lower() in _PARTICLES and len(words) > 2:
            continue  # "bring in subcontractors": the verb's particle, not what follows it
        if index > 0 and (word.lower() in _AFTER or _purpose(words, index)):
            if word.lower() in _OBJECT_LEADS and _names_nothing(words[:index]):
                continue
            return words[:index]
    return words


# The particles of phrasal verbs ("bring in", "take on", "call out").
_PARTICLES = frozenset(("in", "on", "out", "up", "off", "over", "back", "down"))
# Prepositions that lead to what an act is for or waits on ("waiting 70 days FOR feedback").
_OBJECT_LEADS = frozenset(("for", "on"))
# Words of a duration: "70 days" says how long, not what.
_DURATION = frozenset((
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
    "minute", "minutes", "a", "an", "few", "more", "another", "extra",
))  # fmt: skip


def _names_nothing(words: list[str]) -> bool:
    """Whether an alternative is a verb alone or with a duration ("waiting", "waiting 70
    days"): it does not yet say what it is about."""
    rest = [w.lower() for w in words[1:]]
    act = words[0].lower()
    return (act.endswith("ing") or act in _WAITING) and all(
        w in _DURATION or w.isdigit() for w in rest
    )


# Verbs of waiting, which say what they wait for after them ("wait for the budget review").
_WAITING = frozenset(("wait", "delay", "hold", "pause", "defer", "postpone"))


def _purpose(words: list[str], index: int) -> bool:
    """Whether "to" at `index` opens a purpose ("new hires to clear the backlog"), not a
    destination ("move to a 4-hour target", "switch to De Novo")."""
    if words[index].lower() != "to" or index + 1 >= len(words):
        return False
    following = words[index + 1]
    return following.islower() and following not in _ARTICLES and not following[0].isdigit()


def _listed(before: str) -> list[str]:
    """The alternatives before the last "or": one, or a comma-separated list ("A, B")."""
    pieces = [piece.strip() for piece in before.split(",") if piece.strip()]
    framed = [i for i, p in enumerate(pieces) if _OPENERS & {w.lower() for w in _words(p)}]
    if framed:
        first = framed[-1]
        if pieces[first].split()[0].lower() in _HEADERS and first + 1 < len(pieces):
            # "Which pathway, De Novo or 510(k)?": the clause before the comma only asks.
            first += 1
        pieces = pieces[first:]
    return pieces


_ALTERNATIVE = re.compile(r",?\s+(?:or|rather than|instead of|vs\.?|versus)\s+", re.IGNORECASE)
# "between X and Y" offers a choice after a word of choosing ("the gap between shifts and
# overtime" offers none).
_BETWEEN = re.compile(
    r"(?:^|\b(?:choose|choosing|decide|deciding|pick|select|choice|decision))\s*between\s+"
    r"(.+?)\s+and\s+(.+)$",
    re.IGNORECASE,
)


def detect_options(query: str) -> tuple[str, ...]:
    """The alternatives the question offers ("X or Y?", "X vs Y", "X versus Y", "between X
    and Y"), read from its last clause that offers some, else ()."""
    clauses = re.split(r"[:;]\s+", query.strip().rstrip("?!. ").strip())
    for clause in reversed(clauses):
        options = _between(clause) or _alternatives(clause)
        if options:
            return options
    return ()


def _between(clause: str) -> tuple[str, ...]:
    """The two alternatives of "…between X and Y…"."""
    match = _BETWEEN.search(clause)
    if match is None:
        return ()
    # "between overtime, subcontractors and hiring": a list before its "and"
    listed = [_without_articles(_words(piece)) for piece in match.group(1).split(",")]
    last = _last_option(match.group(2).split(",")[0])
    return _checked([*listed, _without_leads(last)])


def _modifier(word: str) -> bool:
    """A word that modifies a noun by a figure or a compound ("10-hour", "two-person")."""
    return "-" in word.strip("-") or any(c.isdigit() for c in word)


# "Is X or Y …": a question of these opens with what is said of both alternatives at its end.
_COPULAS = frozenset(("is", "are", "was", "were", "would", "will"))
_COMPARATIVE = re.compile(r"^(?:[a-z]{3,}er|better|worse|best|worst|[a-z]{3,}est)$", re.I)


def _without_predicate(last: list[str]) -> list[str]:
    """The last alternative without the comparison said of both ("hiring cheaper", "hiring
    more expensive" → "hiring")."""
    if len(last) > 2 and last[-2].lower() in ("more", "less", "most", "least"):
        return last[:-2]
    if len(last) > 1 and _COMPARATIVE.match(last[-1]):
        return last[:-1]
    return last


def _alternatives(clause: str) -> tuple[str, ...]:
    """The alternatives a clause joins with "or", "rather than", "instead of", "vs"."""
    parts = _ALTERNATIVE.split(clause)
    if len(parts) != 2:
        return ()
    second = _words(parts[1])
    if second and second[0].lower() in _OPENERS:
        second = _without_frame(second)  # "…, or should we move to 4 hours?"
    last = _last_option(" ".join(second))
    listed = _listed(parts[0])
    if not last or not listed or last[0].lower() in _NOT_AN_OPTION:
        return ()
    head = _without_frame(_words(listed[0]))
    verb = head[0].lower() if head else ""
    lead_word = last[0].lower()
    acts = (lead_word.endswith("ing") or lead_word in _WAITING) and lead_word not in _CHOOSING
    if verb in _CHOOSING and last[0].lower() != verb and not acts:
        # "file a 510(k) or a De Novo": the verb chooses, the options are what it chooses.
        while head and head[0].lower() in _CHOOSING:
            head = head[1:]
    lead = second[0].lower() if second else ""
    articles = [i for i, word in enumerate(head) if word.lower() in _ARTICLES]
    parallel = [i for i, word in enumerate(head) if word.lower() == lead]
    if lead in _PARALLEL and parallel:
        # "written in Kotlin or in Swift": the first alternative starts where the second's
        # opening word does.
        head = head[parallel[-1] :]
    elif lead in _ARTICLES and articles:
        # "get a 2-hour target or a 4-hour target": noun phrases, the first after its article.
        head = head[articles[-1] :]
    elif len(listed) == 1 and len(last) > 1 and head and _modifier(head[-1]) and _modifier(last[0]):
        # "work 10-hour or 12-hour shifts": both modify the noun the second names.
        head = [head[-1], *last[1:]]
    if clause.split()[0].lower() in _COPULAS:
        # "Is overtime or hiring cheaper?": what is said of both is no part of the last.
        last = _without_predicate(last)
    return _checked(
        [
            _without_leads(head),
            *(_without_articles(_words(piece)) for piece in listed[1:]),
            _without_leads(last),
        ]
    )


def _checked(options: list[list[str]]) -> tuple[str, ...]:
    """The options as texts, or () when one is empty, long or vague, or they repeat."""
    if any(
        not words or len(words) > MAX_OPTION_WORDS or {w.lower() for w in words} <= _VAGUE
        for words in options
    ):
        return ()
    texts = tuple(" ".join(words) for words in options)
    if len(texts) > MAX_DETECTED or len({text.casefold() for text in texts}) != len(texts):
        return ()
    return texts


# Words that open a question asking for an answer of its own, not a yes or a no.
_OPEN = frozenset(("what", "which", "how", "why", "who", "whom", "whose", "when", "where"))


def proposition_of(query: str) -> str:
    """What a stance supports or opposes on a question without options, read without a
    model: a yes/no question is its own proposition; an open one ("What should our overtime
    policy be?") has no side to take, so the experts' stances are on their answers to it;
    one that asks for figures ("How many subjects …?") or what to do ("How should we …?") is
    answered with the figures or advice the experts' documents state, which nobody votes on."""
    answering = answering_proposition(query)
    if answering is not None:
        return answering
    words = query.split()
    if words and words[0].lower().strip("\"'(") in _OPEN:
        return f"the experts' answers to: {query.strip()}"
    return query.strip()
