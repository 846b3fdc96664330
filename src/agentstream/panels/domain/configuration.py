"""Panel configuration: how many rounds, the stop rule's settings, and who holds which role."""

from collections.abc import Mapping
from dataclasses import dataclass, fields

from agentstream.panels.consensus import DEFAULT_STOP_RULE


@dataclass(frozen=True, slots=True)
class PanelConfiguration:
    """How a panel runs and when it stops; validated on construction."""

    max_rounds: int = DEFAULT_STOP_RULE.max_rounds
    consensus_threshold: float = DEFAULT_STOP_RULE.consensus_threshold
    stability_rounds: int = DEFAULT_STOP_RULE.stability_rounds
    stability_tolerance: float = DEFAULT_STOP_RULE.stability_tolerance
    moderator_id: str | None = None
    chair_id: str | None = None
    devil_advocate_id: str | None = None
    # The answers the panel chooses between; empty: the question is a proposition.
    options: tuple[str, ...] = ()
    # With no options, what a stance supports or opposes (framed before round 1 when the
    # request gives none); None: the question as asked.
    proposition: str | None = None

    def __post_init__(self) -> None:
        _check_range("max_rounds", self.max_rounds, 1, 10)
        _check_range("consensus_threshold", self.consensus_threshold, 0.5, 1.0)
        _check_range("stability_rounds", self.stability_rounds, 1, 10)
        _check_range("stability_tolerance", self.stability_tolerance, 0.0, 0.5)
        for name in ROLE_FIELDS:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError(f"{name} must be a non-empty agent id")
        if self.options:
            if not MIN_OPTIONS <= len(self.options) <= MAX_OPTIONS:
                raise ValueError(f"options must list {MIN_OPTIONS} to {MAX_OPTIONS} answers")
            if any(not option.strip() or len(option) > MAX_OPTION_CHARS for option in self.options):
                raise ValueError(
                    f"options must be non-empty texts of at most {MAX_OPTION_CHARS} characters"
                )
            if len({option.strip().casefold() for option in self.options}) != len(self.options):
                raise ValueError("options must be distinct")
        if self.proposition is not None and (
            not self.proposition.strip() or len(self.proposition) > MAX_PROPOSITION_CHARS
        ):
            raise ValueError(
                f"proposition must be a non-empty text of at most {MAX_PROPOSITION_CHARS} "
                "characters"
            )
        if self.options and self.proposition is not None:
            raise ValueError(
                "proposition must be null when options are given: a panel votes on options "
                "or on a proposition"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> "PanelConfiguration":
        """Build from a request's `configuration` object; ValueError names the bad field."""
        data = data or {}
        defaults = cls()
        allowed = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise ValueError(
                f"Unknown configuration field(s): {', '.join(unknown)}; "
                f"allowed: {', '.join(allowed)}"
            )
        return cls(
            max_rounds=_integer(data, "max_rounds", defaults.max_rounds),
            consensus_threshold=_real(data, "consensus_threshold", defaults.consensus_threshold),
            stability_rounds=_integer(data, "stability_rounds", defaults.stability_rounds),
            stability_tolerance=_real(data, "stability_tolerance", defaults.stability_tolerance),
            moderator_id=_text(data, "moderator_id"),
            chair_id=_text(data, "chair_id"),
            devil_advocate_id=_text(data, "devil_advocate_id"),
            options=_options(data),
            proposition=_text(data, "proposition"),
        )

    def to_dict(self) -> dict[str, object]:
        """Every setting, JSON-ready."""
        return {
            f.name: list(value) if isinstance(value := getattr(self, f.name), tuple) else value
            for f in fields(self)
        }


ROLE_FIELDS = ("moderator_id", "chair_id", "devil_advocate_id")
MIN_OPTIONS = 2
MAX_OPTIONS = 10
MAX_OPTION_CHARS = 200
MAX_PROPOSITION_CHARS = 2000


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high} (got {value})")


def _integer(data: Mapping[str, object], name: str, default: int) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer")
    return value


def _real(data: Mapping[str, object], name: str, default: float) -> float:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number")
    return float(value)


def _text(data: Mapping[str, object], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    return value


def _options(data: Mapping[str, object]) -> tuple[str, ...]:
    value = data.get("options")
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ValueError("options must be a list of texts")
    return tuple(item.strip() for item in value)
