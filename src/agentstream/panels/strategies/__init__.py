"""Panel strategies, one module each, and the registry that maps a panel type to its strategy.

Every strategy defines its rounds wave by wave (see `base`); `description` is the paragraph the
OpenAPI docs show for the panel type.
"""

from agentstream.panels.domain import PanelType
from agentstream.panels.strategies.adversarial import AdversarialStrategy
from agentstream.panels.strategies.base import Strategy
from agentstream.panels.strategies.council import CouncilStrategy
from agentstream.panels.strategies.open import OpenStrategy
from agentstream.panels.strategies.socratic import SocraticStrategy
from agentstream.panels.strategies.structured import StructuredStrategy

registry: dict[PanelType, Strategy] = {
    strategy.panel_type: strategy
    for strategy in (
        StructuredStrategy(),
        OpenStrategy(),
        SocraticStrategy(),
        AdversarialStrategy(),
        CouncilStrategy(),
    )
}


def strategy_for(panel_type: PanelType | str) -> Strategy:
    """The strategy of a panel type (ValueError listing the allowed types if unknown)."""
    return registry[PanelType(panel_type)]


__all__ = [
    "AdversarialStrategy",
    "CouncilStrategy",
    "OpenStrategy",
    "SocraticStrategy",
    "Strategy",
    "StructuredStrategy",
    "registry",
    "strategy_for",
]
