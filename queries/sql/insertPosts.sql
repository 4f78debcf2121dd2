-- The load's posts the database did not hold (the view post_inserts, in posts'
-- column order).
INSERT INTO posts SELECT * FROM post_inserts
