"""A real OpenAI-compatible server for the `openai` provider tests: llama-cpp-python's server
with the bundled Gemma 3 270M, on a free loopback port, started once per test session.

Import a fixture into a test module: `from tests.llm.server import model_server`.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from agentstream.llm.gguf import bundled_model_path
from agentstream.settings import Settings

SERVER_API_KEY = "sk-test-server-key-0123456789"  # the key the test server demands
MODEL_ALIAS = "gemma-3-270m"
STARTUP_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class ModelServer:
    """A running OpenAI-compatible server: where it listens, what it wants, what it logged."""

    base_url: str
    api_key: str
    model: str
    log_path: Path
    startup_s: float

    def log(self) -> str:
        """Everything the server has printed so far."""
        return self.log_path.read_text(errors="replace")


def service_settings(
    server: ModelServer, data_dir: Path, demo_database: Path, **overrides: Any
) -> Settings:
    """Development-mode settings of a service whose `openai` provider is `server`, decoding
    greedily and briefly."""
    return Settings(  # type: ignore[call-arg]
        data_dir=data_dir,
        demo_database_file=demo_database,
        dev_mode=True,
        llm_provider="openai",
        llm_base_url=server.base_url,
        llm_model=server.model,
        llm_api_key=SecretStr(server.api_key),
        llm_max_tokens=24,
        llm_temperature=0.0,
        llm_timeout_s=30.0,
        _env_file=None,
        **overrides,
    )


def free_port() -> int:
    """A loopback TCP port nothing listens on (right now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def closed_port_url() -> str:
    """An OpenAI-style base URL on a loopback port nothing listens on."""
    return f"http://127.0.0.1:{free_port()}/v1"


def _wait_until_ready(process: subprocess.Popen[bytes], server: ModelServer) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    headers = {"Authorization": f"Bearer {server.api_key}"}
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the model server exited with {process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.base_url}/models", headers=headers, timeout=1).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a process we do not control; it offers no readiness event
    pytest.fail(f"the model server did not answer within {STARTUP_TIMEOUT_S} s:\n{server.log()}")


def _serve(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    *options: str,
) -> Iterator[ModelServer]:
    """`python -m llama_cpp.server` on the bundled model, 2 threads, 2048-token context, with
    more server `options`.

    It demands an API key (so tests can check keys never leak into messages) and does not
    interrupt a running generation for a new request, so a follow-up request only runs at once
    if a cancelled stream really stopped generating.
    """
    pytest.importorskip(
        "llama_cpp.server.app",
        reason="the test server needs: pip install 'llama-cpp-python[server]'",
    )
    # pytest's cache keeps the assembled model across sessions (when the cache is enabled).
    cache = getattr(request.config, "cache", None)
    cache_dir = cache.mkdir("agentstream-models") if cache else tmp_path_factory.mktemp("models")
    model = bundled_model_path(cache_dir)
    log_path = tmp_path_factory.mktemp("model-server") / "server.log"
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model), "--model_alias", MODEL_ALIAS,
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "2048", "--n_threads", "2",
        "--api_key", SERVER_API_KEY,
        "--interrupt_requests", "False",
        *options,
    ]  # fmt: skip
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    server = ModelServer(
        base_url=f"http://127.0.0.1:{port}/v1",
        api_key=SERVER_API_KEY,
        model=MODEL_ALIAS,
        log_path=log_path,
        startup_s=0.0,
    )
    try:
        _wait_until_ready(process, server)
        yield replace(server, startup_s=time.monotonic() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def model_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModelServer]:
    """The server with the model's own chat template, which has no tool format: the model
    answers in text whatever tools it is offered."""
    yield from _serve(request, tmp_path_factory)


@pytest.fixture(scope="session")
def tool_calling_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModelServer]:
    """The server with llama-cpp-python's `chatml-function-calling` format, which offers the
    model the tools in its prompt and constrains it with a grammar to call one of them or to
    write a message, and returns OpenAI-format `tool_calls`."""
    yield from _serve(request, tmp_path_factory, "--chat_format", "chatml-function-calling")
