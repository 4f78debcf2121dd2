-- DuckDB's own CSV reader loading a file (header line first) into a table of the
-- database, types sniffed as it always does; the statement commits, as a load does.
-- $1: the file.
CREATE OR REPLACE TABLE csv_load AS
SELECT * FROM read_csv($1, header = true)
