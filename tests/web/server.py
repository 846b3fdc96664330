"""A real `agentstream serve` process on a loopback port, its log captured to a file."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass
class Server:
    """A running server: its base URL, data directory and log file."""

    url: str
    data_dir: Path
    log_path: Path

    def log(self) -> str:
        """Everything the process has logged so far."""
        return self.log_path.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(data_dir: Path, demo_database: Path, env: dict[str, str]) -> Iterator[Server]:
    """Start `agentstream serve` with AGENTSTREAM_* `env` and stop it afterwards."""
    port = _free_port()
    log_path = data_dir / "server.log"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AGENTSTREAM_")},
        "AGENTSTREAM_DATA_DIR": str(data_dir),
        "AGENTSTREAM_DEMO_DATABASE_FILE": str(demo_database),
        "AGENTSTREAM_LOG_LEVEL": "INFO",
        **env,
    }
    command = [str(Path(sys.executable).parent / "agentstream"), "serve", "--port", str(port)]
    if environment.get("AGENTSTREAM_DEV_MODE") == "true":
        command.append("--dev")
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.1)
        yield Server(url=url, data_dir=data_dir, log_path=log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
