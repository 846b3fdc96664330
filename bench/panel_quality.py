"""Measure whether offline panels speak to the question: citations, votes, repeats, agreement.

Runs panel questions across the five strategies through the HTTP API (offline provider):
questions that at least two seated experts' documents cover (an abstention there is a
failure), questions outside every expert's documents (abstaining is right), and questions with
options. For every panel it reads the stored transcript and reports:

* cited: the share of non-abstaining position turns that cite, by source id in their text, a
  passage of their own expert's documents relevant to the question (goal 100%); a devil's
  advocate that says it found no counter-evidence in its documents has none to cite;
* voting: the share of the voters' position turns that vote, on covered questions (goal ≥ 90%);
* abstaining: the same share that abstains, on questions outside every expert's documents;
* near-repeats: pairs of turns of a panel at least `REPEAT_RATIO` alike, and turns that
  quote one statement twice (goal 0);
* agreement: position turns whose text declares the same side as their position (goal 100%);
* expected: on the questions of cold tries c18-r2 to c18-r13 (negated proposals, "instead
  of", a case that decides the option or that the question denies, a figure beyond a stated
  limit, alone or added to an amount reached so far, coverage by shared words only or by
  words around what is asked, questions of figures, which take no side), the
  first-round positions that take the side, option or abstention the experts' documents
  justify, read by hand (goal 100%), and those that take the opposite side, the worst
  failure (inverted, goal 0).

    python bench/panel_quality.py
"""

import asyncio
import difflib
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.deliberation.position import Position
from agentstream.deliberation.turns import ExpertProfile
from agentstream.demo.experts import load_builtin_experts
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.offline import NO_COUNTER_EVIDENCE
from agentstream.experts.stance import initial_leaning
from agentstream.experts.wording import side
from agentstream.settings import DEMO_TENANT_ID, Settings

HEADERS = {"X-Tenant-ID": str(DEMO_TENANT_ID)}
REPEAT_RATIO = 0.85
FIELD = ["operations_expert", "safety_expert", "customer_expert", "finance_expert"]
DEVICE = ["fda_expert", "clinical_expert", "quality_expert", "reimbursement_expert"]
POSITIONED = ("position", "answer", "challenge")
# The turn's own declaration: "I support it", "I now oppose it", 'I choose "510(k)"', "I abstain".
_DECLARED = re.compile(
    r"\bI (?:now |still )?"
    r'(?:(support it|oppose it|take no firm side on it|abstain)\b|(choose "[^"]+"))'
)
_SOURCE = re.compile(r"\[([^\[\]\s]+/[^\[\]\s]+)\]")
# A statement a turn quotes with its source: "… $7,300 a week [finance_expert/1#6]".
_QUOTE = re.compile(r"([^.:!?\n\"]+?) \[[^\[\]\s]+/[^\[\]\s]+\]")


@dataclass(frozen=True, eq=False)
class Question:
    """One panel to run, and what the documents say about it."""

    query: str
    panel_type: str
    agent_ids: list[str]
    kind: str  # covered | outside | options | mixed (some members' documents cover it)
    options: tuple[str, ...] = ()
    # agent id → the first-round choices its documents justify: "support", "oppose",
    # "neutral", "abstain" or an option.
    expected: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The create request."""
        configuration: dict[str, Any] = {"max_rounds": 3}
        if self.options:
            configuration["options"] = list(self.options)
        return {
            "query": self.query,
            "panel_type": self.panel_type,
            "agent_ids": self.agent_ids,
            "configuration": configuration,
        }


SKIP = "Should we skip clinical data for our 510(k)?"
SHIFTS = "Should we move technicians to a 4-day, 10-hour shift pattern?"
BACKLOG = ("targeted overtime", "weekend overtime for all", "subcontractors")
SHIFT_LENGTHS = ("8-hour shifts", "10-hour shifts", "12-hour shifts")
CODES = (
    "Apply for a Category III CPT code right after clearance",
    "Wait until we qualify for a Category I CPT code",
)
NIGHT = ("An on-call rota of our own technicians", "A subcontracted night service")
# What documents that do not decide a question may do: take no side, or abstain.
NO_SIDE = ("neutral", "abstain")
C18R10_BACKLOG = (
    "targeted overtime for skilled technicians",
    "mandatory Saturday overtime for all technicians",
    "subcontracted technicians",
)
C18R10_NIGHT = ("on-call rota of our own technicians", "subcontractor night service")
# The panel frames "file directly instead of waiting …" itself; this is its second option.
C18R10_WAIT = "waiting 70 days for Pre-Submission feedback from FDA"
OPPOSITE = {"support": "oppose", "oppose": "support"}
QUESTIONS: tuple[Question, ...] = (
    Question(SHIFTS, "structured", FIELD, "covered"),
    Question("Should we approve targeted overtime to clear the urgent backlog?", "open", FIELD,
             "covered"),
    Question("Should we schedule mandatory weekend overtime for all technicians to clear the "
             "backlog?", "adversarial", FIELD, "covered"),
    Question(SKIP, "socratic", ["fda_expert", "clinical_expert", "reimbursement_expert"],
             "covered"),
    Question("Should we file the 510(k) before design verification is complete?", "council",
             ["fda_expert", "clinical_expert", "quality_expert"], "covered"),
    Question("Should we request a Pre-Submission meeting with FDA before filing?", "structured",
             ["fda_expert", "clinical_expert"], "covered"),
    Question("Should we run a pivotal clinical study before submitting?", "open",
             ["fda_expert", "clinical_expert"], "covered"),
    Question("FDA 510(k) strategy?", "council", ["fda_expert", "clinical_expert",
             "quality_expert"], "covered"),
    Question("Should premium customers get a technician on the way within 2 hours at night?",
             "structured", ["operations_expert", "customer_expert"], "covered"),
    Question("Should we pay overtime at 1.5 times the base rate for Saturday shifts?", "open",
             ["operations_expert", "finance_expert"], "covered"),
    Question(SHIFTS, "socratic", FIELD, "covered"),
    Question(SKIP, "adversarial", ["fda_expert", "clinical_expert", "reimbursement_expert"],
             "covered"),
    Question("How should we clear the urgent backlog?", "structured", FIELD, "options", BACKLOG),
    Question("Which shift length should technicians work?", "open", FIELD, "options",
             SHIFT_LENGTHS),
    Question("Which shift length should technicians work?", "council",
             ["operations_expert", "safety_expert", "finance_expert"], "options", SHIFT_LENGTHS),
    Question("How should we clear the urgent backlog?", "adversarial", FIELD, "options",
             BACKLOG),
    Question("Which pathway should the new glucose monitor take?", "socratic",
             ["clinical_expert", "fda_expert", "quality_expert"], "options",
             ("De Novo", "510(k)")),
    Question("What is the best pizza topping for the office party?", "structured",
             FIELD[:2], "outside"),
    Question("Should we rebrand the company logo in green?", "open", DEVICE[:2], "outside"),
    Question("Which programming language should the website use?", "council", FIELD[:3],
             "outside", ("Python", "Java")),
    Question("Should the marketing team run a Super Bowl advert?", "adversarial", DEVICE[:3],
             "outside"),
    Question("What is the best pizza topping for the office party?", "socratic", FIELD[:3],
             "outside"),
    # Limits, negations and time spans (stances), words the documents put otherwise (roster,
    # acronyms), a case that requires one option, and a council with an abstainer.
    Question("Should technicians keep Saturday overtime until the end of the month?", "open",
             FIELD, "covered"),
    Question("Should we roster technicians for 11-hour days during the backlog?", "structured",
             FIELD[:2], "covered",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",)}),
    Question("Should the dispatcher schedule Sunday work after six days in a row?", "adversarial",
             FIELD[:3], "covered"),
    Question("Is a premarket approval worth its cost for a life-sustaining implant?", "socratic",
             ["fda_expert", "clinical_expert", "quality_expert"], "covered"),
    Question("Our infusion pump is a Class III device: which pathway fits it?", "council",
             ["fda_expert", "quality_expert", "reimbursement_expert"], "options",
             ("510(k)", "De Novo", "PMA")),
    # Cold try c18-r2, with the stances the documents justify.
    Question("Our wound-monitoring patch has a new sensing technology and we found no cleared "
             "device with the same intended use. Which premarket pathway should we file?",
             "structured", DEVICE, "options", ("510(k)", "De Novo", "PMA"),
             {"fda_expert": ("De Novo",), "clinical_expert": NO_SIDE,
              "quality_expert": NO_SIDE, "reimbursement_expert": NO_SIDE}),
    Question("Is it a bad idea to submit our 510(k) on bench testing alone, without any clinical "
             "data?", "open", DEVICE, "covered",
             expected={"fda_expert": ("oppose",), "clinical_expert": ("support",),
                       "reimbursement_expert": ("support",), "quality_expert": NO_SIDE}),
    Question("Should we schedule mandatory Saturday overtime for all technicians for the next "
             "three weekends to clear the work-order backlog?", "socratic",
             ["operations_expert", "safety_expert", "finance_expert", "customer_expert"],
             "covered",
             expected={"operations_expert": ("support",), "safety_expert": ("oppose",),
                       "finance_expert": ("oppose",), "customer_expert": ("support",)}),
    Question("Should we bring in subcontracted technicians to clear a backlog we expect to last "
             "about two months?", "adversarial",
             ["operations_expert", "finance_expert", "customer_expert", "safety_expert"],
             "mixed",
             expected={"operations_expert": ("support", "neutral"),
                       "finance_expert": ("oppose",), "customer_expert": NO_SIDE,
                       "safety_expert": ("abstain",)}),
    Question("Once the device is cleared, how should we approach billing codes for the "
             "procedure?", "council",
             ["reimbursement_expert", "fda_expert", "clinical_expert", "quality_expert"],
             "mixed", CODES,
             {"reimbursement_expert": CODES[:1], "fda_expert": ("abstain",),
              "clinical_expert": ("abstain",), "quality_expert": ("abstain",)}),
    Question("Should we migrate our company email and file storage from Google Workspace to "
             "Microsoft 365 this year?", "structured",
             ["finance_expert", "operations_expert", "quality_expert"], "outside",
             expected={agent_id: ("abstain",) for agent_id in
                       ("finance_expert", "operations_expert", "quality_expert")}),
    Question("Should we NOT bother with a Pre-Submission meeting and just file the 510(k) "
             "straight away to save the 70 days?", "open",
             ["fda_expert", "clinical_expert", "quality_expert"], "covered",
             expected={"fda_expert": ("oppose",), "clinical_expert": ("oppose",),
                       "quality_expert": NO_SIDE}),
    Question("Do we need an FDA-approved IDE before enrolling the first patient in the clinical "
             "study of our significant risk implant?", "adversarial",
             ["clinical_expert", "fda_expert", "quality_expert"], "mixed",
             expected={"clinical_expert": ("support",), "fda_expert": ("abstain",),
                       "quality_expert": ("abstain",)}),
    Question("Who should handle urgent call-outs that come in at night?", "socratic",
             ["operations_expert", "safety_expert", "customer_expert", "finance_expert"],
             "options", NIGHT,
             {"operations_expert": NIGHT[:1], "safety_expert": (*NO_SIDE, NIGHT[0]),
              "customer_expert": NO_SIDE, "finance_expert": (*NO_SIDE, NIGHT[0])}),
    Question("Should we compensate premium customers with service credits and goodwill gestures "
             "instead of paying overtime to meet their SLA targets?", "council",
             ["customer_expert", "finance_expert", "operations_expert", "safety_expert"],
             "mixed",
             expected={"customer_expert": ("oppose",), "finance_expert": ("oppose",),
                       "operations_expert": ("oppose",), "safety_expert": ("abstain",)}),
    Question("Should we rush the 510(k) and submit before design verification is finished so we "
             "can announce clearance at the spring trade show?", "structured",
             ["fda_expert", "quality_expert", "clinical_expert", "reimbursement_expert"],
             "covered",
             expected={"quality_expert": ("oppose",), "fda_expert": ("oppose", "neutral"),
                       "clinical_expert": NO_SIDE, "reimbursement_expert": NO_SIDE}),
    # Other wordings of the same traps: a replacement, a reversal verb, a case that requires
    # what is asked about, a mistake in a case the documents allow.
    # The panel frames "X instead of Y" as a choice between X and Y.
    Question("Should we use registry data instead of a clinical study for our 510(k)?", "open",
             DEVICE, "covered",
             expected={"clinical_expert": ("clinical study",),
                       "reimbursement_expert": ("clinical study", "neutral"),
                       "fda_expert": NO_SIDE, "quality_expert": NO_SIDE}),
    Question("Should we avoid a Pre-Submission and file directly?", "adversarial",
             ["fda_expert", "clinical_expert", "quality_expert"], "covered",
             expected={"fda_expert": ("oppose",), "clinical_expert": ("oppose",)}),
    Question("Do we need a PMA for our Class III implant?", "structured",
             ["fda_expert", "clinical_expert", "quality_expert"], "mixed",
             expected={"fda_expert": ("support",), "clinical_expert": NO_SIDE,
                       "quality_expert": NO_SIDE}),
    # Cold try c18-r3: a short word's forms ("test", "testing"), results as data, and a claim
    # on another proposal ("I would not plan a clinical study") read as no view on this one.
    Question("Is it a mistake to go to FDA with only bench test results for our new glucose "
             "meter?", "structured", DEVICE, "mixed",
             expected={"fda_expert": ("oppose",), "clinical_expert": ("support",),
                       "quality_expert": ("abstain",)}),
    # Cold try c18-r4: a question stating the case a view excepts ("unless FDA has confirmed
    # in writing …").
    Question("FDA told us in writing after our Pre-Sub that bench testing is enough. Can we now "
             "skip clinical data for the 510(k)?", "structured",
             ["fda_expert", "clinical_expert", "reimbursement_expert"], "covered",
             expected={"fda_expert": ("support",), "clinical_expert": ("support",),
                       "reimbursement_expert": ("oppose",)}),
    # A topic named by a keyword of what the trade keeps ("premium customers") is still a
    # view on what it gives up (overtime).
    Question("Should we give the premium customers we let down a $500 goodwill credit instead "
             "of paying for more overtime?", "adversarial",
             ["customer_expert", "finance_expert", "operations_expert"], "covered",
             expected={"customer_expert": ("oppose",)}),
    # What a traded-away option cannot do, said without a first-person view.
    Question("Should we let our own technicians cover night call-outs on a rota instead of "
             "paying a subcontractor?", "open", FIELD, "covered",
             expected={"operations_expert": ("support",), "finance_expert": ("support",),
                       "safety_expert": NO_SIDE, "customer_expert": NO_SIDE}),
    Question("Is it a mistake to hire subcontractors for specialist electrical work?", "council",
             ["operations_expert", "finance_expert", "safety_expert"], "mixed",
             expected={"operations_expert": ("oppose", "neutral"), "finance_expert": ("oppose",),
                       "safety_expert": NO_SIDE}),
    # Cold try c18-r5: a case a passage's condition decides ("… when the new device has a new
    # indication"; "… 11 hours after the call-out ended" against 02:00 and 07:00).
    Question("Our device adds a new indication for use that the predicate was never cleared "
             "for. Can we file the 510(k) on bench testing alone, without clinical data?",
             "socratic", DEVICE, "covered",
             expected={"fda_expert": ("oppose",), "clinical_expert": ("oppose",),
                       "quality_expert": NO_SIDE}),
    Question("A technician's urgent night call-out ended at 02:00. Can we keep them on their "
             "planned 07:00 shift the same morning?", "structured", FIELD, "mixed",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",),
                       "customer_expert": ("abstain",), "finance_expert": ("abstain",)}),
    # Documents that share only the case's words ("device", "risk") have no view to give.
    Question("Our monitor is a novel, moderate-risk device and no legally marketed predicate "
             "exists. Which premarket pathway should we take?", "adversarial", DEVICE,
             "options", ("510(k)", "De Novo", "PMA"),
             {"fda_expert": ("De Novo",), "clinical_expert": ("abstain",),
              "reimbursement_expert": ("abstain",)}),
    # Questions of figures take no side; who states none abstains.
    Question("How many subjects should the clinical study supporting our 510(k) enrol, and how "
             "much should we budget for it?", "structured", DEVICE, "mixed",
             expected={"clinical_expert": ("neutral",), "fda_expert": ("abstain",),
                       "quality_expert": ("abstain",), "reimbursement_expert": ("abstain",)}),
    # Cold try c18-r6: a question that denies the case of an option's rule ("If a predicate
    # with the same intended use exists, I recommend a 510(k)").
    Question("The closest predicate for our wearable sleep apnea monitor has a different "
             "intended use. Should we file a De Novo request instead of a 510(k)?", "adversarial",
             DEVICE, "mixed",
             # Clinical's only pathway view ("I support a 510(k) when the predicate is
             # strong") does not hold for this predicate: no side, or no vote.
             expected={"fda_expert": ("De Novo request",), "clinical_expert": NO_SIDE,
                       "reimbursement_expert": ("abstain",)}),
    # An expert's own stated view for one option ("I support applying for a Category III
    # code as soon as the device is cleared").
    Question("Once the device is cleared, which market access step should we fund first: a "
             "Category III CPT code application, a request for a Medicare National Coverage "
             "Determination, or a post-market outcomes study?", "council", DEVICE, "mixed",
             ("Category III CPT code application", "Medicare National Coverage Determination",
              "post-market outcomes study"),
             {"reimbursement_expert": ("Category III CPT code application",),
              "fda_expert": ("abstain",), "quality_expert": ("abstain",)}),
    # A gap between two times short of the least required; a view on the case's words only
    # ("planned maintenance") is no view on what is asked.
    Question("A technician finished a night call-out at 03:00. Can the dispatcher keep them on "
             "the 08:00 planned maintenance shift the same morning?", "socratic", FIELD, "mixed",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",),
                       "customer_expert": ("abstain",), "finance_expert": ("abstain",)}),
    # A view for the stated case ("For a backlog of more than three weeks I support …").
    Question("Our north region has a 4-week backlog of urgent and premium work orders. Which "
             "lever should we pull first: targeted overtime, mandatory weekend overtime for all "
             "technicians, or hiring contractors?", "structured", FIELD, "options",
             ("targeted overtime", "mandatory weekend overtime for all technicians",
              "hiring contractors"),
             {"operations_expert": ("mandatory weekend overtime for all technicians",),
              "safety_expert": ("targeted overtime",), "finance_expert": ("targeted overtime",)}),
    # A figure asked for beyond a limit the documents state ("up to 12 overtime hours a week").
    Question("A premium customer on a $6,000 monthly contract has had 3 missed urgent response "
             "targets this month. Should we approve 15 overtime hours this week for the one "
             "technician who has the skill to clear their tickets?", "adversarial", FIELD,
             "covered",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",)}),
    Question("How many overtime hours a week can we add across the team to clear the backlog, "
             "and how much would that cost us per week?", "council", FIELD, "mixed",
             expected={"operations_expert": ("neutral",), "safety_expert": ("neutral",),
                       "finance_expert": ("neutral",), "customer_expert": ("abstain",)}),
    # Cold try c18-r6: figures asked behind a case put first, and hours of capacity, which
    # documents state as hours.
    Question("If FDA tells us in the Pre-Submission that it wants clinical data, how long will "
             "it take from writing the study protocol to 510(k) clearance?", "structured",
             DEVICE, "mixed",
             expected={"fda_expert": ("neutral",), "clinical_expert": ("neutral",),
                       "quality_expert": ("abstain",), "reimbursement_expert": ("abstain",)}),
    Question("How much would four consecutive weekends of overtime for all 10 technicians cost "
             "us, and how many extra hours of capacity would it add per week?", "council", FIELD,
             "mixed",
             expected={"operations_expert": ("neutral",), "safety_expert": ("neutral",),
                       "finance_expert": ("neutral",), "customer_expert": ("abstain",)}),
    # Cold try c18-r7: a limit reached only by adding the hours worked so far to those asked
    # for (8 + 6 against "up to 12 overtime hours a week").
    Question("An engineer has already worked 8 overtime hours this week. Should we schedule "
             "them for an extra 6-hour Saturday shift?", "open", FIELD, "covered",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",)}),
    # Cold try c18-r7: figures of another subject (a billing code that "takes 18 months") are
    # no answer to how long a quality system takes to set up; the devil's advocate whose
    # documents state none says so.
    Question("How long does it take and what does it cost to set up an ISO 13485 quality "
             "system?", "adversarial", DEVICE, "mixed",
             expected={"quality_expert": ("neutral",), "fda_expert": ("abstain",),
                       "clinical_expert": ("abstain",)}),
    # Cold try c18-r7: passages that share words around what is asked ("an incomplete
    # submission", "urgent tickets for premium customers") but not it ("a Pre-Submission
    # meeting", "a goodwill gesture") give no vote.
    Question("Should we request a Pre-Submission meeting with FDA before filing?", "structured",
             DEVICE, "mixed",
             expected={"fda_expert": ("support",), "quality_expert": ("abstain",),
                       "reimbursement_expert": ("abstain",)}),
    Question("Should we offer a goodwill gesture to premium customers whose urgent tickets "
             "missed their response target?", "open", FIELD, "mixed",
             expected={"customer_expert": ("neutral", "support"),
                       "operations_expert": ("abstain",), "safety_expert": ("abstain",),
                       "finance_expert": ("abstain",)}),
    # Cold try c18-r8: a question in a manager's words ("Is it OK to", "on his own",
    # "tonight") is the safety document's lone night working; "OK" names nothing to abstain on.
    Question("A customer reported a live electrical fault at 11pm. Is it OK to send just one "
             "technician out on his own to deal with it tonight?", "open", FIELD, "mixed",
             expected={"safety_expert": ("oppose",), "finance_expert": ("abstain",)}),
    # Cold try c18-r8: "extra hours" are the documents' overtime, and "catch up over the next
    # few weeks" names nothing the safety expert must speak of.
    Question("We are about three weeks behind on service calls. To catch up over the next few "
             "weeks, should we pay our own technicians for extra hours or bring in outside "
             "contractors?", "structured", FIELD, "options",
             options=("extra hours for our own technicians", "outside contractors"),
             expected={"finance_expert": ("extra hours for our own technicians",),
                       "safety_expert": ("extra hours for our own technicians", "neutral")}),
    # Cold try c18-r10. A three-way choice every default answers alike ("a backlog of more
    # than three weeks" is not one of three).
    Question("Our premium urgent backlog is at three weeks. To clear it, which should we use: "
             "targeted overtime for the technicians with the needed skills, mandatory Saturday "
             "overtime for every technician, or subcontracted technicians?", "structured", FIELD,
             "options", C18R10_BACKLOG,
             {agent_id: C18R10_BACKLOG[:1] for agent_id in FIELD}),
    # A rule decides the case ("11 hours after the call-out ended" of 03:00 and 08:00); a
    # name and "as usual" are the asker's.
    Question("Dave finished an emergency call-out at 03:00 last night. Can he start his planned "
             "08:00 shift this morning as usual?", "open", FIELD, "mixed",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",),
                       "customer_expert": ("abstain",), "finance_expert": ("abstain",)}),
    # Documents with a view on one option keep their vote ("I support a 510(k) when the
    # predicate is strong").
    Question("Our wearable ECG patch has the same intended use as a patch cleared in 2019, but "
             "it uses a new dry-electrode material. Should we file a 510(k) or a De Novo "
             "request?", "socratic", DEVICE, "options", ("510(k)", "De Novo"),
             {"fda_expert": ("510(k)",), "clinical_expert": ("neutral", "510(k)"),
              "quality_expert": ("neutral", "510(k)")}),
    # "X directly instead of waiting for a Pre-Submission": "I support a 510(k) … with a
    # Pre-Submission first" is a view for waiting, not for filing directly.
    Question("Should we file the 510(k) directly instead of waiting 70 days for Pre-Submission "
             "feedback from FDA on our predicate choice?", "adversarial",
             ["fda_expert", "clinical_expert", "quality_expert"], "covered",
             expected={"fda_expert": (C18R10_WAIT,), "clinical_expert": (C18R10_WAIT,),
                       "quality_expert": (*NO_SIDE, C18R10_WAIT)}),
    Question("Should we replace our diesel service vans with electric vans when the fleet lease "
             "renews next year?", "council", FIELD, "outside",
             expected={agent_id: ("abstain",) for agent_id in FIELD}),
    # Questions of figures: the documents' "subjects" are the asker's "patients".
    Question("How many patients should the clinical study behind our 510(k) enrol, and how much "
             "should we budget for it?", "open",
             ["clinical_expert", "fda_expert", "reimbursement_expert"], "mixed",
             expected={"clinical_expert": ("neutral",), "fda_expert": ("abstain",),
                       "reimbursement_expert": ("abstain",)}),
    Question("Should we make Saturday overtime compulsory for all technicians for the next three "
             "weekends to clear a four-week backlog?", "adversarial", FIELD, "covered",
             expected={"operations_expert": ("support",), "safety_expert": ("oppose",),
                       "finance_expert": ("oppose",), "customer_expert": ("support",)}),
    Question("For urgent night call-outs from premium customers, should we rely on an on-call "
             "rota of our own technicians or on a subcontractor's night service?", "socratic",
             FIELD, "options", C18R10_NIGHT,
             {"operations_expert": C18R10_NIGHT[:1], "safety_expert": NO_SIDE,
              "customer_expert": NO_SIDE, "finance_expert": (*NO_SIDE, C18R10_NIGHT[0])}),
    # A case only one member's rule decides ("when the predicate itself was cleared with
    # clinical data"); "I would not plan a clinical study" is no view on bench testing alone.
    Question("Our predicate was itself cleared with clinical data, and our device uses the same "
             "technology. Can we submit our 510(k) on bench testing alone?", "council", DEVICE,
             "covered",
             expected={"fda_expert": ("support", "neutral"), "clinical_expert": ("oppose",),
                       "reimbursement_expert": ("oppose",), "quality_expert": NO_SIDE}),
    # A negated question: "I support applying for a Category III code as soon as the device
    # is cleared" says it is no mistake.
    Question("Would it be a mistake to apply for a Category III CPT code right after clearance, "
             "instead of waiting until we qualify for a Category I code?", "structured",
             ["reimbursement_expert", "fda_expert", "clinical_expert", "quality_expert"],
             "mixed",
             expected={"reimbursement_expert": ("oppose",), "fda_expert": NO_SIDE,
                       "clinical_expert": ("abstain",), "quality_expert": NO_SIDE}),
    # After c18-r10. A default held only in a case ("I support a 510(k) when design
    # verification is complete") is no answer to a question stating another case, and a
    # default resting on a predicate ("when the predicate is strong") none where there is none.
    Question("No legally marketed predicate exists for our wearable sleep apnea monitor. Should "
             "we file a De Novo request instead of a 510(k)?", "structured", DEVICE, "mixed",
             expected={"fda_expert": ("De Novo request",), "clinical_expert": NO_SIDE,
                       "quality_expert": NO_SIDE, "reimbursement_expert": ("abstain",)}),
    # A rule that starts enrolment once a Pre-Submission shows FDA expects clinical data puts
    # the Pre-Submission first.
    Question("Should we run a clinical study right away or wait for Pre-Submission feedback "
             "from FDA?", "open", ["fda_expert", "clinical_expert", "quality_expert"], "mixed",
             expected={"fda_expert": ("wait for Pre-Submission feedback from FDA",),
                       "clinical_expert": ("wait for Pre-Submission feedback from FDA",),
                       "quality_expert": NO_SIDE}),
    # A case stated in part ("a different sensing technology" of "when technological
    # differences raise questions that bench testing cannot answer") leaves no default for
    # skipping clinical data standing.
    Question("Our device uses a different sensing technology from the predicate. Can we skip "
             "clinical data for the 510(k)?", "council", DEVICE, "covered",
             expected={"fda_expert": ("oppose", "neutral"), "clinical_expert": ("oppose",),
                       "reimbursement_expert": ("oppose",), "quality_expert": NO_SIDE}),
    # Cold tries c18-r12 and c18-r13: a rule that allows an option only in the stated case
    # picks it; a predicate that cannot be found does not exist; what a case needs before an
    # act; a view never held after a case; a question of what to do is answered with advice;
    # a default view is no answer to figures its documents do not bound.
    Question("We have ten weeks of specialist electrical work queued. Should we pay overtime "
             "instead of hiring subcontractors?", "open", FIELD, "mixed",
             expected={"operations_expert": ("hiring subcontractors",),
                       "finance_expert": ("hiring subcontractors",)}),
    Question("Our wearable ECG patch uses a sensing approach nobody has on the market and we "
             "can't find a predicate; it's moderate risk. Which route should we take?", "open",
             DEVICE, "options", ("De Novo", "510(k)", "PMA"),
             {"fda_expert": ("De Novo",)}),
    Question("Our implantable stimulator is a significant risk device. Can we start enrolling "
             "patients once the hospital IRB approves the protocol?", "socratic", DEVICE, "mixed",
             expected={"clinical_expert": ("oppose",), "reimbursement_expert": ("abstain",)}),
    Question("The team has worked Monday to Saturday this week. Should we pay double time and "
             "bring everyone in on Sunday to catch up?", "open", FIELD, "mixed",
             expected={"operations_expert": ("oppose",), "customer_expert": NO_SIDE}),
    Question("How should we work down a three-week backlog of planned maintenance for standard "
             "customers without wearing out the technicians?", "structured", FIELD, "mixed",
             expected={agent_id: NO_SIDE for agent_id in FIELD}),
    Question("Dana has already logged 10 overtime hours this week. A premium customer's urgent "
             "job needs another 4-hour overtime block on Friday - can we assign it to her?",
             "adversarial", FIELD, "mixed",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",),
                       "customer_expert": NO_SIDE}),
    Question("One of our techs finished a night call-out at 03:30 this morning. Can we still "
             "put him on the 08:00 Saturday shift to help with the backlog?", "structured",
             FIELD, "mixed",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",),
                       "customer_expert": NO_SIDE, "finance_expert": NO_SIDE}),
    # Cold try c18-r14: a backlog "gone in about two weeks" is outside the cases contractors
    # are for (the question asks for the opposite); an amount given on top of one logged.
    Question("Is it a mistake to bring in subcontracted technicians for a backlog we expect to "
             "be gone in about two weeks?", "adversarial", FIELD, "mixed",
             expected={"operations_expert": ("support",)}),
    Question("A technician already has 9 overtime hours logged this week. Can dispatch give her "
             "a 5-hour Saturday overtime job?", "council", FIELD, "mixed",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",),
                       "finance_expert": NO_SIDE, "customer_expert": NO_SIDE}),
    # Cold try c18-r15: a time named twice is one time; a view of what is kept ("I recommend
    # a 510(k)") is none against leaving clinical data out.
    Question("Raj finished a night call-out at 03:30 and is rostered at 08:00 the same "
             "morning. Can we keep him on the 08:00 shift?", "structured", FIELD[:3], "mixed",
             expected={"operations_expert": ("oppose",), "safety_expert": ("oppose",)}),
    Question("Our wearable ECG patch has the same intended use as a cleared predicate but a "
             "different electrode chemistry. Can we file the 510(k) without any clinical "
             "data?", "council", DEVICE, "covered",
             expected={"fda_expert": ("support", "neutral"), "clinical_expert": ("oppose",),
                       "quality_expert": NO_SIDE}),
    # Cold try c18-r16: an option that would take hours logged past the weekly cap is ruled
    # out; a default view holds on the very case it is a view of.
    Question("Marco has already logged 9 overtime hours this week. A premium customer needs a "
             "5-hour job done on Friday after his regular shift. Who should do it?",
             "structured", FIELD, "options", ("Marco on overtime", "a subcontractor"),
             {"operations_expert": ("a subcontractor",), "safety_expert": ("a subcontractor",),
              "customer_expert": NO_SIDE}),
    Question("Backlog at 5 weeks. Should we schedule mandatory Saturday overtime for the whole "
             "team for three weekends?", "council", FIELD, "covered",
             expected={"finance_expert": ("oppose",), "safety_expert": ("oppose",)}),
    # Cold try c18-r21: the case stated in the sentence before "Is that allowed?"; neither
    # case a rule allows contractors in; what a nonsignificant risk study only needs; an
    # amount owed, worked out.
    Question("To get through the backlog faster we'd like to roster the technicians on 11-hour "
             "shifts Monday to Thursday. Is that allowed under our overtime rules?",
             "adversarial", ["safety_expert", "operations_expert", "customer_expert"],
             "mixed", expected={"safety_expert": ("oppose",), "operations_expert": ("oppose",)}),
    Question("The backlog should last about four more weeks and none of it needs specialist "
             "skills. Shouldn't we just bring in subcontracted technicians to work through it?",
             "structured", ["operations_expert", "finance_expert", "customer_expert"], "mixed",
             expected={"operations_expert": ("oppose",), "finance_expert": ("oppose",)}),
    Question("Do we need an FDA-approved IDE before the first patient is enrolled in a study "
             "that the sponsor has judged nonsignificant risk?", "socratic",
             ["clinical_expert", "fda_expert", "quality_expert"], "mixed",
             expected={"clinical_expert": ("oppose",)}),
    Question("How much service credit do we owe a premium customer on a $9,000 monthly "
             "contract after we missed 4 urgent and 3 high response targets this month?",
             "structured", ["customer_expert", "finance_expert", "operations_expert"], "mixed",
             expected={"customer_expert": ("neutral",), "operations_expert": ("abstain",)}),
    # Cold try c18-r22: "Wouldn't it be wrong to …"; required Saturdays for every field
    # technician; unfinished work conceded in the asking sentence; putting off what a view
    # does at once.
    Question("Wouldn't it be wrong to require every field technician to work Saturdays for the "
             "next month to shrink the ticket queue?", "adversarial",
             ["safety_expert", "finance_expert", "customer_expert"], "covered",
             expected={"safety_expert": ("support",), "finance_expert": ("support",)}),
    Question("Is it sensible to send the 510(k) to FDA now, two months ahead of plan, even "
             "though design verification testing is not finished?", "adversarial",
             ["quality_expert", "fda_expert", "clinical_expert"], "mixed",
             expected={"quality_expert": ("oppose",)}),
    Question("Should we hold off on applying for a Category III CPT code until Medicare has "
             "issued a coverage decision for the device?", "socratic",
             ["reimbursement_expert", "fda_expert", "quality_expert"], "mixed",
             expected={"reimbursement_expert": ("oppose",)}),
    # Cold tries c18-r24 and c18-r25: times told in words; what clearance brings about; what a
    # subcontractor cannot do; a device already cleared is a predicate; weeks behind is a
    # backlog of weeks.
    Question("A tech handled an emergency call that finished at 3 in the morning. Is it a "
             "mistake to send them to a 7am job the same day?", "open",
             ["operations_expert", "safety_expert"], "covered",
             expected={"operations_expert": ("support",), "safety_expert": ("support",)}),
    Question("Does getting FDA clearance mean insurers have to pay for our device?", "socratic",
             ["reimbursement_expert", "fda_expert", "clinical_expert"], "mixed",
             expected={"reimbursement_expert": ("oppose",), "clinical_expert": ("abstain",)}),
    Question("Should we not hand our night emergency calls to an outside contractor?",
             "adversarial", ["operations_expert", "finance_expert", "customer_expert"], "mixed",
             expected={"operations_expert": ("support",)}),
    Question("Our new finger-clip oxygen sensor is meant for exactly the same use as one that is "
             "already cleared and sold in the US. Should we file a 510(k) for it?", "structured",
             ["fda_expert", "clinical_expert", "quality_expert"], "covered",
             expected={"fda_expert": ("support",)}),
    Question("We are four weeks behind on service tickets. Should we clear it with targeted "
             "voluntary overtime, or make the whole team work weekends?", "open",
             ["safety_expert", "operations_expert", "finance_expert"], "options",
             ("targeted voluntary overtime", "mandatory weekend overtime for the whole team"),
             {"operations_expert": ("mandatory weekend overtime for the whole team",),
              "safety_expert": ("targeted voluntary overtime",),
              "finance_expert": ("targeted voluntary overtime",)}),
    # Cold try c18-r26: everyone made to come in on Saturdays; weeks of open work; options in
    # everyday words ("send it in now", "hold it until verification is done").
    Question("Is it a bad idea to make every technician come in on Saturdays for the next "
             "month? Our backlog is about four weeks deep.", "open",
             ["operations_expert", "safety_expert", "finance_expert"], "covered",
             expected={"operations_expert": ("oppose",), "safety_expert": ("support",),
                       "finance_expert": ("support",)}),
    Question("We are sitting on roughly two weeks of open work, and most of it is urgent "
             "tickets from our premium customers. What should we lean on to get through it: "
             "targeted overtime, weekend overtime for everyone, or subcontractors?", "council",
             FIELD, "options", ("targeted overtime", "weekend overtime for everyone",
                                "subcontractors"),
             {"operations_expert": ("targeted overtime",)}),
    Question("Design verification won't be finished for another two months. Do we send the "
             "510(k) in now to save time, or hold it until verification is done?", "council",
             ["quality_expert", "fda_expert", "clinical_expert"], "options",
             ("send it in now", "hold it until verification is done"),
             {"quality_expert": ("hold it until verification is done",)}),
)  # fmt: skip


@dataclass
class Tally:
    """Counts over some panels."""

    cited: int = 0
    citing_turns: int = 0
    votes: int = 0
    voter_turns: int = 0
    abstentions: int = 0
    outside_turns: int = 0
    repeats: list[str] = field(default_factory=list)
    agreeing: int = 0
    declared_turns: int = 0
    disagreements: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)
    as_expected: int = 0
    expected_turns: int = 0
    unexpected: list[str] = field(default_factory=list)
    inverted: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        """Add another tally's counts to this one."""
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part}/{whole})" if whole else "n/a"


def declared_side(text: str) -> str | None:
    """The side a turn's text declares first ("support it", 'choose "X"', "abstain")."""
    match = _DECLARED.search(text)
    return (match.group(1) or match.group(2)).strip() if match else None


def evaluate(question: Question, panel: dict[str, Any], experts: dict[str, ExpertProfile]) -> Tally:
    """The measures of one stored panel."""
    tally = Tally()
    messages = [m for r in panel["rounds"] for m in r["messages"] if not m["incomplete"]]
    configuration = panel["configuration"]
    roles = {configuration.get("moderator_id"), configuration.get("devil_advocate_id")}
    voters = [agent_id for agent_id in question.agent_ids if agent_id not in roles]
    for message in messages:
        data = message["position"]
        if message["kind"] not in POSITIONED or data is None:
            continue
        position = Position.from_dict(data)
        label = f"{question.panel_type}: {question.query[:40]} / {message['agent_id']}"
        if message["agent_id"] in voters and message["kind"] != "challenge":
            if question.kind == "outside":
                tally.outside_turns += 1
                tally.abstentions += int(position.abstain)
            elif question.kind == "covered":
                tally.voter_turns += 1
                tally.votes += int(not position.abstain)
        tally.declared_turns += 1
        if declared_side(message["content"]) == side(position):
            tally.agreeing += 1
        else:
            opening = message["content"][:80]
            tally.disagreements.append(f"{label}: {side(position)!r} vs {opening!r}")
        if position.abstain or NO_COUNTER_EVIDENCE in message["content"]:
            continue  # nothing of its own to cite, and it says so
        tally.citing_turns += 1
        knowledge = knowledge_of(experts[message["agent_id"]])
        # The options the panel voted on: the request's, or those it framed from the question.
        options = configuration.get("options") or question.options
        relevant = {c.chunk_id for c in knowledge.relevant_to(question.query, options)}
        # and those the expert found relevant itself ("If the device is novel …" for a case
        # its question describes in other words)
        relevant |= {
            c.chunk_id for c in initial_leaning(knowledge, question.query, options).passages
        }
        cited = set(_SOURCE.findall(message["content"])) & set(message["citations"])
        if cited & relevant:
            tally.cited += 1
        else:
            tally.uncited.append(label)
    _check_expected(question, panel, tally)
    for message in messages:
        # A turn that quotes one statement twice (answering a colleague and the devil's
        # advocate with it) repeats itself too.
        quoted = [" ".join(q.split()) for q in _QUOTE.findall(message["content"])]
        if len(quoted) != len(set(quoted)):
            tally.repeats.append(
                f"{question.panel_type}: {question.query[:40]} #{message['sequence']} "
                "quotes a statement twice"
            )
    for i, earlier in enumerate(messages):
        for later in messages[i + 1 :]:
            matcher = difflib.SequenceMatcher(None, earlier["content"], later["content"])
            if matcher.quick_ratio() >= REPEAT_RATIO and matcher.ratio() >= REPEAT_RATIO:
                tally.repeats.append(
                    f"{question.panel_type}: {question.query[:40]} #{earlier['sequence']} "
                    f"~ #{later['sequence']}"
                )
    return tally


def choice_of(position: Position) -> str:
    """A position as the bench's expectations name it."""
    if position.abstain:
        return "abstain"
    return position.option or position.stance.value


def _check_expected(question: Question, panel: dict[str, Any], tally: Tally) -> None:
    """Count the first-round positions against the choices the documents justify."""
    first = panel["rounds"][0]["messages"] if panel["rounds"] else []
    for message in first:
        wanted = question.expected.get(message["agent_id"])
        if wanted is None or message["kind"] != "position" or message["position"] is None:
            continue
        chosen = choice_of(Position.from_dict(message["position"]))
        tally.expected_turns += 1
        label = f"{question.panel_type}: {question.query[:40]} / {message['agent_id']}"
        if chosen in wanted:
            tally.as_expected += 1
            continue
        tally.unexpected.append(f"{label}: {chosen!r}, expected {' or '.join(wanted)}")
        if any(OPPOSITE.get(w) == chosen for w in wanted):
            tally.inverted.append(f"{label}: {chosen!r}")


async def run_panel(client: httpx.AsyncClient, question: Question) -> dict[str, Any]:
    """Create, stream to the end, and read back one panel."""
    created = await client.post("/api/v1/panels", json=question.body(), headers=HEADERS)
    created.raise_for_status()
    panel_id = created.json()["panel_id"]
    await client.get(f"/api/v1/panels/{panel_id}/stream", headers=HEADERS)
    panel: dict[str, Any] = (await client.get(f"/api/v1/panels/{panel_id}", headers=HEADERS)).json()
    return panel


async def measure(
    client: httpx.AsyncClient, questions: Sequence[Question]
) -> tuple[Tally, dict[str, Tally]]:
    """Run every question; the total and the tally per strategy."""
    experts = load_builtin_experts()
    total, per_type = Tally(), {}
    for question in questions:
        tally = evaluate(question, await run_panel(client, question), experts)
        total.add(tally)
        per_type.setdefault(question.panel_type, Tally()).add(tally)
    return total, per_type


def report(total: Tally, per_type: dict[str, Tally]) -> None:
    """Print the figures against their goals."""
    print(f"{'strategy':<12} {'cited':>14} {'voting':>14} {'abstaining':>14} {'repeats':>8} "
          f"{'agreement':>14} {'expected':>14} {'inverted':>8}")  # fmt: skip
    for name, tally in [*sorted(per_type.items()), ("all", total)]:
        print(
            f"{name:<12} {_share(tally.cited, tally.citing_turns):>14} "
            f"{_share(tally.votes, tally.voter_turns):>14} "
            f"{_share(tally.abstentions, tally.outside_turns):>14} {len(tally.repeats):>8} "
            f"{_share(tally.agreeing, tally.declared_turns):>14} "
            f"{_share(tally.as_expected, tally.expected_turns):>14} {len(tally.inverted):>8}"
        )
    print("goals: cited 100%, voting >= 90%, abstaining 100%, repeats 0, agreement 100%, "
          "expected 100%, inverted 0")  # fmt: skip
    for title, items in (
        ("uncited", total.uncited),
        ("repeats", total.repeats),
        ("disagreements", total.disagreements),
        ("unexpected", total.unexpected),
    ):
        for item in items:
            print(f"{title}: {item}")


async def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            dev_mode=True,
            log_level="WARNING",
            _env_file=None,  # type: ignore[call-arg]
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=120):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                total, per_type = await measure(client, QUESTIONS)
    kinds = {
        k: sum(q.kind == k for q in QUESTIONS) for k in ("covered", "outside", "options", "mixed")
    }
    print(f"{len(QUESTIONS)} panels: {kinds}")
    report(total, per_type)


if __name__ == "__main__":
    asyncio.run(main())
