/*
 * calendar.c - arXiv's announcement calendar.  arXiv announces Sunday to
 * Thursday at 20:00 US Eastern; the RSS feed is refreshed at midnight Eastern
 * and dated that day, so the announcement days are Monday to Friday (Eastern
 * dates), less arXiv's holidays.  Everything here is arithmetic on dates, so it
 * needs no time zone database and can be tested alone.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ax.h"

/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm) */
long
cal_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
cal_civil(long days, int *y, int *m, int *d)
{
	long z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
cal_weekday(long days)
{
	/* 1970-01-01 was a Thursday; 0 is Sunday */
	return (int)(((days % 7) + 7 + 4) % 7);
}

/* the day (1-31) of the n-th Sunday of a month */
static int
nth_sunday(int y, int m, int n)
{
	int first = cal_weekday(cal_days(y, m, 1));

	return 1 + (7 - first) % 7 + 7 * (n - 1);
}

long
cal_eastern_offset(time_t t)
{
	long days = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int y, m, d;
	time_t start, end;

	cal_civil(days, &y, &m, &d);
	/* US rules since 2007: 2:00 local on the 2nd Sunday of March to 2:00 on the 1st Sunday of November */
	start = (time_t)cal_days(y, 3, nth_sunday(y, 3, 2)) * 86400 + 7 * 3600;
	end = (time_t)cal_days(y, 11, nth_sunday(y, 11, 1)) * 86400 + 6 * 3600;
	return t >= start && t < end ? -4 * 3600 : -5 * 3600;
}

long
cal_eastern_day(time_t t)
{
	time_t local = t + cal_eastern_offset(t);

	return (long)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

int
cal_parse_date(const char *s, long *days)
{
	int y, m, d, n = 0, i;

	/* exactly YYYY-MM-DD: sscanf alone would take "2025- 9-10" and "+025-09-10" */
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -1;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*days = cal_days(y, m, d);
	cal_civil(*days, &y, &m, &n);
	if (n != d)
		return -1;	/* 2025-02-30 */
	return 0;
}

void
cal_format(long days, char out[11])
{
	int y, m, d;
	char tmp[32];

	cal_civil(days, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	memcpy(out, tmp, 10);
	out[10] = '\0';	/* a negative year would print 11 characters */
}

int
cal_parse_time(const char *s, time_t *t)
{
	long days;
	int hh = 0, mm = 0, ss = 0, n = 0, oh, om;
	long off = 0;
	const char *p;
	char *end;
	long long v;

	/* all digits: seconds since the epoch */
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end != s && *end == '\0' && errno == 0) {
		/* years 0000-9999 like the ISO form: the date arithmetic cannot overflow */
		if (v < -62167219200LL || v > 253402300799LL)
			return -1;
		*t = (time_t)v;
		return 0;
	}
	if (cal_parse_date(s, &days) == -1)
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d%n", &hh, &mm, &n) != 2)
			return -1;
		p += 1 + n;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &ss, &n) != 1)
				return -1;
			p += 1 + n;
		}
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2)
				return -1;
			off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
			p += 1 + n;
		}
	}
	if (*p != '\0' || hh > 23 || mm > 59 || ss > 60)
		return -1;
	*t = (time_t)days * 86400 + hh * 3600 + mm * 60 + ss - off;
	return 0;
}

time_t
cal_now(void)
{
	const char *s = getenv("AX_NOW");
	time_t t;

	/* AX_NOW pins the clock (tests, replays): epoch seconds or ISO 8601 */
	if (s && *s) {
		if (cal_parse_time(s, &t) == 0)
			return t;
		msg("AX_NOW: '%s' is not a time; using the clock", s);
	}
	return time(NULL);
}

int
cal_rfc822_day(const char *s, long *days)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4];
	int d, y, n = 0;
	const char *p;

	/* "Mon, 27 Apr 2026 00:00:00 -0400": the date as the feed wrote it */
	while (isspace((unsigned char)*s))
		s++;
	if ((p = strchr(s, ',')) != NULL)
		s = p + 1;
	if (sscanf(s, "%d %3s %d%n", &d, mon, &y, &n) != 3)
		return -1;
	if ((p = strstr(months, mon)) == NULL || (p - months) % 3 != 0 || mon[0] == '\0')
		return -1;
	if (y < 100)
		y += 2000;
	if (d < 1 || d > 31 || y < 0 || y > 9999)
		return -1;
	*days = cal_days(y, (int)(p - months) / 3 + 1, d);
	return 0;
}

int
cal_holidays_load(struct cal_holidays *h, const char *path)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, days;
	int ret = 0;
	char *p;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			continue;
		p[strcspn(p, " \t\r\n")] = '\0';
		if (cal_parse_date(p, &days) == -1) {
			msg("%s:%ld: '%s' is not a date (YYYY-MM-DD)", path, lineno, p);
			ret = 1;
			continue;
		}
		h->days = xreallocarray(h->days, h->n + 1, sizeof *h->days);
		h->days[h->n++] = days;
		if (h->n == 1 || days < h->lo)
			h->lo = days;
		if (h->n == 1 || days > h->hi)
			h->hi = days;
	}
	free(line);
	fclose(fp);
	return ret;
}

void
cal_holidays_free(struct cal_holidays *h)
{
	free(h->days);
	h->days = NULL;
	h->n = 0;
	h->lo = h->hi = 0;
}

/*
 * arXiv's holidays by rule, for the years no holidays file covers.  arXiv
 * (Cornell) publishes its schedule each year (info.arxiv.org/help/availability,
 * "Holiday schedule"): it has not announced on the evenings of these US
 * federal holidays (5 U.S.C. 6103(a)), and it announces on the others
 * (Martin Luther King Jr. Day, Presidents' Day, Columbus Day, Veterans Day).
 * A fixed-date holiday on a Saturday is observed the Friday before, on a
 * Sunday the Monday after, as the federal rule has it (5 U.S.C. 6103(b),
 * Executive Order 11582).  The real data agree: no feed was dated 2025-09-02,
 * the day after Labor Day.
 */
static const struct rule {
	int	 month;
	int	 mday;		/* a fixed date, or 0: the nth weekday */
	int	 wday, nth;	/* 0 Sunday .. 6 Saturday; nth -1: the last */
	int	 since;		/* the first year */
	const char *why;	/* the feed the day after: why it is empty */
} rules[] = {
	{ 1, 1, 0, 0, 1900, "the day after New Year's Day, an arXiv holiday by rule" },
	{ 5, 0, 1, -1, 1971, "the day after Memorial Day, an arXiv holiday by rule" },
	{ 6, 19, 0, 0, 2021, "the day after Juneteenth, an arXiv holiday by rule" },
	{ 7, 4, 0, 0, 1900, "the day after Independence Day, an arXiv holiday by rule" },
	{ 9, 0, 1, 1, 1900, "the day after Labor Day, an arXiv holiday by rule" },
	{ 11, 0, 4, 4, 1942, "the day after Thanksgiving, an arXiv holiday by rule" },
	{ 12, 25, 0, 0, 1900, "the day after Christmas Day, an arXiv holiday by rule" },
};

/* the day (days since the epoch) a rule falls on in year y */
static long
rule_day(const struct rule *r, int y)
{
	long first, d;
	int n;

	if (r->mday > 0) {
		d = cal_days(y, r->month, r->mday);
		if (cal_weekday(d) == 6)
			return d - 1;
		if (cal_weekday(d) == 0)
			return d + 1;
		return d;
	}
	if (r->nth > 0) {
		first = cal_days(y, r->month, 1);
		return first + (r->wday - cal_weekday(first) + 7) % 7 + 7 * (r->nth - 1);
	}
	/* the last: back from the first of the next month */
	first = r->month == 12 ? cal_days(y + 1, 1, 1) : cal_days(y, r->month + 1, 1);
	n = (cal_weekday(first - 1) - r->wday + 7) % 7;
	return first - 1 - n;
}

const char *
cal_rule_holiday(long days)
{
	int y, m, d;
	size_t i;

	cal_civil(days, &y, &m, &d);
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (y < rules[i].since)
			continue;
		/* New Year's Day on a Saturday is observed on December 31 */
		if (rule_day(&rules[i], y) == days || (m == 12 && rule_day(&rules[i], y + 1) == days))
			return rules[i].why;
	}
	return NULL;
}

int
cal_uncertain(long days, const struct cal_holidays *h)
{
	return h == NULL || h->n == 0 || days - 1 < h->lo || days - 1 > h->hi;
}

int
cal_announces(long days, const struct cal_holidays *h, const char **why)
{
	static const char *names[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	int wd = cal_weekday(days);
	const char *r;
	size_t i;

	if (wd == 0 || wd == 6) {
		if (why)
			*why = names[wd];
		return 0;
	}
	/*
	 * A holiday names the evening arXiv does not announce: the feed dated
	 * the next day is empty (Labor Day 2025-09-01 left no 2025-09-02 feed).
	 * Inside the span of the holidays file its dates are arXiv's published
	 * schedule; outside it, the rules.
	 */
	if (!cal_uncertain(days, h)) {
		for (i = 0; i < h->n; i++)
			if (h->days[i] == days - 1) {
				if (why)
					*why = "an arXiv holiday";
				return 0;
			}
	} else if ((r = cal_rule_holiday(days - 1)) != NULL) {
		if (why)
			*why = r;
		return 0;
	}
	if (why)
		*why = names[wd];
	return 1;
}
