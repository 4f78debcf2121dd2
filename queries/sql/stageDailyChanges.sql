-- Each file's value for an account, day and metric (its last row for it), with the
-- value before it: an earlier file's in this load, else the database's. stored says
-- whether the database held the value, last whether no later file of the load gives
-- one (that file's value and import are the ones kept).
CREATE OR REPLACE TEMP TABLE daily_changes AS
SELECT s.file, f.import_id, s.account_id, s.day, s.metric, s.value,
       coalesce(lag(s.value) OVER w, m.value) AS prior,
       m.value IS NOT NULL AS stored,
       lead(s.file) OVER w IS NULL AS last
FROM (
    SELECT file, account_id, day, metric, arg_max(value, seq) AS value
    FROM stage_daily
    GROUP BY file, account_id, day, metric
) s
JOIN stage_files f USING (file)
LEFT JOIN daily_metrics m USING (account_id, day, metric)
WINDOW w AS (PARTITION BY s.account_id, s.day, s.metric ORDER BY s.file)
