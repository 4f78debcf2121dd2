-- Every snapshot of one post ($1 platform, $2 handle, case-insensitive, $3 post id),
-- oldest first.
SELECT s.as_of, s.views, s.reach, s.likes, s.comments, s.shares, s.saves, s.clicks,
       s.video_views, s.watch_time_sec, s.follows, s.profile_visits
FROM post_snapshots s
JOIN accounts a ON a.id = s.account_id
WHERE a.platform = $1 AND a.handle_key = lower($2) AND s.post_id = $3
ORDER BY s.as_of
