"""Routing a question to SQL, documents, both, or neither."""

import pytest

from agentstream.agents.routing import Route, choose_route


@pytest.mark.parametrize(
    ("question", "has_query", "has_passages", "route"),
    [
        ("How many technicians are active?", True, False, Route.SQL),
        ("and how many are on leave?", True, True, Route.SQL),
        ("What are the overtime rules?", False, True, Route.RAG),
        ("A customer wants to escalate a complaint", False, True, Route.RAG),
        (
            "How much overtime did each technician work last week? And what are the rules?",
            True,
            True,
            Route.BOTH,
        ),
        ("What is the capital of France?", False, False, Route.NONE),
    ],
)
def test_route_follows_what_the_question_asks(
    question: str, has_query: bool, has_passages: bool, route: Route
) -> None:
    assert choose_route(question, has_query=has_query, has_passages=has_passages) is route
