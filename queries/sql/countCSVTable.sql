-- How many rows createCSVTable read.
SELECT count(*) FROM csv_load
