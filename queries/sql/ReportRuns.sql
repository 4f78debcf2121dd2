SELECT id, trigger, month, period_from, period_to, platforms, file, started_at, finished_at, status, error
FROM report_runs
ORDER BY id DESC
