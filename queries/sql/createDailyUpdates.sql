-- The load's values for days the database holds, in daily_metrics' column order.
CREATE OR REPLACE TEMP TABLE daily_updates (
    account_id INTEGER NOT NULL,
    day        DATE NOT NULL,
    metric     VARCHAR NOT NULL,
    value      DOUBLE NOT NULL,
    import_id  INTEGER NOT NULL
)
