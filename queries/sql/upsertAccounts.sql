INSERT INTO accounts (platform, handle, handle_key, external_id, display_name)
SELECT platform, handle, lower(handle), external_id, display_name
FROM stage_accounts
ON CONFLICT (platform, handle_key) DO UPDATE SET
    external_id  = coalesce(excluded.external_id, accounts.external_id),
    display_name = coalesce(excluded.display_name, accounts.display_name)
