SELECT platform, handle, external_id, display_name FROM accounts ORDER BY platform, handle_key
