-- The load's word on posts the database holds (the view post_update_rows, in posts'
-- column order), as a table for updatePosts: an UPDATE that read the list column
-- labels straight from an Arrow view read its columns wrongly (this driver's
-- DuckDB crashed, or found NULL in content_type).
CREATE OR REPLACE TEMP TABLE post_updates AS SELECT * FROM post_update_rows
