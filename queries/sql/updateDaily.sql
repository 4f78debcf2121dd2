-- A re-export of a day replaces its value: the platform's latest word wins, that is
-- the last file's.
UPDATE daily_metrics SET value = u.value, import_id = u.import_id
FROM daily_updates u -- the view of the load's values for days the database holds
WHERE daily_metrics.account_id = u.account_id AND daily_metrics.day = u.day AND daily_metrics.metric = u.metric
