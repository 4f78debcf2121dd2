-- Per file of the load: a day is new when nothing before the file (the database, or
-- an earlier file of the load) held any of the file's metrics for it, and updated
-- when something did and at least one value changes. Unchanged days are neither.
WITH staged AS (
    SELECT s.file, a.id AS account_id, s.day, s.metric, arg_max(s.value, s.seq) AS value
    FROM stage_daily s
    JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
    GROUP BY s.file, a.id, s.day, s.metric
), before AS (
    SELECT s.file, s.account_id, s.day, s.value,
           coalesce(lag(s.value) OVER (PARTITION BY s.account_id, s.day, s.metric ORDER BY s.file), m.value) AS prior
    FROM staged s
    LEFT JOIN daily_metrics m USING (account_id, day, metric)
), per_day AS (
    SELECT file, account_id, day,
           bool_and(prior IS NULL) AS is_new,
           bool_or(prior IS DISTINCT FROM value) AS changed
    FROM before
    GROUP BY file, account_id, day
)
SELECT file, count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE NOT is_new AND changed)
FROM per_day
GROUP BY file
