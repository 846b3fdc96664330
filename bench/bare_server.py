"""The baseline: a bare Starlette endpoint streaming the same frames agentstream sends."""

import json
import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

TOKENS = int(os.environ.get("BENCH_TOKENS", "256"))
FRAMES = [
    f"data: {json.dumps({'token': (' ' if i else '') + f'token{i}', 'type': 'content'})}\n\n"
    for i in range(TOKENS)
] + ['data: {"done": true, "metadata": null}\n\n']


async def stream(request: Request) -> StreamingResponse:
    await request.body()

    async def frames():  # type: ignore[no-untyped-def]
        for frame in FRAMES:
            yield frame

    return StreamingResponse(
        frames(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


app = Starlette(routes=[Route("/api/chat/stream", stream, methods=["POST"])])
