"""Deterministic generator of the demo tenant's field-service database.

Everything derives from one `random.Random(seed)` and `REFERENCE_DATE`; never from the clock,
so the demo's example answers ("10 active technicians") hold on every machine.
"""

import math
import os
import random
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from agentstream.demo.fieldservice import schema

REFERENCE_DATE: date = date(2026, 10, 31)
# The demo's "now": close of business on the reference day. Nothing happens after it.
REFERENCE_NOW = datetime.combine(REFERENCE_DATE, time(17, 0))
DEFAULT_SEED = 20261031
ACTIVE_TECHNICIAN_COUNT = 10
TECHNICIAN_COUNT = 25
CUSTOMER_COUNT = 40
WORK_ORDER_COUNT = 300
TIMESHEET_WEEKS = 8
CATEGORIES = ("installation", "repair", "maintenance", "inspection", "emergency")

Row = dict[str, Any]

FIRST_NAMES = (
    "Aisha", "Ben", "Carlos", "Dana", "Elena", "Farid", "Grace", "Hiro", "Isabel", "Jamal",
    "Katrin", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Samuel", "Tariq",
    "Uma", "Victor", "Wen", "Yusuf", "Zoe", "Marco", "Nadia", "Owen", "Lena", "Diego",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Lindqvist", "Moreno", "Keller", "Novak", "Haddad", "Brennan", "Tanaka",
    "Ferreira", "Walker", "Schmidt", "Murphy", "Patel", "Dubois", "Ivanova", "Sharma",
    "Reyes", "Costa", "Mensah", "Rahman", "Nguyen", "Bianchi", "Chen", "Yilmaz", "Fischer",
)  # fmt: skip
CUSTOMER_NAMES = (
    "Harborview Medical Center", "Northgate Shopping Mall", "Riverside Elementary School",
    "Summit Logistics", "Bluewater Hotel & Spa", "Pinecrest Apartments", "Oakridge Data Center",
    "Lakeside Community College", "Granite Foods Distribution", "Meadowbrook Senior Living",
    "Cedar Point Offices", "Ironworks Brewing Co.", "St. Anne's Hospital", "Brightline Fitness",
    "Silverleaf Retail Park", "Westfield Public Library", "Copperfield Manufacturing",
    "Evergreen Cold Storage", "Harbor Freight Terminal", "Maple Street Dental Clinic",
    "Northwind Pharmacy Group", "Crescent Bay Marina", "Redstone Municipal Pool",
    "Sunrise Bakery Chain", "Atlas Engineering Ltd.", "Fairview Town Hall", "Quarry Hill Winery",
    "Beacon Telecom Exchange", "Kingsley Law Chambers", "Orchard Lane Supermarket",
    "Hillcrest Veterinary Hospital", "Union Square Cinema", "Greenway Recycling Plant",
    "Juniper Heights Condominiums", "Skyline Conference Center", "Valley Fresh Dairy",
    "Prairie Wind Farm Services", "Old Mill Hotel", "Pioneer Auto Dealership",
    "Clearwater Water Treatment Works",
)  # fmt: skip
SKILL_EQUIPMENT = {
    "HVAC": ("rooftop HVAC unit", "air handling unit", "split air-conditioning system"),
    "Electrical": ("main distribution board", "emergency lighting circuit", "three-phase supply"),
    "Plumbing": ("water heater", "backflow preventer", "drainage stack"),
    "Refrigeration": ("walk-in freezer", "cold room compressor", "display chillers"),
    "Fire Safety": ("fire alarm panel", "sprinkler system", "smoke detection system"),
    "Networking": ("structured cabling", "Wi-Fi access points", "server room switches"),
    "Generators": ("standby generator", "automatic transfer switch"),
    "Elevators": ("passenger elevator", "goods lift"),
    "Solar": ("rooftop solar array", "solar inverter"),
    "Boilers": ("gas boiler", "boiler feed pump"),
    "Security Systems": ("CCTV system", "access control readers"),
    "Building Automation": ("building management system", "BMS controllers"),
}
TITLE_TEMPLATES = {
    "installation": ("Install new {e}", "Replace and commission {e}"),
    "repair": ("Repair {e}", "Diagnose fault on {e}", "Intermittent failure of {e}"),
    "maintenance": ("Quarterly maintenance of {e}", "Preventive maintenance: {e}"),
    "inspection": ("Annual inspection of {e}", "Compliance inspection: {e}"),
    "emergency": ("Emergency call-out: {e} failure", "Emergency: {e} down"),
}
CATEGORY_WEIGHTS = (12, 30, 30, 15, 13)
PRIORITY_WEIGHTS = {  # (low, medium, high, urgent) per category
    "installation": (30, 50, 20, 0),
    "repair": (15, 40, 35, 10),
    "maintenance": (55, 40, 5, 0),
    "inspection": (50, 45, 5, 0),
    "emergency": (0, 0, 40, 60),
}
ESTIMATED_HOURS = {  # (min, max) per category
    "installation": (4.0, 16.0),
    "repair": (1.5, 6.0),
    "maintenance": (1.0, 4.0),
    "inspection": (1.0, 3.0),
    "emergency": (2.0, 6.0),
}
LEAD_HOURS = {"low": (72, 504), "medium": (24, 120), "high": (4, 24), "urgent": (1, 4)}


@dataclass
class _Technician:
    """A technician plus the hidden timeline that keeps assignments plausible."""

    id: int
    region: str
    status: str
    hire_date: date
    # Last day they could work: the day they left (inactive) or went on leave (on_leave).
    available_until: date | None
    skill_ids: list[int] = field(default_factory=list)

    def available(self, day: date) -> bool:
        """Whether the technician was employed and not on leave on `day`."""
        return self.hire_date <= day and (
            self.available_until is None or day <= self.available_until
        )


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _quarter_hours(value: float) -> float:
    return round(value * 4) / 4


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _skills() -> list[Row]:
    return [{"id": i, "name": name} for i, name in enumerate(SKILL_EQUIPMENT, start=1)]


def _technicians(rng: random.Random) -> tuple[list[Row], list[_Technician]]:
    statuses = ["active"] * ACTIVE_TECHNICIAN_COUNT + ["on_leave"] * 5 + ["inactive"] * 10
    rng.shuffle(statuses)
    names = rng.sample([(f, last) for f in FIRST_NAMES for last in LAST_NAMES], TECHNICIAN_COUNT)
    rows: list[Row] = []
    staff: list[_Technician] = []
    active_seen = 0
    for tech_id, (status, (first, last)) in enumerate(zip(statuses, names, strict=True), 1):
        if status == "active":  # two active technicians per region, so every region is staffed
            region = schema.REGIONS[active_seen % len(schema.REGIONS)]
            active_seen += 1
        else:
            region = rng.choice(schema.REGIONS)
        hire_date = _random_date(rng, date(2012, 1, 1), date(2026, 6, 30))
        until: date | None = None
        if status == "inactive":
            earliest = min(hire_date + timedelta(days=180), REFERENCE_DATE - timedelta(days=30))
            until = _random_date(rng, earliest, REFERENCE_DATE - timedelta(days=30))
        elif status == "on_leave":
            until = REFERENCE_DATE - timedelta(days=rng.randint(5, 35))
            hire_date = min(hire_date, until - timedelta(days=90))
        years = (REFERENCE_DATE - hire_date).days / 365.25
        rate = 30.0 + min(years, 14.0) * 1.4 + rng.uniform(-2.0, 3.0)
        rows.append(
            {
                "id": tech_id,
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}@meridianfs.example",
                "region": region,
                "status": status,
                "hire_date": hire_date,
                "hourly_rate": _decimal(rate),
            }
        )
        staff.append(_Technician(tech_id, region, status, hire_date, until))
    return rows, staff


def _technician_skills(rng: random.Random, staff: list[_Technician], skill_count: int) -> list[Row]:
    rows: list[Row] = []
    for index, tech in enumerate(staff):
        primary = index % skill_count + 1  # round-robin so every skill has several technicians
        others = rng.sample(
            [s for s in range(1, skill_count + 1) if s != primary], rng.randint(1, 3)
        )
        tech.skill_ids = sorted([primary, *others])
        for skill_id in tech.skill_ids:
            level = rng.randint(3, 5) if skill_id == primary else rng.randint(1, 4)
            rows.append({"technician_id": tech.id, "skill_id": skill_id, "level": level})
    return rows


def _customers(rng: random.Random) -> list[Row]:
    names = rng.sample(CUSTOMER_NAMES, CUSTOMER_COUNT)
    premium = set(rng.sample(range(CUSTOMER_COUNT), 12))
    return [
        {
            "id": i + 1,
            "name": name,
            "region": schema.REGIONS[i % len(schema.REGIONS)],
            "tier": "premium" if i in premium else "standard",
        }
        for i, name in enumerate(names)
    ]


def _business_slot(rng: random.Random, moment: datetime) -> datetime:
    """Move a planned visit into working hours (Mon-Fri, starting 08:00-15:00)."""
    day = moment.date()
    if moment.hour >= 15:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(rng.randint(8, 15)))


def _finish_time(start: datetime, hours: float) -> datetime:
    """When a job of `hours` started at `start` ends, working at most 8 hours a day."""
    extra_days = max(math.ceil(hours / 8) - 1, 0)
    return start + timedelta(days=extra_days, hours=hours - 8 * extra_days)


def _pick_technician(
    rng: random.Random, staff: list[_Technician], region: str, skill_id: int, days: list[date]
) -> _Technician | None:
    available = [t for t in staff if all(t.available(d) for d in days)]
    for matches in (
        [t for t in available if t.region == region and skill_id in t.skill_ids],
        [t for t in available if skill_id in t.skill_ids],
        [t for t in available if t.region == region],
        available,
    ):
        if matches:
            return rng.choice(matches)
    return None


@dataclass(frozen=True)
class _Plan:
    """What is decided about a work order before its lifecycle is simulated."""

    created_at: datetime
    category: str
    priority: str
    status: str | None = None  # forced status of the current book; None = simulate
    scheduled_for: datetime | None = None


def _work_order(
    rng: random.Random, plan: _Plan, staff: list[_Technician], customer: Row, skill_id: int
) -> Row:
    """Derive status, technician and timestamps of one order from its plan."""
    low, high = ESTIMATED_HOURS[plan.category]
    estimated = round(rng.uniform(low, high) * 2) / 2
    actual = _quarter_hours(max(estimated * rng.uniform(0.75, 1.4), 0.5))
    target = plan.created_at + timedelta(hours=rng.uniform(*LEAD_HOURS[plan.priority]))
    if plan.scheduled_for is not None:
        scheduled = plan.scheduled_for
    elif plan.priority == "urgent" or plan.category == "emergency":
        scheduled = target.replace(minute=0, second=0, microsecond=0)  # call-outs run 24/7
    else:
        scheduled = _business_slot(rng, target)
    completed = _finish_time(scheduled, actual)
    if plan.status is not None:
        status = plan.status
    elif plan.category in ("installation", "maintenance") and rng.random() < 0.03:
        status = "open"  # stale backlog: waiting for parts or customer access
    elif rng.random() < 0.06:
        status = "cancelled"
    elif scheduled > REFERENCE_NOW:
        status = "scheduled" if rng.random() < 0.75 else "open"
    elif completed <= REFERENCE_NOW:
        status = "completed"
    else:
        status = "in_progress"

    technician: _Technician | None = None
    if status != "open" and not (status == "cancelled" and rng.random() < 0.5):
        days = [scheduled.date()]
        if status != "cancelled":  # must also be around until the job ends (or today)
            days.append(min(completed, REFERENCE_NOW).date())
        technician = _pick_technician(rng, staff, customer["region"], skill_id, days)
        if technician is None and status != "cancelled":
            status = "open"
    equipment = rng.choice(SKILL_EQUIPMENT[list(SKILL_EQUIPMENT)[skill_id - 1]])
    return {
        "customer_id": customer["id"],
        "technician_id": technician.id if technician else None,
        "title": rng.choice(TITLE_TEMPLATES[plan.category]).format(e=equipment),
        "category": plan.category,
        "priority": plan.priority,
        "status": status,
        "created_at": plan.created_at,
        "scheduled_for": None if status == "open" else scheduled,  # open = not yet planned
        "completed_at": completed if status == "completed" else None,
        "estimated_hours": _decimal(estimated),
        "actual_hours": _decimal(actual) if status == "completed" else None,
    }


def _created_at(rng: random.Random, category: str) -> datetime:
    """A creation time in the year before REFERENCE_NOW; routine requests in office hours."""
    growth = 0.6  # order volume grows 60% over the year: inverse-CDF of a linear density
    while True:
        fraction = (math.sqrt(1 + growth * (2 + growth) * rng.random()) - 1) / growth
        created = REFERENCE_NOW - timedelta(minutes=int((1 - fraction) * 365 * 24 * 60))
        if category != "emergency":
            if created.weekday() >= 5:
                continue
            created = datetime.combine(created.date(), time(rng.randint(7, 17), rng.randint(0, 59)))
        if created <= REFERENCE_NOW:
            return created


def _current_book(rng: random.Random) -> list[_Plan]:
    """Orders that make "today" interesting: unassigned urgent work, jobs on site, bookings."""
    plans: list[_Plan] = []
    for _ in range(rng.randint(4, 6)):  # urgent and still open: SLA breaches to ask about
        created = REFERENCE_NOW - timedelta(minutes=rng.randint(60, 36 * 60))
        plans.append(_Plan(created, rng.choice(("emergency", "repair")), "urgent", "open"))
    for _ in range(rng.randint(3, 5)):  # started, waiting for parts or a follow-up visit
        created = _business_slot(rng, REFERENCE_NOW - timedelta(days=rng.randint(6, 14)))
        created += timedelta(minutes=rng.randint(0, 59))
        started = _business_slot(rng, created + timedelta(days=rng.randint(1, 3)))
        category = rng.choice(("repair", "installation"))
        priority = rng.choice(("medium", "high"))
        plans.append(_Plan(created, category, priority, "in_progress", started))
    for _ in range(rng.randint(12, 16)):  # planned visits over the next three weeks
        created = _business_slot(rng, REFERENCE_NOW - timedelta(days=rng.randint(1, 30)))
        created += timedelta(minutes=rng.randint(0, 59))
        visit = _business_slot(rng, REFERENCE_NOW + timedelta(days=rng.randint(1, 20)))
        category = rng.choice(("maintenance", "maintenance", "inspection", "installation"))
        priority = rng.choice(("low", "low", "medium"))  # planned work, not a reactive ticket
        plans.append(_Plan(created, category, priority, "scheduled", visit))
    return plans


def _work_orders(rng: random.Random, staff: list[_Technician], customers: list[Row]) -> list[Row]:
    plans = _current_book(rng)
    while len(plans) < WORK_ORDER_COUNT:
        category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
        priority = rng.choices(schema.WORK_ORDER_PRIORITIES, PRIORITY_WEIGHTS[category])[0]
        plans.append(_Plan(_created_at(rng, category), category, priority))
    plans.sort(key=lambda plan: plan.created_at)  # ids grow with time, like a real system

    weights = [3 if c["tier"] == "premium" else 1 for c in customers]
    rows: list[Row] = []
    for order_id, plan in enumerate(plans, start=1):
        customer = rng.choices(customers, weights)[0]
        skill_id = rng.randint(1, len(SKILL_EQUIPMENT))
        rows.append({"id": order_id, **_work_order(rng, plan, staff, customer, skill_id)})
    return rows


def _timesheets(rng: random.Random, staff: list[_Technician]) -> list[Row]:
    """Daily hours for the last weeks; overtime is hours over 8 a day or 40 a week."""
    first_monday = REFERENCE_DATE - timedelta(
        days=REFERENCE_DATE.weekday() + 7 * (TIMESHEET_WEEKS - 1)
    )
    rows: list[Row] = []
    for tech in staff:
        if tech.status == "inactive":
            continue
        overtime_tendency = rng.choice((0.05, 0.15, 0.15, 0.3, 0.5))
        regular_this_week = 0.0
        day = first_monday
        while day <= REFERENCE_DATE:
            if day.weekday() == 0:
                regular_this_week = 0.0
            if day.weekday() == 6 or not tech.available(day):
                hours = 0.0
            elif day.weekday() == 5:
                worked = rng.random() < overtime_tendency * 0.6
                hours = _quarter_hours(rng.uniform(3.0, 6.0)) if worked else 0.0
            elif rng.random() < 0.04:
                hours = 0.0  # sick day or training: no timesheet line
            elif rng.random() < overtime_tendency:
                hours = _quarter_hours(rng.uniform(8.5, 10.0))
            else:
                hours = _quarter_hours(rng.uniform(6.5, 8.0))
            if hours > 0:
                overtime = max(hours - 8.0, 0.0)
                regular = hours - overtime
                weekly_excess = max(regular_this_week + regular - 40.0, 0.0)
                overtime += weekly_excess
                regular_this_week += regular - weekly_excess
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "technician_id": tech.id,
                        "work_date": day,
                        "hours": _decimal(hours),
                        "overtime_hours": _decimal(overtime),
                    }
                )
            day += timedelta(days=1)
    return rows


def generate(seed: int = DEFAULT_SEED) -> dict[str, list[dict[str, Any]]]:
    """Return the demo rows per table name; the same seed always gives the same rows."""
    rng = random.Random(seed)
    skills = _skills()
    technicians, staff = _technicians(rng)
    technician_skills = _technician_skills(rng, staff, len(skills))
    customers = _customers(rng)
    return {
        "technicians": technicians,
        "skills": skills,
        "technician_skills": technician_skills,
        "customers": customers,
        "work_orders": _work_orders(rng, staff, customers),
        "timesheets": _timesheets(rng, staff),
    }


def populate(connection: Connection, seed: int = DEFAULT_SEED) -> None:
    """Drop and recreate the field-service tables on `connection`, then insert `generate(seed)`.

    Works on any sync connection, including `AsyncConnection.run_sync(populate)`.
    """
    rows = generate(seed)
    schema.metadata.drop_all(connection)
    schema.metadata.create_all(connection)
    for table in schema.metadata.sorted_tables:  # parents before children
        if rows[table.name]:
            connection.execute(table.insert(), rows[table.name])


def _use_real_sqlite_transactions(engine: Engine) -> None:
    # pysqlite autocommits DDL and begins lazily; emit BEGIN ourselves so the drop, create and
    # inserts form one transaction (SQLAlchemy's documented recipe for pysqlite).
    @event.listens_for(engine, "connect")
    def _disable_pysqlite_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def _build(url: URL, seed: int) -> None:
    database = url.database
    # URI filenames ("file:...") and in-memory databases have no directory to create.
    is_file = bool(database) and database != ":memory:" and not str(database).startswith("file:")
    if url.get_backend_name() == "sqlite" and is_file:
        Path(str(database)).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _use_real_sqlite_transactions(engine)
    try:
        with engine.begin() as connection:
            populate(connection, seed)
    finally:
        engine.dispose()


def build_database(url: str, seed: int = DEFAULT_SEED) -> None:
    """(Re)build the demo database at a sync SQLAlchemy `url` so it holds exactly `generate(seed)`.

    Blocking: call it from a thread when inside an event loop.
    """
    _build(make_url(url), seed)


def ensure_sqlite_database(path: Path, seed: int = DEFAULT_SEED) -> Path:
    """Build the demo SQLite file at `path` unless it already exists; return `path`."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target and rename atomically: a crash never leaves half a database.
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temp_path = Path(temp_name)
    try:
        _build(URL.create("sqlite", database=str(temp_path)), seed)
        temp_path.chmod(0o644)  # mkstemp's 0600 would lock out a server running as another user
        os.replace(temp_path, path)
    finally:
        temp_path.unlink(missing_ok=True)
    return path
