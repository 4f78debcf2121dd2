-- Posts the database held: fields the load gives replace theirs.
UPDATE posts SET
    published_at = coalesce(m.published_at, posts.published_at),
    content_type = CASE WHEN m.content_type = 'other' THEN posts.content_type ELSE m.content_type END,
    raw_type     = coalesce(m.raw_type, posts.raw_type),
    caption      = coalesce(m.caption, posts.caption),
    permalink    = coalesce(m.permalink, posts.permalink),
    labels       = coalesce(m.labels, posts.labels),
    import_id    = m.import_id
FROM post_updates m
WHERE posts.account_id = m.account_id AND posts.post_id = m.post_id
