/* test_calendar.c - unit tests of lib/calendar.c: dates, US Eastern time, announcement days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ax.h"
#include "tap.h"

static long
day(const char *s)
{
	long d = -999999;

	cal_parse_date(s, &d);
	return d;
}

static const char *
eastern(const char *iso)
{
	static char out[11];
	time_t t = 0;

	cal_parse_time(iso, &t);
	cal_format(cal_eastern_day(t), out);
	return out;
}

int
main(int argc, char *argv[])
{
	struct cal_holidays h = { 0 };
	char out[11];
	const char *why;
	long d;
	time_t t;
	FILE *fp;
	char path[] = "/tmp/axcalXXXXXX";
	int fd;

	(void)argc;
	setprog(argv[0]);
	ok(cal_days(1970, 1, 1) == 0 && cal_days(2000, 3, 1) == 11017, "days since the epoch");
	cal_format(cal_days(2024, 2, 29), out);
	ok(strcmp(out, "2024-02-29") == 0, "a leap day round-trips");
	ok(cal_parse_date("2025-02-29", &d) == -1 && cal_parse_date("2025-13-01", &d) == -1 &&
	    cal_parse_date("2025-9-1", &d) == -1, "impossible and malformed dates are refused");
	ok(cal_weekday(day("2025-09-10")) == 3, "2025-09-10 was a Wednesday");

	/* the real deployment's digests are Monday to Friday */
	ok(cal_announces(day("2025-09-10"), NULL, &why) == 1, "a Wednesday is an announcement day");
	ok(cal_announces(day("2025-09-12"), NULL, &why) == 1, "a Friday is an announcement day");
	ok(cal_announces(day("2025-09-13"), NULL, &why) == 0 && strcmp(why, "Saturday") == 0,
	    "no announcement on Saturday, and it says why");
	ok(cal_announces(day("2026-08-02"), NULL, &why) == 0 && strcmp(why, "Sunday") == 0,
	    "no announcement on Sunday");

	ok(strcmp(eastern("2025-09-10T03:30:00Z"), "2025-09-09") == 0,
	    "23:30 EDT is still the previous Eastern day");
	ok(strcmp(eastern("2025-09-10T04:30:00Z"), "2025-09-10") == 0,
	    "00:30 EDT is the new Eastern day");
	ok(strcmp(eastern("2025-12-10T04:30:00Z"), "2025-12-09") == 0,
	    "in winter Eastern is UTC-5: 23:30 EST");
	ok(strcmp(eastern("2025-12-10T05:30:00Z"), "2025-12-10") == 0, "00:30 EST");
	ok(cal_eastern_offset(cal_days(2025, 3, 9) * 86400L + 6 * 3600 + 59 * 60) == -5 * 3600 &&
	    cal_eastern_offset(cal_days(2025, 3, 9) * 86400L + 7 * 3600) == -4 * 3600,
	    "daylight time starts 2025-03-09 02:00 EST");
	ok(cal_eastern_offset(cal_days(2025, 11, 2) * 86400L + 5 * 3600 + 59 * 60) == -4 * 3600 &&
	    cal_eastern_offset(cal_days(2025, 11, 2) * 86400L + 6 * 3600) == -5 * 3600,
	    "daylight time ends 2025-11-02 02:00 EDT");

	ok(cal_parse_time("2025-09-10T00:30:00-04:00", &t) == 0 &&
	    t == cal_days(2025, 9, 10) * 86400L + 4 * 3600 + 30 * 60, "ISO 8601 with an offset");
	ok(cal_parse_time("1757476800", &t) == 0 && t == 1757476800, "epoch seconds");
	ok(cal_parse_time("yesterday", &t) == -1, "a bad time is refused");
	setenv("AX_NOW", "2025-09-10T12:00:00Z", 1);
	ok(cal_now() == cal_days(2025, 9, 10) * 86400L + 12 * 3600, "AX_NOW pins the clock");

	ok(cal_rfc822_day("Mon, 27 Apr 2026 00:00:00 -0400", &d) == 0 && d == day("2026-04-27"),
	    "an RSS pubDate names its own date, whatever the offset");
	ok(cal_rfc822_day("27 Apr 2026", &d) == 0 && d == day("2026-04-27"), "without a weekday");
	ok(cal_rfc822_day("Mon, 27 Foo 2026", &d) == -1, "a bad month is refused");

	fd = mkstemp(path);
	fp = fdopen(fd, "w");
	fputs("# arXiv holidays (hand-made for this test)\n2025-12-25\n\n2026-01-01  # New Year\nnot-a-date\n", fp);
	fclose(fp);
	ok(cal_holidays_load(&h, path) == 1 && h.n == 2, "holidays file: dates, comments, a bad line reported");
	ok(cal_announces(day("2025-12-26"), &h, &why) == 0 && strstr(why, "holiday"),
	    "no feed the day after a holiday evening");
	ok(cal_announces(day("2025-12-25"), &h, &why) == 1,
	    "the feed dated the holiday itself was announced the evening before");
	ok(!cal_uncertain(day("2025-12-26"), &h) && !cal_uncertain(day("2026-01-02"), &h) &&
	    cal_uncertain(day("2025-12-25"), &h) && cal_uncertain(day("2026-01-03"), &h),
	    "the file's span: the feeds of the evenings from its first to its last date");
	ok(cal_announces(day("2025-11-28"), &h, &why) == 0 && strstr(why, "Thanksgiving"),
	    "outside the span the rules decide (Thanksgiving 2025)");
	cal_holidays_free(&h);
	unlink(path);

	/* the rules: US federal holidays arXiv keeps, observed as 5 U.S.C. 6103(b) says */
	ok(cal_rule_holiday(day("2024-11-28")) && cal_rule_holiday(day("2027-11-25")) &&
	    cal_rule_holiday(day("2031-11-27")), "Thanksgiving, the 4th Thursday of November");
	ok(cal_rule_holiday(day("2024-05-27")) && cal_rule_holiday(day("2027-05-31")) &&
	    !cal_rule_holiday(day("2027-05-24")), "Memorial Day, the last Monday of May");
	ok(cal_rule_holiday(day("2025-09-01")) && cal_rule_holiday(day("2031-09-01")),
	    "Labor Day, the first Monday of September");
	ok(cal_rule_holiday(day("2027-07-05")) && !cal_rule_holiday(day("2027-07-04")) &&
	    cal_rule_holiday(day("2026-07-03")), "a Sunday holiday is kept on Monday, a Saturday one on Friday");
	ok(cal_rule_holiday(day("2027-12-31")) && cal_rule_holiday(day("2027-12-24")),
	    "New Year's Day 2028 (a Saturday) on 2027-12-31, Christmas 2027 on Friday 12-24");
	ok(!cal_rule_holiday(day("2020-06-19")) && cal_rule_holiday(day("2022-06-20")),
	    "Juneteenth only from 2021 (2022-06-19 a Sunday: kept on Monday)");
	ok(!cal_rule_holiday(day("2027-01-18")) && !cal_rule_holiday(day("2027-10-11")) &&
	    !cal_rule_holiday(day("2027-11-11")) && !cal_rule_holiday(day("2027-02-15")),
	    "arXiv announces on MLK Day, Columbus Day, Veterans Day, Presidents' Day");
	ok(cal_announces(day("2024-11-29"), NULL, &why) == 0 && strcmp(why,
	    "the day after Thanksgiving, an arXiv holiday by rule") == 0 &&
	    cal_uncertain(day("2024-11-29"), NULL), "no file: the rules, uncertain");
	for (d = day("2000-01-01"), t = 0; d < day("2100-01-01"); d++)
		if (cal_rule_holiday(d))
			t++;
	ok(t == 100 * 6 + 79 - 1, "a century: six holidays a year, Juneteenth from 2021 (1999-12-31 holds New Year 2000)");
	ok(cal_holidays_load(&h, "/nonexistent/holidays") == -1, "a missing holidays file is -1");
	return done_testing();
}
