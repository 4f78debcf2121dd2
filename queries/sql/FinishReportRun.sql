UPDATE report_runs SET finished_at = $2, status = $3, error = $4 WHERE id = $1
