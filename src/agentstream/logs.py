"""Structured logging: every line carries the worker that wrote it and the request id (and tenant)
of the work it belongs to."""

import logging
import os
import re
import socket
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

# A stream token in a URL's query (`?token=...`), as uvicorn's access line prints the path.
_STREAM_TOKEN = re.compile(r"([?&]token=)[^&\s\"]*")


def redact_stream_tokens(text: str) -> str:
    """The text with every `token=` query value replaced: a stream token in a log would let
    whoever reads the log open that stream while it is valid."""
    return _STREAM_TOKEN.sub(r"\1[redacted]", text)


_worker_name: str | None = None


def name_worker(name: str) -> None:
    """Name this process in every log line from now on (the run manager's name for it, which
    runs' owner column holds)."""
    global _worker_name
    _worker_name = name


def add_worker(
    logger: Any, method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: which process wrote the line (host and pid until it is named),
    so that the lines of several workers can be told apart."""
    event["worker"] = _worker_name or f"{socket.gethostname()}:{os.getpid()}"
    return event


class RedactStreamTokens(logging.Filter):
    """Removes stream tokens from a record's message and string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record; only its text changes."""
        if isinstance(record.msg, str):
            record.msg = redact_stream_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_stream_tokens(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def configure_logging(level: str = "INFO", *, json: bool = False) -> None:
    """Route stdlib and structlog records through one structlog formatter."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        add_worker,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
    )
    structlog.configure(
        # Below the level, a call stops at the first processor instead of after all of them.
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactStreamTokens())
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
        # uvicorn.Config(log_level=...) sets these loggers' own levels; ours is the root's.
        logging.getLogger(name).setLevel(logging.NOTSET)
    # Our middleware logs each request with its id; uvicorn's access line would be a duplicate.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A structured logger; context bound with `bind_contextvars` is added to every line."""
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
