-- A reimport replaces the records of the imports it reloads (their ids are staged).
DELETE FROM imports WHERE id IN (SELECT import_id FROM stage_files)
