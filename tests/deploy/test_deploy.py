"""What deploy/ holds, checked with what this machine has: the compose file against the
compose-spec JSON schema, the nginx configuration with nginx itself."""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from agentstream.settings import Settings
from agentstream.tenancy.stream_tokens import signer_for
from tests.scale.cluster import DEPLOY, nginx_command, render_nginx

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def _check_compose(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_compose_file_follows_the_compose_spec(tmp_path: Path) -> None:
    checked = _check_compose(DEPLOY / "compose.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The check can fail: a service with a misspelt key does not pass.
    broken = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    broken["services"]["api"]["replica"] = 2
    (tmp_path / "compose.yaml").write_text(yaml.safe_dump(broken))
    assert _check_compose(tmp_path / "compose.yaml").returncode != 0


def test_the_compose_file_runs_the_service_as_the_readme_says() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "migrate", "api", "nginx"}
    api = services["api"]
    assert api["environment"]["AGENTSTREAM_BROKER_URL"].startswith("redis://")
    assert api["environment"]["AGENTSTREAM_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["agentstream", "migrate"]
    for mount in services["nginx"]["volumes"]:
        assert (DEPLOY / mount.split(":")[0]).is_file(), mount
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "agentstream serve --host 0.0.0.0 --port 8000 --workers" in dockerfile


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    config = render_nginx(tmp_path, 8080, ["127.0.0.1:8000", "127.0.0.1:8001"])
    checked = subprocess.run(nginx_command(config, "-t"), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
    # nginx -t can fail: a directive it does not know is refused.
    (tmp_path / "agentstream.conf").write_text("proxy_bufering off;\n")
    assert subprocess.run(nginx_command(config, "-t"), capture_output=True).returncode != 0


DEBIAN_NGINX_CONF = Path("/etc/nginx/nginx.conf")
DEBIAN_SITES = "include /etc/nginx/sites-enabled/*;"


def render_debian_site(directory: Path) -> Path:
    """Debian's own nginx.conf with deploy/nginx/host.conf as its only site, installed as the
    README says (host.conf in sites-enabled/, agentstream.conf in snippets/), pid and logs in
    `directory`. Returns the main file."""
    (directory / "sites-enabled").mkdir(parents=True)
    (directory / "snippets").mkdir()
    shutil.copy(DEPLOY / "nginx" / "agentstream.conf", directory / "snippets" / "agentstream.conf")
    site = (DEPLOY / "nginx" / "host.conf").read_text()
    assert "/var/log/nginx/" in site
    (directory / "sites-enabled" / "agentstream").write_text(
        site.replace("/var/log/nginx/", f"{directory}/")
    )
    main = DEBIAN_NGINX_CONF.read_text()
    for old, new in {
        DEBIAN_SITES: f"include {directory}/sites-enabled/*;",
        "pid /run/nginx.pid;": f"pid {directory}/nginx.pid;",
        "/var/log/nginx/": f"{directory}/",
    }.items():
        assert old in main, f"{DEBIAN_NGINX_CONF} no longer holds {old!r}"
        main = main.replace(old, new)
    path = directory / "nginx.conf"
    path.write_text(main)
    return path


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
@pytest.mark.skipif(
    not DEBIAN_NGINX_CONF.is_file() or DEBIAN_SITES not in DEBIAN_NGINX_CONF.read_text(),
    reason="not Debian's nginx: no /etc/nginx/nginx.conf including sites-enabled/",
)
def test_debian_nginx_accepts_the_plain_host_site(tmp_path: Path) -> None:
    config = render_debian_site(tmp_path)
    checked = subprocess.run(nginx_command(config, "-t"), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
    # nginx -t can fail: a directive it does not know, in the shared SSE settings, is refused.
    (tmp_path / "snippets" / "agentstream.conf").write_text("proxy_bufering off;\n")
    assert subprocess.run(nginx_command(config, "-t"), capture_output=True).returncode != 0


def test_the_plain_host_site_reuses_the_proxy_settings() -> None:
    site = (DEPLOY / "nginx" / "host.conf").read_text()
    assert "include snippets/agentstream.conf;" in site
    # The SSE settings live in agentstream.conf only.
    assert "proxy_" not in re.sub(r"#.*", "", site)
    upstream = site[site.index("upstream agentstream {") : site.index("}")]
    assert re.findall(r"server (\S+);", upstream) == ["127.0.0.1:8001", "127.0.0.1:8002"]


def _log_format(config: str) -> str:
    """The log_format directive of an nginx file, its white space normalised."""
    start = config.index("log_format")
    return " ".join(config[start : config.index(";", start)].split())


def test_the_proxy_streams_events_unbuffered_and_keeps_tokens_out_of_its_log() -> None:
    proxy = (DEPLOY / "nginx" / "agentstream.conf").read_text()
    for directive in ("proxy_buffering off;", "proxy_read_timeout 1h;", "proxy_http_version 1.1;"):
        assert directive in proxy
    log_format = _log_format((DEPLOY / "nginx" / "nginx.conf").read_text())
    assert "$uri" in log_format
    assert "$request " not in log_format and "$args" not in log_format
    assert "$request_uri" not in log_format
    # The plain host's site logs the same way (it cannot include nginx.conf's http block).
    assert _log_format((DEPLOY / "nginx" / "host.conf").read_text()) == log_format


# Compose's interpolation: ${NAME}, ${NAME:-default} (unset or empty), ${NAME:?error}.
_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?::(?P<kind>[-?])(?P<arg>[^}]*))?\}")


def _interpolate(value: str, environ: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name, kind, arg = match["name"], match["kind"], match["arg"]
        if environ.get(name):
            return environ[name]
        if kind == "?":
            raise ValueError(f"{name}: {arg}")
        return arg if kind == "-" else ""

    return _VARIABLE.sub(one, value)


def _api_environment(environ: dict[str, str]) -> dict[str, str]:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return {
        name: _interpolate(str(value), environ)
        for name, value in compose["services"]["api"]["environment"].items()
    }


def test_the_compose_file_requires_the_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="AGENTSTREAM_SECRET_KEY: set AGENTSTREAM_SECRET_KEY"):
        _api_environment({})
    secret = secrets.token_urlsafe(32)
    environment = _api_environment({"AGENTSTREAM_SECRET_KEY": secret})
    # The workers' settings, read from that environment, are complete: serve starts with them.
    for name in [name for name in os.environ if name.startswith("AGENTSTREAM_")]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.secret_key is not None and settings.secret_key.get_secret_value() == secret
    signer_for(settings)
