-- A day is new when the database held none of the file's metrics for it, and updated
-- when it held them and at least one value changes. Unchanged days are neither.
WITH staged AS (
    SELECT a.id AS account_id, s.day, s.metric, arg_max(s.value, s.seq) AS value
    FROM stage_daily s
    JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
    GROUP BY ALL
), per_day AS (
    SELECT s.account_id, s.day,
           bool_and(m.value IS NULL) AS is_new,
           bool_or(m.value IS DISTINCT FROM s.value) AS changed
    FROM staged s
    LEFT JOIN daily_metrics m USING (account_id, day, metric)
    GROUP BY ALL
)
SELECT count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE NOT is_new AND changed)
FROM per_day
