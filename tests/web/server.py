"""A real `agentstream serve` process on a loopback port, its log captured to a file (started
and awaited as the scale tests' workers are)."""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.scale.cluster import AGENTSTREAM, free_port, wait_until_ready


@dataclass
class Server:
    """A running server: its base URL, data directory, log file and process."""

    url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        """Everything the process has logged so far."""
        return self.log_path.read_text(errors="replace")


@contextmanager
def running_server(data_dir: Path, demo_database: Path, env: dict[str, str]) -> Iterator[Server]:
    """Start `agentstream serve` with AGENTSTREAM_* `env` and stop it afterwards."""
    port = free_port()
    log_path = data_dir / "server.log"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AGENTSTREAM_")},
        "AGENTSTREAM_DATA_DIR": str(data_dir),
        "AGENTSTREAM_DEMO_DATABASE_FILE": str(demo_database),
        "AGENTSTREAM_LOG_LEVEL": "INFO",
        **env,
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(AGENTSTREAM), "serve", "--port", str(port)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, process, log_path)
        yield Server(url=url, data_dir=data_dir, log_path=log_path, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def create_panel(url: str, headers: dict[str, str] | None = None, **body: object) -> str:
    """Convene a panel on the server at `url` over the API; its id."""
    async with httpx.AsyncClient(base_url=url, headers=headers) as client:
        created = await client.post("/api/v1/panels", json=body)
    assert created.status_code == 201, created.text
    panel_id: str = created.json()["panel_id"]
    return panel_id
