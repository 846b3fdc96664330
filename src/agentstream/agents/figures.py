"""A model phrasing a checked answer may state only figures the data and documents gave it.

Text streams as the model writes it; a sentence with a figure is held until it ends and passes
only if each of its figures is one of the facts' ("10 active technicians: 4 are on call" does not
when the facts count no one on call). The first sentence that fails ends the model's answer.
"""

import re
from collections.abc import Iterable
from decimal import Decimal

# A number standing on its own ("47.69", "2,044", "10%"), not a digit inside a word ("token12").
_FIGURE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?!\w)")
# The end of a sentence or a line, seen once what follows it arrived ("47." may go on as "47.69").
_SENTENCE_END = re.compile(r"[.!?:;]\s|\n")


def figures(text: str, start: int = 0) -> set[str]:
    """The numbers written in `text` from `start` on (what comes before only tells whether a
    digit begins a number), as plain decimals ("2,044.50" is "2044.5")."""
    return {
        format(Decimal(written.replace(",", "")).normalize(), "f")
        for written in _FIGURE.findall(text, start)
    }


class FigureGate:
    """Passes the model's text pieces on, holding a sentence with a figure until it ends."""

    def __init__(self, facts: str) -> None:
        self._allowed = figures(facts)
        self._held: list[str] = []
        # The last character shown: whether a piece's digits begin a number depends on it.
        self._before = " "
        self.failed = False

    def feed(self, pieces: Iterable[str]) -> list[str]:
        """The pieces that may be shown now; none once a sentence failed (see `failed`)."""
        shown: list[str] = []
        for piece in pieces:
            if self.failed:
                break
            if not self._held and not _FIGURE.search(self._before + piece, 1):
                shown.append(piece)
                self._before = piece[-1:] or self._before
                continue
            self._held.append(piece)
            if _SENTENCE_END.search("".join(self._held)):
                shown += self._release()
        return shown

    def flush(self) -> list[str]:
        """What is still held, when the model has finished."""
        return self._release() if self._held else []

    def _release(self) -> list[str]:
        held, self._held = self._held, []
        text = "".join(held)
        if figures(self._before + text, 1) - self._allowed:
            self.failed = True
            return []
        self._before = text[-1:] or self._before
        return held
