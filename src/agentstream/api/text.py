"""Text the service cannot store: NUL characters (PostgreSQL refuses them in text and JSON) and
unpaired UTF-16 surrogates (which JSON escapes can carry but no encoding holds). Refused as
invalid input, naming where they are, on both databases alike."""

import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from agentstream.api.errors import is_json_media_type

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Text must not contain NUL characters or unpaired surrogates"


def _unstorable_in(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if _UNSTORABLE.search(key):
                yield (*loc, key)
            yield from _unstorable_in(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_in(item, (*loc, index))


async def reject_unstorable_text(request: Request) -> None:
    """Raise the validation error of every path parameter, query parameter or JSON body string
    (or key) holding text that cannot be stored."""
    locations = [
        *_unstorable_in(request.path_params, ("path",)),
        *_unstorable_in(dict(request.query_params.multi_items()), ("query",)),
    ]
    route = request.scope.get("route")
    takes_a_body = getattr(route, "body_field", None) is not None
    json_body = takes_a_body and is_json_media_type(request.headers.get("content-type"))
    if json_body and await request.body():
        # FastAPI parsed the body before it resolved dependencies: this is its cached result.
        locations += _unstorable_in(await request.json(), ("body",))
    if locations:
        raise RequestValidationError(
            [
                {"type": "string_unstorable", "loc": loc, "msg": UNSTORABLE_MESSAGE, "input": None}
                for loc in locations
            ]
        )
