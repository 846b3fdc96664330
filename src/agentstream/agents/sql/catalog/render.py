"""SQLAlchemy Core statements as the SQL tool takes them: text with `:name` placeholders."""

from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

_DIALECTS: dict[str, Dialect] = {
    "sqlite": sqlite.dialect(paramstyle="named"),
    "postgres": postgresql.dialect(paramstyle="named"),  # type: ignore[no-untyped-call]
}


def render(statement: Select[Any], dialect: str) -> tuple[str, dict[str, Any]]:
    """The statement's SQL in `dialect` ("sqlite" or "postgres") and its bound values."""
    compiled = statement.compile(
        dialect=_DIALECTS[dialect], compile_kwargs={"render_postcompile": True}
    )
    return str(compiled), dict(compiled.params)
