"""Which agent answers chat turns: the agent loop, where the model thinks, or the grounded
path, where the deterministic engine answers and the model phrases it (AGENTSTREAM_AGENT_MODE)."""

from agentstream.agents.agent_tools import LoopLimits
from agentstream.agents.loop import AgentLoop
from agentstream.agents.orchestrator import GroundedAgent
from agentstream.agents.toolbox import ChatAgent
from agentstream.settings import Settings


def build_chat_agent(settings: Settings) -> ChatAgent:
    """The agent loop for `tools` (and `auto` with the openai provider), else the grounded
    path; built once per process."""
    if settings.agent_uses_tools:
        return AgentLoop(
            LoopLimits(
                max_steps=settings.agent_max_steps,
                time_budget_s=settings.agent_time_budget_s,
                history_tokens=settings.agent_history_tokens,
                result_chars=settings.agent_result_chars,
            )
        )
    return GroundedAgent()
