"""Reading a question word by word: every word gets a sense, or is reported as not understood.

Dates, then the tenant's names, then phrases (longest first) of the tenant's values and of the
English lexicon are recognised. A word that matches nothing is compared with the known words
(rapidfuzz); a close match is taken and reported as a correction, anything else is unknown.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from agentstream.agents.sql.catalog.dates import DateRange, find_dates, spell_out_durations
from agentstream.agents.sql.catalog.lexicon import (
    CHANGE,
    FILLER_WORDS,
    NUMBER_WORDS,
    ORDINALS,
    OUTSTANDING,
    PHRASES,
    VALUE,
    VALUE_SYNONYMS,
    Sense,
)
from agentstream.agents.sql.catalog.tenant import Vocabulary

MAX_PHRASE = 5
# Fuzzy matches must be close: a wrong correction would answer another question.
_FUZZY_CUTOFF = 84.0
_NAME_CUTOFF = 86.0
_MIN_FUZZY_LENGTH = 4
_TOKEN = re.compile(
    r"§[dnwp]\d+f?|\d+(?:st|nd|rd|th)(?![a-z])|\$?\d+(?:[.,]\d+)*|[a-z][a-z0-9'./\-]*|#|%|&"
    r"|[=+*~^|\\{}\[\]]"
)
_NAME_FIELDS = ("technician.name", "customer.name")
_SYMBOLS = (
    (r"(\d)\s*\+", r"\1 or more "),
    # "status + who has it": and
    (r"(?<=\s)\+(?=\s)", " and "),
    (r"(?<![\w/])w/o(?![\w/])", " without "),
    (r"(?<![\w/])w/(?![\w/])", " with "),
    # "35/hr" is a rate, not 35 hours
    (r"(\d)\s*/\s*(?:hr|hour|h)\b", r"\1 per hour "),
    (r">=|=>", " at least "),
    (r"<=|=<", " at most "),
    (r">", " more than "),
    (r"<", " less than "),
    (r"(?<![\w$])([=+*~^|\\{}\[\]])", r" \1 "),
)


@dataclass(frozen=True)
class Word:
    """One recognised unit of the question: its text, sense and position."""

    text: str
    sense: Sense
    position: int
    number: float | None = None
    when: DateRange | None = None


@dataclass
class Reading:
    """The question as senses, plus the words nothing matched and the corrections made."""

    words: list[Word] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)


def _value_phrases(vocabulary: Vocabulary) -> dict[str, Sense]:
    phrases: dict[str, Sense] = {}
    for name, synonyms in VALUE_SYNONYMS.items():
        for value in vocabulary.of(name):
            key = value.lower()
            target = Sense(VALUE, f"{name}|{value}")
            for phrase in (key, key.replace("_", " "), *synonyms.get(key, ())):
                phrases.setdefault(phrase, target)
            if name in ("skill.name", "work_order.category"):
                phrases.setdefault(key.rstrip("s"), target)
                phrases.setdefault(key + "s", target)
            if name == "skill.name":
                # "knows electrical work": the skill, not hours worked
                phrases.setdefault(f"{key} work", target)
    for name in ("technician.region", "customer.region"):
        for region in vocabulary.of(name):
            key = region.lower()
            target = Sense(VALUE, f"region|{region}")
            for phrase in (key, f"{key}ern", f"{key} region", f"{key}ern region"):
                phrases.setdefault(phrase, target)
    if "open" in {v.lower() for v in vocabulary.of("work_order.status")}:
        for phrase in OUTSTANDING.split(","):
            phrases.setdefault(phrase.strip(), Sense(VALUE, "work_order.status|outstanding"))
    for phrase in ("unassigned", "not assigned", "un-assigned"):
        phrases[phrase] = Sense(VALUE, "work_order.technician|none")
    return phrases


@lru_cache(maxsize=64)
def _known(
    vocabulary_key: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[dict[str, Sense], list[str]]:
    vocabulary = Vocabulary(dict(vocabulary_key))
    known = {**PHRASES, **_value_phrases(vocabulary)}
    # A request to change the data is refused whatever it says, so no slip is read as one:
    # "later" is no misspelt "alter".
    single = sorted(
        {
            phrase
            for phrase, sense in known.items()
            if " " not in phrase and len(phrase) >= _MIN_FUZZY_LENGTH and sense.kind != CHANGE
        }
    )
    return known, single


@lru_cache(maxsize=64)
def _phrase_parts(
    vocabulary_key: tuple[tuple[str, tuple[str, ...]], ...],
) -> list[str]:
    """The words of the known phrases that mean nothing alone ("many" of "how many")."""
    known, single = _known(vocabulary_key)
    words = {word for phrase in known if " " in phrase for word in phrase.split()}
    return sorted(w for w in words - set(single) if len(w) >= _MIN_FUZZY_LENGTH and w.isalpha())


def _names(vocabulary: Vocabulary) -> list[tuple[str, str]]:
    pairs = [(name.lower(), field_) for field_ in _NAME_FIELDS for name in vocabulary.of(field_)]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _original(name_field: str, lowered: str, vocabulary: Vocabulary) -> str:
    return next(n for n in vocabulary.of(name_field) if n.lower() == lowered)


# Contractions typed without their apostrophe ("dont", "cant"): in a question typed in a hurry
# "cant" and "wont" are "can't" and "won't" far more often than words of their own.
_BARE_CONTRACTIONS = {
    f"{base}nt": f"{base}n't"
    for base in (
        *("do", "does", "did", "is", "are", "was", "were", "has", "have", "had"),
        *("could", "should", "would", "ca", "wo"),
    )
}


# Chat shorthand, as people type it ("which techs are on leave rn", "hw many r there").
_SHORTHAND = {
    "rn": ["right", "now"],
    "im": ["i"],
    "atm": ["currently"],
    "u": ["you"],
    "ur": ["your"],
    "r": ["are"],
    "hw": ["how"],
    "thx": ["thanks"],
    "lvl": ["level"],
    "lvls": ["levels"],
}


# A work order by its number: "job 5", "work order #12", "ticket no. 7", "#12"; not "jobs 3
# hours over", "WO 2 or more".
_WORK_ORDER_NUMBER = re.compile(
    r"(?:(?P<noun>\b(?:work ?orders?|workorders?|wos?|jobs?|tickets?|orders?|tasks?))"
    r"\s*(?:#|\bno\.?|\bnumber|\bnr\.?)?|(?<![\w#])#)\s*(?P<number>\d+)\b"
    r"(?![.,]\d|\s*(?:hours?|hrs?|h|days?|weeks?|months?|%|percent|more|or|and|per|times)\b)"
)
# "No overtime", "zero overtime", "never worked overtime": a figure of none is a total of at most
# 0 hours (technicians with no timesheets at all logged none either).
_NO_OVERTIME = re.compile(
    r"\b(?:(?:no|zero|0|nil)|never\s+(?:did|done|worked|logged|had)(?:\s+any)?)\s+"
    r"overtime(?:\s+(?:hours?|hrs?))?(?!\w)"
)


# "Tickets still waiting for a tech": unfinished work without one (a cancelled ticket waits
# for nobody).
_WAITING_FOR = re.compile(r"\b(?:still\s+)?(?:waiting\s+(?:for|on)|awaiting|needing)\b")
# "jobs that aren't finished yet", "still not done", "yet to be completed": work still to
# do, which a cancelled order is not (without "yet" or "still", "not completed" counts it)
_NEGATED = r"(?:(?:are|is|was|were|have|has|had)(?:n'?t|\s+not)|not)"
_DONE = r"(?:been\s+)?(?:finished|done|completed?|closed|resolved)"
_NOT_YET_DONE = re.compile(
    rf"\b(?:{_NEGATED}\s+(?:yet\s+)?{_DONE}\s+yet|{_NEGATED}\s+yet\s+{_DONE}"
    rf"|still\s+{_NEGATED}\s+{_DONE}|{_NEGATED}\s+still\s+{_DONE}|yet\s+to\s+be\s+{_DONE})\b"
)
# "hi, which urgent tickets ...": a greeting, not "hi" priority
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|hiya|yo)\b(?![\s-]*pri)[\s,!.]*")


def _split(token: str) -> list[str]:
    """Contractions, possessives and chat shorthand: "don't" -> do n't, "olga's" -> olga,
    "rn" -> right now."""
    token = token.strip(".'")
    if token in _SHORTHAND:
        return _SHORTHAND[token]
    token = _BARE_CONTRACTIONS.get(token, token)
    if token.endswith("n't"):
        base = {"ca": "can", "wo": "will"}.get(token[:-3], token[:-3])
        return [base, "n't"]
    if token.endswith("'s"):
        return [token[:-2]]
    return [token] if token else []


def _number(token: str) -> float | None:
    bare = token.lstrip("$").replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", bare):
        return float(bare)
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else None


# "that month", "the same week": the period the previous question asked about.
_SAME_PERIOD = re.compile(
    r" (?:in )?(?:that|the same) (?:day|week|month|quarter|year|period|time)(?= )"
)


def read(
    question: str, vocabulary: Vocabulary, today: date, earlier: DateRange | None = None
) -> Reading:
    """Every word of `question` with its sense; unknown words and corrections reported.
    `earlier`: the period of the previous question, which "that month" names."""
    text = " " + question.lower().replace("\u2019", "'").replace("\u2018", "'") + " "
    text = re.sub(r"[?!,;:()\"]", " ", text)
    # Comparison symbols are words too ("level 3+", ">= 40"); any other symbol is reported.
    for symbol, words in _SYMBOLS:
        text = re.sub(symbol, words, text)
    text = spell_out_durations(text, today)
    text = _NO_OVERTIME.sub(" at most 0 overtime hours ", text)
    text = _WAITING_FOR.sub(" outstanding without ", text)
    text = _NOT_YET_DONE.sub(" outstanding ", text)
    text = _GREETING.sub(" ", text)
    placeholders: dict[str, Word] = {}
    for index, mention in enumerate(reversed(find_dates(text, today))):
        key = f"§d{index}"
        placeholders[key] = Word(
            text[mention.start : mention.end], Sense("date"), 0, when=mention.range
        )
        text = text[: mention.start] + f" {key} " + text[mention.end :]
    if earlier is not None:
        for index, found in enumerate(reversed(list(_SAME_PERIOD.finditer(text)))):
            key = f"§p{index}"
            placeholders[key] = Word(found.group().strip(), Sense("date"), 0, when=earlier)
            text = text[: found.start()] + f" {key} " + text[found.end() :]
    for index, found in enumerate(reversed(list(_WORK_ORDER_NUMBER.finditer(text)))):
        key, order = f"§w{index}", int(found.group("number"))
        placeholders[key] = Word(f"#{order}", Sense("name", f"work_order.id|{order}"), 0)
        noun = found.group("noun") or "work order"
        text = text[: found.start()] + f" {noun} {key} " + text[found.end() :]
    for index, (name, name_field) in enumerate(_names(vocabulary)):
        pattern = re.compile(rf"(?<![\w§]){re.escape(name)}(?:'s)?(?![\w])")
        if pattern.search(text):
            key = f"§n{index}"
            display = _original(name_field, name, vocabulary)
            placeholders[key] = Word(display, Sense("name", f"{name_field}|{display}"), 0)
            text = pattern.sub(f" {key} ", text)
    key_of = tuple(sorted(vocabulary.values.items()))
    known, single = _known(key_of)
    tokens = [part for token in _TOKEN.findall(text) for part in _split(token)]
    reading = Reading()
    _fuzzy_names(tokens, vocabulary, placeholders, reading)
    name_words = {part for name, _ in _names(vocabulary) for part in re.findall(r"[a-z]+", name)}
    slips = _correct_phrase_words(tokens, known.keys() | name_words, _phrase_parts(key_of))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in placeholders:
            reading.words.append(_at(placeholders[token], len(reading.words)))
            index += 1
            continue
        taken = _longest(tokens, index, known)
        if index in slips and (not taken or taken[0] == 1):
            # corrected to a word of a phrase it does not complete: the word as typed
            token = tokens[index] = slips.pop(index)
            taken = _longest(tokens, index, known)
        if taken:
            length, sense = taken
            for position in range(index, index + length):
                if position in slips:
                    typed = slips.pop(position)
                    reading.corrections.append(f"I read '{typed}' as '{tokens[position]}'")
            phrase = " ".join(tokens[index : index + length])
            reading.words.append(Word(phrase, sense, len(reading.words)))
            index += length
            continue
        index += 1
        number = _number(token)
        if token in ORDINALS:
            place = ORDINALS[token]
            reading.words.append(Word(token, Sense("ordinal"), len(reading.words), number=place))
        elif number is not None:
            reading.words.append(Word(token, Sense("number"), len(reading.words), number=number))
        elif token in FILLER_WORDS or _filler_slip(token, single, reading):
            continue
        elif "-" in token:
            parts = [part for part in token.split("-") if part]
            tokens[index:index] = parts
            slips = {at + len(parts) if at >= index else at: typed for at, typed in slips.items()}
        elif (guessed := _fuzzy(token, known, single, reading)) is not None:
            corrected, sense = guessed
            tokens[index - 1] = corrected
            taken = _longest(tokens, index - 1, known)
            if taken and taken[0] > 1:
                # the corrected word starts a phrase ("elctrical work": the skill)
                sense = taken[1]
                token = " ".join(tokens[index - 1 : index - 1 + taken[0]])
                index += taken[0] - 1
            reading.words.append(Word(token, sense, len(reading.words)))
        elif len(token) > 3 and token.endswith("s") and token[:-1] in known:
            reading.words.append(Word(token, known[token[:-1]], len(reading.words)))
        elif (named := _part_of_name(token, vocabulary, reading)) is not None:
            reading.words.append(Word(named.text, named.sense, len(reading.words)))
        else:
            reading.unknown.append(token)
    return reading


def _at(word: Word, position: int) -> Word:
    return Word(word.text, word.sense, position, word.number, word.when)


def _longest(tokens: list[str], index: int, known: dict[str, Sense]) -> tuple[int, Sense] | None:
    for length in range(min(MAX_PHRASE, len(tokens) - index), 0, -1):
        phrase = " ".join(tokens[index : index + length])
        if "§" in phrase:
            continue
        if phrase in known:
            return length, known[phrase]
    return None


_FILLERS = sorted(FILLER_WORDS)


def _filler_slip(token: str, single: list[str], reading: Reading) -> bool:
    """Whether `token` is a slip for a word that asks nothing ("actualy" for "actually"),
    nearer to it than to any known word ("actual", the actual hours)."""
    if len(token) < _MIN_FUZZY_LENGTH or not token.isalpha():
        return False
    filler = process.extractOne(token, _FILLERS, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    if filler is None:
        return False
    known = process.extractOne(token, single, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    if known is not None and known[1] >= filler[1]:
        return False
    reading.corrections.append(f"I read '{token}' as '{filler[0]}'")
    return True


def _fuzzy(
    token: str, known: dict[str, Sense], single: list[str], reading: Reading
) -> tuple[str, Sense] | None:
    """The known word `token` is a slip for, and its sense (the correction is reported)."""
    if len(token) < _MIN_FUZZY_LENGTH or not token.isalpha():
        return None
    match = process.extractOne(token, single, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF) or (
        _swapped(token, single)
    )
    if match is None:
        return None
    reading.corrections.append(f"I read '{token}' as '{match[0]}'")
    return match[0], known[match[0]]


def _correct_phrase_words(tokens: list[str], known: set[str], parts: list[str]) -> dict[int, str]:
    """A slip in a word of a phrase ("how mnay"), corrected before phrases are matched; `known`
    holds the words that are no slip (the lexicon's, the tenant's names). Returns the words as
    typed, by position: a correction stands only if the phrase it completes is found."""
    slips: dict[int, str] = {}
    for index, token in enumerate(tokens):
        if token in known or token in FILLER_WORDS or token in parts:
            continue
        if len(token) < _MIN_FUZZY_LENGTH or not token.isalpha():
            continue
        match = process.extractOne(
            token, parts, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        ) or _swapped(token, parts)
        if match is not None and match[0] != token:
            slips[index] = token
            tokens[index] = match[0]
    return slips


def _swapped(token: str, single: list[str]) -> tuple[str, float, int] | None:
    """A known word with two neighbouring letters swapped ("nroth"): one slip, however short
    the word, where a ratio of matching letters would count two."""
    match = process.extractOne(token, single, scorer=OSA.distance, score_cutoff=1)
    if match is None or sorted(match[0]) != sorted(token):
        return None
    return match


def _part_of_name(token: str, vocabulary: Vocabulary, reading: Reading) -> Word | None:
    """A word that belongs to exactly one name ("Harborview", "Mensah") stands for it; a word
    shared by several names ("Olga") is reported with the names it could be."""
    if len(token) < _MIN_FUZZY_LENGTH or not token.isalpha():
        return None
    owners = [
        (name_field, name)
        for name_field in _NAME_FIELDS
        for name in vocabulary.of(name_field)
        if token in re.findall(r"[a-z]+", name.lower())
    ]
    if len(owners) == 1:
        name_field, name = owners[0]
        reading.corrections.append(f"I read '{token}' as '{name}'")
        return Word(name, Sense("name", f"{name_field}|{name}"), 0)
    if len(owners) > 1:
        reading.unknown.append(f"{token} (could be {', '.join(n for _, n in owners)})")
        return Word(token, Sense("ambiguous"), 0)
    return None


def _fuzzy_names(
    tokens: list[str], vocabulary: Vocabulary, placeholders: dict[str, Word], reading: Reading
) -> None:
    """Two or three words that spell a known name with a slip ("katrin tanka")."""
    names = _names(vocabulary)
    choices = [name for name, _ in names]
    index = 0
    while index < len(tokens) - 1:
        for length in (3, 2):
            window = tokens[index : index + length]
            if len(window) < length or any(t.startswith("§") or t in PHRASES for t in window):
                continue
            candidate = " ".join(window)
            match = process.extractOne(
                candidate, choices, scorer=fuzz.ratio, score_cutoff=_NAME_CUTOFF
            )
            if match is None:
                continue
            name_field = dict(names)[match[0]]
            display = _original(name_field, match[0], vocabulary)
            key = f"§n{len(placeholders)}f"
            placeholders[key] = Word(display, Sense("name", f"{name_field}|{display}"), 0)
            tokens[index : index + length] = [key]
            reading.corrections.append(f"I read '{candidate}' as '{display}'")
            break
        index += 1
