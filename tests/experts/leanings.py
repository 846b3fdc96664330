"""An offline expert's first reading of a question, for the tests of what it takes a side on."""

from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import Leaning, initial_leaning


def leaning(
    experts: dict[str, ExpertProfile], agent_id: str, query: str, options: tuple[str, ...] = ()
) -> Leaning:
    """How the expert `agent_id` leans on `query` (among `options`, when given)."""
    return initial_leaning(knowledge_of(experts[agent_id]), query, options)
