-- The newest description of a post wins, but a file that leaves a field out keeps
-- what an earlier file said: per field, the last file that gave it, over the database.
-- Within a file, its last row for a post is the one that counts.
INSERT INTO posts (account_id, post_id, platform, published_at, content_type, raw_type,
                   caption, permalink, labels, import_id)
SELECT l.account_id, l.post_id, any_value(l.platform),
       arg_max(l.published_at, l.file) FILTER (WHERE l.published_at IS NOT NULL),
       coalesce(arg_max(l.content_type, l.file) FILTER (WHERE l.content_type <> 'other'), 'other'),
       arg_max(l.raw_type, l.file) FILTER (WHERE l.raw_type IS NOT NULL),
       arg_max(l.caption, l.file) FILTER (WHERE l.caption IS NOT NULL),
       arg_max(l.permalink, l.file) FILTER (WHERE l.permalink IS NOT NULL),
       arg_max(l.labels, l.file) FILTER (WHERE l.labels IS NOT NULL),
       arg_max(f.import_id, l.file)
FROM (
    SELECT s.file, a.id AS account_id, s.post_id, s.platform, s.published_at, s.content_type,
           s.raw_type, s.caption, s.permalink, s.labels
    FROM stage_posts s
    JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
    QUALIFY row_number() OVER (PARTITION BY s.file, a.id, s.post_id ORDER BY s.seq DESC) = 1
) l
JOIN stage_files f USING (file)
GROUP BY l.account_id, l.post_id
ON CONFLICT (account_id, post_id) DO UPDATE SET
    published_at = coalesce(excluded.published_at, posts.published_at),
    content_type = CASE WHEN excluded.content_type = 'other' THEN posts.content_type ELSE excluded.content_type END,
    raw_type     = coalesce(excluded.raw_type, posts.raw_type),
    caption      = coalesce(excluded.caption, posts.caption),
    permalink    = coalesce(excluded.permalink, posts.permalink),
    labels       = coalesce(excluded.labels, posts.labels),
    import_id    = excluded.import_id
