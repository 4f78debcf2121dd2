-- The load's daily values the database did not hold (the view daily_inserts, in
-- daily_metrics' column order).
INSERT INTO daily_metrics SELECT * FROM daily_inserts
