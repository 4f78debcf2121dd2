-- Every post, partitioned by platform and the month it was published (UTC,
-- 'YYYY-MM'; 'unknown' when the file gave no time). $1: the directory to write.
COPY (
    SELECT p.platform, coalesce(strftime(p.published_at, '%Y-%m'), 'unknown') AS month,
           p.account_id, a.handle, p.post_id, p.published_at, p.content_type, p.raw_type,
           p.caption, p.permalink, p.labels, p.import_id
    FROM posts p
    JOIN accounts a ON a.id = p.account_id
    ORDER BY p.platform, month, p.account_id, p.post_id
) TO $1 (FORMAT parquet, PARTITION_BY (platform, month))
