-- DuckDB's own CSV reader loading a file (header line first) into a fresh table,
-- types sniffed as it always does. $1: the file.
CREATE OR REPLACE TEMP TABLE csv_load AS
SELECT * FROM read_csv($1, header = true)
