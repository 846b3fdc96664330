"""Work that a cancellation must not cut in half: a commit, and what must follow it."""

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def run_to_completion(work: Coroutine[Any, Any, T]) -> T:
    """Run `work` to its end even if the caller is cancelled meanwhile, then deliver the
    cancellation.

    A commit cut short by a cancellation (a client that went away, a cancelled run) has either
    happened or not, and the caller cannot tell which: it would skip events it did store, or
    record the end of a run twice. Here the cancellation waits for the work, and is raised once
    its outcome is known and acted upon.
    """
    task = asyncio.ensure_future(work)
    cancelled = False
    while not task.done():
        try:
            await asyncio.wait((task,))
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        if not task.cancelled() and task.exception() is not None:
            raise asyncio.CancelledError() from task.exception()
        raise asyncio.CancelledError()
    return task.result()
