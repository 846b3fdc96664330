"""The application's lifespan: process-wide settings it changes are given back on shutdown."""

import gc

import httpx
import pytest
from asgi_lifespan import LifespanManager

from agentstream.app import GC_THRESHOLDS, create_app
from agentstream.settings import Settings


async def test_lifespan_tunes_the_garbage_collector_and_restores_it(settings: Settings) -> None:
    before = gc.get_threshold()
    async with LifespanManager(create_app(settings), startup_timeout=60):
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0, "what start-up built is left out of GC passes"
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_log_lines_carry_the_request_id_and_respect_the_level(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    for level, logged in (("INFO", True), ("WARNING", False)):
        application = create_app(settings.model_copy(update={"log_level": level}))
        async with LifespanManager(application, startup_timeout=60):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                await client.get("/health", headers={"X-Request-ID": f"req-{level}"})
        lines = [line for line in capsys.readouterr().err.splitlines() if f"req-{level}" in line]
        assert bool(lines) is logged
        if logged:
            assert "request_id=req-INFO" in lines[0] and "path=/health" in lines[0]
