"""The grounded path: a LangGraph graph route → tools → answer, compiled once per process.

The deterministic engine plans the question, runs the vetted query and retrieves passages,
and composes a checked draft; the model only phrases that draft (or, offline, states it).
It is for models that cannot run the agent loop (`agents/loop.py`)."""

from collections.abc import AsyncIterator, Sequence
from typing import Any, Literal, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from agentstream.agents.capabilities import describe_capabilities
from agentstream.agents.clauses import (
    ASKS_NEED,
    ELLIPTICAL,
    REFERS_BACK,
    in_policy_words,
    named_rule_topic,
    split_clauses,
    topic_of,
    without_askers_case,
    without_pro_forms,
)
from agentstream.agents.figures import FigureGate
from agentstream.agents.grounding import compose_document_answer
from agentstream.agents.passages import answering_passages, limits_case
from agentstream.agents.routing import Route, choose_route
from agentstream.agents.sql.catalog import (
    NotUnderstood,
    QueryPlan,
    compose_answer,
    plan_question,
    refusal_text,
)
from agentstream.agents.sql.result import SqlResult
from agentstream.agents.sql.tool import SqlToolError
from agentstream.agents.toolbox import AgentSink, ToolBox, TurnProgress
from agentstream.llm.offline import GROUNDED_ANSWER_KEY, OfflineChatModel
from agentstream.llm.streaming import Usage, stream_pieces
from agentstream.logs import get_logger
from agentstream.retrieval.bm25 import SearchHit, tokenize
from agentstream.retrieval.chunking import Chunk

log = get_logger(__name__)

SYSTEM_PROMPT = (
    "You are the assistant of a field-service company. Answer the user's question using only "
    "the facts given with it (database results and policy excerpts). Keep numbers exactly as "
    "given, cite the policy documents you use, and say so when the facts do not answer."
)


class ChatState(TypedDict, total=False):
    """What flows through the graph for one chat turn."""

    question: str
    history: list[tuple[str, str]]
    route: str
    plan: QueryPlan | None
    # Why the data question was not understood (the words the engine could not map).
    not_understood: str | None
    other_schema: bool
    # What a question asked to name by something the data does not record ("which
    # technicians have a valid driving licence?"): the documents answer what they say of it,
    # after this sentence saying which rows the answer cannot name.
    unlisted: str
    # What the documents answer: the rules clauses of a question that asks for data too.
    document_question: str
    hits: list[SearchHit]
    document: list[Chunk]
    # The cited answer from the documents (composed where the passages were retrieved), and
    # the passages it quotes: its sources, and all the model is shown of the documents.
    document_answer: str
    cited: list[Chunk]
    # One result per question the plan answers (`QueryPlan.each`), in the order asked.
    sql_results: list[SqlResult]
    sql_error: str | None
    answer: str
    sources: list[dict[str, Any]]
    usage: dict[str, int]


def _runtime(config: RunnableConfig) -> tuple[ToolBox, AgentSink, BaseChatModel]:
    configurable = config.get("configurable", {})
    return configurable["toolbox"], configurable["sink"], configurable["model"]


# The node after `plan`: nodes route with `Command(goto=...)`, typed so the graph knows its edges.
FirstStep = Literal["query_database", "search_documents", "answer"]
_FIRST_STEP: dict[Route, FirstStep] = {
    Route.SQL: "query_database",
    Route.BOTH: "query_database",
    Route.RAG: "search_documents",
    Route.NONE: "answer",
}


async def plan(state: ChatState, config: RunnableConfig) -> Command[FirstStep]:
    """Decide where the answer lies with the deterministic planner."""
    toolbox, sink, _ = _runtime(config)
    question = state["question"]
    previous = [content for role, content in state.get("history", []) if role == "user"]
    planned = (
        await plan_question(toolbox.sql, question, previous, toolbox.today) if toolbox.sql else None
    )
    query = planned if isinstance(planned, QueryPlan) else None
    clauses = split_clauses(question)
    search_text = clauses.search_text if query else topic_of(question) or question
    # A data question the engine could not plan is refused, never answered from a passage
    # that happens to share its words: a follow-up ("which of them has the most open work
    # orders"), or a question all of whose words name the data and none asks for rules.
    unread = planned if isinstance(planned, NotUnderstood) else None
    follow_up_words = ""
    # "what if it was 6?": the asker's case, with no topic of its own
    names_no_topic = all(word.isdigit() for word in tokenize(topic_of(question)))
    follows_documents = (
        (unread is not None and bool(REFERS_BACK.search(question)))
        # "and for standard customers?" after a policy question asks it again, of them; the
        # data's list of standard customers answers another question
        or (query is not None and bool(ELLIPTICAL.match(question)))
        or (query is None and names_no_topic)
    ) and await _follows_documents(toolbox, previous)
    if follows_documents:
        query = None
        # "and how many of them can be carried over?" after a leave question: the documents
        # answer it, searched with the topic the previous question named
        follow_up_words = "" if names_no_topic else topic_of(without_pro_forms(question))
        search_text = f"{topic_of(previous[-1])} {without_pro_forms(search_text)}"
        unread = None
    needs_rule = unread is not None and not unread.follow_up and bool(ASKS_NEED.search(question))
    data_only = (
        unread is not None
        and not needs_rule
        and (unread.follow_up or (unread.mapped and unread.about_data and not clauses.rules))
    )
    # Words the data does not know but the documents use ("the resolution target for a
    # medium ticket") ask about the documents, whatever data values they name.
    in_documents = (
        unread is not None
        and not unread.follow_up
        and bool(unread.words)
        and not toolbox.knowledge.unknown_words(" ".join(unread.words))
    )
    asks_rules = bool(clauses.rules) or needs_rule or follows_documents
    # the asker's case ("if we miss a response") is cut before `topic_of` drops its "if"
    asked = clauses.rules or (search_text if follows_documents else question)
    rule_words = topic_of(without_askers_case(asked))
    hits = (
        []
        if data_only or (names_no_topic and not follows_documents)
        else answering_passages(
            toolbox,
            search_text,
            question,
            named_topic=named_rule_topic(clauses.rules or question) if asks_rules else "",
            rule_words=rule_words,
            follow_up_words=follow_up_words,
        )
    )
    route = choose_route(
        has_query=query is not None,
        asks_rules=asks_rules,
        hits=hits,
        question=question,
        off_data=(isinstance(planned, NotUnderstood) and not planned.about_data) or in_documents,
        # a word in no document, or not in the one that would answer; unless the answering
        # passage sets the bound the asker's figure meets: their words tell their case ("we
        # damaged a customer's floor, about $6,200")
        # a question that asks only what to do ("…, what should i do") asks it of its case:
        # the case's words are what it asks ("a customer is yelling at me about the delay")
        unknown_words=bool(
            toolbox.knowledge.unknown_words(
                rule_words or search_text, hits[0].chunk.doc_id if hits else None
            )
        )
        and not (hits and limits_case(question, hits[0])),
    )
    reasons = {
        Route.SQL: "This is a data question: I will query "
        f"{'; then '.join(each.description for each in query.each()) if query else ''}.",
        Route.RAG: "This is a policy question: I will search the policy documents.",
        Route.BOTH: "This needs both the data and the policy documents.",
        Route.NONE: "I could not understand all of this question, so I will not guess."
        if isinstance(planned, NotUnderstood) and planned.words
        else "Neither the database nor the documents cover this question.",
    }
    await sink.thought(reasons[route])
    update: ChatState = {
        "route": route.value,
        "plan": query,
        "not_understood": _refusal(
            planned,
            toolbox,
            documents_asked=route is Route.NONE and unread is not None and not data_only,
        ),
        "other_schema": isinstance(planned, NotUnderstood) and planned.other_schema,
        "unlisted": (
            f"The data does not record '{' '.join(unread.words)}', so I cannot say which "
            f"{unread.names_rows}."
            if unread and unread.names_rows
            else ""
        ),
        # a follow-up asks the earlier question again, of what it names ("and for a standard
        # one?"): the answer is the passage for both
        "document_question": (
            clauses.rules
            if route is Route.BOTH
            else f"{previous[-1]} {without_pro_forms(question)}"
            if follows_documents
            else question
        ),
        "hits": hits,
        "sources": [],
    }
    return Command(update=update, goto=_FIRST_STEP[route])


def _refusal(
    planned: QueryPlan | NotUnderstood | None, toolbox: ToolBox, *, documents_asked: bool
) -> str | None:
    """Why the question is not answered, when the data planner could not read it. Of a question
    the documents might have answered, the words to blame are those neither the data nor any
    document uses ("mum", "passed" of "my mum passed away, how many days off do I get?"): the
    others ("days", "off") are the documents' own, and the refusal says no passage answers
    with them."""
    if not isinstance(planned, NotUnderstood):
        return None
    if not documents_asked or not planned.words:
        return refusal_text(planned)
    unknown = [
        word for word in planned.words if toolbox.knowledge.unknown_words(in_policy_words(word))
    ]
    if not unknown:
        return "I can't answer that: no passage of the documents answers it as asked."
    words = " or ".join(f"'{word}'" for word in unknown)
    return (
        f"I can't answer that: neither the data nor the documents use {words}, and no passage "
        "answers it without them."
    )


async def _follows_documents(toolbox: ToolBox, previous: Sequence[str]) -> bool:
    """Whether the conversation's previous question was one the data does not answer (a
    question for the documents), so that a follow-up of it is one too."""
    if not previous or toolbox.sql is None:
        return False
    earlier = await plan_question(toolbox.sql, previous[-1], previous[:-1], toolbox.today)
    return not isinstance(earlier, QueryPlan) and bool(toolbox.knowledge.search(previous[-1]))


def _sql_source(result: SqlResult, params: dict[str, Any]) -> dict[str, Any]:
    """The query that ran, with the values bound to its parameters (so a reader can check it)."""
    return {
        "type": "sql",
        "sql": result.sql,
        "params": {
            name: value if isinstance(value, int | float | str) else str(value)
            for name, value in params.items()
        },
        "row_count": result.row_count,
        "truncated": result.truncated,
        "elapsed_ms": round(result.elapsed_ms, 2),
    }


async def query_database(
    state: ChatState, config: RunnableConfig
) -> Command[Literal["search_documents", "answer"]]:
    """Run the vetted query, then search the documents too if the route says both."""
    toolbox, sink, _ = _runtime(config)
    update = await _query(state, toolbox, sink)
    return Command(
        update=update, goto="search_documents" if state["route"] == Route.BOTH else "answer"
    )


async def _query(state: ChatState, toolbox: ToolBox, sink: AgentSink) -> ChatState:
    """Run the vetted query; report it as a tool call."""
    assert toolbox.sql is not None
    plan = state["plan"]
    if plan is None:
        return {"sql_results": [], "sql_error": "no query fits the question"}
    results: list[SqlResult] = []
    sources = list(state["sources"])
    for query in plan.each():
        try:
            result = await toolbox.sql.run(query.sql, query.params)
        except SqlToolError as failure:
            await sink.tool_call(
                f"SQL failed: {failure}", "sql", {"sql": query.sql, "error": str(failure)}
            )
            return {"sql_results": [], "sql_error": str(failure)}
        source = _sql_source(result, query.params)
        rows = "1 row" if result.row_count == 1 else f"{result.row_count} rows"
        await sink.tool_call(f"{result.sql} → {rows}", "sql", source)
        results.append(result)
        sources.append(source)
    return {"sql_results": results, "sql_error": None, "sources": sources}


async def search_documents(state: ChatState, config: RunnableConfig) -> ChatState:
    """Compose the cited answer from the passages retrieved and report, as a tool call, the
    passages it quotes (its sources: exactly the sections quoted)."""
    toolbox, sink, _ = _runtime(config)
    hits = state["hits"]
    # The whole best document, for questions about a policy as a whole.
    document = toolbox.knowledge.chunks_of(hits[0].chunk.doc_id)
    answer = compose_document_answer(state["document_question"], hits, document)
    scores = {hit.chunk.chunk_id: round(hit.score, 3) for hit in hits}
    cited = [
        {
            "type": "document",
            "id": chunk.doc_id,
            "title": chunk.title,
            "section": chunk.section,
            "chunk_id": chunk.chunk_id,
            "score": scores.get(chunk.chunk_id),
        }
        for chunk in answer.cited
    ]
    titles = ", ".join(dict.fromkeys(chunk.title for chunk in answer.cited))
    await sink.tool_call(
        f"Searched the documents ({len(hits)} {'passage' if len(hits) == 1 else 'passages'} "
        f"found); quoting {len(cited)} from: {titles}",
        "rag",
        {"documents": cited, "retrieved": len(hits)},
    )
    return {
        "sources": [*state["sources"], *cited],
        "document": document,
        "document_answer": answer.text,
        "cited": list(answer.cited),
    }


def _grounded_answer(state: ChatState, toolbox: ToolBox) -> str:
    route = Route(state["route"])
    parts: list[str] = []
    if route in (Route.SQL, Route.BOTH):
        plan, results = state["plan"], state.get("sql_results", [])
        if plan is not None and results:
            parts += [
                compose_answer(query, result)
                for query, result in zip(plan.each(), results, strict=True)
            ]
        else:
            parts.append(
                "I could not get that from the database: "
                f"{state.get('sql_error') or 'the query failed'}."
            )
    if route is Route.RAG:
        parts.append(state.get("unlisted", ""))
    if route in (Route.RAG, Route.BOTH):
        parts.append(state.get("document_answer", ""))
    if route is Route.NONE:
        capabilities = describe_capabilities(
            has_data=toolbox.sql is not None and not state.get("other_schema", False),
            titles=toolbox.knowledge.titles(),
        )
        lead = state.get("not_understood") or (
            "I can't answer that from the business data or the policy documents I have access to."
        )
        parts.append(f"{lead} {capabilities}")
    return " ".join(part for part in parts if part)


def _context(state: ChatState) -> str:
    """The facts the model phrases the draft from: the rows, and exactly the passages the draft
    quotes (the turn's sources), not the whole retrieval, whose other passages it would cite."""
    lines = [f"Question: {state['question']}"]
    for result in state.get("sql_results", []):
        lines.append(f"Database result ({result.row_count} rows): {result.records()[:20]}")
    for chunk in state.get("cited", []):
        lines.append(f"[{chunk.title} / {chunk.section}] {chunk.text}")
    return "\n".join(lines)


async def answer(state: ChatState, config: RunnableConfig) -> ChatState:
    """Let the model phrase the grounded answer, streaming its tokens."""
    toolbox, sink, model = _runtime(config)
    history: list[BaseMessage] = [
        HumanMessage(content) if role == "user" else AIMessage(content)
        for role, content in state.get("history", [])
    ]
    grounded = _grounded_answer(state, toolbox)
    context = _context(state)
    prompt = HumanMessage(context, additional_kwargs={GROUNDED_ANSWER_KEY: grounded})
    parts: list[str] = []
    usage = Usage()
    messages = [SystemMessage(SYSTEM_PROMPT), *history, prompt]
    # The offline engine states the checked answer itself; a model phrasing it may not add
    # figures ("10 active technicians: 4 are on call") the facts do not hold.
    gate = None if isinstance(model, OfflineChatModel) else FigureGate(f"{grounded}\n{context}")
    async for pieces in stream_pieces(model, messages, usage):
        shown = gate.feed(pieces) if gate else pieces
        if shown:
            parts += shown
            await sink.tokens(shown)
        if gate and gate.failed:
            break  # the model's answer ends here; its calls stop with the stream
    if gate and not gate.failed and (rest := gate.flush()):
        parts += rest
        await sink.tokens(rest)
    if gate and gate.failed:
        log.warning("grounded_answer_figures_not_in_facts", shown_chars=len("".join(parts)))
        said = "".join(parts).rstrip()
        # a sentence the model began is cut where its first figure came
        cut = "…" if said and not said.endswith((".", "!", "?", ":")) else ""
        checked = f"{cut}\n\n{grounded}" if said else grounded
        parts.append(checked)
        await sink.tokens([checked])
    return {"answer": "".join(parts), "usage": usage.as_dict()}


def build_orchestrator() -> CompiledStateGraph[ChatState, None, ChatState, ChatState]:
    """The compiled graph; tools, sink and model come per call in `configurable`."""
    graph = StateGraph(ChatState)
    graph.add_node("plan", plan)
    graph.add_node("query_database", query_database)
    graph.add_node("search_documents", search_documents)
    graph.add_node("answer", answer)
    graph.add_edge(START, "plan")  # plan and query_database route with `Command(goto=...)`
    graph.add_edge("search_documents", "answer")
    graph.add_edge("answer", END)
    return graph.compile()


class GroundedAgent:
    """Answers chat turns on the grounded path (AGENTSTREAM_AGENT_MODE=grounded)."""

    def __init__(self) -> None:
        self._graph = build_orchestrator()

    async def run(
        self,
        *,
        question: str,
        history: Sequence[tuple[str, str]],
        toolbox: ToolBox,
        sink: AgentSink,
        model: BaseChatModel,
    ) -> AsyncIterator[TurnProgress]:
        """Run the graph, reporting the route, sources and usage after each step."""
        config: RunnableConfig = {
            "configurable": {"toolbox": toolbox, "sink": sink, "model": model}
        }
        inputs: ChatState = {"question": question, "history": list(history)}
        async for state in self._graph.astream(inputs, config=config, stream_mode="values"):
            yield {
                "route": state.get("route"),
                "sources": state.get("sources", []),
                "usage": state.get("usage", {}),
            }
