"""Few-shot prompts for the local base model (pure text, no model needed)."""

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.prompts import STOP_SEQUENCES, build_prompt, closing_of

PANEL_DRAFT = (
    "As the safety officer, I oppose this. Ladder work needs 2 people.\n\n"
    "Bob argues otherwise.\n\nIt is unsafe.\nPOSITION: oppose (confidence 0.80)"
)


def _turn(
    draft: str | None, text: str = "Question: How many technicians are active?"
) -> list[BaseMessage]:
    extra = {GROUNDED_ANSWER_KEY: draft} if draft is not None else {}
    return [SystemMessage("You are an assistant."), HumanMessage(text, additional_kwargs=extra)]


def test_prompt_ends_with_the_draft_as_facts_awaiting_the_answer() -> None:
    prompt = build_prompt(_turn("There are 10 active technicians."))
    assert prompt.endswith(
        "Question: How many technicians are active?\n"
        "Facts: There are 10 active technicians.\nAnswer:"
    )


def test_prompt_examples_come_before_the_question_and_never_change() -> None:
    first = build_prompt(_turn("There are 10 active technicians."))
    second = build_prompt(_turn("Ana Silva has 7 open work orders.", "Question: Who is busiest?"))
    shared = first[: first.rindex("Question:")]
    assert second.startswith(shared)
    assert shared.count("Facts:") == shared.count("Answer:") >= 2


def test_draft_paragraphs_become_one_line_without_the_position_line() -> None:
    prompt = build_prompt(_turn(PANEL_DRAFT, "Panel question: Should crews shrink?\nRound 1."))
    question = prompt[prompt.rindex("Question:") :]
    assert question == (
        "Question: Should crews shrink?\nFacts: As the safety officer, I oppose this. Ladder "
        "work needs 2 people. Bob argues otherwise. It is unsafe.\nAnswer:"
    )


def test_without_a_draft_the_conversation_is_the_facts() -> None:
    messages: list[BaseMessage] = [
        HumanMessage("Hi there"),
        AIMessage("Hello!"),
        HumanMessage("What can you do?"),
    ]
    prompt = build_prompt(messages)
    assert prompt.endswith(
        "Question: What can you do?\nFacts: User: Hi there Assistant: Hello! User: What can you "
        "do?\nAnswer:"
    )


def test_long_drafts_are_cut_at_a_sentence_end() -> None:
    draft = " ".join(f"Statement number {i} is true." for i in range(200))
    facts = build_prompt(_turn(draft), max_fact_chars=300).rsplit("Facts: ", 1)[1]
    assert facts.endswith("is true.\nAnswer:")
    assert len(facts) <= 300 + len("\nAnswer:")


def test_stop_sequences_end_the_answer_at_a_new_example_or_machine_line() -> None:
    for marker in ("\n\n", "Facts:", "Question:", "POSITION:", "RANKING:"):
        assert marker in STOP_SEQUENCES


def test_closing_restores_the_drafts_position_line() -> None:
    closing = closing_of(_turn(PANEL_DRAFT), "I oppose this: ladder work needs 2 people.")
    assert closing == "\nPOSITION: oppose (confidence 0.80)"


def test_closing_restores_a_dropped_citation_only() -> None:
    draft = "According to the Leave Policy: Leave needs 14 days. [Source: Leave Policy]"
    assert closing_of(_turn(draft), "Leave needs 14 days.") == " [Source: Leave Policy]"
    assert closing_of(_turn(draft), "Leave needs 14 days. [Source: Leave Policy]") == ""
    assert closing_of(_turn(None), "Anything.") == ""
