"""Few-shot prompts that let a base (not instruction-tuned) model phrase a grounded draft.

A base model continues text rather than following instructions, so the prompt shows a few
"Facts: … / Answer: …" pairs that restate facts plainly, copying every number and name, and
ends with the agent's grounded draft as the last "Facts:" for the model to answer.
"""

import re
from dataclasses import dataclass

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from agentstream.llm.offline import grounded_answer_of

# Where an answer ends: a blank line, the start of the next example, or a machine-readable line
# (those are copied from the draft instead, see `machine_lines_of`). The end-of-turn marker
# covers instruction-tuned Gemma files a deployment may point `llm_model_path` at.
STOP_SEQUENCES: tuple[str, ...] = (
    "\n\n",
    "Facts:",
    "Question:",
    "Answer:",
    "POSITION:",
    "RANKING:",
    "<end_of_turn>",
)
# Trailing lines other code parses (`POSITION: …`, `RANKING: …`).
_MACHINE_LINE = re.compile(r"^\s*(?:POSITION|RANKING)\s*:", re.IGNORECASE)
_QUESTION_LINE = re.compile(r"^\s*(?:panel\s+)?question\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_CITATION = re.compile(r"\[Source:[^\]]*\]\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_QUESTION_MAX_CHARS = 300


@dataclass(frozen=True)
class _Example:
    question: str
    facts: str
    answer: str


_HEADER = (
    "Each answer restates the facts in plain words for the person who asked. Numbers, names, "
    "dates and document titles are copied exactly, and nothing is added.\n\n"
)
# Field-service examples in the shapes the agents' drafts take: a count with a breakdown, a
# ranking with figures, a cited policy passage and an expert speaking in the first person.
_EXAMPLES: tuple[_Example, ...] = (
    _Example(
        question="How many work orders are open?",
        facts="There are 12 open work orders: 7 scheduled and 5 in progress.",
        answer="There are 12 open work orders right now: 7 are scheduled and 5 are in progress.",
    ),
    _Example(
        question="Who has the lowest hourly rate?",
        facts="Lea Wong (29.50) has the lowest hourly rate.",
        answer="Lea Wong has the lowest hourly rate, at 29.50.",
    ),
    _Example(
        question="How early must annual leave be requested?",
        facts="According to the Leave Policy: Annual leave is requested at least 14 days ahead "
        "in the HR portal. [Source: Leave Policy]",
        answer="According to the Leave Policy, annual leave must be requested in the HR portal "
        "at least 14 days ahead. [Source: Leave Policy]",
    ),
    _Example(
        question="Should we hire two more night-shift technicians?",
        facts="As the operations lead, I support it. Night call-outs rose from 18 to 31 a month "
        "and 3 of them missed the 4-hour target.",
        answer="As the operations lead, I support hiring them: night call-outs rose from 18 to "
        "31 a month, and 3 of them missed the 4-hour target.",
    ),
)


def _render(question: str, facts: str, answer: str | None) -> str:
    block = f"Question: {question}\nFacts: {facts}\nAnswer:"
    return f"{block} {answer}\n\n" if answer is not None else block


def _clip_start(text: str, max_chars: int) -> str:
    """The beginning of `text`, cut at a sentence end when it is too long."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    ends = [m.start() for m in _SENTENCE_END.finditer(head)]
    return head[: ends[-1]] if ends else head


def _clip_end(text: str, max_chars: int) -> str:
    """The end of `text` (the latest turns matter most in a conversation)."""
    return text if len(text) <= max_chars else text[-max_chars:]


def split_draft(draft: str) -> tuple[str, list[str]]:
    """The draft's prose on one line (a blank line would read as the end of the example), and
    its machine-readable lines (`POSITION: …`, `RANKING: …`)."""
    lines = [line.strip() for line in draft.splitlines() if line.strip()]
    machine = [line for line in lines if _MACHINE_LINE.match(line)]
    prose = " ".join(line for line in lines if not _MACHINE_LINE.match(line))
    return prose, machine


def closing_of(messages: list[BaseMessage], answer: str) -> str:
    """What to append to the model's `answer` from the grounded draft: its `[Source: …]`
    citation when the answer dropped it, and its machine-readable lines, verbatim (the model
    stops before such a line: a small model copies the examples' stance instead)."""
    draft = grounded_answer_of(messages)
    if not draft:
        return ""
    prose, machine = split_draft(draft)
    citation = _CITATION.search(prose)
    closing = ""
    if citation and "[source:" not in answer.lower():
        closing = f" {citation.group()}"
    return closing + "".join(f"\n{line}" for line in machine)


def _last_human_text(messages: list[BaseMessage]) -> str:
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            return message.text
    return ""


def _question_of(messages: list[BaseMessage]) -> str:
    text = _last_human_text(messages)
    match = _QUESTION_LINE.search(text)
    question = match.group(1) if match else (text.strip().splitlines() or [""])[0]
    return _clip_start(" ".join(question.split()), _QUESTION_MAX_CHARS)


def _conversation_facts(messages: list[BaseMessage], max_chars: int) -> str:
    """The conversation on one line, for a prompt that came without a grounded draft."""
    turns: list[str] = []
    for message in messages:
        if isinstance(message, HumanMessage | AIMessage) and message.text.strip():
            speaker = "User" if isinstance(message, HumanMessage) else "Assistant"
            turns.append(f"{speaker}: {' '.join(message.text.split())}")
    return _clip_end(" ".join(turns), max_chars)


def build_prompt(messages: list[BaseMessage], max_fact_chars: int = 4000) -> str:
    """The few-shot prompt for `messages`: the grounded draft's prose as facts, else the
    conversation.

    The fixed header and examples come first so that llama.cpp reuses their evaluated prefix
    from one call to the next.
    """
    draft = grounded_answer_of(messages)
    prose = split_draft(draft)[0] if draft else ""
    if prose:
        facts = _clip_start(prose, max_fact_chars)
    else:
        facts = _conversation_facts(messages, max_fact_chars)
    shots = "".join(_render(e.question, e.facts, e.answer) for e in _EXAMPLES)
    return _HEADER + shots + _render(_question_of(messages), facts, None)
