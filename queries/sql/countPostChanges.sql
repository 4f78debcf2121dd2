-- New posts are those the database has not seen; updated are those it has.
WITH staged AS (
    SELECT DISTINCT a.id AS account_id, s.post_id
    FROM stage_posts s
    JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
)
SELECT
    count(*) FILTER (WHERE p.post_id IS NULL),
    count(*) FILTER (WHERE p.post_id IS NOT NULL)
FROM staged s
LEFT JOIN posts p USING (account_id, post_id)
