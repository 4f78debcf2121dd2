-- The newest day of data per platform: the latest daily value, or the latest post
-- snapshot (a post export is as of its download day) where that is later.
WITH newest AS (
    SELECT a.platform, max(m.day) AS day
    FROM daily_metrics m JOIN accounts a ON a.id = m.account_id
    GROUP BY a.platform
    UNION ALL
    SELECT a.platform, max(s.as_of) - INTERVAL 1 DAY
    FROM post_snapshots s JOIN accounts a ON a.id = s.account_id
    GROUP BY a.platform
)
SELECT platform, max(day)::DATE FROM newest GROUP BY platform ORDER BY platform
