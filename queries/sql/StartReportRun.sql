INSERT INTO report_runs (trigger, month, period_from, period_to, platforms, file, started_at, status)
VALUES ($1, $2, $3::DATE, $4::DATE, $5, $6, $7, 'running')
RETURNING id
