-- A re-export of a day replaces its value: the platform's latest word wins, that is
-- the last file's.
UPDATE daily_metrics SET value = m.value, import_id = m.import_id
FROM (
    SELECT c.account_id, c.day, c.metric, arg_max(c.value, c.file) AS value, arg_max(f.import_id, c.file) AS import_id
    FROM daily_changes c
    JOIN stage_files f USING (file)
    WHERE c.stored
    GROUP BY c.account_id, c.day, c.metric
) m
WHERE daily_metrics.account_id = m.account_id AND daily_metrics.day = m.day AND daily_metrics.metric = m.metric
