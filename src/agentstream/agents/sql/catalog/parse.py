"""The working state of an interpretation (the words, which of them are used or negated) and
what the engine's words mean: the numeric attributes, which entity an attribute or a value
belongs to, and what an attribute word names for a given subject.
"""

from dataclasses import dataclass, field, replace

from agentstream.agents.sql.catalog.fields import OWN_REGION
from agentstream.agents.sql.catalog.lexicon import ATTRIBUTE, MEASURE
from agentstream.agents.sql.catalog.reading import Reading, Word
from agentstream.agents.sql.catalog.tenant import Vocabulary

OUTSTANDING = ("open", "scheduled", "in_progress")

NUMERIC = {
    "technician.hourly_rate",
    "timesheet.overtime_hours",
    "work_order.actual_hours",
    "work_order.estimated_hours",
    "technician.skill_level",
    "hours",
    "overrun",
}

ATTRIBUTE_SUBJECT = {
    "technician.hourly_rate": "technician",
    "timesheet.overtime_hours": "timesheet",
    "hours": "timesheet",
    "work_order.actual_hours": "work_order",
    "work_order.estimated_hours": "work_order",
    "overrun": "work_order",
    "technician.skill_level": "technician",
    "technician.hire_date": "technician",
    "technician.email": "technician",
    "work_order.created_at": "work_order",
    "work_order.scheduled_for": "work_order",
}

VALUE_SUBJECT = {
    "work_order.status": "work_order",
    "work_order.priority": "work_order",
    "work_order.category": "work_order",
    "work_order.technician": "work_order",
    "technician.status": "technician",
    "customer.tier": "customer",
    "technician.skill": "technician",
}

# Values that a total would make meaningless: each row's own is what is asked.
NOT_ADDITIVE = {"technician.hourly_rate", "technician.skill_level"}

PROFILE = (
    "technician.region",
    "technician.status",
    "technician.hourly_rate",
    "technician.hire_date",
    "technician.email",
)

CUSTOMER_PROFILE = ("customer.region", "customer.tier")


@dataclass(frozen=True)
class NotUnderstood:
    """The words the engine could not account for, and why."""

    words: tuple[str, ...]
    reason: str = ""
    # The tenant's database is not a field-service database at all.
    other_schema: bool = False
    # It continues the previous data question ("and which of them ..."): its words are about
    # the data, so documents that share a few of them do not answer it.
    follow_up: bool = False
    # Some of its words name rows of the data (an entity, a value, a name): a passage that
    # merely shares its other words does not answer it.
    about_data: bool = True
    # Every word was read as the data's ("customers with more than 3 urgent work orders"):
    # the question is about the data even when it cannot be answered, and a policy passage
    # sharing its words answers another question.
    mapped: bool = False
    # The rows of the data it asks to name ("technicians" of "which technicians have a valid
    # driving licence?"), or "": a passage that speaks of technicians does not say which ones.
    names_rows: str = ""


@dataclass
class Parse:
    """Working state: the words and which of them the question has used."""

    words: list[Word]
    vocabulary: Vocabulary
    used: set[int] = field(default_factory=set)
    negated: set[int] = field(default_factory=set)

    def kinds(self, kind: str) -> list[int]:
        return [i for i, w in enumerate(self.words) if w.sense.kind == kind]

    def values(self, kind: str) -> list[str]:
        return [self.words[i].sense.value for i in self.kinds(kind)]

    def use(self, *positions: int) -> None:
        self.used.update(positions)

    def sense(self, i: int) -> str:
        return self.words[i].sense.kind if 0 <= i < len(self.words) else ""


def expand(reading: Reading) -> list[Word]:
    """Words whose text carries a second sense ("headcount", "electricians") as two words."""
    words: list[Word] = []
    for word in reading.words:
        words.append(replace(word, position=len(words)))
        if word.sense.also is not None:
            words.append(Word(word.text, word.sense.also, len(words)))
    return words


def field_of(word: Word) -> str:
    return word.sense.value.split("|", 1)[0]


def resolve_attribute(value: str, subject: str, p: Parse) -> str:
    if value == "hours":
        if subject == "work_order":
            estimated = "work_order.estimated_hours" in p.values(ATTRIBUTE)
            return "work_order.estimated_hours" if estimated else "work_order.actual_hours"
        if "timesheet.overtime_hours" in p.values(ATTRIBUTE):
            return "timesheet.overtime_hours"
        return "timesheet.hours"
    if value == "overrun":
        return "work_order.overrun"
    if value == "region":
        return OWN_REGION.get(subject, "technician.region")
    if value == "status":
        return "work_order.status" if subject == "work_order" else "technician.status"
    return value


def measure_words(p: Parse) -> set[str]:
    return {p.words[i].sense.value for i in p.kinds(MEASURE)}
