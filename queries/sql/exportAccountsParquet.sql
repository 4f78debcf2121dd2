-- Every account, one Parquet file. $1: the file to write.
COPY (
    SELECT id AS account_id, platform, handle, external_id, display_name
    FROM accounts
    ORDER BY id
) TO $1 (FORMAT parquet)
