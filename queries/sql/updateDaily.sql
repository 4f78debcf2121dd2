-- A re-export of a day replaces its value: the platform's latest word wins, that is
-- the last file's.
UPDATE daily_metrics SET value = c.value, import_id = c.import_id
FROM daily_changes c
WHERE c.last AND c.stored
  AND daily_metrics.account_id = c.account_id AND daily_metrics.day = c.day AND daily_metrics.metric = c.metric
