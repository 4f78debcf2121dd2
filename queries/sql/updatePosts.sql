-- Posts the database held: fields the load gives replace theirs, and each takes the
-- figures of its latest snapshot, found among its snapshots as the load left them
-- (the load's own are stored first: a newer one wins, an older one changes nothing,
-- one of the same day completed the stored one).
UPDATE posts SET
    published_at          = coalesce(m.published_at, posts.published_at),
    content_type          = CASE WHEN m.content_type = 'other' THEN posts.content_type ELSE m.content_type END,
    raw_type              = coalesce(m.raw_type, posts.raw_type),
    caption               = coalesce(m.caption, posts.caption),
    permalink             = coalesce(m.permalink, posts.permalink),
    labels                = coalesce(m.labels, posts.labels),
    import_id             = m.import_id,
    latest_as_of          = l.as_of,
    latest_views          = l.views,
    latest_reach          = l.reach,
    latest_likes          = l.likes,
    latest_comments       = l.comments,
    latest_shares         = l.shares,
    latest_saves          = l.saves,
    latest_clicks         = l.clicks,
    latest_video_views    = l.video_views,
    latest_watch_time_sec = l.watch_time_sec,
    latest_follows        = l.follows,
    latest_profile_visits = l.profile_visits
FROM post_updates m
JOIN (
    SELECT s.*
    FROM post_snapshots s
    SEMI JOIN post_updates u ON s.account_id = u.account_id AND s.post_id = u.post_id
    QUALIFY row_number() OVER (PARTITION BY s.account_id, s.post_id ORDER BY s.as_of DESC) = 1
) l ON l.account_id = m.account_id AND l.post_id = m.post_id
WHERE posts.account_id = m.account_id AND posts.post_id = m.post_id
