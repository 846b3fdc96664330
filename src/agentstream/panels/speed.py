"""How long an expert turn takes with this service's model, measured as panels run."""

from dataclasses import dataclass

from agentstream.settings import Settings

# Weight of the newest measurement in the running average.
SMOOTHING = 0.2
# Before a neural model's first turn is measured: a full reply at a small model's pace on a
# modest CPU (tokens per second).
ASSUMED_TOKENS_PER_SECOND = 30.0
# The offline engine composes a turn in well under this.
OFFLINE_SECONDS_PER_TURN = 0.01


def prior_seconds_per_turn(settings: Settings) -> float:
    """What a turn takes with the configured provider, until one has been measured."""
    if settings.llm_provider == "offline":
        return OFFLINE_SECONDS_PER_TURN
    if settings.llm_provider == "scripted":
        return settings.scripted_tokens * settings.scripted_token_delay_ms / 1000
    return settings.llm_max_tokens / ASSUMED_TOKENS_PER_SECOND


@dataclass
class SpeedMeter:
    """The running average of measured turn durations, starting from a prior estimate of the
    provider's speed until the first turn has been measured."""

    prior_seconds_per_turn: float = 8.0
    measured: float | None = None
    turns: int = 0

    def add(self, seconds: float) -> None:
        """Record one turn's duration."""
        self.turns += 1
        if self.measured is None:
            self.measured = seconds
        else:
            self.measured += SMOOTHING * (seconds - self.measured)

    @property
    def seconds_per_turn(self) -> float:
        """The measured average once there is one, else the prior."""
        return self.prior_seconds_per_turn if self.measured is None else self.measured
