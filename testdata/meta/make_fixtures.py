#!/usr/bin/env python3
"""Writes the Meta fixtures in this directory, byte for byte as Meta does: the post
exports as UTF-8 with a BOM, the daily and audience files as UTF-16LE with a BOM and
"\n" line ends. ingest/meta_test.go asserts every value in them; change both together.
Run from this directory: python3 make_fixtures.py"""

BOM = b"\xef\xbb\xbf"


def utf8(name, text):
    with open(name, "wb") as f:
        f.write(BOM + text.encode("utf-8"))


def utf16(name, text):
    with open(name, "wb") as f:
        f.write(b"\xff\xfe" + text.encode("utf-16-le"))


# Instagram: columns in another order than Meta's, the pre-2025 "Impressions", two
# accounts, a caption over four lines with an HTML entity, and a bad Reach on line 7.
utf8("Mar-01-2025_Jul-15-2025_17841400000000001.csv",
     '"Account username","Post ID",Description,"Publish time","Post type","Account ID","Account name",'
     'Permalink,Date,Impressions,Reach,Saves,Likes,Comments,Shares,Follows,"Duration (sec)"\n'
     'studio_a,1001,"Spring menu &amp; prices\nline two\n\n#tag","01/15/2025 09:30","IG carousel",'
     '178410001,"Studio A",https://www.instagram.com/p/AAA/,Lifetime,"1,234",5.0,-,undefined,,3,0,12\n'
     'studio_b,1002,"Summer ""quoted"" post","07/01/2025 18:05","IG reel",178410002,"Studio B",'
     'https://www.instagram.com/reel/BBB/,Lifetime,900,450,7,88,4,2,1,30\n'
     'studio_a,1003,"bad reach","03/29/2025 12:00","IG image",178410001,"Studio A",'
     'https://www.instagram.com/p/CCC/,Lifetime,10,abc,0,1,0,0,0,0\n'
     'studio_a,1004,,"04/01/2025 00:30","IG story",178410001,"Studio A",'
     'https://www.instagram.com/stories/DDD/,Lifetime,20,15,N/A,2,1,0,,0\n')

# Facebook: "Views" twice (the second must be ignored), Title as the fallback caption,
# custom labels, a short (ragged) row, and each Facebook post type.
utf8("Jan-01-2025_Mar-31-2025_100000000000001.csv",
     '"Post ID","Page ID","Page name",Title,Description,"Publish time","Post type","Custom labels",'
     'Date,Views,Reach,Reactions,Comments,Shares,"Total clicks","Seconds viewed",Views,"3-second video views"\n'
     '2001,100000000000001,"Café Corner &amp; Bar","Title only",,"02/03/2025 10:00",Photos,'
     '"Promo, Spring|Sale",Lifetime,100,80,10,2,1,5,,999,\n'
     '2002,100000000000001,"Café Corner &amp; Bar","Reel title","Reel description\nsecond line",'
     '"06/10/2025 21:15",Reels,,Lifetime,"2,500",1200,40,6,3,25,202.708,999,44\n'
     '2003,100000000000001,"Café Corner &amp; Bar",,"Short row","03/01/2025 08:00",Videos,,Lifetime,70,60\n'
     '2004,100000000000001,"Café Corner &amp; Bar",,"A link","03/02/2025 08:00",Links,,Lifetime,1,1,0,0,0,1,,,\n'
     '2005,100000000000001,"Café Corner &amp; Bar",,"Words","03/03/2025 08:00",Text,,Lifetime,2,2,0,0,0,0,,,\n'
     '2006,100000000000001,"Café Corner &amp; Bar",,"Status","03/04/2025 08:00",Status,,Lifetime,3,3,0,0,0,0,,,\n'
     '2007,100000000000001,"Café Corner &amp; Bar",,"An album","03/05/2025 08:00",Albums,,Lifetime,4,4,0,0,0,0,,,\n')

# Daily files. Reach: thousands separator, float text, the hour Meta shifts with
# daylight saving time, "not reported" and a bad value on line 8.
utf16("Reach.csv",
      'sep=,\n"Instagram reach"\n"Date","Primary"\n'
      '"2025-03-29T00:00:00","1,234"\n'
      '"2025-03-30T01:00:00","5.0"\n'
      '"2025-03-31T00:00:00",""\n'
      '"2025-04-01T00:00:00","-"\n'
      '"2025-04-02T00:00:00","abc"\n'
      '"2025-04-03T00:00:00","17"\n')
# A title that does not name the platform.
utf16("Views.csv",
      'sep=,\n"Views"\n"Date","Primary"\n'
      '"2025-01-01T01:00:00","16"\n'
      '"2025-01-02T01:00:00","35"\n')
# A period without data: the header, no days.
utf16("Follows.csv", 'sep=,\n"Instagram follows"\n"Date","Primary"\n')
# Audience: the follower count and a demographics section.
utf16("Audience.csv",
      'sep=,\n"Facebook followers"\n"PAGE,FOLLOW,UNIQUE_USERS"\n"2,345"\n\n'
      '"Age & gender"\n"","Women","Men"\n"18-24","10.6","6.5"\n\n')
