"""How often work in progress is saved while it streams (a chat answer, an expert turn), so
that a worker that dies keeps most of it: one cadence for every kind of run."""

import time

# Pieces streamed, and seconds, between two saves, whichever comes first: a save costs one
# small transaction, so a fast model saves by count and a slow one by time.
CHECKPOINT_TOKENS = 200
CHECKPOINT_S = 3.0


class CheckpointClock:
    """When the text streamed so far is due to be saved again."""

    def __init__(self) -> None:
        self._saved_count = 0
        self._saved_at = time.monotonic()

    def due(self, count: int) -> bool:
        """Whether `count` pieces streamed call for a save (see `CHECKPOINT_TOKENS`)."""
        return (
            count - self._saved_count >= CHECKPOINT_TOKENS
            or time.monotonic() - self._saved_at >= CHECKPOINT_S
        )

    def saved(self, count: int) -> None:
        """A save of the first `count` pieces is under way."""
        self._saved_count, self._saved_at = count, time.monotonic()
