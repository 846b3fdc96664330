"""Builds the configured chat model once per process; agents never know which provider it is."""

from langchain_core.language_models import BaseChatModel

from agentstream.llm.offline import OfflineChatModel
from agentstream.llm.scripted import ScriptedChatModel
from agentstream.settings import Settings


def create_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model selected by `AGENTSTREAM_LLM_PROVIDER` (errors say what to fix)."""
    if settings.llm_provider == "scripted":
        return ScriptedChatModel(
            text=settings.scripted_text,
            tokens=settings.scripted_tokens,
            token_delay_s=settings.scripted_token_delay_ms / 1000,
        )
    if settings.llm_provider == "local":
        # Imported here: llama.cpp is an optional extra (pip install agentstream[local]).
        from agentstream.llm.local import create_local_model

        return create_local_model(settings)
    if settings.llm_provider == "openai":
        from agentstream.llm.openai_compat import create_openai_model

        return create_openai_model(settings)
    return OfflineChatModel()
