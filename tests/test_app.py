"""The application's lifespan: process-wide settings it changes are given back on shutdown."""

import gc

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
