-- A re-export of a day replaces its value: the platform's latest word wins.
INSERT INTO daily_metrics (account_id, day, metric, value, import_id)
SELECT a.id, s.day, s.metric, arg_max(s.value, s.seq), $1
FROM stage_daily s
JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
GROUP BY a.id, s.day, s.metric
ON CONFLICT (account_id, day, metric) DO UPDATE SET
    value     = excluded.value,
    import_id = excluded.import_id
