"""The panel domain: plain-Python rules for panels, with no framework imports.

`status` holds the lifecycle and the errors, `configuration` the validated settings, and
`panel` the aggregate with its transcript.
"""

from agentstream.panels.domain.configuration import PanelConfiguration
from agentstream.panels.domain.panel import (
    Panel,
    PanelMember,
    PanelMessage,
    PanelRound,
)
from agentstream.panels.domain.status import (
    MAX_MEMBERS,
    InvalidTransition,
    PanelError,
    PanelStatus,
    PanelType,
    TurnRejected,
)

__all__ = [
    "MAX_MEMBERS",
    "InvalidTransition",
    "Panel",
    "PanelConfiguration",
    "PanelError",
    "PanelMember",
    "PanelMessage",
    "PanelRound",
    "PanelStatus",
    "PanelType",
    "TurnRejected",
]
