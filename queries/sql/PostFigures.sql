-- The posts PostsPublished.sql lists for the days [$2, $3] in the zone $1, placed
-- (posts_published, migration 0009) and with their latest snapshot's figures by the
-- same rules, but only with what the engagement figures of a set of posts read (the
-- publish instant and wall clock, whether the hour is known, views, reach and the
-- four interactions) and the platform, which an ER per platform groups by: no words,
-- no ids, no other metrics. A comparison period, a campaign's weeks or a year of best
-- times need no more, and words are most of what a post row costs to move.
-- The order, and the row count last, are PostsPublished's. $4: platforms, $5:
-- lower-case "platform:handle" keys; an empty list means all.
SELECT p.account_platform, p.published_at, p.local_at, p.time_known,
       p.latest_views, p.latest_reach, p.latest_likes, p.latest_comments, p.latest_shares, p.latest_saves, count(*) OVER ()
FROM posts_published($1, $2, $3, $4, $5) p
ORDER BY p.published_at, p.account_platform, p.handle_key, p.post_id
