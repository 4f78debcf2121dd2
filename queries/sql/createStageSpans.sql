-- The days each account's metric has values for in a load, first to last: only
-- there can the load meet a value the database holds.
CREATE OR REPLACE TEMP TABLE stage_spans (
    account_id INTEGER NOT NULL,
    metric     VARCHAR NOT NULL,
    first_day  DATE NOT NULL,
    last_day   DATE NOT NULL
)
