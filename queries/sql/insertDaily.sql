-- Values new to the database: the last file's.
INSERT INTO daily_metrics (account_id, day, metric, value, import_id)
SELECT c.account_id, c.day, c.metric, arg_max(c.value, c.file), arg_max(f.import_id, c.file)
FROM daily_changes c
JOIN stage_files f USING (file)
WHERE NOT c.stored
GROUP BY c.account_id, c.day, c.metric
