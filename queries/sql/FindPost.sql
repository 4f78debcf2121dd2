-- One post by $1 platform, $2 handle (case-insensitive) and $3 post id.
SELECT a.platform, a.handle, p.post_id, p.published_at, p.content_type, p.caption, p.permalink
FROM posts p
JOIN accounts a ON a.id = p.account_id
WHERE a.platform = $1 AND a.handle_key = lower($2) AND p.post_id = $3
