package analytics

// Keys of Definitions, shared by KPIs, JSON documents and the dashboard.
const (
	KeyReach          = "reach"
	KeyViews          = "views"
	KeyInteractions   = "interactions"
	KeyEngagementRate = "engagement_rate"
	KeyFollowers      = "followers"
	KeyNetFollowers   = "net_followers"
	KeyPosts          = "posts"
	KeyProfileVisits  = "profile_visits"
	KeyClicks         = "clicks"
	KeyLinkClicks     = "link_clicks"

	KeyPeriod        = "period"
	KeyPrevious      = "previous_period"
	KeyYearAgo       = "year_ago"
	KeyChange        = "change"
	KeyPostMetrics   = "post_metrics"
	KeyPostER        = "post_engagement_rate"
	KeyPostReach     = "post_reach"
	KeyGrowthRate    = "growth_rate"
	KeyGained        = "followers_gained"
	KeyLost          = "followers_lost"
	KeyTopContent    = "top_content"
	KeyContentTypes  = "content_types"
	KeyBestTime      = "best_time"
	KeyCadence       = "cadence"
	KeyCampaignLift  = "campaign_lift"
	KeyExperiment    = "experiment"
	KeyAwareness     = "awareness_calendar"
	KeyNotes         = "notes"
	KeyFilter        = "filter"
	KeyDefaultPeriod = "default_period"
	KeyTimeseries    = "timeseries"
)

// Labels that travel with figures, so a reader always sees what was divided by what.
const (
	LabelERByReach     = "ER by reach"
	LabelERByViews     = "ER by views"
	LabelERMixed       = "ER by reach (views where no reach)"
	LabelDailyReach    = "sum of daily reach"
	LabelTooFewPosts   = "too few posts"
	LabelLikelyReal    = "likely real"
	LabelCouldBeChance = "could be chance"
	LabelNotEnough     = "not enough posts to compare"
	NA                 = "n/a"
)

// Definitions holds the text of every definition pulse uses, keyed by the Key*
// constants. The dashboard and the reports show these strings verbatim: change a
// definition here and everywhere says the same.
var Definitions = map[string]string{
	KeyPeriod: "A period is a closed range of days, [from, to], in the practice's time zone. " +
		"Posts count in the period of their publish day in that time zone; a post whose export gives only a date counts on that date. " +
		"Daily metrics count on the day the platform reported them for. " +
		"Weeks are ISO weeks, Monday to Sunday.",
	KeyDefaultPeriod: "Without --from and --to, the period is the last complete ISO week (Monday to Sunday) before today in the practice's time zone.",
	KeyFilter:        "Filters keep only the platforms and accounts (platform:handle, handle in any case) named; with none, every account counts.",
	KeyPrevious:      "The previous period is the one of equal length that ends the day before the period starts.",
	KeyYearAgo: "The same period a year earlier: shifted by 52 weeks (364 days) when the period is made of whole ISO weeks, " +
		"so weekdays line up; otherwise the same calendar dates a year earlier (29 February becomes 28 February).",
	KeyChange: "Change is the value minus the comparison value; % change is that change divided by the size of the comparison value, " +
		"n/a where the comparison value is 0 or not reported. Changes of a rate are in percentage points.",
	KeyPostMetrics: "A post's metrics are those of its latest snapshot (the export with the latest as-of day); " +
		"a metric that snapshot does not report is not reported.",
	KeyInteractions: "Interactions of a post = likes/reactions + comments/replies + shares/reposts/retweets + saves/bookmarks. " +
		"Missing components count as 0 only when at least one is reported; with none reported, interactions are not reported. " +
		"Clicks, profile visits and follows are kept as their own figures. Interactions of a period = the sum over the posts published in it.",
	KeyPostER: "Engagement rate (ER) of a post = interactions / reach where the platform reports reach (\"" + LabelERByReach + "\"), " +
		"otherwise interactions / views or impressions (\"" + LabelERByViews + "\"); n/a where that base is 0 or not reported.",
	KeyEngagementRate: "ER of a set of posts = the sum of interactions / the sum of each post's ER base (reach, or views where no reach), " +
		"over the posts that report both: a ratio of sums, not an average of ratios. " +
		"Labelled \"" + LabelERByReach + "\", \"" + LabelERByViews + "\" or \"" + LabelERMixed + "\" by the bases that went in.",
	KeyPostReach: "Post reach = a post's reach where the platform reports it, otherwise its views or impressions: the same base its ER divides by.",
	KeyReach: "Reach of a period = the sum of the accounts' daily reach (metric 'reach') over the days with daily files: " +
		"a " + LabelDailyReach + ", not a count of unique people.",
	KeyViews:         "Views of a period = the sum of the accounts' daily views or impressions (metric 'views').",
	KeyProfileVisits: "Profile visits of a period = the sum of the accounts' daily profile visits.",
	KeyClicks:        "Clicks of a period = the sum of the accounts' daily clicks where a platform counts all clicks (metric 'clicks').",
	KeyLinkClicks:    "Link clicks of a period = the sum of the accounts' daily link clicks (metric 'link_clicks').",
	KeyPosts:         "Posts = the number of posts published in the period.",
	KeyFollowers: "Followers on a day = the last known running total (metric 'followers_total') on or before that day, " +
		"moved by the daily gains ('new_followers') and losses ('unfollows') reported since, or by 'net_followers' where only the net is given. " +
		"Followers of a period are those at the end of its last day, summed over the accounts with a known total; " +
		"without any known total they are not reported.",
	KeyNetFollowers: "Net new followers = followers at the end of the period - followers at the end of the day before it, per account; " +
		"for an account without a total before the period, the sum of its reported daily changes in the period. " +
		"Summed over accounts; not reported where neither is known.",
	KeyGrowthRate: "Follower growth rate = net new followers / followers at the start of the period, over the accounts with a known start.",
	KeyGained:     "Followers gained = the sum of the reported daily new followers in the period.",
	KeyLost:       "Followers lost = the sum of the reported daily unfollows in the period.",
	KeyTopContent: "Top-performing content: the posts published in the period, ranked by ER among posts whose post reach is at least the minimum " +
		"(setting min_reach, default 100), ties broken by interactions; also ranked by interactions and by post reach.",
	KeyContentTypes: "Content types: per content type, the number of posts, the median post ER, the sum of interactions, " +
		"and its share of the period's post reach.",
	KeyBestTime: "Best time to post: per day of week and hour of publishing (practice time zone), the median post ER and the number of posts with an ER; " +
		"a slot with fewer than 3 such posts is marked \"" + LabelTooFewPosts + "\" and not picked as best. " +
		"Posts whose export gives only a date (no time of day) are left out, as they are of hour-band experiments.",
	KeyCadence: "Cadence: posts per week (posts / days in the period × 7) per platform, and the longest gap between two consecutive posts, " +
		"in days between their publish days.",
	KeyCampaignLift: "Campaign lift: the ER and post reach of the posts published inside a window against those of the 8 weeks (56 days) before it. " +
		"Post reach is compared per post, since the two spans differ in length.",
	KeyExperiment: "Experiment: two groups of posts (by content type, hashtag in the caption, custom label, hour band or platform) compared by " +
		"the number of posts, median post ER and its difference (A - B), with a two-sided Mann-Whitney U test on the post ERs " +
		"(exact p-value for small groups without ties, otherwise the normal approximation with tie and continuity correction). " +
		"A post in both groups is left out of both. Read as \"" + LabelLikelyReal + "\" where p < 0.05, otherwise \"" + LabelCouldBeChance + "\".",
	KeyAwareness: "Awareness calendar: mental-health awareness days, weeks and months a practice plans around, computed for any year by their " +
		"organisers' usual rule; organisers occasionally move dates, so check their page before planning.",
	KeyTimeseries: "Charts over a period: each day's daily figure per platform, summed over the platform's accounts that reported it that day; " +
		"a gap where no account reported it (a day without a file is not 0). " +
		"Followers per day are those at the end of the day, by the definition of followers. " +
		"The engagement rate per ISO week (Monday to Sunday, practice time zone) is the ER of the set of posts published that week; " +
		"the first and last weeks hold only the posts published inside the period.",
	KeyNotes: "Notes: the practice's own remarks on days (campaigns, closures, press), shown on the calendar next to the awareness dates.",
}
