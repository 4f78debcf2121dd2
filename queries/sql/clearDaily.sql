DELETE FROM daily_metrics
