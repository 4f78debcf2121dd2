-- One daily metric ($1) per platform and day over [$2, $3]: the sum over the
-- platform's accounts that reported it that day. A day no account of the platform
-- reported has no row (not reported, never 0). Days are calendar dates as the
-- platform reported them. $4: platforms, $5: lower-case "platform:handle" keys;
-- empty = all.
SELECT a.platform, m.day, sum(m.value)
FROM daily_metrics m
JOIN accounts a ON a.id = m.account_id
WHERE m.metric = $1
  AND m.day BETWEEN $2::DATE AND $3::DATE
  AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], a.platform))
  AND (len($5::VARCHAR[]) = 0 OR list_contains($5::VARCHAR[], a.platform || ':' || a.handle_key))
GROUP BY a.platform, m.day
ORDER BY a.platform, m.day
