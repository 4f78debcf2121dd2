-- The posts published on the days [from_day, to_day] in the practice's time zone
-- zone, placed by one rule that PostsPublished and PostFigures share (until this
-- migration each wrote it out): every column of posts, and local_at (the wall clock
-- of publishing in zone), time_known, and the account's platform (account_platform),
-- handle and handle_key. platforms: platform names, account_keys: lower-case
-- "platform:handle" keys; an empty list means all.
--
-- published_at holds a UTC instant in a naive TIMESTAMP: AT TIME ZONE 'UTC' makes it
-- an instant, timezone(zone, ...) the wall clock in the zone. Exports that give only
-- a date (X Premium, YouTube, LinkedIn) are stored at 00:00 UTC of that date: such a
-- post counts on the date as given, whatever the practice's zone, rather than on the
-- evening before west of UTC. A post whose local time is exactly midnight (those, and
-- TikTok's dates stored at local midnight) has no known time of day: time_known is
-- false. Posts without a publish time cannot be placed in a period and are left out.
--
-- Only the posts near the period are placed (a wall clock is at most 14 hours from
-- UTC): the cost follows the period, not the history. DuckDB expands the macro where
-- it is used, so each statement reads only the columns it selects. A change to the
-- rule is a new migration that replaces the macro.
CREATE MACRO posts_published(zone, from_day, to_day, platforms, account_keys) AS TABLE
WITH placed AS (
    SELECT p.*,
           CASE WHEN p.published_at = date_trunc('day', p.published_at) THEN p.published_at
                ELSE timezone(zone, p.published_at AT TIME ZONE 'UTC')
           END AS local_at
    FROM posts p
    WHERE p.published_at >= from_day::DATE - INTERVAL 1 DAY
      AND p.published_at < to_day::DATE + INTERVAL 2 DAY
)
SELECT p.*, p.local_at <> date_trunc('day', p.local_at) AS time_known,
       a.platform AS account_platform, a.handle, a.handle_key
FROM placed p
JOIN accounts a ON a.id = p.account_id
WHERE p.local_at::DATE BETWEEN from_day::DATE AND to_day::DATE
  AND (len(platforms::VARCHAR[]) = 0 OR list_contains(platforms::VARCHAR[], a.platform))
  AND (len(account_keys::VARCHAR[]) = 0 OR list_contains(account_keys::VARCHAR[], a.platform || ':' || a.handle_key));
