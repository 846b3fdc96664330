"""Words the catalog understands, mapped onto one canonical token each.

Questions are rewritten into canonical tokens (``techs`` -> ``technicians``, ``jobs`` ->
``workorders``) before any intent is chosen, so the planner compares tokens, not phrasings.
"""

import re
from functools import lru_cache

from agentstream.demo.fieldservice.schema import REGIONS

# Entity tokens, in the order the rewritten question uses them.
TECHNICIANS, WORK_ORDERS, CUSTOMERS, SKILLS = "technicians", "workorders", "customers", "skills"
HOURS, OVERTIME, RATE = "hours", "overtime", "rate"

# Skill names of the demo tenant and the words people use for them.
SKILL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "HVAC": ("hvac", "heating", "air conditioning", "air-conditioning", "ventilation"),
    "Electrical": ("electrical", "electric", "electricity"),
    "Plumbing": ("plumbing",),
    "Refrigeration": ("refrigeration", "cooling", "freezers?", "chillers?"),
    "Fire Safety": ("fire safety", "fire alarms?", "sprinklers?"),
    "Networking": ("networking", "network", "cabling"),
    "Generators": ("generators?",),
    "Elevators": ("elevators?", "lifts?"),
    "Solar": ("solar",),
    "Boilers": ("boilers?",),
    "Security Systems": ("security systems?", "security", "cctv", "access control"),
    "Building Automation": ("building automation", "bms", "building management"),
}
# Trade nouns that name a technician together with a skill.
TRADESPEOPLE = {"electricians?": "electric", "plumbers?": "plumbing"}
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "installation": ("installations?", "installs?"),
    "repair": ("repairs?", "fix(?:es)?"),
    "maintenance": ("maintenance", "servicing", "preventive"),
    "inspection": ("inspections?",),
    "emergency": ("emergency", "emergencies", "call-outs?", "callouts?"),
}

# (pattern, canonical token); applied in order, so compound phrases go first.
_REWRITES: tuple[tuple[str, str], ...] = (
    (r"\bwork[ -]?orders?\b|\bservice (?:calls?|requests?|orders?|jobs?)\b", WORK_ORDERS),
    (r"\bjobs?\b|\btickets?\b|\borders?\b|\btasks?\b|\bvisits?\b", WORK_ORDERS),
    (r"\bover ?time\b|\bot\b", OVERTIME),
    (r"\b(?:hourly|pay) rates?\b|\brates?(?: of pay)?\b|\bwages?\b|\bhourly pay\b", RATE),
    (r"\btime ?sheets?\b|\bhours?\b|\bhrs\b|\bduration\b|\btime spent\b|\bhow long\b", HOURS),
    (r"\bon (?:a |annual |sick |parental )?leave\b|\bon vacation\b|\bon holiday\b", "on_leave"),
    (r"\bnot active\b|\binactive\b|\bdeactivated\b|\bformer\b", "inactive"),
    (r"\bin[ -]progress\b|\bunderway\b|\bongoing\b|\bbeing worked on\b", "in_progress"),
    (
        r"\bnot (?:yet )?(?:completed|finished|done|closed)\b|\boutstanding\b|\bunresolved\b"
        r"|\bpending\b|\bunfinished\b|\bincomplete\b",
        "outstanding",
    ),
    (r"\bcompleted?\b|\bfinished\b|\bdone\b|\bclosed\b|\bresolved\b", "completed"),
    (r"\bcancell?ed\b|\bcancell?ations?\b", "cancelled"),
    (
        r"\bunassigned\b|\bnot (?:yet )?assigned\b|\bstill open\b"
        r"|\bwaiting for (?:a |an )?(?:technician|tech|engineer)\b",
        "open",
    ),
    (r"\bavailable\b", "active"),
    (r"\bcritical\b|\burgent\b", "urgent"),
    (r"\bnormal\b", "medium"),
    (r"\bvip\b|\bpremium\b", "premium"),
    (r"\bregular\b|\bbasic\b", "standard"),
    (r"\bclients?\b|\bcustomers?\b|\baccounts?\b", CUSTOMERS),
    (
        r"\btechnicians?\b|\btechs?\b|\bengineers?\b|\bemployees?\b|\bworkers?\b|\bstaff\b"
        r"|\bpeople\b|\bpersonnel\b|\bteam members?\b|\banyone\b|\bsomeone\b",
        TECHNICIANS,
    ),
    (r"\bskills?\b|\bskillsets?\b|\bcertifi\w+\b|\bqualifi\w+\b|\bexpertise\b|\btrained\b", SKILLS),
    (r"\bregions?\b|\bareas?\b|\bterritor(?:y|ies)\b|\bzones?\b", "region"),
    (r"\bcategor(?:y|ies)\b|\btypes?\b|\bkinds?\b", "category"),
    (r"\bpriorit(?:y|ies)\b", "priority"),
    (r"\bstatus(?:es)?\b|\bstates?\b", "status"),
    (r"\btiers?\b|\bsegments?\b", "tier"),
    (r"\baverage\b|\bavg\b|\bmean\b|\btypical\b", "average"),
)
_COMPILED = tuple((re.compile(pattern), token) for pattern, token in _REWRITES)


def _alternatives(words: tuple[str, ...]) -> str:
    return r"\b(?:" + "|".join(words) + r")\b"


SKILL_PATTERNS = tuple((name, re.compile(_alternatives(w))) for name, w in SKILL_SYNONYMS.items())
CATEGORY_PATTERNS = tuple(
    (name, re.compile(_alternatives(w))) for name, w in CATEGORY_SYNONYMS.items()
)
REGION_PATTERN = re.compile(r"\b(" + "|".join(r.lower() for r in REGIONS) + r")(?:ern)?\b")

# Words that carry no meaning of their own for the catalog. A question made only of these,
# canonical tokens and other vocabulary is understood; any other word is a sign that it asks
# for something the catalog cannot answer.
_FILLER_TEXT = """
    a an the and or but also too only just now then so of in on at to for from with by per
    each every all any some this that these those there here it its they them their we our us
    i me my you your is are was were be been being do does did has have had get got show list
    give tell display find name names what which how many much whose whom where when please
    currently still right ones one same again instead as well more most top highest lowest
    least fewest best busiest biggest largest number count total sum overall altogether
    combined breakdown broken down split grouped across work worked works working logged
    recorded spent company business team employ employed assigned created opened raised
    scheduled due today week month year quarter last past previous since between until than
    over under not no new details detail info information about know look up profile whole
    entire registered exist existing date level levels email named called other else both
    either done anybody somebody person persons member members handled handle served take took
    takes taking cent compare amount figure figures data record records database table tables
    see view report reports hired active actual actually estimated estimate estimates spend
    who his her he she him common popular frequent rare could would can will shall might kindly
    need want like let hi hello hey thanks thank based located leave vacation holiday workload
    busy backlog queue hourly weekly monthly daily presently ok okay far yet ever
"""
FILLER = frozenset(_FILLER_TEXT.split())
CANONICAL_TOKENS = frozenset(token for _, token in _REWRITES)


def _words(alternatives: tuple[str, ...]) -> set[str]:
    return {word for alternative in alternatives for word in re.findall(r"[a-z]+", alternative)}


_SYNONYM_WORDS = frozenset(
    set().union(*(_words(w) for w in SKILL_SYNONYMS.values()))
    | set().union(*(_words(w) for w in CATEGORY_SYNONYMS.values()))
    | _words(tuple(TRADESPEOPLE))
    | {region.lower() for region in REGIONS}
    | {"northern", "southern", "eastern", "western"}
)


@lru_cache(maxsize=4096)
def is_vocabulary(word: str) -> bool:
    """Whether a single lower-cased `word` belongs to the catalog's vocabulary."""
    bare = re.sub(r"[^a-z0-9\-]+", "", word)
    if not bare or bare in FILLER or bare in CANONICAL_TOKENS or bare in _SYNONYM_WORDS:
        return True
    if any(p.fullmatch(bare) for _, p in (*SKILL_PATTERNS, *CATEGORY_PATTERNS)):
        return True
    return canonicalize(bare) != bare


def canonicalize(text: str) -> str:
    """Lower-case `text` and rewrite synonyms to canonical tokens; punctuation becomes spaces."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    # Keep hyphens inside ISO dates and words (in-progress), drop every other symbol.
    text = re.sub(r"[^a-z0-9\- ]+", " ", text)
    for pattern, token in _COMPILED:
        text = pattern.sub(token, text)
    for trade, skill in TRADESPEOPLE.items():
        text = re.sub(rf"\b{trade}\b", f"{skill} {TECHNICIANS}", text)
    return " ".join(text.split())
