-- Snapshots the database held: a value the load leaves out is kept.
UPDATE post_snapshots SET
    import_id      = m.import_id,
    views          = coalesce(m.views, post_snapshots.views),
    reach          = coalesce(m.reach, post_snapshots.reach),
    likes          = coalesce(m.likes, post_snapshots.likes),
    comments       = coalesce(m.comments, post_snapshots.comments),
    shares         = coalesce(m.shares, post_snapshots.shares),
    saves          = coalesce(m.saves, post_snapshots.saves),
    clicks         = coalesce(m.clicks, post_snapshots.clicks),
    video_views    = coalesce(m.video_views, post_snapshots.video_views),
    watch_time_sec = coalesce(m.watch_time_sec, post_snapshots.watch_time_sec),
    follows        = coalesce(m.follows, post_snapshots.follows),
    profile_visits = coalesce(m.profile_visits, post_snapshots.profile_visits)
FROM snapshot_updates m -- the view of the load's totals for snapshots the database holds
WHERE post_snapshots.account_id = m.account_id AND post_snapshots.post_id = m.post_id
  AND post_snapshots.as_of = m.as_of
