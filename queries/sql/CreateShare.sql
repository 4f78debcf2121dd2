INSERT INTO shares (label, token_hash, password_hash, scope_from, scope_to, last_days, platforms, allow_reports, created_at, expires_at)
VALUES ($1, $2, $3, $4::DATE, $5::DATE, $6, $7, $8, $9, $10)
RETURNING id
