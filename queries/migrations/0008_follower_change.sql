-- The rule for a day's change in an account's followers, in one place: four
-- statements use it (FollowersOn, FollowersOnDays, FollowersDaily and FollowerChanges),
-- and until this migration each wrote it out. Platforms report a day's gains
-- ('new_followers') and losses ('unfollows'), or only the net ('net_followers'):
-- where either gains or losses are reported the change is gains - losses, the
-- missing one counting 0; otherwise it is the reported net.
--
-- follower_change_metric(metric) is true for the daily metrics the rule reads, so
-- that a statement reads only those rows (DuckDB expands a macro where it is used,
-- and the condition still filters the table scan); follower_change(metric, value)
-- is the change of one account's day, an aggregate over that day's rows. A change to
-- the rule is a new migration that replaces these macros.
CREATE MACRO follower_change_metric(metric) AS
    metric IN ('new_followers', 'unfollows', 'net_followers');

CREATE MACRO follower_change(metric, value) AS
    CASE WHEN bool_or(metric IN ('new_followers', 'unfollows'))
         THEN coalesce(sum(value) FILTER (WHERE metric = 'new_followers'), 0)
            - coalesce(sum(value) FILTER (WHERE metric = 'unfollows'), 0)
         ELSE sum(value) FILTER (WHERE metric = 'net_followers')
    END;
