-- The first schema. Timestamps are UTC; days are calendar dates as the platform reported them.

CREATE TABLE settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE SEQUENCE account_ids START 1;
CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY DEFAULT nextval('account_ids'),
    platform     VARCHAR NOT NULL,
    handle       VARCHAR NOT NULL,          -- as the platform spells it
    handle_key   VARCHAR NOT NULL,          -- lower(handle): identity is case-insensitive
    external_id  VARCHAR,                   -- the platform's numeric id where a file names it
    display_name VARCHAR,
    UNIQUE (platform, handle_key)
);

CREATE SEQUENCE import_ids START 1;
CREATE TABLE imports (
    id            INTEGER PRIMARY KEY DEFAULT nextval('import_ids'),
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL UNIQUE,
    size_bytes    BIGINT NOT NULL,
    stored_path   VARCHAR NOT NULL,         -- relative to the data directory
    format        VARCHAR NOT NULL,
    platform      VARCHAR,
    account       VARCHAR,                  -- "platform:handle" list of accounts touched
    account_flag  VARCHAR,                  -- the --account given, kept for reimport
    as_of         DATE NOT NULL,            -- the day post totals were true
    rows_read     INTEGER NOT NULL,
    posts_new     INTEGER NOT NULL,
    posts_updated INTEGER NOT NULL,
    days_new      INTEGER NOT NULL,
    days_updated  INTEGER NOT NULL,
    rejected      INTEGER NOT NULL,
    notes         VARCHAR,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL
);

CREATE TABLE posts (
    account_id    INTEGER NOT NULL,
    post_id       VARCHAR NOT NULL,
    platform      VARCHAR NOT NULL,
    published_at  TIMESTAMP,                -- UTC instant; NULL when the file gives none
    content_type  VARCHAR NOT NULL,         -- image, carousel, video, reel, story, text, link, other
    raw_type      VARCHAR,
    caption       VARCHAR,
    permalink     VARCHAR,
    labels        VARCHAR[],
    import_id     INTEGER NOT NULL,         -- the import that last described the post
    PRIMARY KEY (account_id, post_id)
);

-- Lifetime totals of a post as of a day. NULL is "not reported", never 0.
CREATE TABLE post_snapshots (
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
    profile_visits BIGINT,
    PRIMARY KEY (account_id, post_id, as_of)
);

-- One value per account, day and metric: the platform's latest word wins.
CREATE TABLE daily_metrics (
    account_id INTEGER NOT NULL,
    day        DATE NOT NULL,
    metric     VARCHAR NOT NULL,
    value      DOUBLE NOT NULL,
    import_id  INTEGER NOT NULL,
    PRIMARY KEY (account_id, day, metric)
);
