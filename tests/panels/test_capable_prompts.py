"""Capable models deliberate: a scripted tool-calling model checks what each strategy sends
(persona, own passages, instruction, what it may see; never a draft) and the panel records
the positions, options and rankings the model states, asking once more before abstaining."""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable, RunnableLambda

from agentstream.deliberation.position import POSITION_FORMAT, UNREAD, Position, Stance
from agentstream.deliberation.turns import AUTHORS_LABEL, Contribution, TurnKind, TurnRequest
from agentstream.demo.experts import load_builtin_experts
from agentstream.experts.knowledge import knowledge_of
from agentstream.llm.errors import ProviderError
from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.tool_calling import calls_a_tool_when_asked
from agentstream.panels.capable.prompts import expert_prompt, passages_for
from agentstream.panels.capable.statements import (
    FRAMING_TOOL,
    POSITION_TOOL,
    RANKING_TOOL,
    StatementMode,
)
from agentstream.settings import DEMO_TENANT_ID
from tests.sse import parse_frames

DEMO = {"X-Tenant-ID": str(DEMO_TENANT_ID)}
QUERY = "Should we skip clinical data for our 510(k)?"
FDA_NAMES = ("FDA Regulatory Expert", "Regulatory Affairs Lead")


@dataclass
class Call:
    """One model call as the model saw it."""

    messages: list[BaseMessage]
    tools: list[dict[str, Any]]
    tool_choice: str | None

    @property
    def prompt(self) -> str:
        return "\n".join(str(m.content) for m in self.messages)

    @property
    def system(self) -> str:
        return str(self.messages[0].content)

    @property
    def tool_names(self) -> list[str]:
        return [tool["function"]["name"] for tool in self.tools]


Reply = tuple[str, dict[str, Any] | None]  # the text, and the tool call's arguments


FRAMED = "The team may skip clinical data for its 510(k)."


@dataclass
class Script:
    """What the model answers: `reply(call)` decides for expert turns, every one is kept;
    the framing call before round 1 gets `framing` and is kept apart."""

    reply: Callable[[Call], Reply]
    framing: Reply = ("", {"options": [], "proposition": FRAMED})
    calls: list[Call] = field(default_factory=list)
    framing_calls: list[Call] = field(default_factory=list)

    def answer(self, call: Call) -> Reply:
        if FRAMING_TOOL in call.tool_names or call.system.startswith("You frame questions"):
            self.framing_calls.append(call)
            return self.framing
        self.calls.append(call)
        return self.reply(call)


class CapableModel(BaseChatModel):
    """A tool-calling chat model that streams a scripted turn, then its tool call."""

    script: Any

    @property
    def _llm_type(self) -> str:
        return "scripted-capable"

    def bind_tools(self, tools: Any, *, tool_choice: str | None = None, **kwargs: Any) -> Runnable:  # type: ignore[override]
        return self.bind(tools=list(tools), tool_choice=tool_choice)

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise NotImplementedError("the panel streams")

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> Iterator[ChatGenerationChunk]:
        call = Call(list(messages), kw.get("tools") or [], kw.get("tool_choice"))
        text, args = self.script.answer(call)
        for word in re.findall(r"\S+\s*", text):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word))
        if args is not None and call.tools:
            name = call.tool_names[0]
            chunk = {"name": name, "args": json.dumps(args), "id": "call-1", "index": 0}
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[chunk]))


@pytest.fixture(autouse=True)
def no_offline_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    """The capable path never asks the offline engine for a draft."""

    def drafted(*args: object) -> None:
        raise AssertionError("the offline engine drafted a turn on the capable path")

    monkeypatch.setattr("agentstream.panels.execution.compose_turn", drafted)


def _expert_of(call: Call) -> str:
    return call.system.split(",")[0].removeprefix("You are ")


def _one_apart(name: str, theirs: Reply, others: Reply) -> Script:
    """The expert called `name` always replies `theirs`, every other expert `others`."""
    return Script(lambda call: theirs if _expert_of(call) == name else others)


def _vote(
    stance: str, confidence: float, summary: str, option: str | None = None
) -> dict[str, Any]:
    return {
        "stance": stance,
        "option": option,
        "confidence": confidence,
        "summary": summary,
        "abstain": False,
        "reason": None,
    }


def _stated(stance: str, confidence: float) -> str:
    """The line under a visible contribution that gives its author's stated position."""
    return f"(Stated position: {stance}, confidence {confidence:.2f}.)"


def _panel_body(panel_type: str, agent_ids: list[str], **configuration: Any) -> dict[str, Any]:
    """A panel on QUERY, with the configuration given (none: the defaults)."""
    body: dict[str, Any] = {"query": QUERY, "panel_type": panel_type, "agent_ids": agent_ids}
    if configuration:
        body["configuration"] = configuration
    return body


async def _run(app: FastAPI, client: httpx.AsyncClient, script: Script, body: dict[str, Any]):
    app.state.panels.model = CapableModel(script=script)
    app.state.panels.deliberate = True
    created = await client.post("/api/v1/panels", json=body, headers=DEMO)
    assert created.status_code == 201, created.text
    panel_id = created.json()["panel_id"]
    frames = parse_frames(
        (await client.get(f"/api/v1/panels/{panel_id}/stream", headers=DEMO)).text
    )
    panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    return frames, panel


def test_the_prompt_holds_persona_passages_instruction_and_visible_contributions() -> None:
    expert = load_builtin_experts()["fda_expert"]
    request = TurnRequest(
        "fda_expert",
        TurnKind.POSITION,
        2,
        "Read the anonymous panel summary and revise your answer.",
        visible=(
            Contribution(
                "Anonymous expert 1",
                "No predicate fits.",
                Position(Stance.SUPPORT, 0.75, "No predicate.", option="De Novo"),
            ),
            Contribution("Anonymous expert 2", "Not my field.", Position.abstention("No passage.")),
            Contribution("Panel summary", "Votes: De Novo 1."),
        ),
        options=("De Novo", "510(k)"),
    )
    passages = passages_for(expert, QUERY, request.options)
    system, human = expert_prompt(expert, QUERY, request, StatementMode.TOOLS, passages)
    assert system.content == (
        f"You are FDA Regulatory Expert, Regulatory Affairs Lead. {expert.persona}\n"
        "You sit on an expert panel. Speak from your own knowledge, which the question lists "
        "with the ids of its passages. If it does not cover the question, say so and abstain."
    )
    assert human.content == "\n".join(
        [
            f"Panel question: {QUERY}",
            "The panel chooses between these options: De Novo | 510(k). Your vote names one "
            "of them (neutral: none of them).",
            "Your knowledge, the passages most relevant to the question, most relevant first. "
            f"Cite the ones you use by their id in square brackets, e.g. [{passages[0].chunk_id}]:",
            *[f"[{c.chunk_id}] {c.section}: {c.text}" for c in passages],
            "",
            "Your task in this round: Read the anonymous panel summary and revise your answer.",
            "",
            "What you may see of the panel:",
            "[Anonymous expert 1] No predicate fits.",
            '(Stated position: chooses "De Novo", confidence 0.75.)',
            "[Anonymous expert 2] Not my field.",
            "(Stated position: abstains: No passage.)",
            "[Panel summary] Votes: De Novo 1.",
            "",
            f"After your answer, call {POSITION_TOOL} with your position.",
        ]
    )
    assert passages and all(c.chunk_id.startswith("fda_expert/") for c in passages)
    assert GROUNDED_ANSWER_KEY not in human.additional_kwargs


async def test_structured_panel_records_the_models_positions_and_shows_only_anonymous_feedback(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    votes = {
        "FDA Regulatory Expert": _vote("support", 0.7, "A predicate exists."),
        "Clinical Evidence Expert": _vote("oppose", 0.9, "FDA will ask for data."),
        "Quality Systems Expert": _vote("oppose", 0.6, "Verification is incomplete."),
    }

    def reply(call: Call) -> Reply:
        name = _expert_of(call)
        return f"{name} reasons about it [see passages].", votes[name]

    script = Script(reply)
    body = _panel_body(
        "structured",
        ["fda_expert", "clinical_expert", "quality_expert"],
        max_rounds=2,
        consensus_threshold=1.0,
    )
    frames, panel = await _run(app, client, script, body)
    assert panel["status"] == "completed"
    for call in script.calls:
        assert "Draft" not in call.prompt and "POSITION: support" not in call.prompt
        assert GROUNDED_ANSWER_KEY not in call.messages[-1].additional_kwargs
        assert call.tool_names == [POSITION_TOOL]
    first = [c for c in script.calls if "Round 1." in c.prompt]
    assert len(first) == 3 and all("What you may see" not in c.prompt for c in first)
    later = [c for c in script.calls if "Round 2." in c.prompt]
    fda = next(c for c in later if _expert_of(c) == "FDA Regulatory Expert")
    # Delphi feedback: anonymous, the others' reasons, no names.
    assert "[Anonymous expert 1]" in fda.prompt and "FDA will ask for data." in fda.prompt
    assert "Clinical Evidence Expert" not in fda.prompt.split("What you may see", 1)[1]
    recorded = [m for r in panel["rounds"] for m in r["messages"]]
    for message in recorded:
        assert message["position"] == votes[message["agent_name"]]
    final = panel["consensus"]
    # support 0.7 against oppose 0.9 + 0.6: oppose holds 1.5 of 2.2.
    assert final["majority"] == "oppose"
    assert final["level"] == pytest.approx(1.5 / 2.2)
    assert final["baseline"]["majority"] == "oppose"
    assert [(d["agent_id"], d["name"]) for d in final["dissent"]] == [
        ("fda_expert", "FDA Regulatory Expert")
    ]
    assert panel["recommendation"].startswith(
        "No consensus. Most votes, short of the panel's threshold, are to oppose the proposal."
    )
    assert (
        "Dissent, support (1 vote):\n- FDA Regulatory Expert (0.70): A predicate exists."
        in panel["recommendation"]
    )
    # The model framed the question: the verdict says what "oppose" opposes.
    assert panel["recommendation"].splitlines()[1] == f"The proposal voted on: {FRAMED}"
    tokens = "".join(
        f.data["delta"]
        for f in frames
        if f.event == "expert_token" and f.data["agent_id"] == "fda_expert"
    )
    assert tokens.startswith("FDA Regulatory Expert reasons about it [see passages].")


async def test_a_position_line_is_the_fallback_and_options_are_the_models(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    script = _one_apart(
        "FDA Regulatory Expert",
        ("The predicate fits.\nPOSITION: support 510(k) (confidence 0.75)", None),
        ("A new intended use.", _vote("support", 0.65, "No predicate fits.", "De Novo")),
    )
    body = {
        "query": "Which pathway for the new glucose monitor?",
        "panel_type": "structured",
        "agent_ids": ["fda_expert", "clinical_expert"],
        "configuration": {"max_rounds": 1, "options": ["De Novo", "510(k)"]},
    }
    _, panel = await _run(app, client, script, body)
    positions = {m["agent_id"]: m["position"] for m in panel["rounds"][0]["messages"]}
    assert (positions["fda_expert"]["option"], positions["fda_expert"]["confidence"]) == (
        "510(k)",
        0.75,
    )
    assert positions["clinical_expert"]["option"] == "De Novo"
    assert panel["consensus"]["votes"] == {"De Novo": 1, "510(k)": 1, "neutral": 0}
    assert len(script.calls) == 2, "a readable position is not asked for again"
    # The position is data: its line is not part of what the expert said.
    texts = {m["agent_id"]: m["content"] for m in panel["rounds"][0]["messages"]}
    assert texts["fda_expert"] == "The predicate fits."


@pytest.mark.parametrize(
    ("stated", "problem"),
    [
        (
            _vote("oppose", 0.65, "Not 10-hour shifts.", "De Novo"),
            'a vote names the option you choose, with stance "support" ("oppose" of "De Novo" '
            'chooses nothing); to choose none of them, stance "neutral" and no option.',
        ),
        (
            _vote("support", 0.65, "A modified one.", "DE NOVO (modified)"),
            '"DE NOVO (modified)" is not one of the options: De Novo | 510(k).',
        ),
        (
            _vote("support", 1.5, "Certain.", "De Novo"),
            "confidence must be from 0 to 1, not 1.5.",
        ),
    ],
)
async def test_an_invalid_position_is_asked_for_again_saying_what_was_wrong(
    app: FastAPI, client: httpx.AsyncClient, stated: dict[str, Any], problem: str
) -> None:
    valid = _vote("support", 0.7, "No predicate fits.", "De Novo")
    replies = iter([("I weigh it.", stated), ("", valid)])
    script = Script(
        lambda call: next(replies) if _expert_of(call) == "FDA Regulatory Expert" else ("", valid)
    )
    body = {
        "query": "Which pathway for the new glucose monitor?",
        "panel_type": "structured",
        "agent_ids": ["fda_expert", "clinical_expert"],
        "configuration": {"max_rounds": 1, "options": ["De Novo", "510(k)"]},
    }
    _, panel = await _run(app, client, script, body)
    retry = [c for c in script.calls if _expert_of(c) == "FDA Regulatory Expert"][1]
    assert retry.messages[-1].content == (
        f"Your {POSITION_TOOL} call was not valid: {problem} State your position alone, now: "
        f"call {POSITION_TOOL}."
    )
    fda = next(m for m in panel["rounds"][0]["messages"] if m["agent_id"] == "fda_expert")
    assert fda["position"] == valid
    # A turn that only called the tool says its summary.
    clinical = next(m for m in panel["rounds"][0]["messages"] if m["agent_id"] != "fda_expert")
    assert clinical["content"] == "No predicate fits."
    # An oppose of one option is never counted as a vote for it.
    assert panel["consensus"]["votes"] == {"De Novo": 2, "510(k)": 0, "neutral": 0}


async def test_an_unreadable_position_is_asked_for_once_more_then_recorded_as_an_abstention(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    script = _one_apart(
        "Clinical Evidence Expert",
        ("I have thoughts but no position.", None),
        ("Fine.", _vote("support", 0.8, "Predicate fits.")),
    )
    body = _panel_body("structured", ["fda_expert", "clinical_expert"], max_rounds=1)
    _, panel = await _run(app, client, script, body)
    clinical = [c for c in script.calls if _expert_of(c) == "Clinical Evidence Expert"]
    assert len(clinical) == 2
    retry = clinical[1]
    assert retry.tool_names == [POSITION_TOOL]
    last = retry.messages[-1]
    assert isinstance(last, HumanMessage)
    assert last.content == (
        "No position could be read from your reply. State your position alone, now: call "
        f"{POSITION_TOOL}."
    )
    message = next(m for m in panel["rounds"][0]["messages"] if m["agent_id"] == "clinical_expert")
    assert message["position"]["abstain"] is True
    assert message["position"]["reason"] == UNREAD
    # The retry is not streamed: the turn's text is the first reply only.
    assert message["content"] == "I have thoughts but no position."
    assert panel["consensus"]["abstentions"] == [
        {"agent_id": "clinical_expert", "name": "Clinical Evidence Expert", "reason": UNREAD}
    ]


async def test_council_rankings_are_the_models_and_each_reviewer_never_sees_its_own(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    marks = {
        "FDA Regulatory Expert": "alpha",
        "Clinical Evidence Expert": "beta",
        "Quality Systems Expert": "gamma",
    }

    def reply(call: Call) -> Reply:
        if RANKING_TOOL in call.tool_names:
            shown = re.findall(r"^\[(Response [A-Z])\]", call.prompt, re.MULTILINE)
            return "My ranking.", {"ranking": sorted(shown)}
        if POSITION_TOOL in call.tool_names:
            return f"Answer {marks[_expert_of(call)]}.", _vote("support", 0.8, "Fine.")
        return "The council's synthesis.", None

    script = Script(reply)
    body = _panel_body("council", ["fda_expert", "clinical_expert", "quality_expert"])
    frames, panel = await _run(app, client, script, body)
    assert panel["status"] == "completed"
    ranks = [m for m in panel["rounds"][1]["messages"] if m["kind"] == "rank"]
    assert len(ranks) == 3
    rank_calls = [c for c in script.calls if RANKING_TOOL in c.tool_names]
    for call in rank_calls:
        seen = call.prompt.split("What you may see", 1)[1]
        assert f"Answer {marks[_expert_of(call)]}." not in seen, "never its own answer"
        assert len(re.findall(r"^\[Response [A-Z]\]", seen, re.MULTILINE)) == 2
    for message in ranks:
        assert message["ranking"] == sorted(message["ranking"]) and len(message["ranking"]) == 2
    synthesis = [m for m in panel["rounds"][1]["messages"] if m["kind"] == "synthesis"]
    assert synthesis and synthesis[0]["content"] == "The council's synthesis."
    assert "Peer ranking (Borda count)" in next(
        c.prompt for c in script.calls if "You chair this council" in c.prompt
    )
    for call in rank_calls:
        seen = call.prompt.split("What you may see", 1)[1]
        assert not any(name in seen for name in FDA_NAMES), "answers are anonymous"
    # Each reviewer put the first label it saw in alphabetical order first, so whoever wrote
    # them: A is first on two ballots (2 points), B on one (1), C on none (0).
    ranked = panel["peer_ranking"]
    assert [(r["label"], r["points"]) for r in ranked] == [
        ("Response A", 2),
        ("Response B", 1),
        ("Response C", 0),
    ]
    names = {m["agent_id"]: m["name"] for m in panel["members"]}
    assert all(r["name"] == names[r["agent_id"]] and r["choice"] == "support" for r in ranked)
    line = "Peer ranking (Borda count): " + "; ".join(
        f"{r['label']} ({r['name']}) {r['points']} point{'s' if r['points'] != 1 else ''}"
        for r in ranked
    )
    assert f"{line}." in panel["recommendation"]
    complete = next(f for f in frames if f.event == "panel_complete")
    assert complete.data["peer_ranking"] == ranked


class IgnoresTools(CapableModel):
    """A server's model that accepts tools and answers in text (Gemma behind llama.cpp's
    server): the provider asks it once to call a tool, as the OpenAI-compatible one does."""

    async def tool_calling_problem(self) -> str | None:
        if await calls_a_tool_when_asked(self):
            return None
        return "The model gemma at http://127.0.0.1:8080/v1 did not call a tool when asked to"


async def test_a_model_that_cannot_call_tools_states_its_position_in_a_line(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    def reply(call: Call) -> Reply:
        if "confirm_ready" in call.prompt:
            return "I would rather just talk about it.", None
        line = "POSITION: oppose (confidence 0.7) Data is needed"
        return f"A predicate fits [fda_expert/1#1].\n{line}", None

    script = Script(reply, framing=("PROPOSITION: We skip clinical data.", None))
    app.state.panels.model = IgnoresTools(script=script)
    app.state.panels.deliberate = True
    body = _panel_body("structured", ["fda_expert"], max_rounds=1)
    created = await client.post("/api/v1/panels", json=body, headers=DEMO)
    panel_id = created.json()["panel_id"]
    frames = parse_frames(
        (await client.get(f"/api/v1/panels/{panel_id}/stream", headers=DEMO)).text
    )
    assert frames[0].event == "panel_started"
    assert frames[0].data["framing"] == {
        "options": [],
        "proposition": "We skip clinical data.",
        "source": "model",
    }
    turn = script.calls[-1]
    assert turn.tool_names == []  # tools are not offered to a model that does not call them
    assert turn.prompt.endswith(f"End your answer with one line: {POSITION_FORMAT}")
    panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert panel["rounds"][0]["messages"][0]["position"] == _vote("oppose", 0.7, "Data is needed")
    assert panel["configuration"]["proposition"] == "We skip clinical data."


class RefusesJsonSchema(IgnoresTools):
    """A server without tool calls that answers 500 to the JSON-schema response format, as
    llama.cpp's server does."""

    json_requests: int = 0

    def with_json_schema(self, name: str, schema: dict[str, Any]) -> Runnable:
        def refuse(_: object) -> None:
            self.json_requests += 1
            raise ProviderError("The model server answered 500", status_code=500)

        return RunnableLambda(refuse)


async def test_a_server_refusing_json_schema_moves_the_panel_to_position_lines(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    def reply(call: Call) -> Reply:
        if "confirm_ready" in call.prompt:
            return "No tools here.", None
        return "The predicate fits.\nPOSITION: support (confidence 0.8) A predicate fits", None

    script = Script(reply, framing=("PROPOSITION: We skip clinical data.", None))
    model = RefusesJsonSchema(script=script)
    app.state.panels.model = model
    app.state.panels.deliberate = True
    body = _panel_body("structured", ["fda_expert"], max_rounds=1)
    created = await client.post("/api/v1/panels", json=body, headers=DEMO)
    panel_id = created.json()["panel_id"]
    await client.get(f"/api/v1/panels/{panel_id}/stream", headers=DEMO)
    panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    # The framing's JSON request was refused once; from then on everything goes by lines.
    assert model.json_requests == 1
    assert [c.prompt.splitlines()[-1] for c in script.framing_calls] == [
        "Answer with one line: OPTIONS: <option> | <option> | …  or  PROPOSITION: <one statement>"
    ]
    assert script.calls[-1].prompt.endswith(f"End your answer with one line: {POSITION_FORMAT}")
    assert panel["status"] == "completed"
    assert panel["configuration"]["proposition"] == "We skip clinical data."
    assert panel["rounds"][0]["messages"][0]["position"] == _vote(
        "support", 0.8, "A predicate fits"
    )


EXPERTS = load_builtin_experts()
PROPOSITION = (
    f"The panel votes on the proposition: {FRAMED} Your stance supports it, opposes it, or is "
    "neutral."
)
POSITION_LINE = f"After your answer, call {POSITION_TOOL} with your position."


def _expected_turn(agent_id: str, task: str, seen: list[str], statement: str | None) -> str:
    """The human message of a turn on QUESTION, framed as FRAMED, written out line by line."""
    passages = passages_for(EXPERTS[agent_id], QUERY, ())
    assert passages, f"{agent_id} has knowledge on the question"
    lines = [
        f"Panel question: {QUERY}",
        # a turn that states no position (a question, a synthesis) is not told how to vote
        PROPOSITION
        if statement == POSITION_LINE
        else f"The panel votes on the proposition: {FRAMED}",
        "Your knowledge, the passages most relevant to the question, most relevant first. "
        f"Cite the ones you use by their id in square brackets, e.g. [{passages[0].chunk_id}]:",
        *[f"[{c.chunk_id}] {c.section}: {c.text}" for c in passages],
        "",
        f"Your task in this round: {task}",
    ]
    if seen:
        lines += ["", "What you may see of the panel:", *seen]
    if statement is not None:
        lines += ["", statement]
    return "\n".join(lines)


def _turns(script: Script, name: str, round_number: int) -> list[Call]:
    return [
        c for c in script.calls if _expert_of(c) == name and f"Round {round_number}." in c.prompt
    ]


async def test_the_framing_prompt_before_round_1_in_tools_mode(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    script = Script(lambda call: ("Fine.", _vote("support", 0.8, "Predicate fits.")))
    body = _panel_body("structured", ["fda_expert", "clinical_expert"], max_rounds=1)
    _, panel = await _run(app, client, script, body)
    assert len(script.framing_calls) == 1
    framing = script.framing_calls[0]
    assert framing.tool_names == [FRAMING_TOOL] and framing.tool_choice == "auto"
    assert [m.content for m in framing.messages] == [
        "You frame questions for an expert panel that votes on them.",
        f"Panel question: {QUERY}\n"
        "If the question asks to choose between named alternatives, give them as options "
        "(2 to 10, each as short as the question names it). Otherwise give one proposition, "
        "a statement the experts can support or oppose, that answers the question.\n"
        f"Call {FRAMING_TOOL} with the framing.",
    ]
    assert panel["configuration"]["proposition"] == FRAMED
    assert all(PROPOSITION in c.prompt for c in script.calls)


async def test_socratic_prompts_the_moderators_questions_and_the_experts_answers(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    votes = {
        "Clinical Evidence Expert": _vote("support", 0.8, "Predicate fits."),
        "Quality Systems Expert": _vote("oppose", 0.6, "Verification gaps."),
    }

    def reply(call: Call) -> Reply:
        name = _expert_of(call)
        if not call.tools:  # the moderator's question, or the synthesis
            return (
                "Which evidence backs that?" if "Round 2." in call.prompt else "Synthesis."
            ), None
        done = "answers" if "Round 2." in call.prompt else "opens"
        return f"{name} {done}.", votes[name]

    script = Script(reply)
    body = _panel_body(
        "socratic",
        ["fda_expert", "clinical_expert", "quality_expert"],
        max_rounds=2,
        consensus_threshold=1.0,
        moderator_id="fda_expert",
    )
    _, panel = await _run(app, client, script, body)
    assert panel["status"] == "completed"
    # Round 1: the experts but the moderator, blind.
    assert _turns(script, "FDA Regulatory Expert", 1) == []
    (opening,) = _turns(script, "Clinical Evidence Expert", 1)
    assert opening.messages[1].content == _expected_turn(
        "clinical_expert",
        "Round 1. Without seeing the other experts' answers, give your answer.",
        [],
        POSITION_LINE,
    )
    # Round 2: the moderator questions each expert in panel order, seeing its statement, named.
    questions = _turns(script, "FDA Regulatory Expert", 2)
    assert [c.messages[1].content for c in questions] == [
        _expected_turn(
            "fda_expert",
            f"Round 2. You are the moderator. Ask {name} ({role}) one probing question about "
            "their latest statement below: the evidence, reasoning or assumptions behind it.",
            [f"[{name} ({role})] {name} opens.", stated],
            None,
        )
        for name, role, stated in (
            ("Clinical Evidence Expert", "Clinical Affairs Lead", _stated("support", 0.8)),
            ("Quality Systems Expert", "Quality Assurance Lead", _stated("oppose", 0.6)),
        )
    ]
    assert all(c.tools == [] for c in questions), "a question states no position"
    assert all("abstain" not in c.system for c in questions), "a moderator does not abstain"
    # The expert answers seeing only its own statement and the question to it.
    for agent_id, name, stated in (
        ("clinical_expert", "Clinical Evidence Expert", _stated("support", 0.8)),
        ("quality_expert", "Quality Systems Expert", _stated("oppose", 0.6)),
    ):
        (answer,) = _turns(script, name, 2)
        assert answer.messages[1].content == _expected_turn(
            agent_id,
            "Round 2. Answer the moderator's question about your statement directly and "
            "concretely, then state your position.",
            [
                f"[Your previous answer] {name} opens.",
                stated,
                "[Moderator's question] Which evidence backs that?",
            ],
            POSITION_LINE,
        )
        assert answer.tool_names == [POSITION_TOOL]
    synthesis = [c for c in script.calls if "You moderated this panel" in c.prompt]
    assert [c.messages[1].content for c in synthesis] == [
        _expected_turn(
            "fda_expert",
            "You moderated this panel. Write its synthesis from the experts' final positions "
            "below: where they agree, where they still disagree and why.",
            [
                "[Clinical Evidence Expert (Clinical Affairs Lead)] Clinical Evidence Expert "
                "answers.",
                _stated("support", 0.8),
                "[Quality Systems Expert (Quality Assurance Lead)] Quality Systems Expert answers.",
                _stated("oppose", 0.6),
            ],
            None,
        )
    ]
    assert len(script.calls) == 2 + 4 + 1


async def test_adversarial_prompts_the_devils_advocate_and_the_others(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    votes = {
        "FDA Regulatory Expert": _vote("support", 0.7, "A predicate exists."),
        "Clinical Evidence Expert": _vote("oppose", 0.9, "FDA will ask for data."),
        "Quality Systems Expert": _vote("support", 0.5, "The data is not needed."),
    }

    def reply(call: Call) -> Reply:
        name = _expert_of(call)
        round_number = 2 if "Round 2." in call.prompt else 1
        return f"{name} round {round_number}.", votes[name]

    script = Script(reply)
    body = _panel_body(
        "adversarial",
        ["fda_expert", "clinical_expert", "quality_expert"],
        max_rounds=2,
        consensus_threshold=1.0,
        devil_advocate_id="quality_expert",
    )
    _, panel = await _run(app, client, script, body)
    assert panel["status"] == "completed"
    fda = "[FDA Regulatory Expert (Regulatory Affairs Lead)] FDA Regulatory Expert round {}."
    clinical = (
        "[Clinical Evidence Expert (Clinical Affairs Lead)] Clinical Evidence Expert round {}."
    )
    for round_number in (1, 2):
        (challenge,) = _turns(script, "Quality Systems Expert", round_number)
        # One support (0.70) against one oppose (0.90): the devil's advocate attacks oppose.
        assert challenge.messages[1].content == _expected_turn(
            "quality_expert",
            f"Round {round_number}. You are the devil's advocate. The voters are split evenly "
            "(support 1, oppose 1, neutral 0): there is no majority. Argue against the side "
            "held with the most confidence, oppose. Point out weak evidence, risks and "
            "overlooked alternatives. Your stated position must be the side you argue.",
            [
                fda.format(round_number),
                _stated("support", 0.7),
                clinical.format(round_number),
                _stated("oppose", 0.9),
            ],
            POSITION_LINE,
        )
    (blind,) = _turns(script, "FDA Regulatory Expert", 1)
    assert blind.messages[1].content == _expected_turn(
        "fda_expert",
        "Round 1. Without seeing the other experts' answers, give your answer.",
        [],
        POSITION_LINE,
    )
    (revised,) = _turns(script, "FDA Regulatory Expert", 2)
    assert revised.messages[1].content == _expected_turn(
        "fda_expert",
        "Round 2. Read the other experts' previous answers and the devil's advocate's "
        "challenge; answer the challenge and revise your answer if it exposes a real weakness.",
        [
            "[Your previous answer] FDA Regulatory Expert round 1.",
            _stated("support", 0.7),
            clinical.format(1),
            _stated("oppose", 0.9),
            "[Devil's advocate: Quality Systems Expert (Quality Assurance Lead)] Quality "
            "Systems Expert round 1.",
            _stated("support", 0.5),
        ],
        POSITION_LINE,
    )
    assert len(script.calls) == 3 * 2


async def test_an_unreadable_council_ranking_is_asked_for_once_more_then_recorded_as_none(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    def reply(call: Call) -> Reply:
        if RANKING_TOOL in call.tool_names:
            # A label it was not shown: no ranking can be read.
            return "My ranking.", {"ranking": ["Response Z"]}
        if POSITION_TOOL in call.tool_names:
            return f"{_expert_of(call)} answers.", _vote("support", 0.8, "Fine.")
        return "The council's synthesis.", None

    script = Script(reply)
    body = _panel_body("council", ["fda_expert", "clinical_expert", "quality_expert"])
    _, panel = await _run(app, client, script, body)
    assert panel["status"] == "completed"
    rank_calls = [c for c in script.calls if RANKING_TOOL in c.tool_names]
    assert len(rank_calls) == 3 * 2
    for name in ("FDA Regulatory Expert", "Clinical Evidence Expert", "Quality Systems Expert"):
        first, retry = [c for c in rank_calls if _expert_of(c) == name]
        shown = re.findall(r"^\[(Response [A-Z])\]", first.prompt, re.MULTILINE)
        assert len(shown) == 2
        assert retry.messages[:-2] == first.messages
        assert retry.messages[-2].content == "My ranking."
        # The call it made is answered with what was wrong with it.
        assert retry.messages[-1].content == (
            f"Your {RANKING_TOOL} call was not valid: it must order the labels of the "
            f"responses you were shown ({shown[0]}, {shown[1]}), and it named none of them. "
            f"State your ranking alone, now: call {RANKING_TOOL}."
        )
    ranks = [m for m in panel["rounds"][1]["messages"] if m["kind"] == "rank"]
    assert [m["ranking"] for m in ranks] == [[], [], []]
    assert [m["content"] for m in ranks] == ["My ranking."] * 3


@pytest.mark.parametrize("panel_type", ["structured", "council"])
async def test_anonymous_views_hide_the_passage_ids_that_name_their_expert(
    app: FastAPI, client: httpx.AsyncClient, panel_type: str
) -> None:
    def reply(call: Call) -> Reply:
        if RANKING_TOOL in call.tool_names:
            shown = re.findall(r"^\[(Response [A-Z])\]", call.prompt, re.MULTILINE)
            return "My ranking.", {"ranking": shown}
        if POSITION_TOOL not in call.tool_names:
            return "The council's synthesis.", None
        agent_id = next(a for a, e in EXPERTS.items() if e.name == _expert_of(call))
        # No summary: an anonymous view quotes the text, citation and all.
        stance = {"fda_expert": "support", "clinical_expert": "oppose"}.get(agent_id, "neutral")
        cited = f"As [{agent_id}/1#1] says [{agent_id}/1#1, {agent_id}/1#2] (see {agent_id}/1#2)"
        return f"{cited}, it depends.", _vote(stance, 0.6, "")

    script = Script(reply)
    agent_ids = ["fda_expert", "clinical_expert", "quality_expert"]
    body = _panel_body(panel_type, agent_ids, max_rounds=2, consensus_threshold=1.0)
    _, panel = await _run(app, client, script, body)
    assert panel["status"] == "completed"
    shown = "[Anonymous expert" if panel_type == "structured" else "[Response "
    # A council's chair is told the authors once the ranking is in: the ids reveal nothing more.
    later = [c for c in script.calls if shown in c.prompt and AUTHORS_LABEL not in c.prompt]
    assert later
    for call in later:
        seen = call.prompt.split("What you may see", 1)[1]
        viewer = next(a for a, e in EXPERTS.items() if e.name == _expert_of(call))
        others = [agent_id for agent_id in agent_ids if agent_id != viewer]
        assert not any(f"{agent_id}/" in seen for agent_id in others), seen
        assert "As [a passage] says [a passage] (see a passage), it depends." in seen
    # The stored turns keep their citations: only the anonymous views drop them.
    texts = [
        m["content"] for r in panel["rounds"] for m in r["messages"] if m["kind"] == "position"
    ]
    assert any("[fda_expert/1#1]" in text for text in texts)


async def test_an_expert_whose_position_was_unread_is_asked_again_the_next_round(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    def reply(call: Call) -> Reply:
        if _expert_of(call) == "Clinical Evidence Expert" and "Round 1." in call.prompt:
            return "Garbled.", None  # a glitch, twice: no position in round 1
        stance = "oppose" if _expert_of(call) == "Quality Systems Expert" else "support"
        return "My answer.", _vote(stance, 0.7, "Reasons.")

    script = Script(reply)
    agent_ids = ["fda_expert", "clinical_expert", "quality_expert"]
    body = _panel_body("structured", agent_ids, max_rounds=2, consensus_threshold=1.0)
    _, panel = await _run(app, client, script, body)
    first, second = panel["rounds"]
    clinical = [m for m in first["messages"] if m["agent_id"] == "clinical_expert"]
    assert clinical[0]["position"]["reason"] == UNREAD
    asked = [c for c in script.calls if _expert_of(c) == "Clinical Evidence Expert"]
    assert len(asked) == 2 + 1, "asked twice in round 1, then again in round 2"
    assert "(No readable position was stated.)" in asked[-1].prompt
    again = [m for m in second["messages"] if m["agent_id"] == "clinical_expert"]
    assert again[0]["position"] == _vote("support", 0.7, "Reasons.")
    assert panel["consensus"]["quorum"]["voters"] == 3


async def test_the_models_framing_wins_over_the_options_read_from_the_question(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    # Read without a model, the question's options would be "field technicians work 10-hour"
    # and "12-hour shifts"; the model names them as a reader would.
    shifts = ["10-hour shifts", "12-hour shifts"]
    script = Script(
        lambda call: ("Mine.", _vote("support", 0.7, "Rest.", "10-hour shifts")),
        framing=("", {"options": shifts, "proposition": None}),
    )
    body = {
        "query": "Should field technicians work 10-hour or 12-hour shifts?",
        "panel_type": "structured",
        "agent_ids": ["operations_expert", "safety_expert"],
        "configuration": {"max_rounds": 1},
    }
    frames, panel = await _run(app, client, script, body)
    started = next(f for f in frames if f.event == "panel_started")
    assert started.data["framing"] == {"options": shifts, "proposition": None, "source": "model"}
    assert panel["configuration"]["options"] == shifts
    assert panel["consensus"]["votes"] == {"10-hour shifts": 2, "12-hour shifts": 0, "neutral": 0}


async def test_a_council_says_when_its_best_ranked_answer_chose_against_the_vote(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    choices = {
        "FDA Regulatory Expert": "510(k)",
        "Clinical Evidence Expert": "510(k)",
        "Quality Systems Expert": "De Novo",
    }

    def reply(call: Call) -> Reply:
        if RANKING_TOOL in call.tool_names:
            shown = re.findall(r"^\[(Response [A-Z])\] (.*)$", call.prompt, re.MULTILINE)
            # The De Novo answer first, wherever it stands.
            ordered = sorted(shown, key=lambda item: "De Novo" not in item[1])
            return "Ranked.", {"ranking": [label for label, _ in ordered]}
        if POSITION_TOOL in call.tool_names:
            choice = choices[_expert_of(call)]
            return f"I choose {choice}.", _vote("support", 0.8, f"{choice} fits.", choice)
        return "The council's synthesis.", None

    body = _panel_body(
        "council",
        ["fda_expert", "clinical_expert", "quality_expert"],
        options=["De Novo", "510(k)"],
    )
    _, panel = await _run(app, client, Script(reply), body)
    best = panel["peer_ranking"][0]
    # Two reviewers of two answers each rank it first: 1 point each.
    assert (best["name"], best["points"], best["choice"]) == (
        "Quality Systems Expert",
        2,
        "De Novo",
    )
    assert panel["consensus"]["majority"] == "510(k)"
    assert (
        f'The best-ranked answer ({best["label"]}, Quality Systems Expert) chose "De Novo", '
        'not the majority\'s "510(k)".'
    ) in panel["recommendation"]


def test_a_capable_model_sees_its_best_passages_even_where_the_offline_rule_finds_none() -> None:
    # The offline engine abstains here (no passage has two of the question's words beyond
    # the expert's field); a capable model reads the closest passages and judges them itself.
    finance = EXPERTS["finance_expert"]
    question = "How should we staff the winter backlog of urgent premium work orders?"
    assert knowledge_of(finance).relevant_to(question) == []
    passages = passages_for(finance, question, ())
    assert passages and all(c.chunk_id.startswith("finance_expert/") for c in passages)
    assert any("premium" in c.text.lower() for c in passages)
    request = TurnRequest("finance_expert", TurnKind.POSITION, 1, "Give your answer.")
    _, human = expert_prompt(finance, question, request, StatementMode.TOOLS, passages)
    assert all(f"[{c.chunk_id}]" in human.content for c in passages)
