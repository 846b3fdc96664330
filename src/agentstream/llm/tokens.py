"""Word-level tokenization used to stream composed text the way a model streams tokens."""

import re
from collections.abc import Iterator

_TOKEN = re.compile(r"\s*\S+|\s+$")


def split_tokens(text: str) -> Iterator[str]:
    """Split text into tokens that each carry their leading whitespace ("There", " are", " 10")."""
    for match in _TOKEN.finditer(text):
        yield match.group()


def count_tokens(text: str) -> int:
    """An approximate token count (whitespace-separated words) for usage accounting."""
    return len(text.split())
