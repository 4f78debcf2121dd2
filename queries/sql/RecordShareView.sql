INSERT INTO share_views (share_id, viewed_at, path, client_hash, user_agent) VALUES ($1, $2, $3, $4, $5)
