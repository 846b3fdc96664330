"""The demo tenant's policy documents, shipped as Markdown package data."""

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    """One policy document: `id` is the file stem, `title` its `# ` heading."""

    id: str
    title: str
    text: str


def _title(text: str, default: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return default


@cache
def _load() -> tuple[PolicyDocument, ...]:
    # importlib.resources rather than __file__, so this also works from a wheel or a zip.
    package = resources.files(__name__)
    documents = []
    for entry in sorted(package.iterdir(), key=lambda item: item.name):
        if entry.is_file() and entry.name.endswith(".md"):
            doc_id = entry.name.removesuffix(".md")
            text = entry.read_text(encoding="utf-8")
            documents.append(PolicyDocument(doc_id, _title(text, doc_id), text))
    return tuple(documents)


def load_policy_documents() -> list[PolicyDocument]:
    """Return the shipped policy documents, sorted by id."""
    return list(_load())
