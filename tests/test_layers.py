"""The services and their domain errors import no web framework: routes map them to HTTP."""

import subprocess
import sys

import pytest

SERVICES = [
    "agentstream.chat.service",
    "agentstream.panels.service",
    "agentstream.experts.registry",
    "agentstream.errors",
]


@pytest.mark.parametrize("module", SERVICES)
def test_a_service_imports_no_web_framework(module: str) -> None:
    # a fresh interpreter: this one has FastAPI loaded by other tests
    frameworks = "('fastapi', 'starlette')"
    probe = f"import sys, {module}; print(sorted(m for m in {frameworks} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]", f"{module} loads {loaded}"
