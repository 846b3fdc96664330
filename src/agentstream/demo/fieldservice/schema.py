"""Table definitions of the field-service database (SQLAlchemy Core, dialect-neutral)."""

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
)

metadata = MetaData()

TECHNICIAN_STATUSES = ("active", "inactive", "on_leave")
CUSTOMER_TIERS = ("standard", "premium")
WORK_ORDER_PRIORITIES = ("low", "medium", "high", "urgent")
WORK_ORDER_STATUSES = ("open", "scheduled", "in_progress", "completed", "cancelled")
REGIONS = ("North", "South", "East", "West", "Central")

technicians = Table(
    "technicians",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("email", String(200), nullable=False, unique=True),
    Column("region", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("hire_date", Date, nullable=False),
    Column("hourly_rate", Numeric(8, 2), nullable=False),
)

skills = Table(
    "skills",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
)

technician_skills = Table(
    "technician_skills",
    metadata,
    Column("technician_id", Integer, ForeignKey("technicians.id"), primary_key=True),
    Column("skill_id", Integer, ForeignKey("skills.id"), primary_key=True),
    # 1 (trainee) .. 5 (expert)
    Column("level", Integer, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("region", String(20), nullable=False),
    Column("tier", String(20), nullable=False),
)

work_orders = Table(
    "work_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("technician_id", Integer, ForeignKey("technicians.id"), nullable=True),
    Column("title", String(200), nullable=False),
    Column("category", String(50), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("scheduled_for", DateTime, nullable=True),
    Column("completed_at", DateTime, nullable=True),
    Column("estimated_hours", Numeric(6, 2), nullable=False),
    Column("actual_hours", Numeric(6, 2), nullable=True),
)

timesheets = Table(
    "timesheets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("technician_id", Integer, ForeignKey("technicians.id"), nullable=False),
    Column("work_date", Date, nullable=False),
    Column("hours", Numeric(5, 2), nullable=False),
    Column("overtime_hours", Numeric(5, 2), nullable=False),
)

ALLOWED_TABLES = frozenset(metadata.tables)
