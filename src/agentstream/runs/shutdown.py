"""Graceful stop: the run manager learns that the server is stopping when the signal comes, not
once the server has closed every connection.

uvicorn answers SIGTERM (and SIGINT) by closing its listening socket, then waiting for the open
connections, streams included, before it runs the application's shutdown. The runs must be
drained while their streams are still open, so that each subscriber gets its run's end: the
manager is told first, then the server's own handler runs.
"""

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Seconds a client refused by a draining worker is told to wait: by then the load balancer
# sends it to another worker, or this one has been replaced.
DRAINING_RETRY_AFTER_S = 5


class WorkerDraining(Exception):
    """This worker is stopping: it finishes its runs and starts no new one."""

    def __init__(self) -> None:
        super().__init__(
            "This worker is shutting down and starts no new runs; retry shortly "
            "(another worker will take it)"
        )


@contextmanager
def on_stop_signal(callback: Callable[[], None]) -> Iterator[None]:
    """Call `callback` on the running loop when a stop signal arrives, then the handler that
    was installed (a server's). Signals nobody handles (the default action ends the process
    at once) are left alone, as is everything outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    handled = {sig: handler for sig, handler in previous.items() if callable(handler)}

    def handle(signum: int, frame: object) -> None:
        loop.call_soon_threadsafe(callback)
        handled[signal.Signals(signum)](signum, frame)  # type: ignore[arg-type]

    for sig in handled:
        signal.signal(sig, handle)
    try:
        yield
    finally:
        for sig in handled:
            signal.signal(sig, previous[sig])
