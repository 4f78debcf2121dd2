SELECT nextval('import_ids')
