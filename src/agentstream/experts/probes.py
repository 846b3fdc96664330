"""How an offline expert answers a devil's advocate's probe of the figures or advice it gave
(`AnswerKind.probes`: "whether they are figures for our case or only for the typical one"):
what each statement it quoted is, read from its own words. A limit ("no more than 12
overtime hours a week") holds in every case; a figure given as typical ("a typical 510(k) is
cleared 4 to 6 months after submission") is the usual case's, not one measured for ours; a
rule for a case ("when …") holds in the case it names; a view is the expert's own
preference. The answer says that of each statement, by its source, and what it comes to for
the probe."""

import re
from collections.abc import Sequence
from enum import Enum

from agentstream.experts.figures import MONEY
from agentstream.experts.polarity import cases, states_view
from agentstream.quantities import figures


class Nature(Enum):
    """What a quoted statement is, as the probes ask it."""

    LIMIT = "a limit that holds in every case"
    TYPICAL = "given as the typical case, not measured for ours"
    CASE = "a rule for the case it names"
    VIEW = "my own preference, not a rule"
    STATED = "stated without a case or a limit"


_LIMIT = re.compile(
    r"\b(?:must|at most|at least|no more than|up to|never|required?|cap(?:ped)?|policy|"
    r"limits?)\b",
    re.IGNORECASE,
)
_TYPICAL = re.compile(
    r"\b(?:typical(?:ly)?|usual(?:ly)?|often|most|about|around|average|roughly|generally|"
    r"rarely|commonly)\b",
    re.IGNORECASE,
)


def nature(statement: str) -> Nature:
    """What a statement is: a limit, a typical figure, a rule for a case, a view, or none."""
    if _LIMIT.search(statement):
        return Nature.LIMIT
    if cases(statement) is not None:
        return Nature.CASE
    if _TYPICAL.search(statement):
        return Nature.TYPICAL
    if states_view(statement):
        return Nature.VIEW
    return Nature.STATED


def _each(quoted: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"[{source}] is {nature(statement).value}" for source, statement in quoted)


def answer_to_probe(probe: str, quoted: Sequence[tuple[str, str]], probes: Sequence[str]) -> str:
    """The answer to `probe`, one of a kind's `probes` in order, from the statements the
    expert `quoted`; empty when it quoted none or the probe is not one of them."""
    if not quoted or probe not in probes:
        return ""
    natures = {nature(statement) for _, statement in quoted}
    which = probes.index(probe)
    if which == 2 and probe.startswith("what following it would cost"):
        costed = [source for source, statement in quoted if MONEY.search(statement)]
        return (
            f"what it costs is stated in {', '.join(f'[{s}]' for s in costed)}"
            if costed
            else "my documents state no cost of following it, so that stays open"
        ) + f" ({_each(quoted)})."
    if which == 0:
        ours = (
            "so what I gave is the usual case's, not one measured for ours"
            if Nature.TYPICAL in natures
            else "so what I gave holds for our case as far as our case is the one it names"
        )
        return f"{_each(quoted)}; {ours}."
    if which == 1 and any(figures(statement) for _, statement in quoted):
        moving = [s for s, statement in quoted if nature(statement) is not Nature.LIMIT]
        kept = [s for s, statement in quoted if nature(statement) is Nature.LIMIT]
        parts = []
        if moving:
            parts.append(f"{', '.join(f'[{s}]' for s in moving)} would change with our case")
        if kept:
            parts.append(f"{', '.join(f'[{s}]' for s in kept)} would not, a limit stays")
        return f"{'; '.join(parts)} ({_each(quoted)})."
    return f"{_each(quoted)}."
