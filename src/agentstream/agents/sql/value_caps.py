"""How many characters of each value a SQL result carries into the service.

The row limit bounds rows, not bytes: one `string_agg` over a join is a single value of
hundreds of megabytes, which the driver would decode whole in the service's process. So every
value of variable size is cut to a share of a fixed budget. PostgreSQL cuts it before sending
it (`capped_query` wraps the vetted statement in a SELECT of ours); SQLite runs inside the
process, so its values are cut row by row as they are read (`cut`). A cut value says so in its
own text, which is what the model reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlglot import exp

__all__ = ["TruncatedValue", "capped_query", "cut", "decode_capped", "value_cap"]

# Characters of values one result may carry, all rows and columns together.
RESULT_CHARS = 2_000_000
# No value needs more to be read by a person or a model; none gets less than a useful prefix.
MAX_VALUE_CHARS = 4_000
MIN_VALUE_CHARS = 100
# PostgreSQL types whose values are small whatever a query does: sent as they are.
_FIXED_SIZE_TYPES = frozenset(
    {
        "bool",
        "int2",
        "int4",
        "int8",
        "float4",
        "float8",
        "oid",
        "date",
        "time",
        "timetz",
        "timestamp",
        "timestamptz",
        "interval",
        "uuid",
    }
)
# Sent as text so that it can be cut (a numeric may have 131,072 digits), and read back.
_NUMERIC = "numeric"


class TruncatedValue(str):
    """A value cut to the result's share of characters; its text ends with a note saying so."""

    __slots__ = ()


def value_cap(columns: int, rows: int) -> int:
    """Characters each value of a result of `columns` columns and `rows` rows may keep."""
    share = RESULT_CHARS // max(1, columns * rows)
    return max(MIN_VALUE_CHARS, min(MAX_VALUE_CHARS, share))


def cut(value: Any, cap: int) -> Any:
    """`value`, or its first `cap` characters (bytes shown as hex) with a note, if longer."""
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        if len(data) * 2 + 2 <= cap:
            return value
        return _truncated("\\x" + data[: cap // 2].hex(), cap)
    if isinstance(value, str) and len(value) > cap:
        return _truncated(value[:cap], cap)
    return value


def _truncated(kept: str, cap: int) -> TruncatedValue:
    return TruncatedValue(f"{kept}… [value truncated: only its first {cap} characters were read]")


def capped_query(statement: exp.Expr, type_names: Sequence[str], cap: int) -> str:
    """PostgreSQL SQL that runs `statement` and sends each of its variable-size values as text
    of at most `cap` + 1 characters (one more than kept, so that `decode_capped` sees a cut).

    Only a query can be wrapped; anything else is returned as it is, for the database to
    refuse (the guard lets nothing else through, and a read-only transaction writes nothing).
    """
    if not isinstance(statement, exp.Query):
        return statement.sql(dialect="postgres", comments=False)
    inner = statement.copy()
    # The statement's CTEs stay at the top: PostgreSQL judges a data-modifying CTE there for
    # what it is (a write, refused), where nested it would only be a misplaced WITH.
    ctes = inner.args.get("with_")
    inner.set("with_", None)
    names = [f"c{index}" for index in range(1, len(type_names) + 1)]
    alias = exp.TableAlias(
        this=exp.to_identifier("q"), columns=[exp.to_identifier(name) for name in names]
    )
    projections: list[exp.Expr] = []
    for name, type_name in zip(names, type_names, strict=True):
        column = exp.column(name, table="q")
        if type_name in _FIXED_SIZE_TYPES:
            projections.append(column)
            continue
        text = exp.cast(column, exp.DataType.build("text"))
        projections.append(exp.Left(this=text, expression=exp.Literal.number(cap + 1)))
    # The statement carries its own ORDER BY and LIMIT: a plain scan of it keeps its order.
    wrapper = exp.select(*projections).from_(exp.Subquery(this=inner, alias=alias))
    wrapper.set("with_", ctes)
    return wrapper.sql(dialect="postgres", comments=False)


def decode_capped(row: Sequence[Any], type_names: Sequence[str], cap: int) -> tuple[Any, ...]:
    """A row read through `capped_query`: cut values marked, numbers that fit read back."""
    values: list[Any] = []
    for value, type_name in zip(row, type_names, strict=True):
        value = cut(value, cap)
        if (
            type_name == _NUMERIC
            and isinstance(value, str)
            and not isinstance(value, TruncatedValue)
        ):
            value = Decimal(value)
        values.append(value)
    return tuple(values)
