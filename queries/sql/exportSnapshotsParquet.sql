-- Every post's lifetime totals per export day, partitioned by platform and the month
-- of that day ('YYYY-MM'). NULL is "not reported". $1: the directory to write.
COPY (
    SELECT a.platform, strftime(s.as_of, '%Y-%m') AS month,
           s.account_id, a.handle, s.post_id, s.as_of, s.import_id,
           s.views, s.reach, s.likes, s.comments, s.shares, s.saves, s.clicks,
           s.video_views, s.watch_time_sec, s.follows, s.profile_visits
    FROM post_snapshots s
    JOIN accounts a ON a.id = s.account_id
    ORDER BY a.platform, month, s.account_id, s.post_id, s.as_of
) TO $1 (FORMAT parquet, PARTITION_BY (platform, month))
