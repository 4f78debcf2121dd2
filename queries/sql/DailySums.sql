-- The sum of each daily metric over the days in [$1, $2] per platform, and on how
-- many distinct days it was reported. Days are calendar dates as the platform
-- reported them. $3: platforms, $4: lower-case "platform:handle" keys; empty = all.
SELECT a.platform, m.metric, sum(m.value), count(DISTINCT m.day)
FROM daily_metrics m
JOIN accounts a ON a.id = m.account_id
WHERE m.day BETWEEN $1::DATE AND $2::DATE
  AND (len($3::VARCHAR[]) = 0 OR list_contains($3::VARCHAR[], a.platform))
  AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], a.platform || ':' || a.handle_key))
GROUP BY a.platform, m.metric
ORDER BY a.platform, m.metric
