"""The chat agents are LangGraph graphs whose edges are declared: the grounded path
route → tools → answer, and the agent loop agent ↔ tools (calls whose arguments are not JSON
answered on the way)."""

from agentstream.agents.agent_tools import LoopLimits
from agentstream.agents.loop import AgentLoop, build_agent_loop
from agentstream.agents.modes import build_chat_agent
from agentstream.agents.orchestrator import GroundedAgent, build_orchestrator
from agentstream.settings import Settings


def test_the_grounded_graph_routes_from_plan_through_the_tools_to_the_answer() -> None:
    graph = build_orchestrator().get_graph()
    edges = {(edge.source, edge.target) for edge in graph.edges}
    assert edges == {
        ("__start__", "plan"),
        ("plan", "query_database"),
        ("plan", "search_documents"),
        ("plan", "answer"),
        ("query_database", "search_documents"),
        ("query_database", "answer"),
        ("search_documents", "answer"),
        ("answer", "__end__"),
    }


def test_the_agent_loop_goes_between_the_model_and_the_tools_until_it_ends() -> None:
    graph = build_agent_loop().get_graph()
    edges = {(edge.source, edge.target) for edge in graph.edges}
    assert edges == {
        ("__start__", "agent"),
        ("agent", "tools"),
        ("agent", "refuse_unreadable_calls"),
        ("agent", "__end__"),
        ("refuse_unreadable_calls", "tools"),
        ("refuse_unreadable_calls", "agent"),
        ("tools", "agent"),
    }


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_auto_mode_runs_the_loop_for_the_openai_provider_only() -> None:
    assert _settings(llm_provider="openai", llm_model="m").agent_uses_tools
    assert not _settings(llm_provider="local").agent_uses_tools
    assert not _settings(llm_provider="scripted").agent_uses_tools
    assert not _settings().agent_uses_tools


def test_the_mode_setting_chooses_the_agent() -> None:
    loop = build_chat_agent(_settings(agent_mode="tools", agent_max_steps=4))
    assert isinstance(loop, AgentLoop) and loop.limits == LoopLimits(max_steps=4)
    grounded = _settings(llm_provider="openai", llm_model="m", agent_mode="grounded")
    assert isinstance(build_chat_agent(grounded), GroundedAgent)
