"""How an offline expert answers a question that is answered, not voted on: one that asks for
figures (`experts.figures`) or what to do (`experts.advice`). Both quote what the expert's
documents state, cited, with no side; the turns, the synthesis and the recommendation say
which of the two the question asks for in the words of its kind."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agentstream.deliberation.advice import asks_how
from agentstream.deliberation.figures import asks_for_figures
from agentstream.deliberation.position import Position
from agentstream.experts.advice import (
    ADVICE_PER_TURN,
    ADVICE_STATED,
    advice_position,
    advice_statements,
    advice_subject,
    no_advice_reason,
)
from agentstream.experts.figures import (
    FIGURES_CONFIDENCE,
    FIGURES_PER_TURN,
    FIGURES_STATED,
    figure_statements,
    figures_position,
    no_figures_reason,
    worked_out,
)
from agentstream.experts.knowledge import ExpertKnowledge

Found = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class AnswerKind:
    """What a question answered, not voted on, asks for, and how an expert's turn says it."""

    asks: str  # "the question asks for figures", "… asks what to do"
    gives: str  # what the documents do: "state these", "advise this"
    adds: str  # one more of them: "a figure my documents state"
    stand: str  # those quoted before stand: "the figures I gave from {sources} stand"
    tested: str  # what a devil's advocate tests instead of a majority: "the figures given"
    none_stated: str  # a devil's advocate's documents state none: "they state none of …"
    probes: tuple[str, ...]  # what a devil's advocate asks of them, one a round
    beyond: str  # none left: "my documents state no figure beyond those I gave"
    others: str  # what the others' turns are: "figures of their own; a figure is not a vote"
    view: str  # the synthesis paragraph that lists them: "Figures stated:"
    none_given: str  # that paragraph with none: "no member's documents state the figures …"
    stated: str  # how a position's reason opens: "The figures my documents state: "
    per_turn: int
    subject: Callable[[str], str]  # what the question asks about, for coverage
    statements: Callable[[ExpertKnowledge, str], Found]
    none_reason: Callable[[ExpertKnowledge, str], str]
    quoting: Callable[[Sequence[tuple[str, str]], str], Position]  # (found, question)
    # what the statements quoted come to for the question's case ("" when nothing)
    worked: Callable[[str, Sequence[tuple[str, str]]], str]


FIGURES = AnswerKind(
    asks="the question asks for figures",
    gives="state these",
    adds="a figure my documents state",
    stand="the figures I gave from {sources} stand",
    tested="the figures given",
    none_stated="they state none of the figures asked for",
    probes=(
        "whether they are figures for our case or only for the typical one",
        "which of them would change if our case is larger or smaller than the typical one",
        "which of them comes from a limit we must keep rather than an estimate",
    ),
    beyond="my documents state no figure beyond those I gave",
    others="figures of their own; a figure is not a vote",
    view="Figures stated:",
    none_given="no member's documents state the figures asked for",
    stated=FIGURES_STATED,
    per_turn=FIGURES_PER_TURN,
    subject=lambda question: question,
    statements=figure_statements,
    none_reason=no_figures_reason,
    quoting=figures_position,
    worked=worked_out,
)
ADVICE = AnswerKind(
    asks="the question asks what to do",
    gives="advise this",
    adds="more advice my documents give",
    stand="the advice I gave from {sources} stands",
    tested="the advice given",
    none_stated="they give no advice on what the question asks",
    probes=(
        "whether that advice holds for our case or only for the usual one",
        "which part of it comes from a rule we must keep rather than a preference",
        "what following it would cost us, and who would notice first",
    ),
    beyond="my documents give no advice beyond what I gave",
    others="advice of their own; advice is not a vote",
    view="Advice given:",
    none_given="no member's documents advise on it",
    stated=ADVICE_STATED,
    per_turn=ADVICE_PER_TURN,
    subject=advice_subject,
    statements=advice_statements,
    none_reason=no_advice_reason,
    quoting=lambda found, _question: advice_position(found, FIGURES_CONFIDENCE),
    worked=lambda _question, _found: "",
)
KINDS = (FIGURES, ADVICE)


def answer_kind(query: str, options: Sequence[str] = ()) -> AnswerKind | None:
    """The kind of a question answered, not voted on; None for a question to vote on (and on
    a panel with options, which are voted on)."""
    if options:
        return None
    if asks_for_figures(query):
        return FIGURES
    return ADVICE if asks_how(query) else None


def stated_by(summary: str) -> str:
    """A position's reason without the opening its kind gives it: the figures or advice."""
    for kind in KINDS:
        if summary.startswith(kind.stated):
            return summary.removeprefix(kind.stated)
    return summary
