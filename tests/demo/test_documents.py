"""Specification of the shipped policy documents."""

import dataclasses
import re
from decimal import Decimal

import pytest

from agentstream.demo.documents import PolicyDocument, load_policy_documents
from agentstream.demo.fieldservice.generator import generate

EXPECTED_TITLES = {
    "escalation": "Customer Escalation Policy",
    "leave": "Leave Policy",
    "overtime": "Overtime Policy",
    "safety": "Safety Procedures",
    "sla": "Service Level Agreement",
    "vehicles": "Vehicles and Equipment Policy",
}


@pytest.fixture(scope="module")
def documents() -> dict[str, PolicyDocument]:
    return {doc.id: doc for doc in load_policy_documents()}


def test_six_documents_are_loaded_in_id_order() -> None:
    ids = [doc.id for doc in load_policy_documents()]
    assert ids == sorted(EXPECTED_TITLES)


def test_titles_come_from_the_first_heading(documents: dict[str, PolicyDocument]) -> None:
    assert {doc_id: doc.title for doc_id, doc in documents.items()} == EXPECTED_TITLES
    for doc in documents.values():
        assert doc.text.splitlines()[0] == f"# {doc.title}"


def test_documents_have_sections_and_a_realistic_length(
    documents: dict[str, PolicyDocument],
) -> None:
    for doc in documents.values():
        assert len(re.findall(r"^## \S", doc.text, flags=re.MULTILINE)) >= 5, doc.id
        assert 400 <= len(doc.text.split()) <= 900, doc.id


def test_policy_document_is_immutable(documents: dict[str, PolicyDocument]) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        documents["sla"].title = "changed"  # type: ignore[misc]


def test_each_call_returns_a_new_list() -> None:
    first = load_policy_documents()
    first.clear()
    assert len(load_policy_documents()) == 6


def test_sla_states_urgent_targets_by_tier(documents: dict[str, PolicyDocument]) -> None:
    assert "| Urgent | 4 hours | 2 hours | 24 hours | 12 hours |" in documents["sla"].text


def test_escalation_repeats_the_sla_service_credits(documents: dict[str, PolicyDocument]) -> None:
    for doc_id in ("sla", "escalation"):
        text = " ".join(documents[doc_id].text.split())
        assert "5% of the monthly service fee" in text, doc_id
        assert "capped at 25%" in text, doc_id


def test_incidents_are_reported_within_24_hours_everywhere(
    documents: dict[str, PolicyDocument],
) -> None:
    for doc_id in ("safety", "vehicles"):
        assert "within 24 hours" in documents[doc_id].text, doc_id


def test_demo_timesheets_respect_the_overtime_policy_limits(
    documents: dict[str, PolicyDocument],
) -> None:
    text = " ".join(documents["overtime"].text.split())
    assert "a shift may not exceed 10 hours of work" in text
    assert "more than 12 overtime hours in one week" in text
    sheets = generate()["timesheets"]
    assert max(s["hours"] for s in sheets) <= Decimal(10)
    weekly: dict[tuple[int, int], Decimal] = {}
    for s in sheets:
        key = (s["technician_id"], s["work_date"].isocalendar().week)
        weekly[key] = weekly.get(key, Decimal(0)) + s["overtime_hours"]
    assert max(weekly.values()) <= Decimal(12)
