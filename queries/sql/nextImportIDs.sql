-- $1 new import ids at once, one for each file of a load.
SELECT nextval('import_ids') FROM range($1)
