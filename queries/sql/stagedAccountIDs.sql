-- The ids of the accounts a load names, by platform and lower-case handle.
SELECT a.id, a.platform, a.handle_key
FROM accounts a
JOIN stage_accounts s ON a.platform = s.platform AND a.handle_key = lower(s.handle)
