"""The built-in expert catalog: profiles (`catalog.py`) and their Markdown knowledge documents,
shipped as package data."""

from functools import cache
from importlib import resources

from agentstream.deliberation.turns import ExpertProfile
from agentstream.demo.experts.catalog import CATALOG, CatalogEntry


def _read_document(stem: str) -> str:
    # importlib.resources rather than __file__, so this also works from a wheel or a zip.
    return resources.files(__name__).joinpath(f"{stem}.md").read_text(encoding="utf-8")


def _profile(entry: CatalogEntry) -> ExpertProfile:
    return ExpertProfile(
        agent_id=entry.agent_id,
        name=entry.name,
        role=entry.role,
        persona=entry.persona,
        knowledge=tuple(_read_document(stem) for stem in entry.documents),
    )


@cache
def _load() -> tuple[ExpertProfile, ...]:
    return tuple(_profile(entry) for entry in CATALOG)


def load_builtin_experts() -> dict[str, ExpertProfile]:
    """The built-in experts by agent id, in catalog order (a new dict on each call)."""
    return {profile.agent_id: profile for profile in _load()}
