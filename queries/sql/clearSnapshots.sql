DELETE FROM post_snapshots
