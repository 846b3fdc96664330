"""Field rules shared by request bodies."""

from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def _not_blank(text: str) -> str:
    if text.isspace():
        raise PydanticCustomError(
            "string_blank", "String should contain at least one non-whitespace character"
        )
    return text


NonBlankStr = Annotated[str, AfterValidator(_not_blank)]
"""Text with something in it: whitespace alone is a 422 like an empty string."""
