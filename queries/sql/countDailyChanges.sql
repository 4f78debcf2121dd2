-- Per file of the load: a day is new when nothing before the file (the database, or
-- an earlier file of the load) held any of the file's metrics for it, and updated
-- when something did and at least one value changes. Unchanged days are neither.
SELECT file, count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE NOT is_new AND changed)
FROM (
    SELECT file, account_id, day,
           bool_and(prior IS NULL) AS is_new,
           bool_or(prior IS DISTINCT FROM value) AS changed
    FROM daily_changes
    GROUP BY file, account_id, day
)
GROUP BY file
