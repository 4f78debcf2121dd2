-- The posts of the load's accounts ($1) the database holds, each with the days it
-- has a snapshot as of among the load's files' days (stage_files); NULL when none.
SELECT p.account_id, p.post_id, s.as_of
FROM posts p
LEFT JOIN post_snapshots s
       ON s.account_id = p.account_id AND s.post_id = p.post_id
      AND s.as_of IN (SELECT as_of FROM stage_files)
WHERE p.account_id IN (SELECT unnest($1::INTEGER[]))
