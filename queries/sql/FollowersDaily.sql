-- Each account's followers at the end of every day in [$1, $2], by the rule of
-- FollowersOn.sql, in one pass: the last reported running total ('followers_total')
-- on or before the day, moved by the reported changes of the days after it up to
-- the day (each day's change by the rule of follower_change, migration 0008).
--
-- Each account's days from its first base (its last total on or before $1, else its
-- first total) to $2 are laid out in order; every total starts a group, and a day's
-- followers are its group's total plus the changes after the group's first day up to
-- it. So the cost follows the period, not the account's whole history. Only days
-- with a known total are listed: an account without any total on or before a day has
-- no row for it.
-- $3: platforms, $4: lower-case "platform:handle" keys; empty = all.
WITH acc AS (
    SELECT id, platform, handle, handle_key
    FROM accounts
    WHERE (len($3::VARCHAR[]) = 0 OR list_contains($3::VARCHAR[], platform))
      AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], platform || ':' || handle_key))
), totals AS (
    SELECT account_id, day, value
    FROM daily_metrics
    WHERE metric = 'followers_total' AND day <= $2::DATE
      AND account_id IN (SELECT id FROM acc)
), since AS (
    SELECT account_id, coalesce(max(day) FILTER (WHERE day <= $1::DATE), min(day)) AS from_day
    FROM totals
    GROUP BY account_id
), changes AS (
    SELECT m.account_id, m.day,
           follower_change(m.metric, m.value) AS change
    FROM daily_metrics m
    JOIN since s ON s.account_id = m.account_id AND m.day >= s.from_day
    WHERE follower_change_metric(m.metric) AND m.day <= $2::DATE
    GROUP BY m.account_id, m.day
), timeline AS (
    SELECT account_id, CAST(unnest(generate_series(from_day::TIMESTAMP, $2::DATE::TIMESTAMP, INTERVAL 1 DAY)) AS DATE) AS day
    FROM since
), grouped AS (
    SELECT t.account_id, t.day, tt.value AS total, coalesce(c.change, 0) AS change,
           count(tt.value) OVER (PARTITION BY t.account_id ORDER BY t.day) AS grp
    FROM timeline t
    LEFT JOIN totals tt ON tt.account_id = t.account_id AND tt.day = t.day
    LEFT JOIN changes c ON c.account_id = t.account_id AND c.day = t.day
), valued AS (
    SELECT account_id, day,
           min(day) OVER g AS base_day,
           max(total) OVER g
             + sum(change) OVER (g ORDER BY day)
             - first(change) OVER (g ORDER BY day) AS followers
    FROM grouped
    WHERE grp > 0
    WINDOW g AS (PARTITION BY account_id, grp)
)
SELECT a.platform, a.handle, v.day, v.base_day, v.followers
FROM valued v
JOIN acc a ON a.id = v.account_id
WHERE v.day BETWEEN $1::DATE AND $2::DATE
ORDER BY a.platform, a.handle_key, v.day
