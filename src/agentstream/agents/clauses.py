"""A question's clauses: those that ask about the data and those that ask about the rules.

"How many technicians are active? And what are the overtime rules?" asks two things: the
SQL tool answers the first clause, the policy documents the second. Rules, procedures and
entitlements live in the documents, never in the database.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agentstream.retrieval.bm25 import names_the_same, tokenize

ASKS_RULES = re.compile(
    r"\b(?:rules?|polic(?:y|ies)|procedures?|steps|guidelines?|regulations?|handbook|slas?"
    r"|escalat\w*|complian\w*|requirements?|required?|entitle\w*|eligib\w*|allowed|permitted"
    r"|allowance|approv\w*|response times?|paid (?:on|for|at|when|if|during|in lieu)|get paid"
    r"|(?:is|are) \w+ paid|calculated|compensat\w*|time and a half"
    r"|double time|limit|cap|threshold|vehicles?|vans?|equipment|tools?|ppe|uniforms?"
    r"|should|must|can i|may i|am i|how do i|how to|what happens|what if|why|(?:ok|okay|alright) to"
    # whether the asker's case is within the rules ("… is that ok?")
    r"|(?:is|was) (?:that|this|it) (?:ok|okay|alright|fine|acceptable|legal|a problem)"
    # what someone gets ("how much PTO does a full-timer get")
    r"|(?:does|do) (?:a|an|the|each|every) [\w-]+ (?:get|receive)"
    # what I get or receive is an entitlement ("how much bereavement leave do I get")
    r"|(?:do|will|would) i (?:get|receive))\b"
    r"|(?<!on )\b(?:annual|sick|parental|maternity|paternity) leave\b"
    r"|(?<!on )\b(?:vacation|holiday|pto) (?:days?|allowance|entitlement|time)\b"
    r"|\bleave (?:allowance|entitlement|days|balance|requests?)\b|\b(?:overtime|ot) (?:rate|pay)\b"
    # the asker's own case ("what's the OT rate if I work more than 10 hrs")
    r"|\bif i\b"
    # when something must be handed in ("when are timesheets due?")
    r"|\bwhen (?:are|is) (?:[\w-]+ ){1,3}due\b|\bdeadlines?\b"
    # "Can a technician refuse ...": whether someone may do something is a rule
    r"|^(?:can|may) (?:a|an|the|my|our) \w+"
    # "the most overtime a tech can work in one week": what someone may do is a rule too
    r"|\b(?:a|an|my|our) (?:tech|technician|employee|engineer|worker)s? (?:can|may)\b",
    re.IGNORECASE,
)
# What happened, which the records hold and a policy does not.
PAST_EVENT = re.compile(
    r"\b(?:did|were|was) (?:we|they|you|our|the)\b|\blast (?:week|month|quarter|year)\b",
    re.IGNORECASE,
)
RECORD_PERIOD = re.compile(r"\b(?:last|this|previous) (week|month|quarter|year)\b", re.IGNORECASE)
# A number before its unit is the asker's own case ("5 consecutive days of vacation"): the
# rule that covers it rarely repeats the number, and a passage that does ("after 5 years")
# speaks of something else. After a noun ("level 3", "priority 1") a number names a thing.
QUANTITY = re.compile(
    r"(?<!level )(?<!step )(?<!priority )(?<!tier )\b\d+(?:\.\d+)?\s+(?=[a-z])", re.IGNORECASE
)
# "If my father dies", "if they feel unsafe": the asker's circumstances, which a rule covers
# without naming them; they are no sign that the question is about something else.
_ASKERS_CASE = re.compile(r"\bif\b[^,;?.!]*", re.IGNORECASE)
# "I'm on call tonight, can I take the van home?", "premium client, urgent ticket at 2am sunday -
# how fast do we respond?": a situation told before the question asks
_TOLD_BEFORE = re.compile(
    r"^[^?!]+[,;.-]\s*(?=(?:can|could|may|should|must|do|does|did|am|is|are|will|would|what|"
    r"how|when|where|who|which)\b)",
    re.IGNORECASE,
)
# "can I go shopping in the van on the weekend?", "may I … tonight": when the case the asker
# asks leave for happens, not the topic ("what is the weather today?" asks about today)
_ASKS_LEAVE = re.compile(r"^\s*(?:can|could|may|should|must|do|am)\s+(?:i|we)\b", re.IGNORECASE)
_WHEN_TOLD = re.compile(
    r"\b(?:(?:on|at|over|during|this|next|every)\s+(?:the\s+)?(?:weekends?|night|morning|evening"
    r"|afternoon|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)|tonight|tomorrow|today)\b",
    re.IGNORECASE,
)
# The topic a question names for the rule it asks for: "the policy on drug testing", "rules
# about gifts", "the social media policy". A passage that does not mention it answers another
# question, however many other words it shares.
_RULE_ABOUT = re.compile(
    r"\b(?:polic(?:y|ies)|rules?|guidelines?|procedures?)\s+(?:on|about|for|regarding|covering)"
    r"\s+([^?.!,;]+)",
    re.IGNORECASE,
)
_RULE_NAMED = re.compile(r"\b((?:[\w-]+\s+)?[\w-]+)\s+polic(?:y|ies)\b", re.IGNORECASE)
_NOT_A_TOPIC = frozenset(
    tokenize("the a an our your my their its this that what which company company's is any")
)
# A follow-up that only names what changes ("and for standard customers?", "what about the
# South?"), asking nothing of its own: it asks the previous question again.
ELLIPTICAL = re.compile(
    r"^\s*(?:and|what about|how about)\b"
    r"(?!.*\b(?:how|what|which|who|whom|when|where|why|list|show|count|total|average)\b)",
    re.IGNORECASE,
)
# A question that leans on the one before it: "and ...", "what about ...", or a pronoun.
REFERS_BACK = re.compile(
    r"^\s*(?:and|what about|how about)\b|\b(?:them|they|it|its|those|these|their)\b",
    re.IGNORECASE,
)
NAMES_RULES = re.compile(
    r"\b(?:rules?|polic(?:y|ies)|procedures?|guidelines?|allowed|permitted|should|must)\b",
    re.IGNORECASE,
)
# What someone needs or has to do asks for a rule when the data cannot answer it ("how many
# hours of rest do techs need between two shifts"); "how many techs do we need in the North"
# is read as the data's question.
ASKS_NEED = re.compile(
    r"\b(?:(?:do|does) (?:\w+ ){1,2}need|need to|have to|has to)\b", re.IGNORECASE
)
# Words that ask for "the rules" without saying which: they name no topic of their own.
GENERIC_RULE_WORDS = frozenset(
    tokenize(
        "rules policy policies procedure procedures steps guidelines company require say apply"
    )
)
# A new sentence, or "and"/"but" opening a new question, starts a new clause.
_CLAUSE_BREAK = re.compile(
    r"(?<=[?.!;])\s+"
    r"|,?\s+(?:and|but|also|plus)\s+(?=(?:what|which|who|whom|how|when|where|why|is|are|do|does"
    r"|can|may|must|should)\b)",
    re.IGNORECASE,
)
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|also|plus)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Clauses:
    """The question split by what each part asks for; either part may be empty."""

    question: str
    data: str
    rules: str

    @property
    def search_text(self) -> str:
        """What to look up in the documents when the data clauses are answered: the topic of the
        rules clauses ("the overtime rules"), or of the whole question when they name none
        ("…on leave? And what are the rules?")."""
        return topic_of(self.rules) or topic_of(self.question) or self.question


# Everyday idioms and the words policies write for them: "my dad passed away" asks about
# bereavement, and its "away" is no absence ("if you will be away for more than 2 weeks").
_IDIOMS = (
    (re.compile(r"\bpass(?:ed|es|ing)?\s+away\b|\bdied\b|\bdeath\b|\bfuneral\b", re.I),
     "bereavement"),
    (re.compile(r"\b(?:time|days?)\s+off\b", re.I), r"\g<0> leave"),
    # kin as a leave policy names them
    (re.compile(r"\b(?:grand(?:ma|mother|pa|father|parents?|mum|mom|dad)|granny|gran|nan|"
                r"aunt|auntie|uncle|cousin|niece|nephew|[a-z]+-in-law)\b", re.I), "relative"),
    (re.compile(r"\b(?:brother|sister)\b", re.I), "sibling"),
    (re.compile(r"\b(?:mum|mom|mother|dad|father)\b", re.I), "parent"),
    (re.compile(r"\b(?:wife|husband|spouse|girlfriend|boyfriend)\b", re.I), "partner"),
    (re.compile(r"\b(?:son|daughter)\b", re.I), "child"),
    # "give my kid a ride in the van": a passenger
    (re.compile(r"\b(?:give|giving|gave)\s+(?:\w+\s+){0,2}?an?\s+(?:ride|lift)\b", re.I),
     "take a passenger"),
    # booking leave is requesting it
    (re.compile(r"\bbook(?:ing|ed)?\b(?=.*\b(?:vacation|leave|holidays?|days?\s+off|"
                r"time\s+off)\b)", re.I), "request"),
    # the days that are public holidays by name
    (re.compile(r"\b(?:christmas|boxing|new year'?s|easter monday|good friday|labou?r|"
                r"independence|memorial|thanksgiving)(?:\s+day)?\b|\bbank\s+holiday\b", re.I),
     r"\g<0> public holiday"),
)  # fmt: skip


# "my mum is sick", "my wife's grandma passed away": whom the asker's case happened to, as
# policies name them ("parent", "relative"), and what happened to them
_HAPPENED_TO = re.compile(
    r"\bmy\s+(?:\w+'s\s+)?(\w+)\s+(?:(?:is|was|got|gets|has\s+been|had\s+been|fell)\s+)?"
    r"(?:very\s+|really\s+|badly\s+|seriously\s+)?"
    r"(sick|ill|unwell|injured|hurt|hospitali[sz]ed|in\s+(?:the\s+)?hospital|bereavement)\b",
    re.IGNORECASE,
)
_AS_POLICIES_SAY = {"ill": "sick", "unwell": "sick", "hospitalised": "hospital",
                    "hospitalized": "hospital"}  # fmt: skip


def whom_it_happened_to(question: str) -> tuple[str, ...]:
    """The words, as policies write them, of whom the asker's case happened to and what
    happened ("my mum is sick": parent, sick); () when it tells no such case."""
    found = _HAPPENED_TO.search(in_policy_words(question))
    if found is None:
        return ()
    whom, event = found.group(1).lower(), found.group(2).lower()
    return tuple(tokenize(f"{whom} {_AS_POLICIES_SAY.get(event, event)}"))


def names_whom(happened: Sequence[str], passage: str) -> bool:
    """Whether a passage names whom the asker's case happened to and what happened
    (`whom_it_happened_to`): sick leave is for the asker's own illness, not their mum's;
    parental leave names parents, not a sick one; no leave is for a goldfish."""
    said = tokenize(passage)
    return all(any(names_the_same(word, term) for term in said) for word in happened)


def in_policy_words(text: str) -> str:
    """`text` with its everyday idioms said as policies say them (`_IDIOMS`)."""
    for idiom, said in _IDIOMS:
        text = idiom.sub(said, text)
    return text


# "and for a standard one?": "one" stands for what the earlier question named, it is not a
# word a passage must hold ("one of two chillers" counts)
_PRO_FORM = re.compile(
    r"\bones?\b(?!\s+of\b)|\b(?:they|they['’]?re|them|it|it['’]?s|those|these)\b", re.IGNORECASE
)


def without_pro_forms(text: str) -> str:
    """`text` without the "one" or "they" that stands for what an earlier question named."""
    return _PRO_FORM.sub(" ", text)


def topic_of(text: str) -> str:
    """The words of `text` that name what it is about: "rules" or "policy" name nothing, and
    searching for them finds whichever document uses them most; nor does the "last" of a
    period ("last month": a passage's "last working day" does not say what happened then).
    Everyday idioms are read as policies write them ("passed away": bereavement)."""
    text = RECORD_PERIOD.sub(r"\1", in_policy_words(text))
    return " ".join(word for word in tokenize(text) if word not in GENERIC_RULE_WORDS)


def _asks_rules(clause: str) -> bool:
    """Whether a clause asks for rules; one about what happened ("how much did we spend on
    fuel for the vans last month") asks for the record, unless it names the rules."""
    if not ASKS_RULES.search(clause):
        return False
    return not PAST_EVENT.search(clause) or bool(NAMES_RULES.search(clause))


def split_clauses(question: str) -> Clauses:
    """Split `question` into the clauses that ask about data and those that ask about rules."""
    clauses = [c.strip() for c in _CLAUSE_BREAK.split(question.strip()) if c.strip()]
    rules = [c for c in clauses if _asks_rules(c)]
    if not rules:
        return Clauses(question, question, "")
    # The clauses after the first lose their "and": it joined them, it does not continue an
    # earlier turn of the conversation.
    data = [
        _LEADING_CONJUNCTION.sub("", clause) if index else clause
        for index, clause in enumerate(clauses)
        if clause not in rules
    ]
    return Clauses(question, " ".join(data), " ".join(rules))


def without_askers_case(text: str) -> str:
    """`text` without its "if ..." clause, the situation told before its question, or when the
    case it asks leave for happens ("on the weekend"): the asker's case, not what the rule is
    about."""
    text = _ASKERS_CASE.sub(" ", _TOLD_BEFORE.sub(" ", text))
    return _WHEN_TOLD.sub(" ", text) if _ASKS_LEAVE.match(text) else text


def named_rule_topic(question: str) -> str:
    """The topic the question names for the rule it asks about ("drug and alcohol testing" of
    "is there a policy on drug and alcohol testing?"), or "" when it names none."""
    found = _RULE_ABOUT.search(question) or _RULE_NAMED.search(question)
    if found is None:
        return ""
    words = [w for w in tokenize(found.group(1)) if w not in _NOT_A_TOPIC]
    return " ".join(w for w in words if w not in GENERIC_RULE_WORDS)
