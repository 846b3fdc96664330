-- The SQL attack corpus: every statement below must be refused by the guard, in the SQLite
-- and in the PostgreSQL dialect (tests/agents/sql/test_guard_corpus.py).
-- Each entry opens with a line "-- attack: <family>/<name>"; the statement runs to the next one.
-- Families: growth (expressions that explode when derived tables and CTEs are flattened),
-- joins (cross products), size/depth/nesting/recursion, quoted (case-sensitive quoted names),
-- session (words PostgreSQL reads as session functions), string-sql (SQL run from a string),
-- admin (files, large objects, server administration, amplifiers).

-- attack: growth/string-doubling-12-levels
SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/numeric-doubling-12-levels
SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/string-doubling-14-levels
SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/numeric-doubling-14-levels
SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/string-doubling-15-levels
SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/numeric-doubling-15-levels
SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/string-doubling-20-levels
SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/numeric-doubling-20-levels
SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/string-doubling-30-levels
SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/numeric-doubling-30-levels
SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/numeric-product-12-levels
SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT s * s AS s FROM (SELECT 2 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/concat-function-12-levels
SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT CONCAT(s, s) AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/coalesce-12-levels
SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT COALESCE(s, s) AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/greatest-12-levels
SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT GREATEST(s, s) AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/case-12-levels
SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT CASE WHEN s > 0 THEN s ELSE 0 END AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/tripling-8-levels
SELECT s || s || s AS s FROM (SELECT s || s || s AS s FROM (SELECT s || s || s AS s FROM (SELECT s || s || s AS s FROM (SELECT s || s || s AS s FROM (SELECT s || s || s AS s FROM (SELECT s || s || s AS s FROM (SELECT s || s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/quadrupling-6-levels
SELECT s + s + s + s AS s FROM (SELECT s + s + s + s AS s FROM (SELECT s + s + s + s AS s FROM (SELECT s + s + s + s AS s FROM (SELECT s + s + s + s AS s FROM (SELECT s + s + s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/whole-row-doubling-1-levels
SELECT t0::text || t0::text AS s FROM (SELECT name AS s FROM customers LIMIT 1) t0

-- attack: growth/whole-row-doubling-2-levels
SELECT t1::text || t1::text AS s FROM (SELECT t0::text || t0::text AS s FROM (SELECT name AS s FROM customers LIMIT 1) t0) t1

-- attack: growth/whole-row-doubling-11-levels
SELECT t10::text || t10::text AS s FROM (SELECT t9::text || t9::text AS s FROM (SELECT t8::text || t8::text AS s FROM (SELECT t7::text || t7::text AS s FROM (SELECT t6::text || t6::text AS s FROM (SELECT t5::text || t5::text AS s FROM (SELECT t4::text || t4::text AS s FROM (SELECT t3::text || t3::text AS s FROM (SELECT t2::text || t2::text AS s FROM (SELECT t1::text || t1::text AS s FROM (SELECT t0::text || t0::text AS s FROM (SELECT name AS s FROM customers LIMIT 1) t0) t1) t2) t3) t4) t5) t6) t7) t8) t9) t10

-- attack: growth/whole-row-doubling-15-levels
SELECT t14::text || t14::text AS s FROM (SELECT t13::text || t13::text AS s FROM (SELECT t12::text || t12::text AS s FROM (SELECT t11::text || t11::text AS s FROM (SELECT t10::text || t10::text AS s FROM (SELECT t9::text || t9::text AS s FROM (SELECT t8::text || t8::text AS s FROM (SELECT t7::text || t7::text AS s FROM (SELECT t6::text || t6::text AS s FROM (SELECT t5::text || t5::text AS s FROM (SELECT t4::text || t4::text AS s FROM (SELECT t3::text || t3::text AS s FROM (SELECT t2::text || t2::text AS s FROM (SELECT t1::text || t1::text AS s FROM (SELECT t0::text || t0::text AS s FROM (SELECT name AS s FROM customers LIMIT 1) t0) t1) t2) t3) t4) t5) t6) t7) t8) t9) t10) t11) t12) t13) t14

-- attack: growth/whole-row-cast-varchar-8-levels
SELECT CAST(t7 AS VARCHAR) || 'x' AS s FROM (SELECT CAST(t6 AS VARCHAR) || 'x' AS s FROM (SELECT CAST(t5 AS VARCHAR) || 'x' AS s FROM (SELECT CAST(t4 AS VARCHAR) || 'x' AS s FROM (SELECT CAST(t3 AS VARCHAR) || 'x' AS s FROM (SELECT CAST(t2 AS VARCHAR) || 'x' AS s FROM (SELECT CAST(t1 AS VARCHAR) || 'x' AS s FROM (SELECT CAST(t0 AS VARCHAR) || 'x' AS s FROM (SELECT name AS s FROM customers LIMIT 1) t0) t1) t2) t3) t4) t5) t6) t7

-- attack: growth/whole-row-length-four-columns
SELECT LENGTH(t2::text || t2::text) AS a, LENGTH(t2::text || t2::text) AS b, LENGTH(t2::text || t2::text) AS c, LENGTH(t2::text || t2::text) AS d FROM (SELECT t1::text || t1::text AS s FROM (SELECT t0::text || t0::text AS s FROM (SELECT name AS s FROM customers LIMIT 1) t0) t1) t2

-- attack: growth/whole-row-table-name
SELECT customers::text || customers::text FROM customers

-- attack: growth/whole-row-cte-name
WITH c AS (SELECT name AS s FROM customers) SELECT c::text || c::text FROM c

-- attack: growth/whole-row-star-in-function
SELECT CONCAT(t.*) || CONCAT(t.*) FROM customers AS t

-- attack: growth/whole-row-star-in-count
SELECT COUNT(t.*) FROM customers AS t

-- attack: growth/whole-row-parenthesized-star
SELECT (t.*) FROM customers AS t

-- attack: growth/whole-row-in-concat
SELECT CONCAT(t, t) FROM customers AS t

-- attack: growth/whole-row-correlated
SELECT (SELECT t::text FROM skills LIMIT 1) AS s FROM (SELECT name AS s FROM customers) AS t

-- attack: growth/whole-row-compared
SELECT name FROM customers AS t WHERE t IS NOT NULL

-- attack: growth/row-constructor-to-text-8-levels
SELECT (s, s)::text AS s FROM (SELECT (s, s)::text AS s FROM (SELECT (s, s)::text AS s FROM (SELECT (s, s)::text AS s FROM (SELECT (s, s)::text AS s FROM (SELECT (s, s)::text AS s FROM (SELECT (s, s)::text AS s FROM (SELECT (s, s)::text AS s FROM (SELECT name AS s FROM customers LIMIT 1) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/row-constructor-concatenated
SELECT 'x' || (name, region) FROM customers

-- attack: growth/upper-unnamed-columns
SELECT upper || upper AS s FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper(upper || upper) FROM (SELECT upper('x')) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/from-table-column-12-levels
SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT name AS s FROM technicians) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/where-references-13-levels
SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t WHERE s + s + s + s > 0) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/cte-chain-numeric-14
WITH c0 AS (SELECT 1 AS s), c1 AS (SELECT s + s AS s FROM c0), c2 AS (SELECT s + s AS s FROM c1), c3 AS (SELECT s + s AS s FROM c2), c4 AS (SELECT s + s AS s FROM c3), c5 AS (SELECT s + s AS s FROM c4), c6 AS (SELECT s + s AS s FROM c5), c7 AS (SELECT s + s AS s FROM c6), c8 AS (SELECT s + s AS s FROM c7), c9 AS (SELECT s + s AS s FROM c8), c10 AS (SELECT s + s AS s FROM c9), c11 AS (SELECT s + s AS s FROM c10), c12 AS (SELECT s + s AS s FROM c11), c13 AS (SELECT s + s AS s FROM c12), c14 AS (SELECT s + s AS s FROM c13) SELECT s FROM c14

-- attack: growth/cte-chain-numeric-40
WITH c0 AS (SELECT 1 AS s), c1 AS (SELECT s + s AS s FROM c0), c2 AS (SELECT s + s AS s FROM c1), c3 AS (SELECT s + s AS s FROM c2), c4 AS (SELECT s + s AS s FROM c3), c5 AS (SELECT s + s AS s FROM c4), c6 AS (SELECT s + s AS s FROM c5), c7 AS (SELECT s + s AS s FROM c6), c8 AS (SELECT s + s AS s FROM c7), c9 AS (SELECT s + s AS s FROM c8), c10 AS (SELECT s + s AS s FROM c9), c11 AS (SELECT s + s AS s FROM c10), c12 AS (SELECT s + s AS s FROM c11), c13 AS (SELECT s + s AS s FROM c12), c14 AS (SELECT s + s AS s FROM c13), c15 AS (SELECT s + s AS s FROM c14), c16 AS (SELECT s + s AS s FROM c15), c17 AS (SELECT s + s AS s FROM c16), c18 AS (SELECT s + s AS s FROM c17), c19 AS (SELECT s + s AS s FROM c18), c20 AS (SELECT s + s AS s FROM c19), c21 AS (SELECT s + s AS s FROM c20), c22 AS (SELECT s + s AS s FROM c21), c23 AS (SELECT s + s AS s FROM c22), c24 AS (SELECT s + s AS s FROM c23), c25 AS (SELECT s + s AS s FROM c24), c26 AS (SELECT s + s AS s FROM c25), c27 AS (SELECT s + s AS s FROM c26), c28 AS (SELECT s + s AS s FROM c27), c29 AS (SELECT s + s AS s FROM c28), c30 AS (SELECT s + s AS s FROM c29), c31 AS (SELECT s + s AS s FROM c30), c32 AS (SELECT s + s AS s FROM c31), c33 AS (SELECT s + s AS s FROM c32), c34 AS (SELECT s + s AS s FROM c33), c35 AS (SELECT s + s AS s FROM c34), c36 AS (SELECT s + s AS s FROM c35), c37 AS (SELECT s + s AS s FROM c36), c38 AS (SELECT s + s AS s FROM c37), c39 AS (SELECT s + s AS s FROM c38), c40 AS (SELECT s + s AS s FROM c39) SELECT s FROM c40

-- attack: growth/cte-chain-string-14
WITH c0 AS (SELECT 'x' AS s), c1 AS (SELECT s || s AS s FROM c0), c2 AS (SELECT s || s AS s FROM c1), c3 AS (SELECT s || s AS s FROM c2), c4 AS (SELECT s || s AS s FROM c3), c5 AS (SELECT s || s AS s FROM c4), c6 AS (SELECT s || s AS s FROM c5), c7 AS (SELECT s || s AS s FROM c6), c8 AS (SELECT s || s AS s FROM c7), c9 AS (SELECT s || s AS s FROM c8), c10 AS (SELECT s || s AS s FROM c9), c11 AS (SELECT s || s AS s FROM c10), c12 AS (SELECT s || s AS s FROM c11), c13 AS (SELECT s || s AS s FROM c12), c14 AS (SELECT s || s AS s FROM c13) SELECT s FROM c14

-- attack: growth/cte-self-join-chain-12
WITH c0 AS (SELECT 1 AS s), c1 AS (SELECT a.s + b.s AS s FROM c0 a JOIN c0 b ON a.s = b.s), c2 AS (SELECT a.s + b.s AS s FROM c1 a JOIN c1 b ON a.s = b.s), c3 AS (SELECT a.s + b.s AS s FROM c2 a JOIN c2 b ON a.s = b.s), c4 AS (SELECT a.s + b.s AS s FROM c3 a JOIN c3 b ON a.s = b.s), c5 AS (SELECT a.s + b.s AS s FROM c4 a JOIN c4 b ON a.s = b.s), c6 AS (SELECT a.s + b.s AS s FROM c5 a JOIN c5 b ON a.s = b.s), c7 AS (SELECT a.s + b.s AS s FROM c6 a JOIN c6 b ON a.s = b.s), c8 AS (SELECT a.s + b.s AS s FROM c7 a JOIN c7 b ON a.s = b.s), c9 AS (SELECT a.s + b.s AS s FROM c8 a JOIN c8 b ON a.s = b.s), c10 AS (SELECT a.s + b.s AS s FROM c9 a JOIN c9 b ON a.s = b.s), c11 AS (SELECT a.s + b.s AS s FROM c10 a JOIN c10 b ON a.s = b.s), c12 AS (SELECT a.s + b.s AS s FROM c11 a JOIN c11 b ON a.s = b.s) SELECT s FROM c12

-- attack: growth/cte-over-derived-tables
WITH a AS (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) SELECT x.s || y.s || z.s || w.s FROM a x JOIN a y ON x.s = y.s JOIN a z ON z.s = y.s JOIN a w ON w.s = z.s

-- attack: growth/star-pass-through
SELECT s || s AS s FROM (SELECT * FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS a) AS b

-- attack: growth/column-alias-list
SELECT q || q FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t(q)

-- attack: growth/order-by-references
SELECT 1 AS one FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t ORDER BY s + s, s * s

-- attack: growth/group-by-references
SELECT COUNT(*) FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t GROUP BY s + s + s

-- attack: growth/correlated-subquery
SELECT (SELECT COUNT(*) FROM skills WHERE skills.id = s OR skills.id = s + 1) FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/union-branches
SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t UNION ALL SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 2 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS u

-- attack: growth/window-over-expansion
SELECT SUM(s) OVER (PARTITION BY s ORDER BY s) FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/in-subquery
SELECT name FROM technicians WHERE id IN (SELECT s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t)

-- attack: growth/exists-subquery
SELECT name FROM technicians WHERE EXISTS (SELECT 1 FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t WHERE t.s > technicians.id)

-- attack: growth/having-references
SELECT MAX(s) FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT s + s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t GROUP BY 1 = 1 HAVING MAX(s) + MAX(s) > 0

-- attack: growth/qualified-references
SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT t.s + t.s AS s FROM (SELECT 1 AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: growth/mixed-case-names
SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT S || s AS s FROM (SELECT 'x' AS s) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: joins/three-comma-joins
SELECT COUNT(*) FROM timesheets a, timesheets b, timesheets c

-- attack: joins/three-cross-joins
SELECT COUNT(*) FROM timesheets a CROSS JOIN timesheets b CROSS JOIN timesheets c

-- attack: joins/on-true
SELECT COUNT(*) FROM timesheets a JOIN timesheets b ON TRUE JOIN timesheets c ON TRUE

-- attack: joins/on-constant
SELECT COUNT(*) FROM timesheets a JOIN timesheets b ON 1 = 1 JOIN timesheets c ON 2 = 2

-- attack: joins/on-self-equality
SELECT COUNT(*) FROM timesheets a JOIN timesheets b ON b.id = b.id JOIN timesheets c ON c.id = c.id

-- attack: joins/natural-joins
SELECT COUNT(*) FROM timesheets NATURAL JOIN skills NATURAL JOIN customers

-- attack: joins/left-join-on-true
SELECT COUNT(*) FROM timesheets a LEFT JOIN timesheets b ON TRUE LEFT JOIN timesheets c ON TRUE

-- attack: joins/where-not-linking
SELECT COUNT(*) FROM timesheets a, timesheets b, timesheets c WHERE a.hours > 1 AND b.hours > 1

-- attack: joins/nested-cross-products
SELECT COUNT(*) FROM (SELECT a.id FROM timesheets a, timesheets b) x, timesheets c

-- attack: joins/cte-cross-products
WITH p AS (SELECT a.id FROM timesheets a CROSS JOIN timesheets b) SELECT COUNT(*) FROM p CROSS JOIN timesheets

-- attack: joins/subquery-in-where
SELECT name FROM technicians WHERE id < (SELECT COUNT(*) FROM timesheets a, timesheets b, timesheets c)

-- attack: size/huge-in-list
SELECT id FROM technicians WHERE id IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)

-- attack: size/long-or-chain
SELECT id FROM technicians WHERE id = 0 OR id = 1 OR id = 2 OR id = 3 OR id = 4 OR id = 5 OR id = 6 OR id = 7 OR id = 8 OR id = 9 OR id = 10 OR id = 11 OR id = 12 OR id = 13 OR id = 14 OR id = 15 OR id = 16 OR id = 17 OR id = 18 OR id = 19 OR id = 20 OR id = 21 OR id = 22 OR id = 23 OR id = 24 OR id = 25 OR id = 26 OR id = 27 OR id = 28 OR id = 29 OR id = 30 OR id = 31 OR id = 32 OR id = 33 OR id = 34 OR id = 35 OR id = 36 OR id = 37 OR id = 38 OR id = 39 OR id = 40 OR id = 41 OR id = 42 OR id = 43 OR id = 44 OR id = 45 OR id = 46 OR id = 47 OR id = 48 OR id = 49 OR id = 50 OR id = 51 OR id = 52 OR id = 53 OR id = 54 OR id = 55 OR id = 56 OR id = 57 OR id = 58 OR id = 59 OR id = 60 OR id = 61 OR id = 62 OR id = 63 OR id = 64 OR id = 65 OR id = 66 OR id = 67 OR id = 68 OR id = 69 OR id = 70 OR id = 71 OR id = 72 OR id = 73 OR id = 74 OR id = 75 OR id = 76 OR id = 77 OR id = 78 OR id = 79 OR id = 80 OR id = 81 OR id = 82 OR id = 83 OR id = 84 OR id = 85 OR id = 86 OR id = 87 OR id = 88 OR id = 89 OR id = 90 OR id = 91 OR id = 92 OR id = 93 OR id = 94 OR id = 95 OR id = 96 OR id = 97 OR id = 98 OR id = 99 OR id = 100 OR id = 101 OR id = 102 OR id = 103 OR id = 104 OR id = 105 OR id = 106 OR id = 107 OR id = 108 OR id = 109 OR id = 110 OR id = 111 OR id = 112 OR id = 113 OR id = 114 OR id = 115 OR id = 116 OR id = 117 OR id = 118 OR id = 119 OR id = 120 OR id = 121 OR id = 122 OR id = 123 OR id = 124 OR id = 125 OR id = 126 OR id = 127 OR id = 128 OR id = 129 OR id = 130 OR id = 131 OR id = 132 OR id = 133 OR id = 134 OR id = 135 OR id = 136 OR id = 137 OR id = 138 OR id = 139 OR id = 140 OR id = 141 OR id = 142 OR id = 143 OR id = 144 OR id = 145 OR id = 146 OR id = 147 OR id = 148 OR id = 149 OR id = 150 OR id = 151 OR id = 152 OR id = 153 OR id = 154 OR id = 155 OR id = 156 OR id = 157 OR id = 158 OR id = 159 OR id = 160 OR id = 161 OR id = 162 OR id = 163 OR id = 164 OR id = 165 OR id = 166 OR id = 167 OR id = 168 OR id = 169 OR id = 170 OR id = 171 OR id = 172 OR id = 173 OR id = 174 OR id = 175 OR id = 176 OR id = 177 OR id = 178 OR id = 179 OR id = 180 OR id = 181 OR id = 182 OR id = 183 OR id = 184 OR id = 185 OR id = 186 OR id = 187 OR id = 188 OR id = 189 OR id = 190 OR id = 191 OR id = 192 OR id = 193 OR id = 194 OR id = 195 OR id = 196 OR id = 197 OR id = 198 OR id = 199 OR id = 200 OR id = 201 OR id = 202 OR id = 203 OR id = 204 OR id = 205 OR id = 206 OR id = 207 OR id = 208 OR id = 209 OR id = 210 OR id = 211 OR id = 212 OR id = 213 OR id = 214 OR id = 215 OR id = 216 OR id = 217 OR id = 218 OR id = 219 OR id = 220 OR id = 221 OR id = 222 OR id = 223 OR id = 224 OR id = 225 OR id = 226 OR id = 227 OR id = 228 OR id = 229 OR id = 230 OR id = 231 OR id = 232 OR id = 233 OR id = 234 OR id = 235 OR id = 236 OR id = 237 OR id = 238 OR id = 239 OR id = 240 OR id = 241 OR id = 242 OR id = 243 OR id = 244 OR id = 245 OR id = 246 OR id = 247 OR id = 248 OR id = 249 OR id = 250 OR id = 251 OR id = 252 OR id = 253 OR id = 254 OR id = 255 OR id = 256 OR id = 257 OR id = 258 OR id = 259 OR id = 260 OR id = 261 OR id = 262 OR id = 263 OR id = 264 OR id = 265 OR id = 266 OR id = 267 OR id = 268 OR id = 269 OR id = 270 OR id = 271 OR id = 272 OR id = 273 OR id = 274 OR id = 275 OR id = 276 OR id = 277 OR id = 278 OR id = 279 OR id = 280 OR id = 281 OR id = 282 OR id = 283 OR id = 284 OR id = 285 OR id = 286 OR id = 287 OR id = 288 OR id = 289 OR id = 290 OR id = 291 OR id = 292 OR id = 293 OR id = 294 OR id = 295 OR id = 296 OR id = 297 OR id = 298 OR id = 299 OR id = 300 OR id = 301 OR id = 302 OR id = 303 OR id = 304 OR id = 305 OR id = 306 OR id = 307 OR id = 308 OR id = 309 OR id = 310 OR id = 311 OR id = 312 OR id = 313 OR id = 314 OR id = 315 OR id = 316 OR id = 317 OR id = 318 OR id = 319 OR id = 320 OR id = 321 OR id = 322 OR id = 323 OR id = 324 OR id = 325 OR id = 326 OR id = 327 OR id = 328 OR id = 329 OR id = 330 OR id = 331 OR id = 332 OR id = 333 OR id = 334 OR id = 335 OR id = 336 OR id = 337 OR id = 338 OR id = 339 OR id = 340 OR id = 341 OR id = 342 OR id = 343 OR id = 344 OR id = 345 OR id = 346 OR id = 347 OR id = 348 OR id = 349 OR id = 350 OR id = 351 OR id = 352 OR id = 353 OR id = 354 OR id = 355 OR id = 356 OR id = 357 OR id = 358 OR id = 359 OR id = 360 OR id = 361 OR id = 362 OR id = 363 OR id = 364 OR id = 365 OR id = 366 OR id = 367 OR id = 368 OR id = 369 OR id = 370 OR id = 371 OR id = 372 OR id = 373 OR id = 374 OR id = 375 OR id = 376 OR id = 377 OR id = 378 OR id = 379 OR id = 380 OR id = 381 OR id = 382 OR id = 383 OR id = 384 OR id = 385 OR id = 386 OR id = 387 OR id = 388 OR id = 389 OR id = 390 OR id = 391 OR id = 392 OR id = 393 OR id = 394 OR id = 395 OR id = 396 OR id = 397 OR id = 398 OR id = 399 OR id = 400 OR id = 401 OR id = 402 OR id = 403 OR id = 404 OR id = 405 OR id = 406 OR id = 407 OR id = 408 OR id = 409 OR id = 410 OR id = 411 OR id = 412 OR id = 413 OR id = 414 OR id = 415 OR id = 416 OR id = 417 OR id = 418 OR id = 419 OR id = 420 OR id = 421 OR id = 422 OR id = 423 OR id = 424 OR id = 425 OR id = 426 OR id = 427 OR id = 428 OR id = 429 OR id = 430 OR id = 431 OR id = 432 OR id = 433 OR id = 434 OR id = 435 OR id = 436 OR id = 437 OR id = 438 OR id = 439 OR id = 440 OR id = 441 OR id = 442 OR id = 443 OR id = 444 OR id = 445 OR id = 446 OR id = 447 OR id = 448 OR id = 449 OR id = 450 OR id = 451 OR id = 452 OR id = 453 OR id = 454 OR id = 455 OR id = 456 OR id = 457 OR id = 458 OR id = 459 OR id = 460 OR id = 461 OR id = 462 OR id = 463 OR id = 464 OR id = 465 OR id = 466 OR id = 467 OR id = 468 OR id = 469 OR id = 470 OR id = 471 OR id = 472 OR id = 473 OR id = 474 OR id = 475 OR id = 476 OR id = 477 OR id = 478 OR id = 479 OR id = 480 OR id = 481 OR id = 482 OR id = 483 OR id = 484 OR id = 485 OR id = 486 OR id = 487 OR id = 488 OR id = 489 OR id = 490 OR id = 491 OR id = 492 OR id = 493 OR id = 494 OR id = 495 OR id = 496 OR id = 497 OR id = 498 OR id = 499 OR id = 500 OR id = 501 OR id = 502 OR id = 503 OR id = 504 OR id = 505 OR id = 506 OR id = 507 OR id = 508 OR id = 509 OR id = 510 OR id = 511 OR id = 512 OR id = 513 OR id = 514 OR id = 515 OR id = 516 OR id = 517 OR id = 518 OR id = 519 OR id = 520 OR id = 521 OR id = 522 OR id = 523 OR id = 524 OR id = 525 OR id = 526 OR id = 527 OR id = 528 OR id = 529 OR id = 530 OR id = 531 OR id = 532 OR id = 533 OR id = 534 OR id = 535 OR id = 536 OR id = 537 OR id = 538 OR id = 539 OR id = 540 OR id = 541 OR id = 542 OR id = 543 OR id = 544 OR id = 545 OR id = 546 OR id = 547 OR id = 548 OR id = 549 OR id = 550 OR id = 551 OR id = 552 OR id = 553 OR id = 554 OR id = 555 OR id = 556 OR id = 557 OR id = 558 OR id = 559 OR id = 560 OR id = 561 OR id = 562 OR id = 563 OR id = 564 OR id = 565 OR id = 566 OR id = 567 OR id = 568 OR id = 569 OR id = 570 OR id = 571 OR id = 572 OR id = 573 OR id = 574 OR id = 575 OR id = 576 OR id = 577 OR id = 578 OR id = 579 OR id = 580 OR id = 581 OR id = 582 OR id = 583 OR id = 584 OR id = 585 OR id = 586 OR id = 587 OR id = 588 OR id = 589 OR id = 590 OR id = 591 OR id = 592 OR id = 593 OR id = 594 OR id = 595 OR id = 596 OR id = 597 OR id = 598 OR id = 599 OR id = 600 OR id = 601 OR id = 602 OR id = 603 OR id = 604 OR id = 605 OR id = 606 OR id = 607 OR id = 608 OR id = 609 OR id = 610 OR id = 611 OR id = 612 OR id = 613 OR id = 614 OR id = 615 OR id = 616 OR id = 617 OR id = 618 OR id = 619 OR id = 620 OR id = 621 OR id = 622 OR id = 623 OR id = 624 OR id = 625 OR id = 626 OR id = 627 OR id = 628 OR id = 629 OR id = 630 OR id = 631 OR id = 632 OR id = 633 OR id = 634 OR id = 635 OR id = 636 OR id = 637 OR id = 638 OR id = 639 OR id = 640 OR id = 641 OR id = 642 OR id = 643 OR id = 644 OR id = 645 OR id = 646 OR id = 647 OR id = 648 OR id = 649 OR id = 650 OR id = 651 OR id = 652 OR id = 653 OR id = 654 OR id = 655 OR id = 656 OR id = 657 OR id = 658 OR id = 659 OR id = 660 OR id = 661 OR id = 662 OR id = 663 OR id = 664 OR id = 665 OR id = 666 OR id = 667 OR id = 668 OR id = 669 OR id = 670 OR id = 671 OR id = 672 OR id = 673 OR id = 674 OR id = 675 OR id = 676 OR id = 677 OR id = 678 OR id = 679 OR id = 680 OR id = 681 OR id = 682 OR id = 683 OR id = 684 OR id = 685 OR id = 686 OR id = 687 OR id = 688 OR id = 689 OR id = 690 OR id = 691 OR id = 692 OR id = 693 OR id = 694 OR id = 695 OR id = 696 OR id = 697 OR id = 698 OR id = 699 OR id = 700 OR id = 701 OR id = 702 OR id = 703 OR id = 704 OR id = 705 OR id = 706 OR id = 707 OR id = 708 OR id = 709 OR id = 710 OR id = 711 OR id = 712 OR id = 713 OR id = 714 OR id = 715 OR id = 716 OR id = 717 OR id = 718 OR id = 719 OR id = 720 OR id = 721 OR id = 722 OR id = 723 OR id = 724 OR id = 725 OR id = 726 OR id = 727 OR id = 728 OR id = 729 OR id = 730 OR id = 731 OR id = 732 OR id = 733 OR id = 734 OR id = 735 OR id = 736 OR id = 737 OR id = 738 OR id = 739 OR id = 740 OR id = 741 OR id = 742 OR id = 743 OR id = 744 OR id = 745 OR id = 746 OR id = 747 OR id = 748 OR id = 749 OR id = 750 OR id = 751 OR id = 752 OR id = 753 OR id = 754 OR id = 755 OR id = 756 OR id = 757 OR id = 758 OR id = 759 OR id = 760 OR id = 761 OR id = 762 OR id = 763 OR id = 764 OR id = 765 OR id = 766 OR id = 767 OR id = 768 OR id = 769 OR id = 770 OR id = 771 OR id = 772 OR id = 773 OR id = 774 OR id = 775 OR id = 776 OR id = 777 OR id = 778 OR id = 779 OR id = 780 OR id = 781 OR id = 782 OR id = 783 OR id = 784 OR id = 785 OR id = 786 OR id = 787 OR id = 788 OR id = 789 OR id = 790 OR id = 791 OR id = 792 OR id = 793 OR id = 794 OR id = 795 OR id = 796 OR id = 797 OR id = 798 OR id = 799 OR id = 800 OR id = 801 OR id = 802 OR id = 803 OR id = 804 OR id = 805 OR id = 806 OR id = 807 OR id = 808 OR id = 809 OR id = 810 OR id = 811 OR id = 812 OR id = 813 OR id = 814 OR id = 815 OR id = 816 OR id = 817 OR id = 818 OR id = 819 OR id = 820 OR id = 821 OR id = 822 OR id = 823 OR id = 824 OR id = 825 OR id = 826 OR id = 827 OR id = 828 OR id = 829 OR id = 830 OR id = 831 OR id = 832 OR id = 833 OR id = 834 OR id = 835 OR id = 836 OR id = 837 OR id = 838 OR id = 839 OR id = 840 OR id = 841 OR id = 842 OR id = 843 OR id = 844 OR id = 845 OR id = 846 OR id = 847 OR id = 848 OR id = 849 OR id = 850 OR id = 851 OR id = 852 OR id = 853 OR id = 854 OR id = 855 OR id = 856 OR id = 857 OR id = 858 OR id = 859 OR id = 860 OR id = 861 OR id = 862 OR id = 863 OR id = 864 OR id = 865 OR id = 866 OR id = 867 OR id = 868 OR id = 869 OR id = 870 OR id = 871 OR id = 872 OR id = 873 OR id = 874 OR id = 875 OR id = 876 OR id = 877 OR id = 878 OR id = 879 OR id = 880 OR id = 881 OR id = 882 OR id = 883 OR id = 884 OR id = 885 OR id = 886 OR id = 887 OR id = 888 OR id = 889 OR id = 890 OR id = 891 OR id = 892 OR id = 893 OR id = 894 OR id = 895 OR id = 896 OR id = 897 OR id = 898 OR id = 899 OR id = 900 OR id = 901 OR id = 902 OR id = 903 OR id = 904 OR id = 905 OR id = 906 OR id = 907 OR id = 908 OR id = 909 OR id = 910 OR id = 911 OR id = 912 OR id = 913 OR id = 914 OR id = 915 OR id = 916 OR id = 917 OR id = 918 OR id = 919 OR id = 920 OR id = 921 OR id = 922 OR id = 923 OR id = 924 OR id = 925 OR id = 926 OR id = 927 OR id = 928 OR id = 929 OR id = 930 OR id = 931 OR id = 932 OR id = 933 OR id = 934 OR id = 935 OR id = 936 OR id = 937 OR id = 938 OR id = 939 OR id = 940 OR id = 941 OR id = 942 OR id = 943 OR id = 944 OR id = 945 OR id = 946 OR id = 947 OR id = 948 OR id = 949 OR id = 950 OR id = 951 OR id = 952 OR id = 953 OR id = 954 OR id = 955 OR id = 956 OR id = 957 OR id = 958 OR id = 959 OR id = 960 OR id = 961 OR id = 962 OR id = 963 OR id = 964 OR id = 965 OR id = 966 OR id = 967 OR id = 968 OR id = 969 OR id = 970 OR id = 971 OR id = 972 OR id = 973 OR id = 974 OR id = 975 OR id = 976 OR id = 977 OR id = 978 OR id = 979 OR id = 980 OR id = 981 OR id = 982 OR id = 983 OR id = 984 OR id = 985 OR id = 986 OR id = 987 OR id = 988 OR id = 989 OR id = 990 OR id = 991 OR id = 992 OR id = 993 OR id = 994 OR id = 995 OR id = 996 OR id = 997 OR id = 998 OR id = 999

-- attack: depth/arithmetic-chain
SELECT hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate + hourly_rate FROM technicians

-- attack: depth/and-chain
SELECT id FROM technicians WHERE id <> 0 AND id <> 1 AND id <> 2 AND id <> 3 AND id <> 4 AND id <> 5 AND id <> 6 AND id <> 7 AND id <> 8 AND id <> 9 AND id <> 10 AND id <> 11 AND id <> 12 AND id <> 13 AND id <> 14 AND id <> 15 AND id <> 16 AND id <> 17 AND id <> 18 AND id <> 19 AND id <> 20 AND id <> 21 AND id <> 22 AND id <> 23 AND id <> 24 AND id <> 25 AND id <> 26 AND id <> 27 AND id <> 28 AND id <> 29 AND id <> 30 AND id <> 31 AND id <> 32 AND id <> 33 AND id <> 34 AND id <> 35 AND id <> 36 AND id <> 37 AND id <> 38 AND id <> 39 AND id <> 40 AND id <> 41 AND id <> 42 AND id <> 43 AND id <> 44 AND id <> 45 AND id <> 46 AND id <> 47 AND id <> 48 AND id <> 49 AND id <> 50 AND id <> 51 AND id <> 52 AND id <> 53 AND id <> 54 AND id <> 55 AND id <> 56 AND id <> 57 AND id <> 58 AND id <> 59 AND id <> 60 AND id <> 61 AND id <> 62 AND id <> 63 AND id <> 64 AND id <> 65 AND id <> 66 AND id <> 67 AND id <> 68 AND id <> 69 AND id <> 70 AND id <> 71 AND id <> 72 AND id <> 73 AND id <> 74 AND id <> 75 AND id <> 76 AND id <> 77 AND id <> 78 AND id <> 79 AND id <> 80 AND id <> 81 AND id <> 82 AND id <> 83 AND id <> 84 AND id <> 85 AND id <> 86 AND id <> 87 AND id <> 88 AND id <> 89 AND id <> 90 AND id <> 91 AND id <> 92 AND id <> 93 AND id <> 94 AND id <> 95 AND id <> 96 AND id <> 97 AND id <> 98 AND id <> 99 AND id <> 100 AND id <> 101 AND id <> 102 AND id <> 103 AND id <> 104 AND id <> 105 AND id <> 106 AND id <> 107 AND id <> 108 AND id <> 109 AND id <> 110 AND id <> 111 AND id <> 112 AND id <> 113 AND id <> 114 AND id <> 115 AND id <> 116 AND id <> 117 AND id <> 118 AND id <> 119 AND id <> 120 AND id <> 121 AND id <> 122 AND id <> 123 AND id <> 124 AND id <> 125 AND id <> 126 AND id <> 127 AND id <> 128 AND id <> 129

-- attack: depth/concat-chain
SELECT name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name || name FROM technicians

-- attack: depth/nested-parentheses
SELECT ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))

-- attack: depth/nested-case
SELECT CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN CASE WHEN id > 0 THEN 1 END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END END FROM technicians

-- attack: depth/nested-coalesce
SELECT COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(COALESCE(1, 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0), 0)

-- attack: depth/not-chain
SELECT id FROM technicians WHERE NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT id = 1

-- attack: nesting/derived-tables-18-deep
SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM (SELECT id FROM technicians) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t) AS t

-- attack: nesting/scalar-subqueries-18-deep
SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT 1)))))))))))))))))

-- attack: nesting/in-subqueries-18-deep
SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians WHERE id IN (SELECT id FROM technicians)))))))))))))))))

-- attack: recursion/with-recursive
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c

-- attack: recursion/without-keyword
WITH c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c

-- attack: recursion/self-reference-in-subquery
WITH c AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM (SELECT x FROM c) AS d) SELECT * FROM c

-- attack: recursion/mutual
WITH a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a

-- attack: recursion/quoted-self-reference
WITH RECURSIVE "c"(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM "c") SELECT * FROM "c"

-- attack: recursion/fibonacci
WITH RECURSIVE f(a, b) AS (SELECT 0, 1 UNION ALL SELECT b, a + b FROM f) SELECT * FROM f

-- attack: quoted/upper-case-table
SELECT * FROM "CUSTOMERS"

-- attack: quoted/capitalized-table
SELECT * FROM "Customers"

-- attack: quoted/upper-case-technicians
SELECT name FROM "TECHNICIANS"

-- attack: quoted/mixed-case-work-orders
SELECT COUNT(*) FROM "Work_Orders"

-- attack: quoted/public-schema
SELECT * FROM public."CUSTOMERS"

-- attack: quoted/quoted-schema-and-table
SELECT * FROM "public"."Customers"

-- attack: quoted/upper-case-schema
SELECT * FROM "PUBLIC".customers

-- attack: quoted/in-join
SELECT t.name FROM technicians t JOIN "SKILLS" s ON s.id = t.id

-- attack: quoted/in-subquery
SELECT name FROM technicians WHERE id IN (SELECT id FROM "Technicians")

-- attack: quoted/in-union
SELECT name FROM customers UNION SELECT name FROM "CUSTOMERS"

-- attack: quoted/in-cte-body
WITH c AS (SELECT * FROM "CUSTOMERS") SELECT * FROM c

-- attack: quoted/in-scalar-subquery
SELECT (SELECT COUNT(*) FROM "Customers")

-- attack: quoted/in-exists
SELECT 1 WHERE EXISTS (SELECT 1 FROM "CUSTOMERS")

-- attack: quoted/cte-differs-in-case
WITH "Customers" AS (SELECT 1 AS id) SELECT * FROM "CUSTOMERS"

-- attack: quoted/cte-quoted-upper-read-unquoted
WITH "X" AS (SELECT 1 AS id) SELECT * FROM x

-- attack: quoted/cte-lower-read-quoted-upper
WITH x AS (SELECT 1 AS id) SELECT * FROM "X"

-- attack: quoted/cte-shadow-then-upper
WITH customers AS (SELECT 1 AS id) SELECT * FROM "Customers"

-- attack: quoted/trailing-space
SELECT * FROM "customers "

-- attack: quoted/cyrillic-homoglyph
SELECT * FROM "сustomers"

-- attack: quoted/kelvin-sign
SELECT * FROM "sKills"

-- attack: quoted/long-s
SELECT * FROM "ſkills"

-- attack: quoted/unicode-escape
SELECT * FROM U&"CUSTOMERS"

-- attack: quoted/table-shorthand
TABLE "CUSTOMERS"

-- attack: quoted/lateral-alias-trick
SELECT c.* FROM "Customers" AS customers, customers AS c

-- attack: session/bare-user
SELECT user

-- attack: session/bare-current-user
SELECT current_user

-- attack: session/bare-session-user
SELECT session_user

-- attack: session/bare-current-role
SELECT current_role

-- attack: session/bare-current-catalog
SELECT current_catalog

-- attack: session/bare-current-schema
SELECT current_schema

-- attack: session/bare-system-user
SELECT system_user

-- attack: session/user-in-where
SELECT name FROM technicians WHERE name <> user

-- attack: session/user-in-order-by
SELECT name FROM technicians ORDER BY user

-- attack: session/user-aliased
SELECT user AS who FROM technicians

-- attack: session/user-in-coalesce
SELECT COALESCE(user, 'nobody')

-- attack: session/session-user-in-case
SELECT CASE WHEN session_user = 'postgres' THEN 1 ELSE 0 END

-- attack: session/current-role-concat
SELECT name || current_role FROM technicians

-- attack: session/user-in-subquery
SELECT (SELECT user)

-- attack: session/upper-case-user
SELECT USER

-- attack: session/current-schema-call
SELECT current_schema()

-- attack: session/current-schemas
SELECT current_schemas(true)

-- attack: session/current-database
SELECT current_database()

-- attack: session/current-query
SELECT current_query()

-- attack: session/inet-server-addr
SELECT inet_server_addr()

-- attack: session/inet-client-addr
SELECT inet_client_addr()

-- attack: session/version
SELECT version()

-- attack: session/current-setting
SELECT current_setting('data_directory')

-- attack: session/has-table-privilege
SELECT has_table_privilege('api_keys', 'SELECT')

-- attack: string-sql/query-to-xml
SELECT query_to_xml('SELECT * FROM api_keys', true, false, '')

-- attack: string-sql/query-to-xml-upper
SELECT QUERY_TO_XML('SELECT * FROM api_keys', TRUE, FALSE, '')

-- attack: string-sql/query-to-xml-quoted
SELECT "query_to_xml"('SELECT * FROM api_keys', true, false, '')

-- attack: string-sql/query-to-xml-schema-qualified
SELECT pg_catalog.query_to_xml('SELECT * FROM api_keys', true, false, '')

-- attack: string-sql/query-to-xml-and-xmlschema
SELECT query_to_xml_and_xmlschema('SELECT * FROM api_keys', true, false, '')

-- attack: string-sql/query-to-xmlschema
SELECT query_to_xmlschema('SELECT * FROM api_keys', true, false, '')

-- attack: string-sql/cursor-to-xml
SELECT cursor_to_xml('c', 10, true, false, '')

-- attack: string-sql/table-to-xml
SELECT table_to_xml('api_keys', true, false, '')

-- attack: string-sql/table-to-xml-regclass
SELECT table_to_xml('api_keys'::regclass, true, false, '')

-- attack: string-sql/schema-to-xml
SELECT schema_to_xml('public', true, false, '')

-- attack: string-sql/database-to-xml
SELECT database_to_xml(true, false, '')

-- attack: string-sql/database-to-xmlschema
SELECT database_to_xmlschema(true, false, '')

-- attack: string-sql/xpath-over-query-to-xml
SELECT xpath('//text()', query_to_xml('SELECT * FROM api_keys', true, false, ''))

-- attack: string-sql/xpath-exists
SELECT xpath_exists('//row', query_to_xml('SELECT 1', true, false, ''))

-- attack: string-sql/xmltable
SELECT * FROM XMLTABLE('//row' PASSING query_to_xml('SELECT * FROM api_keys', true, false, '') COLUMNS k TEXT PATH 'key')

-- attack: string-sql/in-where
SELECT name FROM technicians WHERE CAST(query_to_xml('SELECT 1', true, false, '') AS TEXT) <> ''

-- attack: string-sql/in-cte
WITH x AS (SELECT query_to_xml('SELECT * FROM api_keys', true, false, '') AS doc) SELECT doc FROM x

-- attack: string-sql/in-subquery
SELECT (SELECT query_to_xml('SELECT * FROM api_keys', true, false, ''))

-- attack: string-sql/xmlparse
SELECT xmlparse(document '<a/>')

-- attack: string-sql/xmlelement
SELECT xmlelement(name a, name)

-- attack: string-sql/xmlagg
SELECT xmlagg(xmlelement(name a, name)) FROM technicians

-- attack: string-sql/dblink
SELECT * FROM dblink('dbname=postgres', 'SELECT usename FROM pg_user') AS t(u TEXT)

-- attack: string-sql/dblink-exec
SELECT dblink_exec('dbname=postgres', 'DROP TABLE technicians')

-- attack: string-sql/dblink-connect
SELECT dblink_connect('host=127.0.0.1 dbname=postgres')

-- attack: string-sql/row-to-json-attribute
SELECT t.row_to_json FROM api_keys t

-- attack: string-sql/to-json-attribute
SELECT t.to_json FROM technicians t

-- attack: string-sql/pg-function-attribute
SELECT t.pg_column_size FROM technicians t

-- attack: admin/lo-import
SELECT lo_import('/etc/passwd')

-- attack: admin/lo-export
SELECT lo_export(16385, '/tmp/x')

-- attack: admin/lo-open
SELECT lo_open(16385, 262144)

-- attack: admin/loread
SELECT loread(0, 100)

-- attack: admin/lowrite
SELECT lowrite(0, 'x')

-- attack: admin/lo-get
SELECT lo_get(16385)

-- attack: admin/lo-from-bytea
SELECT lo_from_bytea(0, 'x')

-- attack: admin/lo-put
SELECT lo_put(16385, 0, 'x')

-- attack: admin/lo-unlink
SELECT lo_unlink(16385)

-- attack: admin/lo-create
SELECT lo_create(0)

-- attack: admin/pg-read-file
SELECT pg_read_file('/etc/passwd')

-- attack: admin/pg-read-binary-file
SELECT pg_read_binary_file('/etc/passwd')

-- attack: admin/pg-ls-dir
SELECT pg_ls_dir('.')

-- attack: admin/pg-ls-waldir
SELECT pg_ls_waldir()

-- attack: admin/pg-stat-file
SELECT pg_stat_file('postgresql.conf')

-- attack: admin/pg-terminate-backend
SELECT pg_terminate_backend(1)

-- attack: admin/pg-cancel-backend
SELECT pg_cancel_backend(1)

-- attack: admin/pg-reload-conf
SELECT pg_reload_conf()

-- attack: admin/pg-rotate-logfile
SELECT pg_rotate_logfile()

-- attack: admin/pg-sleep
SELECT pg_sleep(60)

-- attack: admin/pg-advisory-lock
SELECT pg_advisory_lock(1)

-- attack: admin/pg-notify
SELECT pg_notify('c', 'x')

-- attack: admin/pg-switch-wal
SELECT pg_switch_wal()

-- attack: admin/pg-create-restore-point
SELECT pg_create_restore_point('x')

-- attack: admin/pg-backend-pid
SELECT pg_backend_pid()

-- attack: admin/pg-logical-emit-message
SELECT pg_logical_emit_message(true, 'x', 'y')

-- attack: admin/set-config
SELECT set_config('statement_timeout', '0', false)

-- attack: admin/txid-current
SELECT txid_current()

-- attack: admin/nextval
SELECT nextval('s')

-- attack: admin/setval
SELECT setval('s', 1)

-- attack: admin/currval
SELECT currval('s')

-- attack: admin/lastval
SELECT lastval()

-- attack: admin/load-extension
SELECT load_extension('/tmp/evil.so')

-- attack: admin/readfile
SELECT readfile('/etc/passwd')

-- attack: admin/writefile
SELECT writefile('/tmp/x', 'y')

-- attack: admin/fts3-tokenizer
SELECT fts3_tokenizer('simple')

-- attack: admin/randomblob
SELECT randomblob(1000000000)

-- attack: admin/zeroblob
SELECT zeroblob(1000000000)

-- attack: admin/sqlite-version
SELECT sqlite_version()

-- attack: admin/repeat
SELECT repeat('x', 1000000000)

-- attack: admin/lpad
SELECT lpad('x', 1000000000)

-- attack: admin/generate-series
SELECT generate_series(1, 1000000000)

-- attack: admin/pg-read-file-in-cte
WITH f AS (SELECT pg_read_file('/etc/passwd') AS t) SELECT t FROM f

-- attack: admin/lo-import-in-where
SELECT name FROM technicians WHERE lo_import('/etc/passwd') > 0

-- attack: admin/set-config-in-subquery
SELECT (SELECT set_config('statement_timeout', '0', false))

-- attack: admin/pg-sleep-in-order-by
SELECT name FROM technicians ORDER BY pg_sleep(1)

-- attack: admin/generate-series-in-from
SELECT COUNT(*) FROM generate_series(1, 1000000000)

-- attack: admin/pg-ls-dir-in-from
SELECT * FROM pg_ls_dir('.') AS f
