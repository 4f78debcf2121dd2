-- One snapshot per post and day. Two files of the same day (a post export and a video
-- export, say) complete each other: a value one of them leaves out is kept.
INSERT INTO post_snapshots (account_id, post_id, as_of, import_id, views, reach, likes,
                            comments, shares, saves, clicks, video_views, watch_time_sec,
                            follows, profile_visits)
SELECT a.id, s.post_id, $1, $2, s.views, s.reach, s.likes, s.comments, s.shares, s.saves,
       s.clicks, s.video_views, s.watch_time_sec, s.follows, s.profile_visits
FROM stage_posts s
JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
QUALIFY row_number() OVER (PARTITION BY a.id, s.post_id ORDER BY s.seq DESC) = 1
ON CONFLICT (account_id, post_id, as_of) DO UPDATE SET
    import_id      = excluded.import_id,
    views          = coalesce(excluded.views, post_snapshots.views),
    reach          = coalesce(excluded.reach, post_snapshots.reach),
    likes          = coalesce(excluded.likes, post_snapshots.likes),
    comments       = coalesce(excluded.comments, post_snapshots.comments),
    shares         = coalesce(excluded.shares, post_snapshots.shares),
    saves          = coalesce(excluded.saves, post_snapshots.saves),
    clicks         = coalesce(excluded.clicks, post_snapshots.clicks),
    video_views    = coalesce(excluded.video_views, post_snapshots.video_views),
    watch_time_sec = coalesce(excluded.watch_time_sec, post_snapshots.watch_time_sec),
    follows        = coalesce(excluded.follows, post_snapshots.follows),
    profile_visits = coalesce(excluded.profile_visits, post_snapshots.profile_visits)
