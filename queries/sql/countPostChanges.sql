-- Per file of the load: a post is new when neither the database nor an earlier file
-- held it, and updated otherwise, as if the files loaded one after another.
WITH staged AS (
    SELECT DISTINCT s.file, a.id AS account_id, s.post_id
    FROM stage_posts s
    JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
), firsts AS (
    SELECT s.account_id, s.post_id, min(s.file) AS first_file, bool_or(p.post_id IS NOT NULL) AS stored
    FROM staged s
    LEFT JOIN posts p USING (account_id, post_id)
    GROUP BY s.account_id, s.post_id
)
SELECT s.file,
       count(*) FILTER (WHERE NOT f.stored AND s.file = f.first_file),
       count(*) FILTER (WHERE f.stored OR s.file > f.first_file)
FROM staged s
JOIN firsts f USING (account_id, post_id)
GROUP BY s.file
