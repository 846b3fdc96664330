"""Fixtures for the expert engine: the built-in catalog and a panel simulator."""

import pytest

from agentstream.deliberation.turns import ExpertProfile
from agentstream.demo.experts import load_builtin_experts
from tests.experts.simulation import Rounds, Simulate, simulate


@pytest.fixture(scope="session")
def experts() -> dict[str, ExpertProfile]:
    return load_builtin_experts()


@pytest.fixture
def panel(experts: dict[str, ExpertProfile]) -> Simulate:
    def run(agent_ids: list[str], query: str, rounds: int = 3, include_own: bool = False) -> Rounds:
        return simulate(experts, agent_ids, query, rounds, include_own)

    return run
