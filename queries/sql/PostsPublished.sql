-- Posts published in [$2, $3], days in the practice time zone $1, placed by the rule
-- of posts_published (migration 0009), with the figures of their latest snapshot
-- (the one with the greatest as_of), which the load keeps on each post (migration
-- 0007). The last column is the number of rows, which lets the reader size its list
-- once. $4: platforms, $5: lower-case "platform:handle" keys; an empty list means all.
SELECT p.account_platform, p.handle, p.post_id, p.published_at, p.local_at, p.time_known,
       p.content_type, coalesce(p.caption, ''), coalesce(p.permalink, ''), coalesce(array_to_string(p.labels, chr(31)), ''),
       p.latest_as_of, p.latest_views, p.latest_reach, p.latest_likes, p.latest_comments, p.latest_shares, p.latest_saves, p.latest_clicks,
       p.latest_follows, p.latest_profile_visits, count(*) OVER ()
FROM posts_published($1, $2, $3, $4, $5) p
ORDER BY p.published_at, p.account_platform, p.handle_key, p.post_id
