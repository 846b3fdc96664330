"""The orchestrator is a LangGraph graph route → tools → answer; its edges are declared."""

from agentstream.agents.orchestrator import build_orchestrator


def test_the_graph_routes_from_plan_through_the_tools_to_the_answer() -> None:
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
