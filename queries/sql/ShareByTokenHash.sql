SELECT s.id, s.label, s.token_hash, s.password_hash, s.scope_from, s.scope_to, s.last_days, s.platforms,
       s.allow_reports, s.created_at, s.expires_at, s.revoked_at,
       0 AS views, NULL::TIMESTAMP AS last_viewed
FROM shares s
WHERE s.token_hash = $1
