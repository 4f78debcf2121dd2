-- Each file's last row for a post, and whether the database held the post before
-- this load.
CREATE OR REPLACE TEMP TABLE post_changes AS
SELECT s.*, p.post_id IS NOT NULL AS stored
FROM (
    SELECT * FROM stage_posts
    QUALIFY row_number() OVER (PARTITION BY file, account_id, post_id ORDER BY seq DESC) = 1
) s
LEFT JOIN posts p USING (account_id, post_id)
