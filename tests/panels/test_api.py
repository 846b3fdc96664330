"""Panels over REST and SSE (seed 004), on SQLite and PostgreSQL."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from agentstream.llm.offline import OfflineChatModel
from agentstream.panels.domain import PanelType
from agentstream.panels.domain.status import MAX_MEMBERS, with_article
from agentstream.panels.schemas import PANEL_EVENTS
from agentstream.panels.strategies import registry, strategy_for
from agentstream.settings import DEMO_TENANT_ID, Settings
from agentstream.tenancy.service import create_tenant
from tests.counting import CountsTokens
from tests.sse import Frame, parse_frames

DEMO = {"X-Tenant-ID": str(DEMO_TENANT_ID)}
SEED_PANEL = {
    "query": "FDA 510(k) strategy?",
    "panel_type": "structured",
    "agent_ids": ["fda_expert", "clinical_expert"],
}
DEBATE = {
    "query": "Should we skip clinical data for our 510(k)?",
    "panel_type": "open",
    "agent_ids": ["fda_expert", "clinical_expert"],
}


class CountingOfflineModel(CountsTokens, OfflineChatModel):
    """The offline engine, counting the tokens it produces."""


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    return settings.model_copy(update={"database_url": database_url})


async def _create(client: httpx.AsyncClient, body: dict[str, Any], **headers: str) -> str:
    response = await client.post("/api/v1/panels", json=body, headers=headers or DEMO)
    assert response.status_code == 201, response.text
    panel_id: str = response.json()["panel_id"]
    return panel_id


async def _stream(client: httpx.AsyncClient, panel_id: str, **headers: str) -> list[Frame]:
    response = await client.get(f"/api/v1/panels/{panel_id}/stream", headers=headers or DEMO)
    assert response.status_code == 200, response.text
    return parse_frames(response.text)


def _names(frames: list[Frame]) -> list[str | None]:
    return [f.event for f in frames]


async def _other_tenant(app: FastAPI) -> dict[str, str]:
    async with app.state.sessions() as session, session.begin():
        creds = await create_tenant(session, "other", demo_content=True)
    return {"Authorization": f"Bearer {creds.api_key}"}


async def test_create_returns_201_with_id_status_and_estimated_duration(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/api/v1/panels", json=SEED_PANEL, headers=DEMO)
    assert response.status_code == 201
    body = response.json()
    uuid.UUID(body["panel_id"])
    assert body["status"] == "draft"
    assert body["estimated_duration"] > 0
    assert [m["agent_id"] for m in body["members"]] == SEED_PANEL["agent_ids"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"agent_ids": ["fda_expert", "nobody", "ghost"]}, "Unknown agent_ids: nobody, ghost"),
        ({"panel_type": "free_for_all"}, "Invalid panel_type 'free_for_all'"),
        ({"configuration": {"max_rounds": 0}}, "max_rounds"),
        ({"configuration": {"colour": "blue"}}, "colour"),
        ({"agent_ids": ["fda_expert", "fda_expert"]}, "only once"),
        ({"panel_type": "council", "agent_ids": ["fda_expert"]}, "members"),
        (
            {"panel_type": "adversarial", "agent_ids": ["fda_expert"]},
            "members: an adversarial panel needs 2 to 12 experts",
        ),
        (
            {"panel_type": "council", "agent_ids": ["fda_expert", "clinical_expert"]},
            "members: a council panel needs 3 to 12 experts",
        ),
        ({"configuration": {"options": ["De Novo"]}}, "options must list 2 to 10 answers"),
    ],
)
async def test_invalid_panel_is_400_naming_the_problem(
    client: httpx.AsyncClient, change: dict[str, Any], message: str
) -> None:
    response = await client.post("/api/v1/panels", json={**SEED_PANEL, **change}, headers=DEMO)
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize("panel_type", [t for t in PanelType if strategy_for(t).min_experts > 1])
async def test_one_expert_short_of_a_strategys_minimum_is_400_stating_it(
    client: httpx.AsyncClient, panel_type: PanelType
) -> None:
    needed = strategy_for(panel_type).min_experts
    catalog = ["fda_expert", "clinical_expert", "quality_expert"]
    body = {**SEED_PANEL, "panel_type": panel_type.value, "agent_ids": catalog[: needed - 1]}
    response = await client.post("/api/v1/panels", json=body, headers=DEMO)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"members: {with_article(panel_type.value)} panel needs {needed} to {MAX_MEMBERS} experts"
    )
    body["agent_ids"] = catalog[:needed]
    assert (await client.post("/api/v1/panels", json=body, headers=DEMO)).status_code == 201


async def test_the_openapi_docs_state_each_strategys_minimum(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    doc = spec["paths"]["/api/v1/panels"]["post"]["description"]
    for panel_type, strategy in registry.items():
        noun = "expert" if strategy.min_experts == 1 else "experts"
        assert f"* `{panel_type.value}` (at least {strategy.min_experts} {noun}): " in doc
    assert "(at least 1 experts)" not in doc


async def test_missing_query_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    body = {k: v for k, v in SEED_PANEL.items() if k != "query"}
    response = await client.post("/api/v1/panels", json=body, headers=DEMO)
    assert response.status_code == 422
    assert "query" in [d["field"] for d in response.json()["error"]["details"]]


async def test_stream_shows_the_discussion_in_order(client: httpx.AsyncClient) -> None:
    frames = await _stream(client, await _create(client, SEED_PANEL))
    names = _names(frames)
    assert names[0] == "panel_started" and names[-1] == "panel_complete"
    for expected in ("expert_token", "expert_speaking", "round_complete", "consensus_update"):
        assert expected in names
    first_speech = names.index("expert_speaking")
    assert names.index("expert_token") < first_speech < names.index("round_complete")
    assert names.index("round_complete") < names.index("consensus_update")
    assert [f.id for f in frames] == sorted(f.id for f in frames if f.id is not None)
    complete = frames[-1].data
    assert complete["recommendation"] and complete["duration"] is not None
    assert 0 <= complete["consensus"] <= 1


async def test_token_deltas_add_up_to_what_the_expert_said(client: httpx.AsyncClient) -> None:
    frames = await _stream(client, await _create(client, SEED_PANEL))
    for speech in (f.data for f in frames if f.event == "expert_speaking"):
        deltas = [
            f.data["delta"]
            for f in frames
            if f.event == "expert_token"
            and f.data["agent_id"] == speech["agent_id"]
            and f.data["round"] == speech["round"]
            and f.data["kind"] == speech["kind"]
        ]
        assert "".join(deltas) == speech["content"]
        assert speech["position"]["stance"] in ("support", "oppose", "neutral")


async def test_every_event_matches_its_documented_schema(client: httpx.AsyncClient) -> None:
    frames = await _stream(client, await _create(client, DEBATE))
    for frame in frames:
        assert frame.event in PANEL_EVENTS
        PANEL_EVENTS[frame.event].model_validate(frame.data)


async def test_get_returns_the_whole_panel_after_the_run(client: httpx.AsyncClient) -> None:
    panel_id = await _create(client, DEBATE)
    await _stream(client, panel_id)
    body = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert body["status"] == "completed"
    assert body["rounds"] and all(r["consensus"] for r in body["rounds"])
    assert body["rounds"][0]["messages"][0]["content"]
    assert body["consensus"]["decision"] in ("consensus", "no_consensus", "max_rounds")
    assert body["recommendation"] and body["completed_at"] and body["duration"] >= 0


async def test_execute_runs_in_the_background_with_nobody_watching(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    panel_id = await _create(client, SEED_PANEL)
    response = await client.post(f"/api/v1/panels/{panel_id}/execute", headers=DEMO)
    assert response.status_code == 202
    assert response.json()["status"] == "executing"
    await app.state.panels.manager.wait(uuid.UUID(response.json()["run_id"]))
    body = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert body["status"] == "completed"


async def test_execute_twice_is_rejected(app: FastAPI, client: httpx.AsyncClient) -> None:
    panel_id = await _create(client, SEED_PANEL)
    first = await client.post(f"/api/v1/panels/{panel_id}/execute", headers=DEMO)
    second = await client.post(f"/api/v1/panels/{panel_id}/execute", headers=DEMO)
    assert second.status_code == 400
    await app.state.panels.manager.wait(uuid.UUID(first.json()["run_id"]))


async def test_late_subscriber_gets_the_whole_history_and_the_completion(
    client: httpx.AsyncClient,
) -> None:
    panel_id = await _create(client, DEBATE)
    first = await _stream(client, panel_id)
    late = await _stream(client, panel_id)
    assert [(f.id, f.data) for f in late] == [(f.id, f.data) for f in first]


async def test_reconnect_receives_exactly_the_missed_events(client: httpx.AsyncClient) -> None:
    panel_id = await _create(client, DEBATE)
    frames = await _stream(client, panel_id)
    seen = frames[len(frames) // 2].id
    assert seen is not None
    rest = await _stream(client, panel_id, **DEMO, **{"Last-Event-ID": str(seen)})
    assert [(f.id, f.data) for f in rest] == [(f.id, f.data) for f in frames if f.id > seen]


class TestAfterRetention:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"run_retention_s": 0})

    async def test_reconnect_replays_stored_events_without_gaps(
        self, client: httpx.AsyncClient
    ) -> None:
        panel_id = await _create(client, DEBATE)
        frames = await _stream(client, panel_id)
        await asyncio.sleep(0.05)  # the broker drops the finished run's live log
        stored = [f for f in frames if f.event != "expert_token"]
        seen = stored[2].id
        assert seen is not None
        rest = await _stream(client, panel_id, **DEMO, **{"Last-Event-ID": str(seen)})
        assert [(f.id, f.data) for f in rest] == [(f.id, f.data) for f in stored[3:]]


async def test_two_subscribers_see_the_same_events(app: FastAPI, client: httpx.AsyncClient) -> None:
    app.state.panels.model = OfflineChatModel(token_delay_s=0.001)
    panel_id = await _create(client, DEBATE)
    first, second = await asyncio.gather(_stream(client, panel_id), _stream(client, panel_id))
    assert [(f.id, f.event) for f in first] == [(f.id, f.event) for f in second]
    assert first[-1].event == "panel_complete"


async def test_cancel_stops_the_run_and_keeps_the_transcript(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    model = CountingOfflineModel(token_delay_s=0.005)
    app.state.panels.model = model
    panel_id = await _create(client, DEBATE)
    run_id = uuid.UUID(
        (await client.post(f"/api/v1/panels/{panel_id}/execute", headers=DEMO)).json()["run_id"]
    )
    async for event in app.state.panels.manager.stream(run_id):
        if event.event == "expert_speaking":
            break
    response = await client.delete(f"/api/v1/panels/{panel_id}", headers=DEMO)
    assert response.status_code == 204
    body = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert body["status"] == "cancelled"
    assert sum(len(r["messages"]) for r in body["rounds"]) >= 1, "the transcript is kept"
    frames = await _stream(client, panel_id)
    assert frames[-1].event == "panel_cancelled"
    assert "panel_complete" not in _names(frames)
    produced = model.produced
    assert produced > 0
    await asyncio.sleep(0.1)
    assert model.produced == produced, "no model call goes on after the cancel"


async def test_cancel_keeps_the_turns_in_progress_marked_incomplete(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    app.state.panels.model = OfflineChatModel(token_delay_s=0.005)
    panel_id = await _create(client, DEBATE)
    run_id = uuid.UUID(
        (await client.post(f"/api/v1/panels/{panel_id}/execute", headers=DEMO)).json()["run_id"]
    )
    streamed: dict[str, str] = {}
    async for event in app.state.panels.manager.stream(run_id):
        if event.event == "expert_token":
            data = event.data
            streamed[data["agent_id"]] = streamed.get(data["agent_id"], "") + data["delta"]
            if len(streamed[data["agent_id"]]) > 40:
                break
    assert (await client.delete(f"/api/v1/panels/{panel_id}", headers=DEMO)).status_code == 204
    body = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    kept = [m for r in body["rounds"] for m in r["messages"] if m["incomplete"]]
    assert kept, "the round in progress keeps what was streamed"
    for message in kept:
        # Everything this subscriber saw, and what was streamed until the cancel landed.
        assert message["content"].startswith(streamed.get(message["agent_id"], ""))
        assert message["position"] is None
    frames = await _stream(client, panel_id)
    speaking = [f.data for f in frames if f.event == "expert_speaking"]
    assert [m["sequence"] for m in kept] == [d["sequence"] for d in speaking if d["incomplete"]]
    assert frames[-1].event == "panel_cancelled"


async def test_cancel_a_draft_then_it_cannot_stream(client: httpx.AsyncClient) -> None:
    panel_id = await _create(client, SEED_PANEL)
    assert (await client.delete(f"/api/v1/panels/{panel_id}", headers=DEMO)).status_code == 204
    body = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert body["status"] == "cancelled"
    response = await client.get(f"/api/v1/panels/{panel_id}/stream", headers=DEMO)
    assert response.status_code == 409


async def test_cancel_terminal_panel_returns_400(client: httpx.AsyncClient) -> None:
    panel_id = await _create(client, SEED_PANEL)
    await _stream(client, panel_id)
    response = await client.delete(f"/api/v1/panels/{panel_id}", headers=DEMO)
    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot cancel terminal panel"


async def test_list_limit_over_100_is_rejected_with_the_seed_message(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/panels?limit=101", headers=DEMO)
    assert response.status_code == 400
    assert response.json()["detail"] == "Limit cannot exceed 100"


async def test_list_filters_and_pages(app: FastAPI, client: httpx.AsyncClient) -> None:
    headers = await _other_tenant(app)
    structured = [await _create(client, SEED_PANEL, **headers) for _ in range(3)]
    debate = await _create(client, DEBATE, **headers)
    await _stream(client, structured[0], **headers)
    page = (await client.get("/api/v1/panels?limit=2", headers=headers)).json()
    assert page["total"] == 4 and len(page["panels"]) == 2 and page["limit"] == 2
    assert page["panels"][0]["panel_id"] == debate, "newest first"
    by_type = (await client.get("/api/v1/panels?panel_type=open", headers=headers)).json()
    assert [p["panel_id"] for p in by_type["panels"]] == [debate]
    done = (await client.get("/api/v1/panels?status=completed", headers=headers)).json()
    assert [p["panel_id"] for p in done["panels"]] == [structured[0]]
    bad = await client.get("/api/v1/panels?status=finished", headers=headers)
    assert bad.status_code == 400 and "status" in bad.json()["detail"]


async def test_list_returns_summaries_without_rounds_or_messages(
    client: httpx.AsyncClient,
) -> None:
    panel_id = await _create(client, SEED_PANEL)
    await _stream(client, panel_id)
    listed = (await client.get("/api/v1/panels", headers=DEMO)).json()["panels"]
    summary = next(p for p in listed if p["panel_id"] == panel_id)
    assert "rounds" not in summary and "messages" not in summary
    full = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    brief = {"level", "majority", "decision", "votes", "participants", "members", "quorum"}
    # The consensus in brief: its reasons, dissent and measures are on the panel's own page.
    assert summary["consensus"] == {k: v for k, v in full["consensus"].items() if k in brief}
    details = ("rounds", "peer_ranking", "usage", "consensus")
    rest = {k: v for k, v in full.items() if k not in details}
    assert {k: v for k, v in summary.items() if k != "consensus"} == rest


async def test_a_panel_with_options_votes_on_the_options(client: httpx.AsyncClient) -> None:
    body = {
        "query": "Which FDA pathway should the new glucose monitor take?",
        "panel_type": "structured",
        "agent_ids": ["fda_expert", "clinical_expert"],
        "configuration": {"options": ["De Novo", "510(k)"]},
    }
    panel_id = await _create(client, body)
    frames = await _stream(client, panel_id)
    update = next(f.data for f in frames if f.event == "consensus_update")
    assert set(update["votes"]) == {"De Novo", "510(k)", "neutral"}
    assert update["options"] == ["De Novo", "510(k)"]
    speaking = [f.data for f in frames if f.event == "expert_speaking"]
    fda = next(d for d in speaking if d["agent_id"] == "fda_expert")
    assert fda["position"]["option"] == "510(k)"
    assert fda["citations"] and all(c.startswith("fda_expert/") for c in fda["citations"])
    complete = frames[-1].data
    assert complete["consensus_detail"]["quorum"]["required"] == 2
    recommendation = complete["recommendation"]
    assert "510(k)" in recommendation.splitlines()[0] or "No recommendation" in recommendation


async def test_another_tenants_panel_does_not_exist_for_every_endpoint(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    panel_id = await _create(client, SEED_PANEL)
    intruder = await _other_tenant(app)
    base = f"/api/v1/panels/{panel_id}"
    assert (await client.get(base, headers=intruder)).status_code == 404
    assert (await client.post(f"{base}/execute", headers=intruder)).status_code == 404
    assert (await client.delete(base, headers=intruder)).status_code == 404
    assert (await client.get(f"{base}/stream", headers=intruder)).status_code == 404
    assert (await client.post(f"{base}/stream", headers=intruder)).status_code == 404
    listing = (await client.get("/api/v1/panels", headers=intruder)).json()
    assert panel_id not in [p["panel_id"] for p in listing["panels"]]
    body = (await client.get(base, headers=DEMO)).json()
    assert body["status"] == "draft", "nothing the intruder did touched it"


async def test_malformed_panel_id_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/panels/not-a-uuid", headers=DEMO)).status_code == 404


@pytest.mark.parametrize(
    ("panel_type", "agent_ids"),
    [
        ("structured", ["fda_expert", "clinical_expert", "quality_expert"]),
        ("open", ["fda_expert", "clinical_expert"]),
        ("socratic", ["fda_expert", "clinical_expert", "reimbursement_expert"]),
        ("adversarial", ["fda_expert", "clinical_expert", "quality_expert"]),
        ("council", ["fda_expert", "clinical_expert", "quality_expert"]),
    ],
)
async def test_every_strategy_runs_to_a_recommendation(
    client: httpx.AsyncClient, panel_type: str, agent_ids: list[str]
) -> None:
    body = {"query": "FDA 510(k) strategy?", "panel_type": panel_type, "agent_ids": agent_ids}
    frames = await _stream(client, await _create(client, body))
    assert frames[-1].event == "panel_complete", frames[-1].data
    assert frames[-1].data["recommendation"]


async def test_panel_left_running_by_a_crash_is_failed_at_next_startup(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings
) -> None:
    from asgi_lifespan import LifespanManager

    from agentstream.app import create_app
    from agentstream.db.base import utcnow
    from agentstream.deliberation.turns import Position, Stance, TurnKind, TurnResult
    from agentstream.panels.execution import PANEL_RUN
    from agentstream.panels.repository import PanelRepository
    from agentstream.runs.repository import RunRepository

    panel_id = await _create(client, SEED_PANEL)
    # The state a process leaves when it dies mid-run: running, one turn stored.
    async with app.state.sessions() as session, session.begin():
        panels = PanelRepository(session, DEMO_TENANT_ID)
        panel = await panels.get(uuid.UUID(panel_id))
        assert panel is not None
        panel.start(utcnow())
        run_id = uuid.uuid4()
        assert await panels.claim_start(panel, run_id)
        await RunRepository(session).create(DEMO_TENANT_ID, PANEL_RUN, panel_id, run_id=run_id)
        said = TurnResult(
            "fda_expert", TurnKind.POSITION, 1, "I support it.", Position(Stance.SUPPORT, 0.8)
        )
        await panels.add_message(panel_id, panel.record(said))

    restarted = create_app(settings)
    async with LifespanManager(restarted, startup_timeout=60):
        transport = httpx.ASGITransport(app=restarted)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            body = (await http.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
            frames = await _stream(http, panel_id)
    assert body["status"] == "failed"
    assert "restarted" in body["error"]
    assert body["rounds"][0]["messages"][0]["content"] == "I support it.", "transcript kept"
    assert frames[-1].event == "error" and "restarted" in frames[-1].data["message"]


async def test_a_model_that_drops_the_position_line_keeps_the_planned_position(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    from agentstream.llm.scripted import ScriptedChatModel

    app.state.panels.model = ScriptedChatModel(text="I have thought about it carefully.")
    frames = await _stream(client, await _create(client, DEBATE))
    speeches = [f.data for f in frames if f.event == "expert_speaking"]
    assert speeches and all(s["content"] == "I have thought about it carefully." for s in speeches)
    assert all(s["position"] is not None for s in speeches)
    assert frames[-1].event == "panel_complete"


async def test_provider_error_fails_the_panel_with_a_useful_message(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    from tests.llm.failing import FailingServerModel

    app.state.panels.model = FailingServerModel()
    panel_id = await _create(client, SEED_PANEL)
    frames = await _stream(client, panel_id)
    assert frames[-1].event == "error"
    assert "answered 500: overloaded" in frames[-1].data["message"]
    body = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert body["status"] == "failed" and "answered 500" in body["error"]


async def test_an_expert_answer_with_surrogate_halves_is_kept(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """A pair of UTF-16 halves split between two pieces, and a lone half: the panel completes
    and stores the text with the pair joined and the lone half replaced."""
    from agentstream.llm.scripted import ScriptedChatModel

    class HalvesModel(ScriptedChatModel):
        async def astream_pieces(self, *args: Any, **kwargs: Any) -> AsyncIterator[list[str]]:
            yield ["Launch ", "\ud83d"]
            yield ["\ude80", " now \udc00"]

    app.state.panels.model = HalvesModel()
    panel_id = await _create(client, DEBATE)
    frames = await _stream(client, panel_id)
    assert frames[-1].event == "panel_complete"
    body = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert body["rounds"][0]["messages"][0]["content"] == "Launch 🚀 now \ufffd"


async def test_a_question_naming_two_alternatives_is_a_choice_between_them(
    client: httpx.AsyncClient,
) -> None:
    body = {**SEED_PANEL, "query": "Should we file a De Novo or a 510(k) for the monitor?"}
    response = await client.post("/api/v1/panels", json=body, headers=DEMO)
    assert response.status_code == 201
    # The panel frames its question before round 1, offline from the question itself.
    assert response.json()["configuration"]["options"] == []
    panel_id = response.json()["panel_id"]
    frames = await _stream(client, panel_id)
    started = next(f for f in frames if f.event == "panel_started")
    assert started.data["framing"] == {
        "options": ["De Novo", "510(k)"],
        "proposition": None,
        "source": "question",
    }
    stored = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert stored["configuration"]["options"] == ["De Novo", "510(k)"]
    assert all(
        m["position"]["option"] in ("De Novo", "510(k)", None)
        for r in stored["rounds"]
        for m in r["messages"]
        if m["position"]
    )


WINTER_PAY = "Should we pay technicians a premium for winter work?"


async def test_a_default_moderator_is_the_member_whose_documents_cover_the_question_least(
    client: httpx.AsyncClient,
) -> None:
    # The operations documents never speak of pay or winter work: it moderates, and the finance
    # and customer experts, whose documents cover the question, keep their votes.
    body = {
        "query": WINTER_PAY,
        "panel_type": "socratic",
        "agent_ids": ["finance_expert", "operations_expert", "customer_expert"],
    }
    panel = (await client.get(f"/api/v1/panels/{await _create(client, body)}")).json()
    assert panel["configuration"]["moderator_id"] == "operations_expert"


async def test_a_default_devils_advocate_leaves_the_covering_members_their_quorum(
    client: httpx.AsyncClient,
) -> None:
    # Two of three members have documents on the question: taking one of them as devil's
    # advocate would leave a single voter, short of the quorum of two, so the member without
    # documents on it takes the role (test_roles: with enough covering members, the least
    # covering of them argues, from its documents).
    body = {
        "query": WINTER_PAY,
        "panel_type": "adversarial",
        "agent_ids": ["finance_expert", "customer_expert", "operations_expert"],
    }
    panel = (await client.get(f"/api/v1/panels/{await _create(client, body)}")).json()
    assert panel["configuration"]["devil_advocate_id"] == "operations_expert"


async def test_a_named_role_holder_is_kept(client: httpx.AsyncClient) -> None:
    body = {
        "query": WINTER_PAY,
        "panel_type": "socratic",
        "agent_ids": ["finance_expert", "operations_expert"],
        "configuration": {"moderator_id": "finance_expert"},
    }
    panel = (await client.get(f"/api/v1/panels/{await _create(client, body)}")).json()
    assert panel["configuration"]["moderator_id"] == "finance_expert"


async def test_offline_turns_read_as_words_with_their_position_as_data(
    client: httpx.AsyncClient,
) -> None:
    body = {
        "query": "Should we skip clinical data for our 510(k)?",
        "panel_type": "council",
        "agent_ids": ["fda_expert", "clinical_expert", "reimbursement_expert"],
    }
    panel_id = await _create(client, body)
    await _stream(client, panel_id)
    panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    messages = [m for r in panel["rounds"] for m in r["messages"]]
    assert all(
        not line.startswith(("POSITION:", "RANKING:"))
        for m in messages
        for line in m["content"].splitlines()
    )
    assert all(m["position"] for m in messages if m["kind"] == "position")
    assert all(m["ranking"] for m in messages if m["kind"] == "rank")


async def test_panel_started_names_who_holds_the_strategys_role(
    client: httpx.AsyncClient,
) -> None:
    body = {
        "query": "Should we skip clinical data for our 510(k)?",
        "panel_type": "socratic",
        "agent_ids": ["fda_expert", "clinical_expert", "quality_expert"],
        "configuration": {"max_rounds": 2},
    }
    started = (await _stream(client, await _create(client, body)))[0]
    assert started.event == "panel_started"
    # The quality expert's documents say least on clinical data: it moderates.
    assert started.data["role"] == {
        "title": "Moderator",
        "agent_id": "quality_expert",
        "name": "Quality Systems Expert",
    }
    plain = (await _stream(client, await _create(client, DEBATE)))[0]
    assert plain.data["role"] is None


@pytest.mark.parametrize("panel_type", ["council", "socratic"])
async def test_a_synthesised_recommendation_states_the_vote_and_the_dissent_once(
    client: httpx.AsyncClient, panel_type: str
) -> None:
    body = {
        **DEBATE,
        "panel_type": panel_type,
        "agent_ids": [*DEBATE["agent_ids"], "quality_expert"],
    }
    panel_id = await _create(client, body)
    await _stream(client, panel_id)
    panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    recommendation = panel["recommendation"]
    assert recommendation.count("Votes:") == 1, recommendation
    # The dissent, or on an even split "the sides", is stated once: in a line of the verdict,
    # or, where the synthesis leaves nothing of its own, in the reasons given by choice.
    assert recommendation.count("Dissent") <= 1, recommendation
    assert recommendation.count("The sides:") <= 1, recommendation
    assert "Majority view:" not in recommendation and "Positions:" not in recommendation
    for dissenter in panel["consensus"]["dissent"]:
        assert recommendation.count(dissenter["summary"].rstrip(".")) >= 1
    # The synthesis turn itself still says where the panel stood.
    (synthesis,) = [m for r in panel["rounds"] for m in r["messages"] if m["kind"] == "synthesis"]
    assert "Majority view:" in synthesis["content"]
    # Its other paragraphs follow the verdict; its opening ("As the …, I write this panel's
    # synthesis") frames a turn, not the panel's answer, and goes.
    opening, *rest = synthesis["content"].split("\n\n")
    # (the ranking's winner is named by the verdict's own ranking lines)
    stated = ("Majority view:", "Positions:", "Dissent:", "The peer ranking ")
    kept = [p for p in rest if not p.startswith(stated)]
    assert opening not in recommendation
    assert all(paragraph in recommendation for paragraph in kept)


@pytest.mark.parametrize("panel_type", ["structured", "open", "socratic", "adversarial", "council"])
async def test_a_question_outside_every_experts_documents_ends_without_a_recommendation(
    client: httpx.AsyncClient, panel_type: str
) -> None:
    # Every voter abstains in round 1: nobody is left to question, challenge or rank, so the
    # strategy's own second round does not run, and the panel says it has no recommendation.
    body = {
        "query": "Should the company newsletter switch to a serif typeface?",
        "panel_type": panel_type,
        "agent_ids": ["operations_expert", "safety_expert", "finance_expert"],
    }
    panel_id = await _create(client, body)
    frames = await _stream(client, panel_id)
    assert frames[-1].event == "panel_complete", frames[-1].data
    panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)).json()
    assert panel["status"] == "completed"
    assert panel["consensus"]["decision"] == "no_quorum"
    assert panel["recommendation"].startswith("No recommendation: none of the")
