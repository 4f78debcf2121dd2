-- One row per post of the load: the newest description wins, but a file that leaves
-- a field out keeps what an earlier file said (per field, the last file that gave it;
-- a type of 'other' says nothing). The import is the last file's.
CREATE OR REPLACE TEMP TABLE post_merge AS
SELECT c.account_id, c.post_id, any_value(c.platform) AS platform,
       arg_max(c.published_at, c.file) FILTER (WHERE c.published_at IS NOT NULL) AS published_at,
       coalesce(arg_max(c.content_type, c.file) FILTER (WHERE c.content_type <> 'other'), 'other') AS content_type,
       arg_max(c.raw_type, c.file) FILTER (WHERE c.raw_type IS NOT NULL) AS raw_type,
       arg_max(c.caption, c.file) FILTER (WHERE c.caption IS NOT NULL) AS caption,
       arg_max(c.permalink, c.file) FILTER (WHERE c.permalink IS NOT NULL) AS permalink,
       arg_max(c.labels, c.file) FILTER (WHERE c.labels IS NOT NULL) AS labels,
       arg_max(f.import_id, c.file) AS import_id,
       any_value(c.stored) AS stored
FROM post_changes c
JOIN stage_files f USING (file)
GROUP BY c.account_id, c.post_id
