"""Word-level tokenization used to stream composed text the way a model streams tokens."""

import re

_TOKEN = re.compile(r"\s*\S+|\s+$")


def split_tokens(text: str) -> list[str]:
    """Split text into tokens that each carry their leading whitespace ("There", " are", " 10")."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    """An approximate token count (whitespace-separated words) for usage accounting."""
    return len(text.split())
