-- The load's posts the database did not hold (the view post_inserts, in posts'
-- column order; labels come as a JSON array).
INSERT INTO posts
SELECT account_id, post_id, platform, published_at, content_type, raw_type, caption, permalink,
       CAST(CAST(labels AS JSON) AS VARCHAR[]), import_id
FROM post_inserts
