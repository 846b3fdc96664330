"""Specification of the demo field-service data generator."""

import importlib.util
import random
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from agentstream.demo.fieldservice import generator, schema
from agentstream.demo.fieldservice.generator import (
    REFERENCE_DATE,
    build_database,
    ensure_sqlite_database,
    generate,
    populate,
)

Tables = dict[str, list[dict[str, Any]]]
REFERENCE_NOW = datetime(2026, 10, 31, 23, 59, 59)
POSTGRES_ASYNC_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="module")
def data() -> Tables:
    return generate()


def by_id(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def read_tables(url: str) -> Tables:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    dict(row._mapping)
                    for row in connection.execute(select(table).order_by(*table.primary_key))
                ]
                for table in schema.metadata.sorted_tables
            }
    finally:
        engine.dispose()


# --- determinism -------------------------------------------------------------------------


def test_generate_twice_gives_identical_rows() -> None:
    assert generate() == generate()


def test_generate_with_another_seed_gives_other_rows() -> None:
    assert generate(1)["technicians"] != generate()["technicians"]


def test_generate_leaves_global_random_state_alone() -> None:
    random.seed(7)
    expected = random.random()
    random.seed(7)
    generate()
    assert random.random() == expected


def test_generate_returns_one_list_per_schema_table(data: Tables) -> None:
    assert set(data) == set(schema.metadata.tables)
    for name, rows in data.items():
        columns = set(schema.metadata.tables[name].columns.keys())
        assert all(set(row) == columns for row in rows), name


# --- technicians, skills, customers ------------------------------------------------------


def test_exactly_ten_technicians_are_active(data: Tables) -> None:
    statuses = [t["status"] for t in data["technicians"]]
    assert statuses.count("active") == 10
    assert statuses.count("on_leave") >= 2
    assert statuses.count("inactive") >= 2
    assert 20 <= len(statuses) <= 30


def test_every_region_has_active_technicians_and_customers(data: Tables) -> None:
    active_regions = {t["region"] for t in data["technicians"] if t["status"] == "active"}
    assert active_regions == set(schema.REGIONS)
    assert {c["region"] for c in data["customers"]} == set(schema.REGIONS)


def test_technician_emails_are_unique(data: Tables) -> None:
    emails = [t["email"] for t in data["technicians"]]
    assert len(set(emails)) == len(emails)


def test_technicians_have_plausible_rates_and_hire_dates(data: Tables) -> None:
    for tech in data["technicians"]:
        assert Decimal("25") <= tech["hourly_rate"] <= Decimal("60")
        assert date(2010, 1, 1) <= tech["hire_date"] <= REFERENCE_DATE


def test_skills_are_named_and_levelled_one_to_five(data: Tables) -> None:
    names = [s["name"] for s in data["skills"]]
    assert len(names) >= 10 and len(set(names)) == len(names)
    assert {"HVAC", "Electrical", "Plumbing", "Refrigeration"} <= set(names)
    assert {ts["level"] for ts in data["technician_skills"]} <= {1, 2, 3, 4, 5}
    active = {t["id"] for t in data["technicians"] if t["status"] == "active"}
    skilled_active = {ts["technician_id"] for ts in data["technician_skills"]}
    assert active <= skilled_active


def test_customers_have_both_tiers(data: Tables) -> None:
    tiers = [c["tier"] for c in data["customers"]]
    assert 35 <= len(tiers) <= 45
    assert set(tiers) == set(schema.CUSTOMER_TIERS)


# --- integrity and domains ---------------------------------------------------------------


def test_primary_keys_are_unique(data: Tables) -> None:
    for name, rows in data.items():
        keys = [
            tuple(row[c.name] for c in schema.metadata.tables[name].primary_key) for row in rows
        ]
        assert len(set(keys)) == len(keys), name


def test_foreign_keys_point_at_existing_rows(data: Tables) -> None:
    technicians = by_id(data["technicians"])
    skills = by_id(data["skills"])
    customers = by_id(data["customers"])
    for ts in data["technician_skills"]:
        assert ts["technician_id"] in technicians and ts["skill_id"] in skills
    for order in data["work_orders"]:
        assert order["customer_id"] in customers
        assert order["technician_id"] is None or order["technician_id"] in technicians
    for sheet in data["timesheets"]:
        assert sheet["technician_id"] in technicians


def test_values_stay_within_schema_domains(data: Tables) -> None:
    assert {t["status"] for t in data["technicians"]} == set(schema.TECHNICIAN_STATUSES)
    assert {t["region"] for t in data["technicians"]} <= set(schema.REGIONS)
    orders = data["work_orders"]
    assert {o["priority"] for o in orders} == set(schema.WORK_ORDER_PRIORITIES)
    assert {o["status"] for o in orders} == set(schema.WORK_ORDER_STATUSES)
    assert {o["category"] for o in orders} == set(generator.CATEGORIES)


def test_string_values_fit_their_columns(data: Tables) -> None:
    for name, rows in data.items():
        for column in schema.metadata.tables[name].columns:
            length = getattr(column.type, "length", None)
            if length:
                assert all(len(row[column.name]) <= length for row in rows), column


def test_numeric_values_are_decimals_with_two_places(data: Tables) -> None:
    values = [t["hourly_rate"] for t in data["technicians"]]
    values += [o["estimated_hours"] for o in data["work_orders"]]
    values += [s["hours"] for s in data["timesheets"]]
    values += [s["overtime_hours"] for s in data["timesheets"]]
    assert all(isinstance(v, Decimal) and v.as_tuple().exponent == -2 for v in values)


# --- work orders -------------------------------------------------------------------------


def test_about_three_hundred_orders_over_the_last_year(data: Tables) -> None:
    orders = data["work_orders"]
    assert 250 <= len(orders) <= 350
    created = [o["created_at"] for o in orders]
    assert min(created) >= REFERENCE_NOW - timedelta(days=366)
    assert max(created) <= REFERENCE_NOW
    assert len({c.month for c in created}) == 12


def test_completed_orders_have_completion_time_and_actual_hours(data: Tables) -> None:
    completed = [o for o in data["work_orders"] if o["status"] == "completed"]
    assert len(completed) > 150
    for order in completed:
        assert order["technician_id"] is not None
        assert order["created_at"] <= order["scheduled_for"] < order["completed_at"]
        assert order["completed_at"] <= REFERENCE_NOW
        assert order["actual_hours"] > 0


def test_only_completed_orders_have_completion_data(data: Tables) -> None:
    for order in data["work_orders"]:
        if order["status"] != "completed":
            assert order["completed_at"] is None and order["actual_hours"] is None, order


def test_open_orders_have_no_technician(data: Tables) -> None:
    open_orders = [o for o in data["work_orders"] if o["status"] == "open"]
    assert open_orders
    assert all(o["technician_id"] is None and o["scheduled_for"] is None for o in open_orders)


def test_scheduled_and_in_progress_orders_belong_to_active_technicians(data: Tables) -> None:
    technicians = by_id(data["technicians"])
    for order in data["work_orders"]:
        if order["status"] in ("scheduled", "in_progress"):
            assert technicians[order["technician_id"]]["status"] == "active", order
        if order["status"] == "in_progress":
            assert order["scheduled_for"] <= REFERENCE_NOW
        if order["status"] == "scheduled":
            assert order["scheduled_for"] > order["created_at"]


def test_future_visits_lie_within_three_weeks(data: Tables) -> None:
    visits = [o["scheduled_for"] for o in data["work_orders"] if o["scheduled_for"]]
    assert max(visits) > REFERENCE_NOW
    assert max(visits) <= REFERENCE_NOW + timedelta(days=23)


def test_several_urgent_orders_are_still_open(data: Tables) -> None:
    urgent_open = [
        o for o in data["work_orders"] if o["priority"] == "urgent" and o["status"] == "open"
    ]
    assert len(urgent_open) >= 3


def test_orders_were_done_by_technicians_hired_before(data: Tables) -> None:
    technicians = by_id(data["technicians"])
    for order in data["work_orders"]:
        if order["technician_id"] is not None and order["scheduled_for"] is not None:
            hired = technicians[order["technician_id"]]["hire_date"]
            assert hired <= order["scheduled_for"].date()


# --- timesheets --------------------------------------------------------------------------


def test_timesheets_cover_active_and_on_leave_technicians_for_eight_weeks(data: Tables) -> None:
    technicians = by_id(data["technicians"])
    sheets = data["timesheets"]
    assert {technicians[s["technician_id"]]["status"] for s in sheets} == {"active", "on_leave"}
    active = {t for t, row in technicians.items() if row["status"] == "active"}
    assert active <= {s["technician_id"] for s in sheets}
    dates = [s["work_date"] for s in sheets]
    assert max(dates) <= REFERENCE_DATE
    assert min(dates) >= REFERENCE_DATE - timedelta(weeks=8)


def test_timesheet_hours_and_daily_overtime(data: Tables) -> None:
    for sheet in data["timesheets"]:
        hours, overtime = sheet["hours"], sheet["overtime_hours"]
        assert Decimal(0) <= hours <= Decimal(10)
        assert max(hours - 8, Decimal(0)) <= overtime <= hours
    assert any(s["overtime_hours"] > 0 for s in data["timesheets"])


def test_timesheet_overtime_includes_hours_beyond_forty_a_week(data: Tables) -> None:
    regular: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    for sheet in data["timesheets"]:
        week = sheet["work_date"] - timedelta(days=sheet["work_date"].weekday())
        regular[(sheet["technician_id"], week)] += sheet["hours"] - sheet["overtime_hours"]
    assert max(regular.values()) <= Decimal(40)
    weekly_only = [s for s in data["timesheets"] if s["hours"] <= 8 and s["overtime_hours"] > 0]
    assert weekly_only, "expected some overtime caused by the 40-hour weekly threshold"


# --- building databases ------------------------------------------------------------------


def test_built_sqlite_database_holds_exactly_the_generated_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'demo.sqlite'}"
    build_database(url)
    assert read_tables(url) == generate()


def test_rebuilding_replaces_previous_content(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    build_database(url, seed=1)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM timesheets WHERE id = 1"))
    engine.dispose()
    build_database(url)
    build_database(url)
    assert read_tables(url) == generate()


def test_ensure_sqlite_database_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / "demo.sqlite"
    assert ensure_sqlite_database(path) == path
    assert read_tables(f"sqlite:///{path}") == generate()
    assert [p.name for p in path.parent.iterdir()] == ["demo.sqlite"]


def test_ensure_sqlite_database_keeps_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(b"already here")
    ensure_sqlite_database(path)
    assert path.read_bytes() == b"already here"


def test_ensure_sqlite_database_failure_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(url: object, seed: int) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator, "_build", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        ensure_sqlite_database(tmp_path / "demo.sqlite")
    assert list(tmp_path.iterdir()) == []


def sync_postgres_driver() -> str | None:
    for module, dialect in (("psycopg", "postgresql+psycopg"), ("psycopg2", "postgresql+psycopg2")):
        if importlib.util.find_spec(module) is not None:
            return dialect
    return None


@pytest.mark.skipif(
    sync_postgres_driver() is None,
    reason="no sync PostgreSQL driver installed (psycopg[binary] would enable this test)",
)
def test_build_database_on_postgresql() -> None:
    url = f"{sync_postgres_driver()}://postgres@127.0.0.1:5432/test"
    try:
        build_database(url)
    except Exception as exc:  # pragma: no cover - depends on the environment
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    assert read_tables(url) == generate()


async def test_populate_on_postgresql_through_an_async_connection() -> None:
    engine = create_async_engine(POSTGRES_ASYNC_URL)
    # A throwaway schema keeps this test away from other tests' tables in the shared database.
    schema_name = f"demo_{uuid.uuid4().hex[:12]}"
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    except OSError as exc:
        await engine.dispose()
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432: {exc}")
    try:
        async with engine.connect() as plain:
            connection = await plain.execution_options(schema_translate_map={None: schema_name})
            for _ in range(2):  # the second run must replace, not duplicate
                async with connection.begin():
                    await connection.run_sync(populate)
            stored = {
                table.name: [
                    dict(row)
                    for row in (
                        await connection.execute(select(table).order_by(*table.primary_key))
                    ).mappings()
                ]
                for table in schema.metadata.sorted_tables
            }
        assert stored == generate()
    finally:
        async with engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
        await engine.dispose()
