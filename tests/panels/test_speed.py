"""The duration estimate: the strategy's sequential turns times the measured turn duration."""

import httpx
import pytest
from fastapi import FastAPI

from agentstream.panels.speed import SMOOTHING, SpeedMeter, prior_seconds_per_turn
from agentstream.panels.strategies import strategy_for
from agentstream.settings import DEMO_TENANT_ID, Settings
from tests.panels.conftest import make_panel

DEMO = {"X-Tenant-ID": str(DEMO_TENANT_ID)}


def test_the_meter_starts_from_the_prior_then_follows_the_measurements() -> None:
    meter = SpeedMeter(prior_seconds_per_turn=8.0)
    assert meter.seconds_per_turn == 8.0
    meter.add(0.5)
    assert meter.seconds_per_turn == 0.5
    meter.add(1.5)
    assert meter.seconds_per_turn == pytest.approx(0.5 + SMOOTHING * (1.5 - 0.5))


def test_the_prior_follows_the_provider(settings: Settings) -> None:
    assert prior_seconds_per_turn(settings) < 0.1  # the offline engine
    scripted = settings.model_copy(
        update={"llm_provider": "scripted", "scripted_tokens": 50, "scripted_token_delay_ms": 20}
    )
    assert prior_seconds_per_turn(scripted) == pytest.approx(1.0)


def test_the_estimate_counts_the_strategys_sequential_turns() -> None:
    panel = make_panel()  # structured, 3 rounds of one concurrent wave
    assert strategy_for(panel.panel_type).estimated_duration(panel, 2.0) == 6.0


async def test_the_estimate_uses_the_turns_measured_in_this_process(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    body = {"query": "FDA 510(k) strategy?", "agent_ids": ["fda_expert", "clinical_expert"]}
    first = (await client.post("/api/v1/panels", json=body, headers=DEMO)).json()
    await client.get(f"/api/v1/panels/{first['panel_id']}/stream", headers=DEMO)
    meter = app.state.panels.meter
    assert meter.turns > 0
    second = (await client.post("/api/v1/panels", json=body, headers=DEMO)).json()
    assert second["estimated_duration"] == pytest.approx(3 * meter.seconds_per_turn)
