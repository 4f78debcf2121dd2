-- The newest $1 entries of the audit log, with their link's label.
SELECT v.id, v.share_id, s.label, v.viewed_at, v.path, v.client_hash, v.user_agent
FROM share_views v
JOIN shares s ON s.id = v.share_id
ORDER BY v.viewed_at DESC, v.id DESC
LIMIT $1
