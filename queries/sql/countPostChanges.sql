-- Per file of the load: a post is new when neither the database nor an earlier file
-- held it, and updated otherwise, as if the files loaded one after another.
SELECT file,
       count(*) FILTER (WHERE NOT stored AND file = first_file),
       count(*) FILTER (WHERE stored OR file > first_file)
FROM (
    SELECT file, stored, min(file) OVER (PARTITION BY account_id, post_id) AS first_file
    FROM post_changes
)
GROUP BY file
