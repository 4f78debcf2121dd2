-- Each account's reported follower changes over the days in [$1, $2]: gained (sum of
-- new_followers), lost (sum of unfollows) and net (the sum of each day's change, by
-- the rule of follower_change, migration 0008).
-- NULL means not reported on any day. Every account the filter keeps is listed.
-- $3: platforms, $4: lower-case "platform:handle" keys; empty = all.
WITH acc AS (
    SELECT id, platform, handle, handle_key
    FROM accounts
    WHERE (len($3::VARCHAR[]) = 0 OR list_contains($3::VARCHAR[], platform))
      AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], platform || ':' || handle_key))
), days AS (
    SELECT account_id, day,
           sum(value) FILTER (WHERE metric = 'new_followers') AS gained,
           sum(value) FILTER (WHERE metric = 'unfollows') AS lost,
           follower_change(metric, value) AS net
    FROM daily_metrics
    WHERE follower_change_metric(metric)
      AND day BETWEEN $1::DATE AND $2::DATE
    GROUP BY account_id, day
), per_account AS (
    SELECT account_id, sum(gained) AS gained, sum(lost) AS lost, sum(net) AS net
    FROM days
    GROUP BY account_id
)
SELECT acc.platform, acc.handle, p.gained, p.lost, p.net
FROM acc
LEFT JOIN per_account p ON p.account_id = acc.id
ORDER BY acc.platform, acc.handle_key
