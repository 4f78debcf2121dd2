-- The files of one load, by their position in it: later files win.
CREATE OR REPLACE TEMP TABLE stage_files (
    file      INTEGER NOT NULL,
    import_id INTEGER NOT NULL,
    as_of     DATE NOT NULL
)
