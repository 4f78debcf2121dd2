#!/usr/bin/env python3
"""Writes the legacy Facebook Insights fixtures in this directory: UTF-8 with a BOM,
a description row under the header, names as Facebook gave them (the Page name,
"Tiny Page - Berlin", holds " - " itself). ingest/facebook_legacy_test.go asserts
every value in them; change both together. Run from this directory."""

BOM = b"\xef\xbb\xbf"


def utf8(name, text):
    with open(name, "wb") as f:
        f.write(BOM + text.encode("utf-8"))


# Page level: a repeated header (total count first, unique users second), a weekly
# column that is not loaded, "1,234", "450.0", "-", "undefined", a bad value on line
# 5 and a short row.
utf8("Facebook Insights Data Export - Tiny Page - Berlin - 2019-07-31.csv",
     'Date,Lifetime Total Likes,Daily New Likes,Daily Unlikes,Daily Page Engaged Users,Daily Total Reach,'
     'Weekly Total Reach,Daily Total Impressions,Daily Logged-in Page Views,Daily Logged-in Page Views,'
     'Daily Page Consumptions\n'
     ',Lifetime: The total number of people who have liked your Page. (Unique Users),'
     'Daily: The number of new people who have liked your Page (Unique Users),'
     'Daily: The number of Unlikes of your Page (Unique Users),'
     '"Daily: The number of people who engaged with your Page. Engagement includes any click, like, comment or share. (Unique Users)",'
     'Daily: The number of people who had any content from your Page enter their screen. (Unique Users),'
     'Weekly: The number of people who had any content from your Page enter their screen. (Unique Users),'
     'Daily: The number of times any content from your Page entered a person\'s screen. (Total Count),'
     'Daily: Page Views from users logged into Facebook (Total Count),'
     'Daily: Page Views from users logged into Facebook (Unique Users),'
     'Daily: The number of clicks on any of your content. (Total Count)\n'
     '2019-01-15,"1,234",5,,12,300,999,450.0,7,4,9\n'
     '2019-07-01,1240,6,1,-,310,999,460,8,5,undefined\n'
     '2019-07-02,1241,x,0,1,1,1,1,1,1,1\n'
     '2019-07-03,1242,2\n')

# Post level: the caption over two lines with an entity and quotes, a winter and a
# summer time, "Stories" and "Talking About This" likes (Stories win), a repeated
# header, a bad Reach on line 6, a short row and an id without the page prefix.
utf8("Facebook Insights Data Export (Post Level) - Tiny Page - Berlin - 2019-01-01 - 2019-07-31.csv",
     'Post ID,Permalink,Post Message,Type,Posted,Lifetime Post Total Reach,Lifetime Post Total Impressions,'
     'Lifetime Talking About This (Post) by action type - like,Lifetime Post Stories by action type - like,'
     'Lifetime Post Stories by action type - comment,Lifetime Post Stories by action type - share,'
     'Lifetime Post Consumptions,Lifetime Post Consumers,Lifetime Organic Video Views,Lifetime Organic Video Views\n'
     ',,,,,Lifetime: The total number of people your Page post was served to. (Unique Users),'
     'Lifetime: The number of impressions of your Page post. (Total Count),'
     'Lifetime: The number of unique people who created a story about your Page post by interacting with it. (Unique Users),'
     'Lifetime: The number of stories created about your Page post. (Total Count),,,'
     'Lifetime: The number of clicks anywhere in your post. (Total Count),'
     'Lifetime: The number of people who clicked anywhere in your post. (Unique Users),'
     'Lifetime: Number of times your video was viewed (Total Count),'
     'Lifetime: Number of people who viewed your video (Unique Users)\n'
     '111_201,https://www.facebook.com/TinyPage/posts/201,"Q&amp;A tonight\n""Bring questions""",Photo,'
     '01/15/2019 11:45:22 PM,"1,234",2000.0,40,45,3,,30,20,5,6\n'
     '111_202,https://www.facebook.com/TinyPage/videos/202/,Summer,Video,07/01/2019 12:05:00 AM,'
     '300,500,8,9,1,-,12,10,100,90\n'
     '111_203,https://www.facebook.com/TinyPage/posts/203,Bad reach,Status,07/02/2019 01:00:00 PM,'
     'abc,1,1,1,1,1,1,1,1,1\n'
     '111_204,https://www.facebook.com/TinyPage/posts/204,Short,Link,07/03/2019 09:00:00 AM,10\n'
     '205,https://www.facebook.com/TinyPage/posts/205,,SharedVideo,07/04/2019 12:00:00 PM,'
     '1,2,undefined,,,,,,,\n')

# Video posts: blank targeting cells, "Talking About This" as the only likes, video views.
utf8("Facebook Insights Data Export (Video Posts) - Tiny Page - Berlin - 2019-01-01 - 2019-07-31.csv",
     'Post ID,Permalink,Post Message,Type,Posted,Audience Targeting,Content Tags,'
     'Lifetime Post Total Impressions,Lifetime Total Video Views,Lifetime Post Total Reach,'
     'Lifetime Talking About This (Post) by action type - like,'
     'Lifetime Talking About This (Post) by action type - comment,'
     'Lifetime Talking About This (Post) by action type - share\n'
     ',,,,,,,Lifetime: The number of impressions of your Page post. (Total Count),'
     'Lifetime: Total number of times your video was viewed for more than 3 seconds. (Total Count),'
     'Lifetime: The total number of people your Page post was served to. (Unique Users),'
     'Lifetime: The number of unique people who created a story about your Page post by interacting with it. (Unique Users),,\n'
     '111_202,https://www.facebook.com/TinyPage/videos/202/,Summer,Video,07/01/2019 12:05:00 AM, , ,'
     '500,120,300,9,1,\n')
