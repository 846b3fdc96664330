-- Queries the guard must keep accepting: the analytics a model or a person writes about the
-- field-service data (the offline planner's own SQL is checked by test_catalog.py). Each one
-- passes the guard and runs on the seeded SQLite and PostgreSQL databases
-- (tests/agents/sql/test_guard_corpus.py).
-- Each entry opens with "-- query: <name>", or "-- query: <name> [sqlite]" / "[postgres]" for
-- a query written in one dialect only; the statement runs to the next entry.

-- query: count-active
SELECT COUNT(*) FROM technicians WHERE status = 'active'

-- query: list-by-region
SELECT name, email, region FROM technicians WHERE region = 'North' ORDER BY name

-- query: status-breakdown
SELECT status, COUNT(*) AS n FROM technicians GROUP BY status ORDER BY n DESC

-- query: rate-statistics
SELECT region, COUNT(*) AS technicians, AVG(hourly_rate) AS average, MIN(hourly_rate) AS lowest,
       MAX(hourly_rate) AS highest, ROUND(AVG(hourly_rate), 2) AS rounded
FROM technicians GROUP BY region ORDER BY region

-- query: orders-per-technician
SELECT t.name, COUNT(w.id) AS orders
FROM technicians t LEFT JOIN work_orders w ON w.technician_id = t.id
GROUP BY t.name HAVING COUNT(w.id) > 0 ORDER BY orders DESC, t.name

-- query: hours-per-technician-cte
WITH worked AS (
  SELECT technician_id, SUM(hours) AS hours, SUM(overtime_hours) AS overtime
  FROM timesheets GROUP BY technician_id
)
SELECT t.name, w.hours, w.overtime FROM worked w JOIN technicians t ON t.id = w.technician_id
ORDER BY w.overtime DESC LIMIT 5

-- query: chained-ctes
WITH per_tech AS (SELECT technician_id, SUM(overtime_hours) AS overtime FROM timesheets GROUP BY technician_id),
     ranked AS (SELECT technician_id, overtime, RANK() OVER (ORDER BY overtime DESC) AS position FROM per_tech)
SELECT t.name, r.overtime, r.position FROM ranked r JOIN technicians t ON t.id = r.technician_id
WHERE r.position <= 3 ORDER BY r.position, t.name

-- query: cte-referenced-twice
WITH totals AS (SELECT technician_id, SUM(hours) AS hours FROM timesheets GROUP BY technician_id)
SELECT t.name, totals.hours, totals.hours - (SELECT AVG(hours) FROM totals) AS above_average
FROM totals JOIN technicians t ON t.id = totals.technician_id ORDER BY above_average DESC

-- query: customers-with-urgent-orders
SELECT c.name FROM customers c
WHERE c.id IN (SELECT customer_id FROM work_orders WHERE priority = 'urgent') ORDER BY c.name

-- query: technicians-with-skills-exists
SELECT name FROM technicians
WHERE EXISTS (SELECT 1 FROM technician_skills ts WHERE ts.technician_id = technicians.id)

-- query: technicians-without-orders
SELECT t.name FROM technicians t
WHERE NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.technician_id = t.id) ORDER BY t.name

-- query: skills-matrix
SELECT t.name, s.name AS skill, COALESCE(ts.level, 0) AS level
FROM technicians t CROSS JOIN skills s
LEFT JOIN technician_skills ts ON ts.technician_id = t.id AND ts.skill_id = s.id
ORDER BY t.name, s.name

-- query: comma-join-linked-in-where
SELECT t.name, w.title FROM technicians t, work_orders w
WHERE w.technician_id = t.id AND w.status = 'open' ORDER BY w.id

-- query: three-way-join
SELECT c.name AS customer, t.name AS technician, w.title, w.priority
FROM work_orders w
JOIN customers c ON c.id = w.customer_id
JOIN technicians t ON t.id = w.technician_id
WHERE w.priority IN ('high', 'urgent') ORDER BY w.id

-- query: priority-buckets
SELECT CASE WHEN priority IN ('high', 'urgent') THEN 'hot' ELSE 'normal' END AS bucket, COUNT(*) AS n
FROM work_orders GROUP BY bucket ORDER BY bucket

-- query: scalar-functions
SELECT COALESCE(actual_hours, estimated_hours) AS hours, NULLIF(status, '') AS status,
       LOWER(title), UPPER(category), LENGTH(title), SUBSTR(title, 1, 10), TRIM(title),
       ABS(estimated_hours - COALESCE(actual_hours, 0)) AS gap
FROM work_orders ORDER BY id

-- query: estimate-accuracy
SELECT category, SUM(estimated_hours) AS estimated, SUM(actual_hours) AS actual,
       SUM(actual_hours) - SUM(estimated_hours) AS difference
FROM work_orders WHERE status = 'completed' GROUP BY category

-- query: union-regions
SELECT region FROM technicians UNION SELECT region FROM customers ORDER BY region

-- query: union-all-labelled
SELECT 'technician' AS kind, name FROM technicians
UNION ALL SELECT 'customer' AS kind, name FROM customers ORDER BY kind, name

-- query: except-idle
SELECT id FROM technicians EXCEPT SELECT technician_id FROM work_orders

-- query: intersect-busy
SELECT id FROM technicians INTERSECT SELECT technician_id FROM timesheets

-- query: window-rank
SELECT name, region, hourly_rate,
       RANK() OVER (PARTITION BY region ORDER BY hourly_rate DESC) AS rank_in_region
FROM technicians ORDER BY region, rank_in_region

-- query: window-running-total
SELECT work_date, hours, SUM(hours) OVER (ORDER BY work_date, id) AS running
FROM timesheets WHERE technician_id = 2 ORDER BY work_date, id LIMIT 20

-- query: window-lag
SELECT id, hours, LAG(hours) OVER (ORDER BY id) AS previous FROM timesheets ORDER BY id LIMIT 10

-- query: top-n-per-group
SELECT name, region, hourly_rate FROM (
  SELECT name, region, hourly_rate,
         ROW_NUMBER() OVER (PARTITION BY region ORDER BY hourly_rate DESC) AS position
  FROM technicians
) ranked WHERE position = 1 ORDER BY region

-- query: share-of-total
SELECT t.region, COUNT(*) AS n, COUNT(*) * 100.0 / total.n AS percent
FROM technicians t CROSS JOIN (SELECT COUNT(*) AS n FROM technicians) total
GROUP BY t.region, total.n ORDER BY t.region

-- query: above-average-rate
SELECT name, hourly_rate FROM technicians
WHERE hourly_rate > (SELECT AVG(hourly_rate) FROM technicians) ORDER BY hourly_rate DESC

-- query: derived-table-aggregate
SELECT AVG(orders) AS average_orders FROM (
  SELECT technician_id, COUNT(*) AS orders FROM work_orders GROUP BY technician_id
) per_tech

-- query: two-level-derived-tables
SELECT region, MAX(total) AS best FROM (
  SELECT t.region, t.name, SUM(ts.hours) AS total
  FROM (SELECT id, name, region FROM technicians WHERE status = 'active') t
  JOIN timesheets ts ON ts.technician_id = t.id
  GROUP BY t.region, t.name
) totals GROUP BY region ORDER BY region

-- query: distinct-values
SELECT DISTINCT status FROM work_orders ORDER BY status

-- query: count-distinct
SELECT COUNT(DISTINCT technician_id) FROM work_orders

-- query: like-and-between
SELECT name FROM technicians WHERE name LIKE 'Tech 0%' AND hourly_rate BETWEEN 40 AND 50 ORDER BY name

-- query: named-parameters
SELECT name, email FROM technicians WHERE status = :status AND region = :region ORDER BY name

-- query: null-checks
SELECT id, title FROM work_orders WHERE completed_at IS NULL AND scheduled_for IS NULL ORDER BY id

-- query: cast-and-round
SELECT name, CAST(hourly_rate AS INTEGER) AS whole, ROUND(hourly_rate * 1.1, 2) AS raised FROM technicians

-- query: order-by-alias-expression
SELECT technician_id, SUM(hours) + SUM(overtime_hours) AS total FROM timesheets
GROUP BY technician_id ORDER BY total DESC LIMIT 3

-- query: limit-offset
SELECT id, name FROM customers ORDER BY id LIMIT 1 OFFSET 1

-- query: case-with-aggregate
SELECT SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS done,
       SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open
FROM work_orders

-- query: filter-clause [postgres]
SELECT COUNT(*) FILTER (WHERE status = 'completed') AS done, COUNT(*) AS total FROM work_orders

-- query: monthly-orders [sqlite]
SELECT strftime('%Y-%m', created_at) AS month, COUNT(*) AS n FROM work_orders GROUP BY month ORDER BY month

-- query: days-to-complete [sqlite]
SELECT id, julianday(completed_at) - julianday(created_at) AS days FROM work_orders
WHERE completed_at IS NOT NULL ORDER BY id

-- query: recent-orders [sqlite]
SELECT id, title FROM work_orders WHERE created_at >= date('2024-01-03', '-1 days') ORDER BY id

-- query: group-concat-skills [sqlite]
SELECT t.name, group_concat(s.name, ', ') AS skills FROM technicians t
JOIN technician_skills ts ON ts.technician_id = t.id JOIN skills s ON s.id = ts.skill_id
GROUP BY t.name

-- query: monthly-orders [postgres]
SELECT date_trunc('month', created_at) AS month, COUNT(*) AS n FROM work_orders GROUP BY month ORDER BY month

-- query: days-to-complete [postgres]
SELECT id, EXTRACT(EPOCH FROM completed_at - created_at) / 86400 AS days FROM work_orders
WHERE completed_at IS NOT NULL ORDER BY id

-- query: recent-orders [postgres]
SELECT id, title FROM work_orders WHERE created_at >= TIMESTAMP '2024-01-03' - INTERVAL '1 day' ORDER BY id

-- query: string-agg-skills [postgres]
SELECT t.name, string_agg(s.name, ', ') AS skills FROM technicians t
JOIN technician_skills ts ON ts.technician_id = t.id JOIN skills s ON s.id = ts.skill_id
GROUP BY t.name

-- query: median-hours [postgres]
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median FROM timesheets

-- query: tenure [postgres]
SELECT name, age(DATE '2025-01-01', hire_date) AS tenure FROM technicians ORDER BY hire_date

-- query: year-of-hire [postgres]
SELECT EXTRACT(YEAR FROM hire_date) AS year, COUNT(*) FROM technicians GROUP BY 1 ORDER BY 1

-- query: year-of-hire [sqlite]
SELECT strftime('%Y', hire_date) AS year, COUNT(*) FROM technicians GROUP BY 1 ORDER BY 1

-- query: cte-named-like-its-column
WITH total AS (SELECT COUNT(*) AS total FROM technicians) SELECT total FROM total

-- query: alias-named-like-a-select-alias
SELECT region AS t, COUNT(*) AS n FROM technicians AS t GROUP BY region ORDER BY t

-- query: all-columns-of-one-table
SELECT t.*, s.name AS skill FROM technicians AS t JOIN technician_skills AS ts ON ts.technician_id = t.id JOIN skills AS s ON s.id = ts.skill_id

-- query: pair-in-list
SELECT name FROM technicians WHERE (region, status) IN (('North', 'active'), ('South', 'on_leave'))
