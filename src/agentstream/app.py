"""The FastAPI application: create_app() wires settings, storage, runs, agents and routes."""

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from agentstream import __version__
from agentstream.agents.modes import build_chat_agent
from agentstream.agents.sql.sources import DataSources
from agentstream.api.errors import install_error_handlers
from agentstream.api.health import router as health_router
from agentstream.api.middleware import (
    BodyLimitMiddleware,
    HeaderLimitMiddleware,
    JsonCORSMiddleware,
    RequestContextMiddleware,
)
from agentstream.api.openapi import install_openapi
from agentstream.chat.routes import RUN_ID_HEADER
from agentstream.chat.routes import router as chat_router
from agentstream.chat.schemas import ChatComplete, ChatToken
from agentstream.chat.service import ChatService
from agentstream.chat.turn import CHAT_RUN_KIND
from agentstream.db.engine import create_service_engine, create_session_factory
from agentstream.db.migrate import upgrade
from agentstream.demo.bootstrap import ensure_demo
from agentstream.demo.documents import load_policy_documents
from agentstream.demo.experts import load_builtin_experts
from agentstream.demo.fieldservice.generator import REFERENCE_DATE
from agentstream.experts.registry import ExpertRegistry
from agentstream.experts.routes import router as agents_router
from agentstream.llm.factory import create_chat_model
from agentstream.llm.health import ModelCheck
from agentstream.logs import configure_logging, get_logger, name_worker
from agentstream.panels.execution import PANEL_RUN_KIND
from agentstream.panels.routes import router as panels_router
from agentstream.panels.schemas import PANEL_EVENTS
from agentstream.panels.service import PanelService
from agentstream.panels.speed import SpeedMeter, prior_seconds_per_turn
from agentstream.retrieval.knowledge import KnowledgeBase
from agentstream.retrieval.routes import router as documents_router
from agentstream.retrieval.service import DocumentService
from agentstream.runs.broker import Broker, InProcessBroker
from agentstream.runs.manager import RunManager
from agentstream.runs.redis_broker import RedisBroker
from agentstream.runs.routes import router as usage_router
from agentstream.runs.shutdown import on_stop_signal
from agentstream.settings import Settings
from agentstream.streams.routes import router as stream_tokens_router
from agentstream.tenancy.routes import router as tenant_router
from agentstream.tenancy.stream_tokens import signer_for
from agentstream.web.docs import install_docs
from agentstream.web.routes import install_ui

log = get_logger(__name__)

# The young generation is collected every 10,000 net allocations instead of 700: runs in flight
# hold thousands of objects that each pass traverses and promotes, only to free them by
# reference counting soon after. At 50 concurrent chat turns the collector's share of CPU
# falls from ~9% to ~4.5% (measured with gc.callbacks in bench/chat_stream.py's workload).
GC_THRESHOLDS = (10_000, 10, 10)


def create_broker(settings: Settings) -> Broker:
    """The broker the settings choose: Redis when a URL is given, else in-process."""
    if settings.broker_url is None:
        return InProcessBroker(retention_s=settings.run_retention_s)
    return RedisBroker(
        settings.broker_url,
        prefix=settings.broker_prefix,
        retention_s=settings.run_retention_s,
        replay_events=settings.run_replay_events,
        worker_ttl_s=settings.run_lease_s,
    )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open storage and build the long-lived services once; close them on shutdown."""
    settings: Settings = app.state.settings
    url = settings.resolved_database_url
    await upgrade(url)
    engine = create_service_engine(settings)
    sessions = create_session_factory(engine)
    if settings.demo_tenant:
        await ensure_demo(settings, sessions)
    broker = create_broker(settings)
    manager = RunManager(
        sessions,
        broker,
        [CHAT_RUN_KIND, PANEL_RUN_KIND],
        heartbeat_s=settings.sse_ping_s,
        lease_s=settings.run_lease_s,
        grace_s=settings.disconnect_grace_s,
    )
    name_worker(manager.worker)
    await broker.start(manager.on_signal)
    # One worker by design without a shared broker: any run left running was a previous
    # process's. With one, other workers' runs are left to their leases.
    recovered = await manager.recover_interrupted(every_run=settings.broker_url is None)
    manager.supervise()
    app.state.broker = broker
    app.state.manager = manager
    sources = DataSources(settings, demo_today=REFERENCE_DATE)
    knowledge = KnowledgeBase(load_policy_documents())
    app.state.documents = DocumentService(
        knowledge,
        max_bytes=settings.max_document_bytes,
        max_per_tenant=settings.max_documents_per_tenant,
    )
    app.state.sessions = sessions
    # The local provider assembles and checksums its model file: keep that off the event loop.
    model = await asyncio.to_thread(create_chat_model, settings)
    # A server that is down, or a model that cannot call tools, is logged soon after start-up,
    # not at the first question; start-up does not wait for it (the server may be slow, or come
    # up later; `agentstream doctor` re-checks).
    model_check = ModelCheck(model, needs_tools=settings.agent_uses_tools)
    app.state.model_check = model_check
    if settings.llm_provider == "openai" or settings.agent_uses_tools:
        model_check.start()
    app.state.experts = ExpertRegistry(load_builtin_experts())
    app.state.panels = PanelService(
        manager=manager,
        registry=app.state.experts,
        model=model,
        deliberate=settings.agent_uses_tools,
        meter=SpeedMeter(prior_seconds_per_turn(settings)),
    )
    app.state.chat = ChatService(
        settings=settings,
        sessions=sessions,
        manager=manager,
        knowledge=knowledge,
        sources=sources,
        model=model,
        agent=build_chat_agent(settings),
    )
    # What start-up built lives as long as the process. Frozen, it is left out of the cyclic
    # collector's passes, which runs trigger by the thousand while they allocate.
    gc.collect()
    gc.freeze()
    thresholds_before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    log.info(
        "started",
        version=__version__,
        provider=settings.llm_provider,
        dev_mode=settings.dev_mode,
        recovered_runs=recovered,
        broker="redis" if settings.broker_url else "in-process",
        worker=manager.worker,
    )
    try:
        with on_stop_signal(lambda: manager.drain(settings.shutdown_drain_s)):
            yield
    finally:
        await model_check.stop()
        await manager.shutdown()
        await broker.close()
        await sources.close()
        knowledge.close()
        await engine.dispose()
        gc.unfreeze()
        gc.set_threshold(*thresholds_before)
        log.info("stopped")


def create_app(settings: Settings | None = None) -> FastAPI:
    """A configured application; pass settings to override the environment (tests)."""
    settings = settings or Settings()
    configure_logging(settings.log_level, json=settings.log_json)
    app = FastAPI(
        title="agentstream",
        version=__version__,
        description=(
            "AI agents behind REST + Server-Sent Events: chat with an orchestrator agent that "
            "answers from SQL data and policy documents, streamed token by token; and panels of "
            "expert agents that discuss a query in rounds and reach (or fail to reach) consensus, "
            "watched live."
        ),
        lifespan=lifespan,
        # Served by install_docs from local assets instead of a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.stream_tokens = signer_for(settings)
    install_error_handlers(app)
    # Added innermost first: the request context wraps everything (CORS preflights and 413s
    # carry a request id), and CORS headers reach the 413 and 431 a browser should be able to
    # read.
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_request_bytes)
    app.add_middleware(HeaderLimitMiddleware, limit=settings.max_header_bytes)
    app.add_middleware(
        JsonCORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["X-Request-ID", RUN_ID_HEADER],
    )
    app.add_middleware(RequestContextMiddleware)
    app.include_router(health_router)
    app.include_router(chat_router)
    app.include_router(documents_router)
    app.include_router(panels_router)
    app.include_router(agents_router)
    app.include_router(usage_router)
    app.include_router(tenant_router)
    app.include_router(stream_tokens_router)
    install_docs(app, title=app.title)
    install_ui(app)
    install_openapi(
        app,
        [ChatToken, ChatComplete, *PANEL_EVENTS.values()],
        anonymous_allowed=settings.dev_mode,
    )
    return app
