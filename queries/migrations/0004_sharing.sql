-- Share links: a consultant sees the practice's numbers through /s/<token>, within a
-- scope fixed when the link was made, until it expires or is revoked. Only a hash of
-- the token is kept, so the database alone opens no link.

CREATE SEQUENCE share_ids START 1;
CREATE TABLE shares (
    id            INTEGER PRIMARY KEY DEFAULT nextval('share_ids'),
    label         VARCHAR NOT NULL,
    token_hash    VARCHAR NOT NULL UNIQUE,  -- hex SHA-256 of the token
    password_hash VARCHAR,                  -- bcrypt; NULL: no password
    scope_from    DATE,                     -- a fixed range [scope_from, scope_to] …
    scope_to      DATE,
    last_days     INTEGER,                  -- … or the rolling last N days
    platforms     VARCHAR NOT NULL,         -- comma-separated; empty: every platform
    allow_reports BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,       -- UTC
    expires_at    TIMESTAMP NOT NULL,       -- UTC
    revoked_at    TIMESTAMP                 -- UTC; NULL: not revoked
);

-- The audit log: every request a link answered. The client address is kept only as a
-- salted hash, enough to tell visitors apart, not to name them.
CREATE SEQUENCE share_view_ids START 1;
CREATE TABLE share_views (
    id          INTEGER PRIMARY KEY DEFAULT nextval('share_view_ids'),
    share_id    INTEGER NOT NULL,
    viewed_at   TIMESTAMP NOT NULL,         -- UTC
    path        VARCHAR NOT NULL,           -- the page asked for, without the token
    client_hash VARCHAR NOT NULL,
    user_agent  VARCHAR NOT NULL
);
