-- Posts new to the database.
INSERT INTO posts (account_id, post_id, platform, published_at, content_type, raw_type,
                   caption, permalink, labels, import_id)
SELECT account_id, post_id, platform, published_at, content_type, raw_type, caption,
       permalink, labels, import_id
FROM post_merge
WHERE NOT stored
