-- Snapshots new to the database.
INSERT INTO post_snapshots (account_id, post_id, as_of, import_id, views, reach, likes,
                            comments, shares, saves, clicks, video_views, watch_time_sec,
                            follows, profile_visits)
SELECT account_id, post_id, as_of, import_id, views, reach, likes, comments, shares, saves,
       clicks, video_views, watch_time_sec, follows, profile_visits
FROM snapshot_merge
WHERE NOT stored
