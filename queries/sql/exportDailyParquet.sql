-- Every account-level daily value, partitioned by platform and month ('YYYY-MM').
-- $1: the directory to write.
COPY (
    SELECT a.platform, strftime(d.day, '%Y-%m') AS month,
           d.account_id, a.handle, d.day, d.metric, d.value, d.import_id
    FROM daily_metrics d
    JOIN accounts a ON a.id = d.account_id
    ORDER BY a.platform, month, d.account_id, d.day, d.metric
) TO $1 (FORMAT parquet, PARTITION_BY (platform, month))
