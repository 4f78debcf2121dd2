SELECT id, file_name, sha256, size_bytes, stored_path, format, platform, account, account_flag, as_of,
       rows_read, posts_new, posts_updated, days_new, days_updated, rejected, notes, started_at, finished_at
FROM imports
WHERE sha256 IN (SELECT unnest($1::VARCHAR[]))
