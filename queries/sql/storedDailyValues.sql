-- The daily values the database holds within the load's spans (stage_spans).
SELECT m.account_id, m.day, m.metric, m.value
FROM daily_metrics m
JOIN stage_spans s
  ON m.account_id = s.account_id AND m.metric = s.metric AND m.day BETWEEN s.first_day AND s.last_day
