-- A re-export of a day replaces its value: the platform's latest word wins, that is
-- the last file's, and within a file its last row.
INSERT INTO daily_metrics (account_id, day, metric, value, import_id)
SELECT l.account_id, l.day, l.metric, arg_max(l.value, l.file), arg_max(f.import_id, l.file)
FROM (
    SELECT s.file, a.id AS account_id, s.day, s.metric, arg_max(s.value, s.seq) AS value
    FROM stage_daily s
    JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
    GROUP BY s.file, a.id, s.day, s.metric
) l
JOIN stage_files f USING (file)
GROUP BY l.account_id, l.day, l.metric
ON CONFLICT (account_id, day, metric) DO UPDATE SET
    value     = excluded.value,
    import_id = excluded.import_id
