-- posts, post_snapshots and daily_metrics lose their PRIMARY KEYs. DuckDB keeps an
-- ART index for each, and keeping it up to date made loading about six times slower
-- (1,000,000 daily values: 2.3 s into the keyed table, 0.36 s into a plain one); no
-- query looks rows up through it. Each key stays unique because only the load writes
-- these tables, one load at a time (DB.loadMu), updating the rows it finds and
-- inserting the others (queries/load.go). The rows are rewritten in key order, which
-- keeps DuckDB's per-block min/max useful for the day ranges the dashboard asks for.

CREATE TABLE posts_new (
    account_id    INTEGER NOT NULL,
    post_id       VARCHAR NOT NULL,
    platform      VARCHAR NOT NULL,
    published_at  TIMESTAMP,
    content_type  VARCHAR NOT NULL,
    raw_type      VARCHAR,
    caption       VARCHAR,
    permalink     VARCHAR,
    labels        VARCHAR[],
    import_id     INTEGER NOT NULL
);
INSERT INTO posts_new SELECT * FROM posts ORDER BY account_id, published_at, post_id;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;

CREATE TABLE post_snapshots_new (
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
);
INSERT INTO post_snapshots_new SELECT * FROM post_snapshots ORDER BY account_id, post_id, as_of;
DROP TABLE post_snapshots;
ALTER TABLE post_snapshots_new RENAME TO post_snapshots;

CREATE TABLE daily_metrics_new (
    account_id INTEGER NOT NULL,
    day        DATE NOT NULL,
    metric     VARCHAR NOT NULL,
    value      DOUBLE NOT NULL,
    import_id  INTEGER NOT NULL
);
INSERT INTO daily_metrics_new SELECT * FROM daily_metrics ORDER BY day, account_id, metric;
DROP TABLE daily_metrics;
ALTER TABLE daily_metrics_new RENAME TO daily_metrics;
