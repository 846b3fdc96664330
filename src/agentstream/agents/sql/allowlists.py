"""What the SQL guard allows: dialects, node types, functions, data types, schemas.

Deny-by-default lists read by `guard.py`; a node, function or type that is not listed here
is rejected.
"""

from __future__ import annotations

from sqlglot import exp

SUPPORTED_DIALECTS = frozenset({"sqlite", "postgres"})
# The parser is recursive and the model is not trusted: cap the input before parsing it.
MAX_SQL_CHARS = 20_000
# `main` (SQLite) and `public` (PostgreSQL) name the default schema; the qualifier is dropped
# on re-rendering so the name resolves through the connection (for PostgreSQL: the tenant's
# `search_path`), never to another schema.
DEFAULT_SCHEMAS = frozenset({"main", "public"})
SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema", "pg_toast", "temp", "pg_temp"})
SYSTEM_TABLE_PREFIXES = ("sqlite_", "pg_")

# Functions that read files, load code, sleep, run SQL written in a string, touch server state
# or leak session and environment details. The allow-lists below already reject them; the
# deny-list is a second net (the SQLite data source's authorizer reads it too) and gives the
# clearest message for the names attackers actually try.
DENIED_FUNCTIONS = frozenset(
    {
        "load_extension",
        "readfile",
        "writefile",
        "edit",
        "fts3_tokenizer",
        "randomblob",
        "zeroblob",
        "loread",
        "lowrite",
        "current_setting",
        "set_config",
        "version",
        "nextval",
        "setval",
        "currval",
        "lastval",
        "copy",
        "generate_series",
        "printf",
        "format",
        "repeat",
        "lpad",
        "rpad",
        "replace",
        "user",
        "current_user",
        "session_user",
        "current_role",
        "system_user",
        "current_catalog",
        "current_database",
        "current_schema",
        "current_schemas",
        "current_query",
        "inet_client_addr",
        "inet_client_port",
        "inet_server_addr",
        "inet_server_port",
        "row_to_json",
        "to_json",
        "to_jsonb",
    }
)
DENIED_FUNCTION_PREFIXES = ("sqlite_", "pg_", "dblink", "txid_", "lo_", "xml", "has_")
# query_to_xml, table_to_xml, cursor_to_xml, database_to_xmlschema...; xpath, xpath_exists.
DENIED_FUNCTION_INFIXES = ("_to_xml", "xpath")
# Bare words PostgreSQL reads as session functions where sqlglot sees a column name.
SESSION_KEYWORDS = frozenset(
    {
        "user",
        "current_user",
        "session_user",
        "current_role",
        "system_user",
        "current_catalog",
        "current_schema",
    }
)

# Known-safe functions, by sqlglot class (matched exactly, so that a subclass with other
# semantics does not slip through). Anything else — string amplifiers such as REPEAT/LPAD,
# table generators, server introspection — is rejected.
ALLOWED_FUNCTIONS: frozenset[type[exp.Expr]] = frozenset(
    {
        # aggregates
        exp.Count,
        exp.Sum,
        exp.Avg,
        exp.Min,
        exp.Max,
        exp.GroupConcat,
        exp.Stddev,
        exp.StddevPop,
        exp.StddevSamp,
        exp.Variance,
        exp.VariancePop,
        exp.LogicalAnd,
        exp.LogicalOr,
        exp.PercentileCont,
        exp.PercentileDisc,
        # window functions
        exp.RowNumber,
        exp.Rank,
        exp.DenseRank,
        exp.PercentRank,
        exp.CumeDist,
        exp.Ntile,
        exp.Lag,
        exp.Lead,
        exp.FirstValue,
        exp.LastValue,
        exp.NthValue,
        # scalar
        exp.Case,
        exp.If,
        exp.Cast,
        exp.TryCast,
        exp.Coalesce,
        exp.Nullif,
        exp.Greatest,
        exp.Least,
        exp.Abs,
        exp.Round,
        exp.Ceil,
        exp.Floor,
        exp.Sign,
        exp.Sqrt,
        exp.Pow,
        exp.Ln,
        exp.Exp,
        exp.Log,
        exp.Lower,
        exp.Upper,
        exp.Initcap,
        exp.Length,
        exp.Substring,
        exp.Trim,
        exp.Concat,
        exp.ConcatWs,
        exp.StrPosition,
        exp.Left,
        exp.Right,
        exp.Typeof,
        exp.Rand,
        # dates and times
        exp.Date,
        exp.Datetime,
        exp.Time,
        exp.TimeToStr,
        exp.TsOrDsToTimestamp,
        exp.DateTrunc,
        exp.TimestampTrunc,
        exp.Extract,
        exp.CurrentDate,
        exp.CurrentTime,
        exp.CurrentTimestamp,
    }
)
# Functions sqlglot does not model (it parses them as exp.Anonymous), allowed by name.
ALLOWED_ANONYMOUS_FUNCTIONS = frozenset(
    {
        "date",
        "datetime",
        "time",
        "julianday",
        "unixepoch",
        "strftime",
        "total",
        "now",
        "age",
        "date_part",
    }
)

COMPARISONS: tuple[type[exp.Expr], ...] = (
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.NullSafeEQ,
    exp.NullSafeNEQ,
)

ALLOWED_NODES: frozenset[type[exp.Expr]] = frozenset(
    {
        # query structure
        exp.Select,
        exp.Union,
        exp.Intersect,
        exp.Except,
        exp.Subquery,
        exp.With,
        exp.CTE,
        exp.TableAlias,
        exp.Table,
        exp.From,
        exp.Join,
        exp.Where,
        exp.Group,
        exp.Having,
        exp.Order,
        exp.Ordered,
        exp.Limit,
        exp.Fetch,
        exp.LimitOptions,
        exp.Offset,
        exp.Distinct,
        exp.Window,
        exp.WindowSpec,
        exp.Filter,
        exp.WithinGroup,
        # leaves
        exp.Identifier,
        exp.Column,
        exp.Star,
        exp.Literal,
        exp.Boolean,
        exp.Null,
        exp.Alias,
        exp.Placeholder,
        exp.Anonymous,  # allowed by name in _check_function
        exp.DataType,
        exp.DataTypeParam,
        exp.Interval,
        exp.Var,
        exp.Paren,
        exp.Tuple,
        # operators and predicates
        exp.Add,
        exp.Sub,
        exp.Mul,
        exp.Div,
        exp.Mod,
        exp.Neg,
        exp.DPipe,
        exp.Is,
        exp.In,
        exp.Between,
        exp.Like,
        exp.ILike,
        exp.Escape,
        exp.And,
        exp.Or,
        exp.Not,
        exp.Exists,
        exp.Any,
        exp.All,
    }
    | ALLOWED_FUNCTIONS
    | frozenset(COMPARISONS)
)

# Table clauses other than these (TABLESAMPLE, INDEXED BY, ONLY, time travel...) are rejected.
TABLE_ARGS = frozenset({"this", "alias", "db", "catalog", "joins"})

_T = exp.DataType.Type
# Plain scalar types only: casts to regclass, xml, json... would call type input functions
# that can read catalogs.
ALLOWED_TYPES = frozenset(
    {
        _T.INT,
        _T.BIGINT,
        _T.SMALLINT,
        _T.TINYINT,
        _T.DECIMAL,
        _T.DOUBLE,
        _T.FLOAT,
        _T.BOOLEAN,
        _T.TEXT,
        _T.VARCHAR,
        _T.CHAR,
        _T.NCHAR,
        _T.NVARCHAR,
        _T.DATE,
        _T.TIME,
        _T.TIMESTAMP,
        _T.TIMESTAMPTZ,
        _T.DATETIME,
        _T.INTERVAL,
    }
)
