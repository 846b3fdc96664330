"""Logs never carry stream tokens: uvicorn's access line prints the URL with its query."""

import logging

import pytest

from agentstream.logs import configure_logging, redact_stream_tokens


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
