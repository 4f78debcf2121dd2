-- Each post carries the figures of its latest snapshot (the greatest as_of), which
-- every list of posts shows. Finding them at read time meant scanning every
-- snapshot of the database for each list, a cost that grows with every export
-- downloaded (a post downloaded weekly has a snapshot a week), not with the days
-- asked for. The load keeps them: a new post takes its newest snapshot of the load,
-- and a post the load touches again takes its newest snapshot once the load's
-- snapshots are stored (updatePosts.sql). post_snapshots stays the history.
ALTER TABLE posts ADD COLUMN latest_as_of DATE;
ALTER TABLE posts ADD COLUMN latest_views BIGINT;
ALTER TABLE posts ADD COLUMN latest_reach BIGINT;
ALTER TABLE posts ADD COLUMN latest_likes BIGINT;
ALTER TABLE posts ADD COLUMN latest_comments BIGINT;
ALTER TABLE posts ADD COLUMN latest_shares BIGINT;
ALTER TABLE posts ADD COLUMN latest_saves BIGINT;
ALTER TABLE posts ADD COLUMN latest_clicks BIGINT;
ALTER TABLE posts ADD COLUMN latest_video_views BIGINT;
ALTER TABLE posts ADD COLUMN latest_watch_time_sec DOUBLE;
ALTER TABLE posts ADD COLUMN latest_follows BIGINT;
ALTER TABLE posts ADD COLUMN latest_profile_visits BIGINT;

UPDATE posts SET
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
FROM (
    SELECT *
    FROM post_snapshots
    QUALIFY row_number() OVER (PARTITION BY account_id, post_id ORDER BY as_of DESC) = 1
) l
WHERE posts.account_id = l.account_id AND posts.post_id = l.post_id;
