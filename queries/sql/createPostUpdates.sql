-- The load's word on posts the database holds (the view post_update_rows, in posts'
-- column order; labels come as a JSON array), as a table: an UPDATE that sets a
-- list column straight from an Arrow view read the view's columns wrongly.
CREATE OR REPLACE TEMP TABLE post_updates AS
SELECT account_id, post_id, platform, published_at, content_type, raw_type, caption, permalink,
       CAST(CAST(labels AS JSON) AS VARCHAR[]) AS labels, import_id
FROM post_update_rows
