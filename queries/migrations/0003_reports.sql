-- Every run of the report writer, scheduled or asked for: what it covered, where it
-- wrote, how it ended. The schedule reads it to know which months are done, and the
-- Reports page lists it.

CREATE SEQUENCE report_run_ids START 1;
CREATE TABLE report_runs (
    id          INTEGER PRIMARY KEY DEFAULT nextval('report_run_ids'),
    trigger     VARCHAR NOT NULL,           -- schedule, command or page
    month       VARCHAR NOT NULL,           -- YYYY-MM when the report covers one calendar month, else ''
    period_from DATE NOT NULL,
    period_to   DATE NOT NULL,
    platforms   VARCHAR NOT NULL,           -- comma-separated platform filter, '' for all
    file        VARCHAR NOT NULL,           -- where the workbook goes
    started_at  TIMESTAMP NOT NULL,         -- UTC
    finished_at TIMESTAMP,                  -- UTC; NULL while running
    status      VARCHAR NOT NULL,           -- running, ok or failed
    error       VARCHAR NOT NULL DEFAULT ''
);
