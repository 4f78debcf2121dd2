-- Every share link with its view count and last view, newest first.
SELECT s.id, s.label, s.token_hash, s.password_hash, s.scope_from, s.scope_to, s.last_days, s.platforms,
       s.allow_reports, s.created_at, s.expires_at, s.revoked_at,
       count(v.id) AS views, max(v.viewed_at) AS last_viewed
FROM shares s
LEFT JOIN share_views v ON v.share_id = s.id
GROUP BY ALL
ORDER BY s.id DESC
