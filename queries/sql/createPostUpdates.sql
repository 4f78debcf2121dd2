-- The load's word on posts the database holds, in the column order of posts: each
-- field is the last file's that gives one.
CREATE OR REPLACE TEMP TABLE post_updates (
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
)
