"""The llama.cpp engine shared by the `local` provider: one loaded model per process.

A llama.cpp context holds a single KV cache and sampler, so a lock gives it to one generation
at a time; concurrent runs queue and are served in turn.
"""

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agentstream.llm.gguf import ModelUnavailable

if TYPE_CHECKING:
    from llama_cpp import Llama

# A loop the repeat penalty did not prevent: the same cycle of up to 12 tokens repeated over
# at least 24 tokens (and at least 3 times).
_LOOP_MAX_PERIOD = 12
_LOOP_MIN_SPAN = 24
# How many recent tokens a loop check needs to look at.
LOOP_WINDOW = 3 * _LOOP_MAX_PERIOD


@dataclass
class SharedLlama:
    """One loaded model and the lock that gives its single context to one generation at a time."""

    llama: "Llama"
    lock: threading.Lock = field(default_factory=threading.Lock)
    tokens_generated: int = 0  # tokens sampled since load, over all generations

    def wait_idle(self, timeout_s: float = -1) -> bool:
        """Block until no generation holds the model (True), or until the timeout (False)."""
        if not self.lock.acquire(timeout=timeout_s):
            return False
        self.lock.release()
        return True


_shared: dict[tuple[Path, int, int], SharedLlama] = {}
_shared_lock = threading.Lock()


def shared_llama(model_path: Path, n_ctx: int, n_threads: int) -> SharedLlama:
    """The process's model for these parameters, loaded on first use (blocking: call it off
    the event loop)."""
    key = (model_path.resolve(), n_ctx, n_threads)
    # Held while loading, so concurrent first requests load the file once.
    with _shared_lock:
        if key not in _shared:
            from llama_cpp import Llama

            try:
                llama = Llama(
                    model_path=str(key[0]), n_ctx=n_ctx, n_threads=n_threads, verbose=False
                )
            except ValueError as error:  # what llama-cpp-python raises for an unreadable file
                raise ModelUnavailable(f"llama.cpp could not load {key[0]}: {error}") from error
            _shared[key] = SharedLlama(llama)
        return _shared[key]


def is_looping(tokens: list[int]) -> bool:
    """Whether `tokens` end in one short cycle repeated over a long span (a runaway loop)."""
    for period in range(1, _LOOP_MAX_PERIOD + 1):
        span = max(3 * period, -(-_LOOP_MIN_SPAN // period) * period)
        if len(tokens) < span:
            continue
        tail = tokens[-span:]
        if all(tail[i] == tail[i % period] for i in range(period, span)):
            return True
    return False
