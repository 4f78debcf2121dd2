-- One snapshot per post and day (the file's as-of day). Two files of the same day (a
-- post export and a video export, say) complete each other: per value, the last file
-- that gave it wins. stored says whether the database held that snapshot.
CREATE OR REPLACE TEMP TABLE snapshot_merge AS
SELECT m.*, s.post_id IS NOT NULL AS stored
FROM (
    SELECT c.account_id, c.post_id, f.as_of, arg_max(f.import_id, c.file) AS import_id,
           arg_max(c.views, c.file) FILTER (WHERE c.views IS NOT NULL) AS views,
           arg_max(c.reach, c.file) FILTER (WHERE c.reach IS NOT NULL) AS reach,
           arg_max(c.likes, c.file) FILTER (WHERE c.likes IS NOT NULL) AS likes,
           arg_max(c.comments, c.file) FILTER (WHERE c.comments IS NOT NULL) AS comments,
           arg_max(c.shares, c.file) FILTER (WHERE c.shares IS NOT NULL) AS shares,
           arg_max(c.saves, c.file) FILTER (WHERE c.saves IS NOT NULL) AS saves,
           arg_max(c.clicks, c.file) FILTER (WHERE c.clicks IS NOT NULL) AS clicks,
           arg_max(c.video_views, c.file) FILTER (WHERE c.video_views IS NOT NULL) AS video_views,
           arg_max(c.watch_time_sec, c.file) FILTER (WHERE c.watch_time_sec IS NOT NULL) AS watch_time_sec,
           arg_max(c.follows, c.file) FILTER (WHERE c.follows IS NOT NULL) AS follows,
           arg_max(c.profile_visits, c.file) FILTER (WHERE c.profile_visits IS NOT NULL) AS profile_visits
    FROM post_changes c
    JOIN stage_files f USING (file)
    GROUP BY c.account_id, c.post_id, f.as_of
) m
LEFT JOIN post_snapshots s USING (account_id, post_id, as_of)
