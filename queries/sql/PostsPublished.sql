-- Posts published in [$2, $3], days in the practice time zone $1, with their latest
-- snapshot (the one with the greatest as_of). published_at holds a UTC instant in a
-- naive TIMESTAMP: AT TIME ZONE 'UTC' makes it an instant, timezone($1, ...) the wall
-- clock in the practice's zone.
--
-- Exports that give only a date (X Premium, YouTube, LinkedIn) are stored at 00:00
-- UTC of that date: such a post counts on the date as given, whatever the practice's
-- zone, rather than on the evening before west of UTC. A post whose local time is
-- exactly midnight (those, and TikTok's dates stored at local midnight) has no known
-- time of day: time_known is false.
--
-- Posts without a publish time cannot be placed in a period and are left out.
-- $4: platforms, $5: lower-case "platform:handle" keys; an empty list means all.
WITH latest AS (
    SELECT *
    FROM post_snapshots
    QUALIFY row_number() OVER (PARTITION BY account_id, post_id ORDER BY as_of DESC) = 1
), placed AS (
    SELECT p.*,
           CASE WHEN p.published_at = date_trunc('day', p.published_at) THEN p.published_at
                ELSE timezone($1, p.published_at AT TIME ZONE 'UTC')
           END AS local_at
    FROM posts p
    WHERE p.published_at IS NOT NULL
)
SELECT a.platform, a.handle, p.post_id, p.published_at, p.local_at, p.local_at <> date_trunc('day', p.local_at),
       p.content_type, coalesce(p.caption, ''), coalesce(p.permalink, ''), coalesce(array_to_string(p.labels, chr(31)), ''),
       s.as_of, s.views, s.reach, s.likes, s.comments, s.shares, s.saves, s.clicks,
       s.video_views, s.watch_time_sec, s.follows, s.profile_visits
FROM placed p
JOIN accounts a ON a.id = p.account_id
LEFT JOIN latest s ON s.account_id = p.account_id AND s.post_id = p.post_id
WHERE p.local_at::DATE BETWEEN $2::DATE AND $3::DATE
  AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], a.platform))
  AND (len($5::VARCHAR[]) = 0 OR list_contains($5::VARCHAR[], a.platform || ':' || a.handle_key))
ORDER BY p.published_at, a.platform, a.handle_key, p.post_id
