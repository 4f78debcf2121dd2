DELETE FROM accounts a
WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.account_id = a.id)
  AND NOT EXISTS (SELECT 1 FROM daily_metrics d WHERE d.account_id = a.id)
