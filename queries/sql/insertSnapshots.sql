-- The load's snapshots the database did not hold (the view snapshot_inserts, in
-- post_snapshots' column order).
INSERT INTO post_snapshots SELECT * FROM snapshot_inserts
