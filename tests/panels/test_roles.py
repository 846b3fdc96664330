"""Who holds a panel's role when the request names nobody: chosen by the members' coverage."""

from agentstream.demo.experts import load_builtin_experts
from agentstream.panels.domain import PanelConfiguration
from agentstream.panels.roles import with_default_role
from agentstream.panels.strategies.adversarial import ADVERSARIAL
from agentstream.panels.strategies.socratic import SOCRATIC

EXPERTS = load_builtin_experts()
# Only the safety expert's documents speak of lone work at night.
LONE_WORK = "Should a tired technician do live electrical work alone at night?"


def _devils_advocate(agent_ids: list[str], query: str) -> str | None:
    members = [EXPERTS[agent_id] for agent_id in agent_ids]
    configuration = with_default_role(PanelConfiguration(), ADVERSARIAL.role, members, query)
    return configuration.devil_advocate_id


def test_the_only_covering_member_votes_rather_than_playing_devils_advocate() -> None:
    chosen = _devils_advocate(["safety_expert", "finance_expert", "operations_expert"], LONE_WORK)
    assert chosen == "operations_expert"


def test_with_two_covering_members_the_least_covering_of_them_argues() -> None:
    query = "Should we schedule mandatory weekend overtime for all technicians?"
    members = ["safety_expert", "finance_expert", "operations_expert", "fda_expert"]
    chosen = _devils_advocate(members, query)
    assert chosen in {"safety_expert", "finance_expert", "operations_expert"}


def test_the_devils_advocate_leaves_enough_voters_for_the_quorum() -> None:
    # Cold try c18-r14, #9: of three members, two covering, the role took a covering one and
    # left a single voter, short of the quorum of two by construction.
    query = "Should we schedule mandatory weekend overtime for all technicians?"
    chosen = _devils_advocate(["safety_expert", "finance_expert", "fda_expert"], query)
    assert chosen == "fda_expert"


def test_the_moderator_is_the_member_whose_documents_say_least() -> None:
    # All three cover the question; the quality expert's documents say least about it.
    query = "Can we skip the Pre-Submission meeting and file our 510(k) directly to save time?"
    members = [EXPERTS[a] for a in ("fda_expert", "clinical_expert", "quality_expert")]
    configuration = with_default_role(PanelConfiguration(), SOCRATIC.role, members, query)
    assert configuration.moderator_id == "quality_expert"


# Cold try c18-r6: the role went to the member holding the passage that decides the stated
# case (P8: safety, "no more than 12 overtime hours a week", made devil's advocate; P2:
# operations, "the next shift starts 11 hours after the call-out ended", made moderator).
FIFTEEN_HOURS = (
    "A premium customer on a $6,000 monthly contract has had 3 missed urgent response targets "
    "this month. Should we approve 15 overtime hours this week for the one technician who has "
    "the skill to clear their tickets?"
)
CALL_OUT = (
    "A technician finished a night call-out at 03:00. Can the dispatcher keep them on the 08:00 "
    "planned maintenance shift the same morning?"
)
FIELD = ["operations_expert", "safety_expert", "customer_expert", "finance_expert"]


def test_the_devils_advocate_is_not_a_member_whose_documents_decide_the_case() -> None:
    assert _devils_advocate(FIELD, FIFTEEN_HOURS) not in {"operations_expert", "safety_expert"}


def test_the_moderator_is_a_member_with_nothing_to_say_before_one_that_decides() -> None:
    members = [EXPERTS[agent_id] for agent_id in FIELD]
    configuration = with_default_role(PanelConfiguration(), SOCRATIC.role, members, CALL_OUT)
    # The customer and finance experts' documents touch the question only in passing: they
    # would abstain.
    assert configuration.moderator_id in {"customer_expert", "finance_expert"}


def test_the_moderator_is_not_a_member_whose_documents_hold_a_view_on_an_option() -> None:
    # Cold try c18-r10: the finance expert ("contractors pay only for specialist skills")
    # moderated a choice of a subcontracted night service, beside two members whose documents
    # favour neither option.
    query = (
        "For urgent night call-outs from premium customers, should we rely on an on-call rota of "
        "our own technicians or on a subcontractor's night service?"
    )
    options = ("on-call rota of our own technicians", "subcontractor night service")
    members = [EXPERTS[agent_id] for agent_id in FIELD]
    configuration = with_default_role(
        PanelConfiguration(options=options), SOCRATIC.role, members, query
    )
    assert configuration.moderator_id in {"safety_expert", "customer_expert"}


def test_the_devils_advocate_is_not_the_member_whose_documents_take_a_side() -> None:
    # Cold try c18-r13, #4: the quality expert, the only member whose documents take a side on
    # filing before design verification is finished, argued a role and lost its vote, beside
    # members whose documents settle nothing.
    query = (
        "Is it a mistake to file the 510(k) now, before design verification is finished, just "
        "to gain about six weeks?"
    )
    devices = ["fda_expert", "clinical_expert", "quality_expert", "reimbursement_expert"]
    assert _devils_advocate(devices, query) != "quality_expert"
