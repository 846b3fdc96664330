"""Request and response shapes of the agent registry API."""

from typing import Literal

from pydantic import BaseModel, Field

AGENT_ID_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"


class ExpertIn(BaseModel):
    """A tenant-defined expert."""

    agent_id: str = Field(..., pattern=AGENT_ID_PATTERN, examples=["pricing_expert"])
    name: str = Field(..., min_length=1, max_length=200)
    role: str = Field(..., min_length=1, max_length=200)
    persona: str = Field(..., min_length=1, max_length=4000)
    model: str | None = Field(default=None, max_length=200)
    knowledge: str = Field(
        default="",
        max_length=100_000,
        description="Markdown the expert speaks from (its own knowledge document).",
    )


class ExpertUpdate(BaseModel):
    """A replacement of a tenant expert's fields (the id stays)."""

    name: str = Field(..., min_length=1, max_length=200)
    role: str = Field(..., min_length=1, max_length=200)
    persona: str = Field(..., min_length=1, max_length=4000)
    model: str | None = Field(default=None, max_length=200)
    knowledge: str = Field(default="", max_length=100_000)


class ExpertOut(BaseModel):
    """An expert a panel can seat."""

    agent_id: str
    name: str
    role: str
    persona: str
    model: str | None
    source: Literal["builtin", "tenant"]


class ExpertList(BaseModel):
    """Every expert available to the tenant."""

    agents: list[ExpertOut]
    total: int
