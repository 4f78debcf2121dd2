-- Runs still "running" when pulse starts were cut off by a stop or a crash.
UPDATE report_runs
SET finished_at = $1, status = 'failed', error = 'pulse stopped before the report was finished'
WHERE status = 'running'
