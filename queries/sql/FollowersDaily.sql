-- Each account's followers at the end of every day in [$1, $2], by the rule of
-- FollowersOn.sql, in one pass: the last reported running total ('followers_total')
-- on or before the day, moved by the reported changes of the days after it up to
-- the day. A day's change is new_followers - unfollows where either is reported (the
-- missing one counting 0), otherwise net_followers.
--
-- The changes in (base day, day] are read as the difference of the account's running
-- sum of changes at the day and at the base day (each the last running sum on or
-- before it; 0 before the first change). Only days with a known total are listed:
-- an account without any total on or before a day has no row for it.
-- $3: platforms, $4: lower-case "platform:handle" keys; empty = all.
WITH acc AS (
    SELECT id, platform, handle, handle_key
    FROM accounts
    WHERE (len($3::VARCHAR[]) = 0 OR list_contains($3::VARCHAR[], platform))
      AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], platform || ':' || handle_key))
), days AS (
    SELECT CAST(d AS DATE) AS day
    FROM range($1::DATE, $2::DATE + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
), totals AS (
    SELECT account_id, day, value
    FROM daily_metrics
    WHERE metric = 'followers_total' AND day <= $2::DATE
      AND account_id IN (SELECT id FROM acc)
), since AS (
    -- Only what lies after each account's first base matters: its last total on or
    -- before $1, else its first total. Starting there keeps the cost to the period.
    SELECT account_id, coalesce(max(day) FILTER (WHERE day <= $1::DATE), min(day)) AS from_day
    FROM totals
    GROUP BY account_id
), near AS (
    SELECT t.account_id, t.day, t.value
    FROM totals t
    JOIN since s ON s.account_id = t.account_id AND t.day >= s.from_day
), changes AS (
    SELECT m.account_id, m.day,
           CASE WHEN bool_or(m.metric IN ('new_followers', 'unfollows'))
                THEN coalesce(sum(m.value) FILTER (WHERE m.metric = 'new_followers'), 0)
                   - coalesce(sum(m.value) FILTER (WHERE m.metric = 'unfollows'), 0)
                ELSE sum(m.value) FILTER (WHERE m.metric = 'net_followers')
           END AS change
    FROM daily_metrics m
    JOIN since s ON s.account_id = m.account_id AND m.day >= s.from_day
    WHERE m.metric IN ('new_followers', 'unfollows', 'net_followers') AND m.day <= $2::DATE
    GROUP BY m.account_id, m.day
), running AS (
    SELECT account_id, day, sum(change) OVER (PARTITION BY account_id ORDER BY day) AS moved
    FROM changes
), grid AS (
    SELECT acc.id AS account_id, acc.platform, acc.handle, acc.handle_key, days.day
    FROM acc CROSS JOIN days
), based AS (
    SELECT g.account_id, g.platform, g.handle, g.handle_key, g.day, t.day AS base_day, t.value AS total
    FROM grid g
    ASOF JOIN near t ON t.account_id = g.account_id AND g.day >= t.day
)
SELECT b.platform, b.handle, b.day, b.base_day,
       b.total + coalesce(upto.moved, 0) - coalesce(atbase.moved, 0)
FROM based b
ASOF LEFT JOIN running upto ON upto.account_id = b.account_id AND b.day >= upto.day
ASOF LEFT JOIN running atbase ON atbase.account_id = b.account_id AND b.base_day >= atbase.day
ORDER BY b.platform, b.handle_key, b.day
