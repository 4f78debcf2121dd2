CREATE OR REPLACE TEMP TABLE stage_daily (
    file     INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    platform VARCHAR NOT NULL,
    handle   VARCHAR NOT NULL,
    day      DATE NOT NULL,
    metric   VARCHAR NOT NULL,
    value    DOUBLE NOT NULL
)
