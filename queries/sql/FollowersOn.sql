-- Each account's followers at the end of day $1: the last reported running total
-- ('followers_total') on or before $1, moved by the reported changes of the days after
-- it up to $1, each day's change by the rule of follower_change (migration 0008).
-- Without any total on or before $1 the account's followers are NULL (not reported). Every account the filter
-- keeps is listed. $2: platforms, $3: lower-case "platform:handle" keys; empty = all.
WITH acc AS (
    SELECT id, platform, handle, handle_key
    FROM accounts
    WHERE (len($2::VARCHAR[]) = 0 OR list_contains($2::VARCHAR[], platform))
      AND (len($3::VARCHAR[]) = 0 OR list_contains($3::VARCHAR[], platform || ':' || handle_key))
), base AS (
    SELECT account_id, max(day) AS base_day, arg_max(value, day) AS total
    FROM daily_metrics
    WHERE metric = 'followers_total' AND day <= $1::DATE
    GROUP BY account_id
), changes AS (
    SELECT m.account_id, m.day,
           follower_change(m.metric, m.value) AS change
    FROM daily_metrics m
    JOIN base b ON b.account_id = m.account_id
    WHERE follower_change_metric(m.metric)
      AND m.day > b.base_day AND m.day <= $1::DATE
    GROUP BY m.account_id, m.day
), moved AS (
    SELECT account_id, sum(change) AS change FROM changes GROUP BY account_id
)
SELECT acc.platform, acc.handle, b.base_day, b.total + coalesce(mv.change, 0)
FROM acc
LEFT JOIN base b ON b.account_id = acc.id
LEFT JOIN moved mv ON mv.account_id = acc.id
ORDER BY acc.platform, acc.handle_key
