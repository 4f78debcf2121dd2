CREATE OR REPLACE TEMP TABLE stage_accounts (
    platform     VARCHAR NOT NULL,
    handle       VARCHAR NOT NULL,
    external_id  VARCHAR,
    display_name VARCHAR
)
