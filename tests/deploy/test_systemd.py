"""deploy/systemd, the recipe for a plain host: the units as systemd reads them
(`systemd-analyze`), their command lines against the real CLI, and the example environment
file against the real settings."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from pydantic import ValidationError
from typer.core import TyperGroup

from agentstream.cli import app
from agentstream.settings import Settings
from tests.scale.cluster import DEPLOY

SYSTEMD = DEPLOY / "systemd"
UNITS = ("agentstream@.service", "agentstream-migrate.service")
ENV_FILE = SYSTEMD / "agentstream.env"
README = DEPLOY.parent / "README.md"
# Where the README installs things; rendered to this test's own paths for systemd-analyze,
# which refuses a unit whose executable does not exist.
INSTALLED_AGENTSTREAM = "/opt/agentstream/venv/bin/agentstream"
INSTALLED_ENV_FILE = "/etc/agentstream/agentstream.env"
INSTANCE = "8001"

requires_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)

Unit = dict[str, list[tuple[str, str]]]


def read_unit(text: str) -> Unit:
    """A unit file's sections, each with its assignments in order (systemd allows a key
    more than once, e.g. Environment=)."""
    sections: Unit = {}
    section: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = sections.setdefault(line[1:-1], [])
            continue
        assert not line.endswith("\\"), "continued lines are not read by this test"
        key, _, value = line.partition("=")
        section.append((key.strip(), value.strip()))
    return sections


def values(unit: Unit, section: str, key: str) -> list[str]:
    """Every value `key` is given in `section`."""
    return [value for name, value in unit.get(section, []) if name == key]


_ASSIGNMENT = re.compile(r"(?P<name>[A-Za-z_]\w*)=(?P<value>.*)")
_COMMENTED_ASSIGNMENT = re.compile(r"#\s*(?P<name>AGENTSTREAM_\w+)=")


def read_environment_file(text: str) -> dict[str, str]:
    """An EnvironmentFile= as systemd reads it, limited to lines that every reader (systemd,
    a shell, python-dotenv) reads the same way: NAME=plain or NAME='quoted', NAME="quoted"."""
    environment: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        match = _ASSIGNMENT.fullmatch(line)
        if match is None:
            raise ValueError(f"line {number}: not NAME=value: {line!r}")
        value = match["value"]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            quote, value = value[0], value[1:-1]
            plain = "\\" not in value and quote not in value
        else:
            plain = not re.search(r"[\s'\"\\$]", value)
        if not plain:
            raise ValueError(f"line {number}: a value systemd and a shell read differently")
        environment[match["name"]] = value
    return environment


def documented_names(text: str) -> set[str]:
    """The variables an environment file sets, and those it shows commented out."""
    matches = map(_COMMENTED_ASSIGNMENT.match, text.splitlines())
    commented = {match["name"] for match in matches if match is not None}
    return set(read_environment_file(text)) | commented


def unknown_settings(names: set[str]) -> set[str]:
    """The AGENTSTREAM_* names among `names` that are no field of Settings."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    return {
        name
        for name in names
        if name.startswith(prefix)
        and name.removeprefix(prefix).lower() not in Settings.model_fields
    }


def unit_environment(unit: Unit, environment_file: dict[str, str]) -> dict[str, str]:
    """What the unit's processes see: Environment=, overridden by the EnvironmentFile=."""
    environment = dict(
        assignment.split("=", 1)
        for value in values(unit, "Service", "Environment")
        for assignment in shlex.split(value)
    )
    return environment | environment_file


def command_line(exec_start: str, environment: dict[str, str]) -> list[str]:
    """An ExecStart= as systemd runs it in instance INSTANCE: %i and ${NAME} replaced."""
    missing = set(re.findall(r"\$\{(\w+)\}", exec_start)) - set(environment)
    if missing:
        raise KeyError(f"{exec_start!r} uses {sorted(missing)}, which nothing defines")
    expanded = re.sub(r"\$\{(\w+)\}", lambda match: environment[match[1]], exec_start)
    return shlex.split(expanded.replace("%i", INSTANCE))


def cli_refusal(arguments: list[str]) -> str | None:
    """Why the CLI refuses `agentstream ARGUMENTS` (a command, an option or a value it does
    not take), parsed as it would parse them; None when it accepts them."""
    command = typer.main.get_command(app)
    name = "agentstream"
    rest = list(arguments)
    while isinstance(command, TyperGroup):
        if not rest or rest[0] not in command.commands:
            return f"no such command: {rest[:1]}"
        name = rest.pop(0)
        command = command.commands[name]
    try:
        command.make_context(name, rest)
    except Exception as error:  # click's UsageError, which typer vendors and does not export
        return f"{type(error).__name__}: {error}"
    return None


def _unit(name: str) -> Unit:
    return read_unit((SYSTEMD / name).read_text())


def _environment_file() -> dict[str, str]:
    return read_environment_file(ENV_FILE.read_text())


def render_units(directory: Path) -> Path:
    """The units with this test's venv and environment file; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    agentstream = Path(sys.executable).with_name("agentstream")
    shutil.copy(ENV_FILE, directory / "agentstream.env")
    for name in UNITS:
        text = (SYSTEMD / name).read_text()
        for installed, here in (
            (INSTALLED_AGENTSTREAM, str(agentstream)),
            (INSTALLED_ENV_FILE, str(directory / "agentstream.env")),
        ):
            assert installed in text, f"{name} no longer holds {installed!r}"
            text = text.replace(installed, here)
        (directory / name).write_text(text)
    return directory


def _verify(directory: Path) -> tuple[int, list[str]]:
    """systemd-analyze verify of the migrate unit and one worker instance: its exit code and
    what it said about them (it only warns, exit code 0, about an unknown key)."""
    instance = directory / f"agentstream@{INSTANCE}.service"
    checked = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            str(directory / "agentstream-migrate.service"),
            str(instance),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    complaints = [line for line in checked.stderr.splitlines() if "agentstream" in line]
    return checked.returncode, complaints


@requires_systemd_analyze
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    directory = render_units(tmp_path / "units")
    assert _verify(directory) == (0, [])
    # The check can fail: a misspelt key, an executable that is not there.
    worker = directory / "agentstream@.service"
    good = worker.read_text()
    worker.write_text(good.replace("TimeoutStopSec=", "TimeoutStopSecs="))
    assert any("TimeoutStopSecs" in line for line in _verify(directory)[1])
    worker.write_text(good.replace(str(Path(sys.executable).parent), "/nonexistent/bin"))
    assert _verify(directory)[0] != 0


def _exposure_ok(unit: Path) -> bool:
    """Whether systemd rates the unit's confinement OK (exposure under 5 of 10)."""
    checked = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--threshold=50", str(unit)],
        capture_output=True,
        text=True,
        check=False,
    )
    return checked.returncode == 0


@requires_systemd_analyze
def test_the_units_are_confined(tmp_path: Path) -> None:
    directory = render_units(tmp_path / "units")
    assert _exposure_ok(directory / "agentstream-migrate.service")
    assert _exposure_ok(directory / f"agentstream@{INSTANCE}.service")
    # Without its hardening the worker's unit is rated worse.
    worker = directory / "agentstream@.service"
    hardening = re.compile(r"^(NoNewPrivileges|Protect\w+|Private\w+|Restrict\w+|Capability\w+)=")
    lines = [line for line in worker.read_text().splitlines() if not hardening.match(line)]
    worker.write_text("\n".join(lines) + "\n")
    assert not _exposure_ok(directory / f"agentstream@{INSTANCE}.service")


def test_the_units_run_commands_the_cli_has() -> None:
    environment_file = _environment_file()
    for name in UNITS:
        unit = _unit(name)
        (exec_start,) = values(unit, "Service", "ExecStart")
        arguments = command_line(exec_start, unit_environment(unit, environment_file))
        assert arguments[0] == INSTALLED_AGENTSTREAM
        assert cli_refusal(arguments[1:]) is None, exec_start
    # The check can fail: an option serve does not have, a command that does not exist, a
    # variable nothing defines.
    assert "No such option: --worker" in str(cli_refusal(["serve", "--port", "1", "--worker", "2"]))
    assert "not in the range" in str(cli_refusal(["serve", "--workers", "0"]))
    assert cli_refusal(["migrat"]) is not None
    with pytest.raises(KeyError, match="THREADS"):
        command_line("agentstream serve --workers ${THREADS}", {"WORKERS": "2"})


def test_the_workers_start_on_a_migrated_database() -> None:
    worker = _unit("agentstream@.service")
    assert "agentstream-migrate.service" in values(worker, "Unit", "Requires")[0].split()
    assert "agentstream-migrate.service" in values(worker, "Unit", "After")[0].split()
    migrate = _unit("agentstream-migrate.service")
    assert values(migrate, "Service", "Type") == ["oneshot"]
    # Both run as the same user on the same settings and data dir.
    for key in ("User", "EnvironmentFile", "StateDirectory"):
        assert values(migrate, "Service", key) == values(worker, "Service", key), key


def test_the_example_environment_sets_only_real_settings() -> None:
    text = ENV_FILE.read_text()
    names = documented_names(text)
    assert unknown_settings(names) == set()
    # Its other names are the units' own variables.
    units = "".join((SYSTEMD / name).read_text() for name in UNITS)
    for name in {name for name in names if not name.startswith("AGENTSTREAM_")}:
        assert f"${{{name}}}" in units, f"{name} is used by no unit"
    # The check can fail: a misspelt setting, shown commented out or set.
    assert unknown_settings(documented_names("#   AGENTSTREAM_LLM_MODLE=x\n")) == {
        "AGENTSTREAM_LLM_MODLE"
    }
    assert unknown_settings(documented_names("AGENTSTREAM_RUN_LEASE=30\n")) == {
        "AGENTSTREAM_RUN_LEASE"
    }


def test_the_example_environment_names_every_setting_of_the_production_section() -> None:
    readme = README.read_text()
    start = readme.index("## Production: several workers behind a proxy")
    section = readme[start : readme.index("\n## ", start + 1)]
    named = set(re.findall(r"AGENTSTREAM_[A-Z_]+[A-Z]", section))
    assert named, "the README's production section names no setting"
    assert named - documented_names(ENV_FILE.read_text()) == set()


def test_the_example_environment_starts_a_worker_once_the_secret_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    environment = _environment_file()
    for name in [name for name in os.environ if name.startswith("AGENTSTREAM_")]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # As shipped, the secret key is empty: the workers refuse to start.
    with pytest.raises(ValidationError, match="secret_key"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("AGENTSTREAM_SECRET_KEY", "k" * 43)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.broker_url is not None and settings.broker_url.startswith("redis://")
    assert settings.resolved_database_url.startswith("postgresql+asyncpg://")
    assert settings.data_dir.is_absolute()
    assert int(environment["WORKERS"]) > 1


def _seconds(timespan: str) -> float:
    """A systemd time span of the forms the units use: 30, 30s, 2min, 1min 30s."""
    units = {"": 1, "s": 1, "sec": 1, "min": 60}
    parts = re.findall(r"(\d+)\s*(min|sec|s|)\s*", timespan)
    assert "".join(number + unit for number, unit in parts) == timespan.replace(" ", "")
    return sum(int(number) * units[unit] for number, unit in parts)


def stop_margin_s(unit: Unit, environment: dict[str, str]) -> float:
    """How long systemd waits past the time a stopping worker may take to end its runs."""
    drain = environment.get("AGENTSTREAM_SHUTDOWN_DRAIN_S")
    settings = Settings.model_construct(
        **({} if drain is None else {"shutdown_drain_s": float(drain)})
    )
    (timeout,) = values(unit, "Service", "TimeoutStopSec")
    return _seconds(timeout) - settings.shutdown_timeout_s


def test_systemd_waits_for_the_drain_before_killing_a_worker() -> None:
    worker = _unit("agentstream@.service")
    assert values(worker, "Service", "KillSignal") == ["SIGTERM"]
    assert values(worker, "Service", "Restart") == ["on-failure"]
    assert stop_margin_s(worker, _environment_file()) > 0
    # The check can fail: a drain raised without the stop timeout.
    assert stop_margin_s(worker, {"AGENTSTREAM_SHUTDOWN_DRAIN_S": "30"}) <= 0
