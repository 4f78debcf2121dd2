-- The posts PostsPublished.sql lists for the days [$2, $3] in the zone $1, placed
-- and with their latest snapshot's figures by the same rules, but only with what
-- the engagement figures of a set of posts read (the publish instant and wall
-- clock, whether the hour is known, views, reach and the four interactions) and the
-- platform, which an ER per platform groups by: no words, no ids, no other metrics.
-- A comparison period, a campaign's weeks or a year of best times need no more, and
-- words are most of what a post row costs to move.
-- The order, and the row count last, are PostsPublished's. $4: platforms, $5:
-- lower-case "platform:handle" keys; an empty list means all.
WITH placed AS (
    SELECT p.*,
           CASE WHEN p.published_at = date_trunc('day', p.published_at) THEN p.published_at
                ELSE timezone($1, p.published_at AT TIME ZONE 'UTC')
           END AS local_at
    FROM posts p
    WHERE p.published_at >= $2::DATE - INTERVAL 1 DAY
      AND p.published_at < $3::DATE + INTERVAL 2 DAY
), picked AS (
    SELECT p.*, a.platform AS account_platform, a.handle, a.handle_key
    FROM placed p
    JOIN accounts a ON a.id = p.account_id
    WHERE p.local_at::DATE BETWEEN $2::DATE AND $3::DATE
      AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], a.platform))
      AND (len($5::VARCHAR[]) = 0 OR list_contains($5::VARCHAR[], a.platform || ':' || a.handle_key))
)
SELECT p.account_platform, p.published_at, p.local_at, p.local_at <> date_trunc('day', p.local_at),
       p.latest_views, p.latest_reach, p.latest_likes, p.latest_comments, p.latest_shares, p.latest_saves, count(*) OVER ()
FROM picked p
ORDER BY p.published_at, p.account_platform, p.handle_key, p.post_id
