-- The newest description of a post wins, but a file that leaves a field out keeps
-- what an earlier file said.
INSERT INTO posts (account_id, post_id, platform, published_at, content_type, raw_type,
                   caption, permalink, labels, import_id)
SELECT a.id, s.post_id, s.platform, s.published_at, s.content_type, s.raw_type,
       s.caption, s.permalink, s.labels, $1
FROM stage_posts s
JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
QUALIFY row_number() OVER (PARTITION BY a.id, s.post_id ORDER BY s.seq DESC) = 1
ON CONFLICT (account_id, post_id) DO UPDATE SET
    published_at = coalesce(excluded.published_at, posts.published_at),
    content_type = CASE WHEN excluded.content_type = 'other' THEN posts.content_type ELSE excluded.content_type END,
    raw_type     = coalesce(excluded.raw_type, posts.raw_type),
    caption      = coalesce(excluded.caption, posts.caption),
    permalink    = coalesce(excluded.permalink, posts.permalink),
    labels       = coalesce(excluded.labels, posts.labels),
    import_id    = excluded.import_id
