-- Each account's followers at the end of each day in $1, by the rule of
-- FollowersOn.sql, in one statement: the last reported running total
-- ('followers_total') on or before the day, moved by the reported changes of the days
-- after it up to the day (each day's change by the rule of follower_change, migration
-- 0008). Without any total on or before the day the account's followers are NULL (not reported). Every account the
-- filter keeps is listed for every day. A summary reads the ends of up to six days;
-- one statement reads each account's changes once, from its earliest base on.
-- $2: platforms, $3: lower-case "platform:handle" keys; empty = all.
WITH acc AS (
    SELECT id, platform, handle, handle_key
    FROM accounts
    WHERE (len($2::VARCHAR[]) = 0 OR list_contains($2::VARCHAR[], platform))
      AND (len($3::VARCHAR[]) = 0 OR list_contains($3::VARCHAR[], platform || ':' || handle_key))
), days AS (
    SELECT DISTINCT unnest($1::DATE[]) AS day
), base AS (
    SELECT d.day, m.account_id, max(m.day) AS base_day, arg_max(m.value, m.day) AS total
    FROM daily_metrics m
    JOIN days d ON m.day <= d.day
    WHERE m.metric = 'followers_total'
    GROUP BY d.day, m.account_id
), since AS (
    SELECT account_id, min(base_day) AS from_day, max(day) AS to_day
    FROM base
    GROUP BY account_id
), changes AS (
    SELECT m.account_id, m.day,
           follower_change(m.metric, m.value) AS change
    FROM daily_metrics m
    JOIN since s ON s.account_id = m.account_id
    WHERE follower_change_metric(m.metric)
      AND m.day > s.from_day AND m.day <= s.to_day
    GROUP BY m.account_id, m.day
), moved AS (
    SELECT b.day, b.account_id, sum(c.change) AS change
    FROM base b
    JOIN changes c ON c.account_id = b.account_id AND c.day > b.base_day AND c.day <= b.day
    GROUP BY b.day, b.account_id
)
SELECT d.day, acc.platform, acc.handle, b.base_day, b.total + coalesce(mv.change, 0)
FROM days d
CROSS JOIN acc
LEFT JOIN base b ON b.account_id = acc.id AND b.day = d.day
LEFT JOIN moved mv ON mv.account_id = acc.id AND mv.day = d.day
ORDER BY d.day, acc.platform, acc.handle_key
