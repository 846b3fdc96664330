"""Logs never carry stream tokens: uvicorn's access line prints the URL with its query."""

import json
import logging
import os
import socket

import pytest

from agentstream import logs
from agentstream.logs import configure_logging, get_logger, name_worker, redact_stream_tokens


def test_redact_replaces_every_token_value() -> None:
    text = "GET /api/v1/panels/p/stream?token=abc.def-ghi&last_event_id=3 and ?a=1&token=zz"
    assert redact_stream_tokens(text) == (
        "GET /api/v1/panels/p/stream?token=[redacted]&last_event_id=3 and ?a=1&token=[redacted]"
    )


def test_uvicorn_access_line_is_logged_without_the_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO")
    access = logging.getLogger("uvicorn.access")
    access.setLevel(logging.INFO)  # as a deployment that turns uvicorn's access log on
    try:
        access.info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:5000",
            "GET",
            "/api/chat/runs/r/stream?token=SECRET.TOKEN&last_event_id=2",
            "1.1",
            200,
        )
    finally:
        configure_logging("WARNING")
    logged = capsys.readouterr().err
    assert "stream?token=[redacted]&last_event_id=2" in logged
    assert "SECRET.TOKEN" not in logged


def test_every_line_names_the_worker_that_wrote_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "_worker_name", None)
    configure_logging("INFO", json=True)
    try:
        get_logger("agentstream.test").info("structured")
        logging.getLogger("uvicorn.error").info("from the standard library")
        name_worker("host:123:abcd")
        get_logger("agentstream.test").info("named")
    finally:
        configure_logging("WARNING")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["worker"] for line in lines] == [
        f"{socket.gethostname()}:{os.getpid()}",
        f"{socket.gethostname()}:{os.getpid()}",
        "host:123:abcd",
    ]
