"""Panel use cases: create, read, list, execute (as a run), cancel, stream."""

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.base import new_id, utcnow
from agentstream.errors import BadRequest, Conflict, NotFound
from agentstream.experts.registry import ExpertRegistry
from agentstream.panels.domain import (
    Panel,
    PanelConfiguration,
    PanelError,
    PanelMember,
    PanelStatus,
    PanelType,
)
from agentstream.panels.execution import PANEL_RUN, PanelExecution
from agentstream.panels.repository import PanelRepository
from agentstream.panels.roles import with_default_role
from agentstream.panels.schemas import CreatePanelRequest
from agentstream.panels.speed import SpeedMeter
from agentstream.panels.strategies import strategy_for
from agentstream.runs.events import Published
from agentstream.runs.manager import RunManager
from agentstream.runs.repository import RunRepository
from agentstream.tenancy.models import Tenant

MAX_LIST_LIMIT = 100
# How long a cancel waits for the worker running the panel to store its end (it takes a
# moment; an owner that is stuck or dead is left to its lease).
CANCEL_CONFIRM_S = 5.0


class PanelAlreadyStarted(BadRequest):
    """A concurrent request started the panel first."""


def _enum(kind: type[PanelStatus] | type[PanelType], value: str | None, field: str) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(item.value for item in kind)
        raise BadRequest(
            f"Invalid {field} '{value}'; allowed: {allowed}", details={"field": field}
        ) from None


def _panel_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound("Panel not found") from None


@dataclass
class PanelService:
    """Panels of every tenant of this process; one instance shared by all requests."""

    manager: RunManager
    registry: ExpertRegistry
    model: BaseChatModel
    # True: the model deliberates (writes turns, states positions); False: the grounded path.
    deliberate: bool = False
    meter: SpeedMeter = field(default_factory=SpeedMeter)

    @property
    def seconds_per_turn(self) -> float:
        """How long an expert turn takes with this service's model (measured as panels run)."""
        return self.meter.seconds_per_turn

    async def create(
        self, session: AsyncSession, tenant: Tenant, body: CreatePanelRequest
    ) -> Panel:
        """A draft panel whose members are resolved from the agent registry."""
        panel_type = _enum(PanelType, body.panel_type, "panel_type")
        try:
            configuration = PanelConfiguration.from_dict(body.configuration)
        except ValueError as error:
            raise BadRequest(str(error), details={"field": "configuration"}) from None
        experts = await self.registry.resolve(session, tenant.id, body.agent_ids)
        role = strategy_for(panel_type).spec.role
        configuration = with_default_role(configuration, role, experts, body.query)
        try:
            panel = Panel(
                id=str(new_id()),
                tenant_id=str(tenant.id),
                query=body.query,
                panel_type=panel_type,
                members=[PanelMember(e.agent_id, e.name, e.role) for e in experts],
                created_at=utcnow(),
                configuration=configuration,
            )
        except ValueError as error:
            raise BadRequest(str(error)) from None
        await PanelRepository(session, tenant.id).add(panel)
        return panel

    async def get(self, session: AsyncSession, tenant: Tenant, panel_id: str) -> Panel:
        """One of the tenant's panels (another tenant's panel does not exist: 404)."""
        panel = await PanelRepository(session, tenant.id).get(_panel_id(panel_id))
        if panel is None:
            raise NotFound("Panel not found")
        return panel

    async def usage(
        self, session: AsyncSession, tenant: Tenant, panel: Panel
    ) -> dict[str, int] | None:
        """Model tokens the panel's run used so far (None before it ran)."""
        return await PanelRepository(session, tenant.id).usage_of(uuid.UUID(panel.id))

    async def list_for_tenant(
        self,
        session: AsyncSession,
        tenant: Tenant,
        limit: int,
        offset: int,
        status: str | None,
        panel_type: str | None,
    ) -> tuple[list[Panel], int]:
        """A page of the tenant's panels, filtered by status and type."""
        if limit > MAX_LIST_LIMIT:
            raise BadRequest("Limit cannot exceed 100", details={"field": "limit"})
        if limit < 1:
            raise BadRequest("Limit must be at least 1", details={"field": "limit"})
        if offset < 0:
            raise BadRequest("Offset cannot be negative", details={"field": "offset"})
        return await PanelRepository(session, tenant.id).list_page(
            limit,
            offset,
            _enum(PanelStatus, status, "status"),
            _enum(PanelType, panel_type, "panel_type"),
        )

    async def execute(self, session: AsyncSession, tenant: Tenant, panel_id: str) -> uuid.UUID:
        """Start the panel as a run owned by the service; returns the run id."""
        panel = await self.get(session, tenant, panel_id)
        experts = await self.registry.resolve(session, tenant.id, panel.member_ids)
        try:
            panel.start(utcnow())
        except PanelError as error:
            if panel.status is PanelStatus.IN_PROGRESS:
                raise PanelAlreadyStarted(str(error)) from None
            raise BadRequest(str(error)) from None
        lease = self.manager.lease_for_new_run()
        run_id = new_id()
        if not await PanelRepository(session, tenant.id).claim_start(panel, run_id):
            raise PanelAlreadyStarted("Cannot start a panel that is already in_progress")
        run = await RunRepository(session).create(
            tenant.id, PANEL_RUN, panel.id, run_id=run_id, lease=lease
        )
        # The run and the panel's new status must be committed before the run records anything.
        await session.commit()
        execution = PanelExecution(
            panel=panel,
            strategy=strategy_for(panel.panel_type),
            experts={e.agent_id: e for e in experts},
            model=self.model,
            deliberate=self.deliberate,
            meter=self.meter,
        )
        await self.manager.start(run, execution)
        return run.id

    async def cancel(self, session: AsyncSession, tenant: Tenant, panel_id: str) -> None:
        """Stop a draft or running panel; its transcript so far is kept."""
        panel = await self.get(session, tenant, panel_id)
        if panel.status.is_terminal:
            raise BadRequest("Cannot cancel terminal panel", details={"status": panel.status.value})
        if panel.status is PanelStatus.DRAFT:
            panel.cancel(utcnow())
            await PanelRepository(session, tenant.id).save_state(panel)
            return
        run_id = await PanelRepository(session, tenant.id).run_id_of(uuid.UUID(panel.id))
        await session.commit()  # release the connection while the run winds down
        if run_id is not None:
            await self.manager.request_cancel(run_id)
            # Answer once the panel has ended, wherever it runs: its turns in progress stored,
            # nothing streamed after `panel_cancelled`. An owner that does not answer in time
            # has the intent stored: it stops when it renews its lease, or the reaper ends it.
            await self.manager.await_end(run_id, CANCEL_CONFIRM_S)

    async def stream(
        self, session: AsyncSession, tenant: Tenant, panel_id: str, after_seq: int
    ) -> AsyncIterator[Sequence[Published]]:
        """The panel's events after `after_seq`; a draft panel is started first (seed 004)."""
        panel = await self.get(session, tenant, panel_id)
        run_id: uuid.UUID | None = None
        if panel.status is PanelStatus.DRAFT:
            # Another subscriber may have started it a moment ago: then watch that run.
            with suppress(PanelAlreadyStarted):
                run_id = await self.execute(session, tenant, panel_id)
        if run_id is None:
            run_id = await PanelRepository(session, tenant.id).run_id_of(uuid.UUID(panel.id))
        if run_id is None:
            raise Conflict("The panel was cancelled before it ran: there is nothing to stream")
        return self.manager.stream_batches(run_id, after_seq)
