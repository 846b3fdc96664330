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
    chosen = _devils_advocate(["safety_expert", "finance_expert", "fda_expert"], query)
    assert chosen in {"safety_expert", "finance_expert"}


def test_the_moderator_is_the_member_whose_documents_say_least() -> None:
    # All three cover the question; the quality expert's documents say least about it.
    query = "Can we skip the Pre-Submission meeting and file our 510(k) directly to save time?"
    members = [EXPERTS[a] for a in ("fda_expert", "clinical_expert", "quality_expert")]
    configuration = with_default_role(PanelConfiguration(), SOCRATIC.role, members, query)
    assert configuration.moderator_id == "quality_expert"
