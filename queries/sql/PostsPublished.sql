-- Posts published in [$2, $3], days in the practice time zone $1, with the figures
-- of their latest snapshot (the one with the greatest as_of), which the load keeps on
-- each post (migration 0007). published_at holds a UTC instant in a
-- naive TIMESTAMP: AT TIME ZONE 'UTC' makes it an instant, timezone($1, ...) the wall
-- clock in the practice's zone.
--
-- Exports that give only a date (X Premium, YouTube, LinkedIn) are stored at 00:00
-- UTC of that date: such a post counts on the date as given, whatever the practice's
-- zone, rather than on the evening before west of UTC. A post whose local time is
-- exactly midnight (those, and TikTok's dates stored at local midnight) has no known
-- time of day: time_known is false.
--
-- Posts without a publish time cannot be placed in a period and are left out. The
-- last column is the number of rows, which lets the reader size its list once.
-- $4: platforms, $5: lower-case "platform:handle" keys; an empty list means all.
--
-- Only the posts near the period are placed (a wall clock is at most 14 hours from
-- UTC): the cost follows the period, not the history.
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
SELECT p.account_platform, p.handle, p.post_id, p.published_at, p.local_at, p.local_at <> date_trunc('day', p.local_at),
       p.content_type, coalesce(p.caption, ''), coalesce(p.permalink, ''), coalesce(array_to_string(p.labels, chr(31)), ''),
       p.latest_as_of, p.latest_views, p.latest_reach, p.latest_likes, p.latest_comments, p.latest_shares, p.latest_saves, p.latest_clicks,
       p.latest_follows, p.latest_profile_visits, count(*) OVER ()
FROM picked p
ORDER BY p.published_at, p.account_platform, p.handle_key, p.post_id
