"""Panel strategies: each module declares one strategy as data (`spec`), and the one engine
(`engine.Strategy`) runs any of them. `description` is the paragraph the OpenAPI docs show for
the panel type.
"""

from agentstream.panels.domain import PanelType
from agentstream.panels.strategies.adversarial import ADVERSARIAL
from agentstream.panels.strategies.council import COUNCIL
from agentstream.panels.strategies.engine import Strategy
from agentstream.panels.strategies.open import OPEN
from agentstream.panels.strategies.socratic import SOCRATIC
from agentstream.panels.strategies.structured import STRUCTURED

registry: dict[PanelType, Strategy] = {
    spec.panel_type: Strategy(spec) for spec in (STRUCTURED, OPEN, SOCRATIC, ADVERSARIAL, COUNCIL)
}


def strategy_for(panel_type: PanelType | str) -> Strategy:
    """The strategy of a panel type (ValueError listing the allowed types if unknown)."""
    return registry[PanelType(panel_type)]


__all__ = ["Strategy", "registry", "strategy_for"]
