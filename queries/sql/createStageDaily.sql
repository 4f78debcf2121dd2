CREATE OR REPLACE TEMP TABLE stage_daily (
    file     INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    day      DATE NOT NULL,
    metric   VARCHAR NOT NULL,
    value    DOUBLE NOT NULL
)
