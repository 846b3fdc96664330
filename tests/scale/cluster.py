"""A service of several worker processes on one PostgreSQL database and one Redis, behind a
real nginx on loopback configured with the files of deploy/nginx: what production runs,
minus the containers."""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.runs.brokers import REDIS_URL, delete_prefix, redis_unreachable

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
AGENTSTREAM = Path(sys.executable).with_name("agentstream")
# Generous: three workers and nginx start on a 2-core machine shared with others.
START_TIMEOUT_S = 90.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Return once `url` answers /health/ready with 200; fail with the log if it dies."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become ready:\n{log.read_text()}")


def render_nginx(directory: Path, port: int, upstreams: list[str]) -> Path:
    """deploy/nginx's files for loopback: the upstream lists `upstreams`, nginx listens on
    `port`, and its pid and logs are in `directory`. Returns the main file."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEPLOY / "nginx" / "agentstream.conf", directory / "agentstream.conf")
    servers = "".join(f"    server {address};\n" for address in upstreams)
    (directory / "upstream.conf").write_text(
        f"upstream agentstream {{\n{servers}    keepalive 64;\n}}\n"
    )
    main = (DEPLOY / "nginx" / "nginx.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "pid /var/run/nginx.pid;": f"pid {directory}/nginx.pid;",
        "/var/log/nginx/": f"{directory}/",
    }
    for old, new in replacements.items():
        assert old in main, f"deploy/nginx/nginx.conf no longer holds {old!r}"
        main = main.replace(old, new)
    path = directory / "nginx.conf"
    path.write_text(main)
    return path


def nginx_command(config: Path, *args: str) -> list[str]:
    """nginx with `config`, its prefix (temporary files) and error log beside it."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    directory = str(config.parent)
    return [nginx, "-p", directory, "-e", f"{directory}/error.log", "-c", str(config), *args]


@dataclass
class Worker:
    """One `agentstream serve` process."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """kill -9: no shutdown handler runs, its runs are left for the others to end."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


@dataclass
class Cluster:
    """Workers A, B, C..., and nginx in front of them."""

    workers: dict[str, Worker]
    proxy: str
    nginx_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def access_log(self) -> str:
        """What nginx logged of the requests so far."""
        return (self.nginx_dir / "access.log").read_text()


def _start_worker(name: str, env: dict[str, str], directory: Path, dev: bool) -> Worker:
    port = free_port()
    log = directory / f"worker-{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(AGENTSTREAM), "serve", *(["--dev"] if dev else []), "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Worker(name, f"http://127.0.0.1:{port}", process, log)


@contextmanager
def cluster(
    directory: Path,
    database_url: str,
    broker_url: str,
    prefix: str,
    names: str = "ABC",
    dev: bool = True,
    **extra: str,
) -> Iterator[Cluster]:
    """Start the workers (in turn: the first migrates), then nginx; stop everything after.
    Outside development mode (`dev=False`) requests need an API key and `extra` must hold
    AGENTSTREAM_SECRET_KEY."""
    env = {
        **os.environ,
        "AGENTSTREAM_DATABASE_URL": database_url,
        "AGENTSTREAM_BROKER_URL": broker_url,
        "AGENTSTREAM_BROKER_PREFIX": prefix,
        "AGENTSTREAM_DATA_DIR": str(directory / "data"),
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
        **extra,
    }
    workers: dict[str, Worker] = {}
    nginx: subprocess.Popen[bytes] | None = None
    try:
        for name in names:
            worker = workers[name] = _start_worker(name, env, directory, dev)
            wait_until_ready(worker.url, worker.process, worker.log)
        port = free_port()
        config = render_nginx(
            directory / "nginx", port, [w.url.removeprefix("http://") for w in workers.values()]
        )
        nginx_log = directory / "nginx" / "stderr.log"
        with nginx_log.open("wb") as output:
            nginx = subprocess.Popen(
                nginx_command(config, "-g", "daemon off;"), stdout=output, stderr=subprocess.STDOUT
            )
        wait_until_ready(f"http://127.0.0.1:{port}", nginx, nginx_log)
        yield Cluster(workers, f"http://127.0.0.1:{port}", config.parent, env)
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(10)
        for worker in workers.values():
            if worker.process.poll() is None:
                worker.process.terminate()
        for worker in workers.values():
            try:
                worker.process.wait(30)
            except subprocess.TimeoutExpired:
                worker.process.kill()


@contextmanager
def on_shared_redis(
    directory: Path, database_url: str, names: str = "ABC", **extra: str
) -> Iterator[Cluster]:
    """A cluster on the machine's Redis, under a key prefix of its own that is deleted after;
    the test is skipped, with the reason, when that Redis does not answer."""
    reason = asyncio.run(redis_unreachable())
    if reason:
        pytest.skip(reason)
    prefix = f"agentstream-test-{uuid.uuid4().hex[:12]}"
    try:
        with cluster(directory, database_url, REDIS_URL, prefix, names, **extra) as running:
            yield running
    finally:
        asyncio.run(delete_prefix(prefix))
