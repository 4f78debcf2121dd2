-- Values new to the database: the last file's.
INSERT INTO daily_metrics (account_id, day, metric, value, import_id)
SELECT account_id, day, metric, value, import_id
FROM daily_changes
WHERE last AND NOT stored
