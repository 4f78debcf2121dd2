-- One snapshot per post and day (the file's as-of day). Two files of the same day (a
-- post export and a video export, say) complete each other: per value, the last file
-- that gave it wins, and a value all of them leave out is kept. Within a file, its
-- last row for a post is the one that counts.
INSERT INTO post_snapshots (account_id, post_id, as_of, import_id, views, reach, likes,
                            comments, shares, saves, clicks, video_views, watch_time_sec,
                            follows, profile_visits)
SELECT l.account_id, l.post_id, f.as_of, arg_max(f.import_id, l.file),
       arg_max(l.views, l.file) FILTER (WHERE l.views IS NOT NULL),
       arg_max(l.reach, l.file) FILTER (WHERE l.reach IS NOT NULL),
       arg_max(l.likes, l.file) FILTER (WHERE l.likes IS NOT NULL),
       arg_max(l.comments, l.file) FILTER (WHERE l.comments IS NOT NULL),
       arg_max(l.shares, l.file) FILTER (WHERE l.shares IS NOT NULL),
       arg_max(l.saves, l.file) FILTER (WHERE l.saves IS NOT NULL),
       arg_max(l.clicks, l.file) FILTER (WHERE l.clicks IS NOT NULL),
       arg_max(l.video_views, l.file) FILTER (WHERE l.video_views IS NOT NULL),
       arg_max(l.watch_time_sec, l.file) FILTER (WHERE l.watch_time_sec IS NOT NULL),
       arg_max(l.follows, l.file) FILTER (WHERE l.follows IS NOT NULL),
       arg_max(l.profile_visits, l.file) FILTER (WHERE l.profile_visits IS NOT NULL)
FROM (
    SELECT s.file, a.id AS account_id, s.post_id, s.views, s.reach, s.likes, s.comments, s.shares,
           s.saves, s.clicks, s.video_views, s.watch_time_sec, s.follows, s.profile_visits
    FROM stage_posts s
    JOIN accounts a ON a.platform = s.platform AND a.handle_key = lower(s.handle)
    QUALIFY row_number() OVER (PARTITION BY s.file, a.id, s.post_id ORDER BY s.seq DESC) = 1
) l
JOIN stage_files f USING (file)
GROUP BY l.account_id, l.post_id, f.as_of
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
