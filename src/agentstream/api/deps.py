"""Dependency aliases shared by the routes."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.engine import session_scope


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for the request's unit of work, committed when the handler succeeds."""
    async for session in session_scope(request.app.state.sessions):
        yield session


# "function" scope: commit and release the connection when the endpoint returns, before the
# response is sent. A 201 then means committed, and a long SSE stream holds no connection.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
