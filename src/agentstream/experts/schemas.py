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


class ExpertPassage(BaseModel):
    """A passage of an expert's document: the id a panel turn cites it by, and its section."""

    id: str = Field(examples=["fda_expert/1#4"])
    section: str = Field(description="Its section's heading (empty before the first heading).")


class ExpertPassageText(ExpertPassage):
    """A passage with its document's title and its text, to read what a turn cites."""

    document: str = Field(description="The title of the passage's document.")
    text: str


class ExpertPassageList(BaseModel):
    """Every passage of an expert's documents, in reading order."""

    agent_id: str
    passages: list[ExpertPassageText]


class ExpertDocument(BaseModel):
    """A document an expert speaks from: its title and its passages (not their text)."""

    id: str = Field(examples=["fda_expert/1"])
    title: str
    passages: list[ExpertPassage]


class ExpertOut(BaseModel):
    """An expert a panel can seat."""

    agent_id: str
    name: str
    role: str
    persona: str
    model: str | None
    source: Literal["builtin", "tenant"]
    documents: list[ExpertDocument] = Field(
        description="The documents the expert speaks from; a panel turn's `citations` are ids "
        "of their passages."
    )
    covering: list[str] | None = Field(
        default=None,
        description="Only when the listing is asked with `query`: the passages of the expert's "
        "documents that cover that query, best first. Empty: its documents do not speak to it, "
        "and an expert speaking from its documents abstains.",
    )


class ExpertList(BaseModel):
    """Every expert available to the tenant."""

    agents: list[ExpertOut]
    total: int
