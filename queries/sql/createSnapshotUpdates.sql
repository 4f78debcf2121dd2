-- The load's totals for snapshots the database holds (same post, same as-of day), in
-- the column order of post_snapshots: each figure is the last file's that gives one.
CREATE OR REPLACE TEMP TABLE snapshot_updates (
    account_id     INTEGER NOT NULL,
    post_id        VARCHAR NOT NULL,
    as_of          DATE NOT NULL,
    import_id      INTEGER NOT NULL,
    views          BIGINT,
    reach          BIGINT,
    likes          BIGINT,
    comments       BIGINT,
    shares         BIGINT,
    saves          BIGINT,
    clicks         BIGINT,
    video_views    BIGINT,
    watch_time_sec DOUBLE,
    follows        BIGINT,
    profile_visits BIGINT
)
