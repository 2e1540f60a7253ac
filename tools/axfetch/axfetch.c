/*
 * axfetch.c - reads arXiv's RSS feed, Atom API, OAI-PMH, or saved documents
 * and writes one paper record (ax-paper(5)) a line on stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "ax.h"
#include "axfetch.h"

#define RSS_URL	"https://rss.arxiv.org/rss"
#define API_URL	"http://export.arxiv.org/api/query"
#define OAI_URL	"https://oaipmh.arxiv.org/oai"
#define API_MAX	30000	/* the API returns no more results per query */

static int	 fflag, apiflag, oaiflag, schedflag, checkflag;
static const char *rssurl, *apiurl, *oaiurl, *from, *until, *holfile, *argv0, *annday;
static const char *format = "arXiv";
static long	 pagesize = 2000;
static double	 delay = 3;
static struct http_opts hopts = { .retries = -1 };

/* --- calendar ---------------------------------------------------------- */

static struct cal_holidays hol;

/* --holidays, $AX_HOLIDAYS, DATADIR/holidays.txt, ../examples beside the program */
static void
load_holidays(void)
{
	static int loaded;
	char *path;
	int rc;

	if (loaded++)
		return;
	if ((path = datafile(holfile, "AX_HOLIDAYS", "holidays.txt", argv0)) == NULL) {
		msg("no holidays file (none in %s, $AX_HOLIDAYS unset): arXiv's holidays "
		    "by rule only, every day uncertain", datadir());
		return;
	}
	rc = cal_holidays_load(&hol, path);
	if (rc == -1)
		die(EX_USAGE, "%s:", path);
	if (rc == 1)
		die(EX_USAGE, "%s: not a holidays file", path);
	free(path);
}

static long
today(void)
{
	return cal_eastern_day(cal_now());
}

/* why the calendar is a guess outside the holidays file: to out */
static void
uncertain(char *out, size_t outlen)
{
	char lo[11], hi[11];

	if (hol.n == 0) {
		snprintf(out, outlen, "no holidays file");
		return;
	}
	cal_format(hol.lo, lo);
	cal_format(hol.hi, hi);
	snprintf(out, outlen, "outside the holidays file's %s..%s", lo, hi);
}

/*
 * A feed without records: quiet when arXiv did not announce that day, a
 * failure when it did.  The day is the feed's own date, else (usenow) the
 * Eastern date now; a saved document without a date is only noted.
 */
static int
empty_feed(const struct feed *f, int usenow)
{
	const char *why;
	char ds[11], note[160];
	long day;

	if (!f->hasday && !usenow) {
		msg("%s: no records (empty feed)", f->name);
		return 0;
	}
	load_holidays();
	day = f->hasday ? f->day : today();
	cal_format(day, ds);
	if (!cal_announces(day, &hol, &why)) {
		msg("%s: no records: arXiv did not announce on %s (%s)", f->name, ds, why);
		return 0;
	}
	if (cal_uncertain(day, &hol)) {
		uncertain(note, sizeof note);
		msg("%s: no records on %s (%s): the calendar cannot tell whether arXiv announced "
		    "(%s, by rule only): not counted as a failure", f->name, ds, why, note);
		return 0;
	}
	msg("%s: no records: arXiv announced on %s (%s) but the feed is empty", f->name, ds, why);
	return 1;
}

/* --schedule: the announcement days from..until, or whether today is one */
static int
schedule(void)
{
	const char *why;
	char ds[11], note[160];
	long d, lo, hi, n = 0;
	int yes;

	load_holidays();
	if (from == NULL) {
		d = today();
		cal_format(d, ds);
		yes = cal_announces(d, &hol, &why);
		if (yes)
			printf("%s\n", ds);
		if (cal_uncertain(d, &hol)) {
			uncertain(note, sizeof note);
			msg("%s: arXiv %s (%s; uncertain: %s)", ds, yes ? "announces" :
			    "does not announce", why, note);
		} else
			msg("%s: arXiv %s (%s)", ds, yes ? "announces" : "does not announce", why);
		return !yes;
	}
	cal_parse_date(from, &lo);
	if (until)
		cal_parse_date(until, &hi);
	else
		hi = today();
	if (hi < lo)
		die(EX_USAGE, "--until is before --from");
	if (hi - lo > 3660)
		die(EX_USAGE, "--from..--until: at most ten years");
	for (d = lo; d <= hi; d++) {
		yes = cal_announces(d, &hol, &why);
		cal_format(d, ds);
		if (yes) {
			printf("%s\n", ds);
			n++;
		}
		/* every weekday the rules decide is marked, listed or not */
		if (cal_uncertain(d, &hol) && cal_weekday(d) % 6 != 0)
			msg("%s: uncertain: %s (%s)", ds, yes ? "announces by rule" :
			    "no announcement by rule", why);
	}
	if (cal_uncertain(lo, &hol) || cal_uncertain(hi, &hol)) {
		uncertain(note, sizeof note);
		msg("the days marked uncertain are %s: arXiv's holidays there follow the rules "
		    "of axfetch(1), not its published schedule", note);
	}
	return n == 0;
}

/* --- saved documents -------------------------------------------------- */

/*
 * A stream read in chunks.  The XML read callback stops at the next "<?xml"
 * so that several documents concatenated in one stream parse one by one.
 */
struct in {
	FILE	*fp;
	char	*buf;
	size_t	 len, pos, cap, delivered;
	int	 eof, stop;
	struct fixer fx;	/* bad bytes replaced as they are read */
	char	*raw;		/* bytes read, not yet fixed */
	size_t	 nraw;		/* the tail of a sequence split by a read */
	struct buf fixed;
};

#define IN_CHUNK 131072

static void
in_fill(struct in *in)
{
	size_t n, used;

	/* refill when little is left, so that the memmove stays small */
	if (in->eof || in->len - in->pos >= 8192)
		return;
	if (in->pos > 0) {
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	if (in->raw == NULL)
		in->raw = xmalloc(IN_CHUNK);
	/* the fixer may hold bytes back (a split sequence, the first bytes): read on */
	do {
		n = fread(in->raw + in->nraw, 1, IN_CHUNK - in->nraw, in->fp);
		if (n < IN_CHUNK - in->nraw)
			in->eof = 1;	/* fread is short only at the end or on an error */
		n += in->nraw;
		buf_reset(&in->fixed);
		used = xml_fix(&in->fx, in->raw, n, in->eof, &in->fixed);
		in->nraw = n - used;
		memmove(in->raw, in->raw + used, in->nraw);
	} while (in->fixed.len == 0 && !in->eof);
	if (in->cap < in->len + in->fixed.len) {
		in->cap = in->len + in->fixed.len;
		in->buf = xrealloc(in->buf, in->cap);
	}
	if (in->fixed.len > 0)
		memcpy(in->buf + in->len, in->fixed.s, in->fixed.len);
	in->len += in->fixed.len;
}

/* the first "<?xml" in s[0..n): '?' is much rarer than '<' in XML */
static char *
findxml(char *s, size_t n)
{
	char *p, *q = s;

	while (n >= 5 && (p = memchr(q, '?', n - (size_t)(q - s) - 3)) != NULL) {
		if (p > s && p[-1] == '<' && memcmp(p + 1, "xml", 3) == 0)
			return p - 1;
		q = p + 1;
		if ((size_t)(q - s) + 3 >= n)
			break;
	}
	return NULL;
}

static int
in_read(void *arg, char *out, int outlen)
{
	struct in *in = arg;
	size_t avail, lim, skip, win;
	char *p;

	if (in->stop)
		return 0;
	in_fill(in);
	avail = in->len - in->pos;
	if (avail == 0)
		return 0;
	/* a document's own declaration does not end it */
	skip = in->delivered == 0 ? 1 : 0;
	/* look no further than this read can deliver: XML is full of '<' */
	win = avail < (size_t)outlen + 4 ? avail : (size_t)outlen + 4;
	p = win > skip ? findxml(in->buf + in->pos + skip, win - skip) : NULL;
	lim = p ? (size_t)(p - (in->buf + in->pos)) : win;
	/* keep a tail back so that a declaration split across reads is seen */
	if (p == NULL && !(in->eof && win == avail) && lim > 4)
		lim -= 4;
	if (lim == 0) {
		in->stop = 1;
		return 0;
	}
	if (lim > (size_t)outlen)
		lim = (size_t)outlen;
	memcpy(out, in->buf + in->pos, lim);
	in->pos += lim;
	in->delivered += lim;
	return (int)lim;
}

static int
in_getline(struct in *in, struct buf *line)
{
	char *nl;

	buf_reset(line);
	for (;;) {
		in_fill(in);
		if (in->pos == in->len)
			return line->len > 0;
		nl = memchr(in->buf + in->pos, '\n', in->len - in->pos);
		if (nl != NULL) {
			buf_add(line, in->buf + in->pos, (size_t)(nl - (in->buf + in->pos)));
			in->pos = (size_t)(nl - in->buf) + 1;
			return 1;
		}
		buf_add(line, in->buf + in->pos, in->len - in->pos);
		in->pos = in->len;
	}
}

static int
json_lines(struct in *in, struct feed *f)
{
	struct buf line = { 0 };
	struct json_object *o;
	const char *why;
	long lineno = 0;

	while (in_getline(in, &line)) {
		lineno++;
		/* CR and blanks at the ends only: a record passes through as it was */
		while (line.len > 0 && strchr(" \t\r", line.s[line.len - 1]) != NULL)
			line.s[--line.len] = '\0';
		if (line.len == 0 || line.s[strspn(line.s, " \t")] == '\0')
			continue;
		if ((o = jsonl_parse(line.s, line.len, &why)) == NULL) {
			msg("%s:%ld: %s", f->name, lineno, why);
			f->failed = 1;
			continue;
		}
		parse_json_line(o, f, lineno);
		json_object_put(o);
	}
	buf_free(&line);
	return f->failed ? -1 : 0;
}

static int
fetch_file(const char *path)
{
	struct in in = { 0 };
	struct feed f = { 0 };
	struct buf doc = { 0 };
	char chunk[65536];
	char *source;
	int ret = 0, more, n;

	f.name = strcmp(path, "-") == 0 ? "stdin" : path;
	if ((in.fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb")) == NULL) {
		msg("%s:", path);
		return 1;
	}
	source = xasprintf("file:%s", f.name);
	f.source = source;
	in.fx.name = f.name;
	f.dedupe = 1;
	do {
		feed_reset(&f);
		in.stop = 0;
		in.delivered = 0;
		for (;;) {
			in_fill(&in);
			if (in.pos < in.len && strchr(" \t\r\n", in.buf[in.pos]) != NULL)
				in.pos++;
			else
				break;
		}
		if (in.pos == in.len)
			break;
		if (in.buf[in.pos] == '{') {
			json_lines(&in, &f);
			more = 0;
		} else {
			/* one document whole (up to the next "<?xml"): a broken record is read past */
			buf_reset(&doc);
			while ((n = in_read(&in, chunk, sizeof chunk)) > 0)
				buf_add(&doc, chunk, (size_t)n);
			parse_xml_doc(buf_str(&doc), doc.len, &f);
			more = in.stop;
		}
		if (f.entries == 0 && !f.failed && f.errcode == NULL)
			ret |= empty_feed(&f, 0);
		if (f.deleted > 0)
			msg("%s: %ld deleted records skipped", f.name, f.deleted);
		if (f.repeats > 0)
			msg("%s: %ld records repeat papers printed before, each printed once",
			    f.name, f.repeats);
		ret |= f.failed;
	} while (more);
	if (ferror(in.fp)) {
		msg("%s: read error", f.name);
		ret = 1;
	}
	xml_fix_end(&in.fx);
	if (in.fx.nbad > 0)
		ret = 1;
	if (in.fp != stdin)
		fclose(in.fp);
	feed_reset(&f);
	free(in.buf);
	free(in.raw);
	buf_free(&in.fixed);
	buf_free(&doc);
	free(source);
	return ret;
}

/* --- network ---------------------------------------------------------- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* arXiv asks for one request every 3 seconds, one connection at a time */
static void
pace(void)
{
	static double last = -1;
	double t = now();

	if (last >= 0 && t - last < delay)
		http_sleep(delay - (t - last));
	last = now();
}

/* GET url and parse it; records of a partial body are still printed */
static int
fetch(const char *url, struct feed *f)
{
	struct http_resp resp = { 0 };
	int rc;

	pace();
	hopts.label = f->name;
	if (http_fetch(url, &hopts, &resp) == -1) {
		/* arXiv explains errors in the body (the API's Atom error entry) */
		if (resp.body.len > 0) {
			f->quiet = 1;
			parse_xml_memory(resp.body.s, resp.body.len, f);
			f->quiet = 0;
		}
		msg("%s: %s: %s", f->name, url, resp.err);
		f->failed = 1;
		http_resp_free(&resp);
		return -1;
	}
	rc = parse_xml_memory(resp.body.s, resp.body.len, f);
	http_resp_free(&resp);
	return rc;
}

static char *
esc(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0), *r;

	if (e == NULL)
		die(EX_FAIL, "out of memory");
	r = xstrdup(e);
	curl_free(e);
	return r;
}

static char *
joincats(int argc, char *argv[], const char *sep, const char *pre)
{
	struct buf b = { 0 };
	int i;

	for (i = 0; i < argc; i++) {
		if (i > 0)
			buf_adds(&b, sep);
		buf_printf(&b, "%s%s", pre, argv[i]);
	}
	return buf_take(&b);
}

static int
fetch_rss(int argc, char *argv[])
{
	struct feed f = { 0 };
	char *base, *cats, *url, *source;
	int ret;

	base = http_base(rssurl, "AX_RSS_URL", RSS_URL);
	cats = joincats(argc, argv, "+", "");
	url = xasprintf("%s/%s", base, cats);
	source = xasprintf("rss:%s", cats);
	f.name = f.source = source;
	f.dedupe = 1;
	feed_reset(&f);
	ret = fetch(url, &f) == -1;
	if (f.repeats > 0)
		msg("%s: %ld items repeat papers listed before, each printed once", f.name, f.repeats);
	if (f.entries == 0 && !f.failed)
		ret |= empty_feed(&f, 1);
	feed_reset(&f);
	free(base);
	free(cats);
	free(url);
	free(source);
	return ret;
}

/*
 * The API's listing of papers submitted in [lo, hi] (YYYYMMDDHHMM, GMT).
 * Only distinct ids count towards its totalResults: a slice that brings
 * fewer new papers than the total promised (empty, or repeating papers of
 * earlier slices, as a result set that shifts between requests does) is
 * asked again; what never comes is named and fails the run.  seen: the set
 * of ids printed (NULL: the run's own).
 */
static int
fetch_api(int argc, char *argv[], const char *lo, const char *hi, struct json_object *keep,
    struct strset *seen)
{
	struct feed f = { 0 };
	struct buf q = { 0 };
	char *base, *cats, *eq, *url;
	long start = 0, total = -1, distinct = 0, got = 0, want;
	int ret = 0, page = 0, asks = 0;

	base = http_base(apiurl, "AX_API_URL", API_URL);
	cats = joincats(argc, argv, " OR ", "cat:");
	buf_printf(&q, argc > 1 ? "(%s)" : "%s", cats);
	buf_printf(&q, " AND submittedDate:[%s TO %s]", lo, hi);
	eq = esc(q.s);
	f.name = f.source = "api";
	f.keep = keep;
	f.dedupe = 1;
	f.seen = seen;
	for (;;) {
		feed_reset(&f);
		url = xasprintf("%s?search_query=%s&start=%ld&max_results=%ld"
		    "&sortBy=submittedDate&sortOrder=ascending", base, eq, start, pagesize);
		page++;
		if (fetch(url, &f) == -1)
			ret = 1;
		free(url);
		distinct += f.records;
		if (f.total >= 0)
			total = f.total;
		if (isatty_stderr())
			msg("api: page %d, %ld records of %ld", page, distinct, total);
		if (ret)
			break;
		/* the new papers this slice owes: the API is known to answer short now and then */
		want = total < 0 ? 0 : total - start < pagesize ? total - start : pagesize;
		got += f.records;
		if (got < want && (f.entries == 0 || f.repeats > 0)) {
			if (++asks <= 3) {
				if (f.entries == 0)
					msg("api: empty page at %ld of %ld results, asking again", start, total);
				else
					msg("api: the page at %ld of %ld results repeats papers of "
					    "earlier pages (%ld), asking again", start, total, f.repeats);
				continue;
			}
			if (f.entries == 0) {
				msg("api: empty page at %ld of %ld results: %ld papers not fetched",
				    start, total, total - distinct);
				ret = 1;
				break;
			}
		}
		if (f.entries == 0)
			break;
		start += f.entries;
		got = 0;
		asks = 0;
		if (total >= 0 && start >= total)
			break;
		if (start >= API_MAX) {
			msg("api: %ld results, the API gives at most %d a query: "
			    "use a shorter date range", total, API_MAX);
			ret = 1;
			break;
		}
	}
	if (!ret && total >= 0 && distinct < total) {
		msg("api: %ld of %ld papers not fetched: the API repeated papers of earlier pages "
		    "in their place", total - distinct, total);
		ret = 1;
	}
	if (distinct == 0 && !ret)
		msg("api: no records");
	feed_reset(&f);
	buf_free(&q);
	free(eq);
	free(base);
	free(cats);
	return ret;
}

/* --api --from --until: whole days */
static int
fetch_days(int argc, char *argv[])
{
	char lo[13], hi[13];

	snprintf(lo, sizeof lo, "%.4s%.2s%.2s0000", from, from + 5, from + 8);
	snprintf(hi, sizeof hi, "%.4s%.2s%.2s2359", until, until + 5, until + 8);
	return fetch_api(argc, argv, lo, hi, NULL, NULL);
}

/* --- completeness: the RSS feed against the API --------------------------- */

/* the submission deadline of the feed dated day: 14:00 Eastern on the weekday before */
static time_t
cutoff(long day)
{
	time_t t;

	do
		day--;
	while (cal_weekday(day) == 0 || cal_weekday(day) == 6);
	t = (time_t)day * 86400 + 14 * 3600;
	return t - cal_eastern_offset(t + 5 * 3600);
}

static void
stamp(time_t t, char out[13])
{
	int y, m, d, hh = (int)((t % 86400 + 86400) % 86400 / 3600);
	int mm = (int)((t % 3600 + 3600) % 3600 / 60);
	long days = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	char tmp[32];

	cal_civil(days, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d%02d%02d%02d%02d", y % 10000, m % 100, d % 100, hh, mm);
	memcpy(out, tmp, 13);
}

static const char *
rstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static int
in_cats(const char *c, int argc, char *argv[])
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(c, argv[i]) == 0)
			return 1;
	return 0;
}

/* the API window of the announcement dated day: the previous one's deadline to this one's */
static void
window(long day, char lo[13], char hi[13])
{
	long prev;

	for (prev = day - 1; prev > day - 60 && !cal_announces(prev, &hol, NULL); prev--)
		;
	stamp(cutoff(prev), lo);
	stamp(cutoff(day) - 60, hi);
}

/* an API record as the announcement dated ds would list it */
static void
announced(struct json_object *o, const char *ds, int argc, char *argv[])
{
	json_object_object_add(o, "announce", json_object_new_string(
	    in_cats(rstr(o, "primary"), argc, argv) ? "new" : "cross"));
	json_object_object_add(o, "published", json_object_new_string(ds));
}

/* --api --announced DATE: the papers of that announcement, from the API */
static int
fetch_announced(int argc, char *argv[])
{
	struct json_object *api;
	const char *why;
	char lo[13], hi[13];
	size_t i, n;
	long day;
	int ret;

	load_holidays();
	cal_parse_date(annday, &day);
	if (!cal_announces(day, &hol, &why)) {
		msg("api: arXiv did not announce on %s (%s)", annday, why);
		return 0;
	}
	window(day, lo, hi);
	api = json_object_new_array();
	ret = fetch_api(argc, argv, lo, hi, api, NULL);
	n = json_object_array_length(api);
	for (i = 0; i < n; i++) {
		announced(json_object_array_get_idx(api, i), annday, argc, argv);
		jsonl_write(stdout, json_object_array_get_idx(api, i));
	}
	if (n == 0 && !ret) {
		msg("api: arXiv announced on %s (%s) but the API lists no paper submitted %s..%s",
		    annday, why, lo, hi);
		ret = 1;
	}
	json_object_put(api);
	return ret;
}

/*
 * --check: the feed's new and cross-listed papers against the API's listing
 * of the papers submitted between the previous announcement's deadline and
 * this one's; every record of either is printed once.
 */
static int
check(int argc, char *argv[])
{
	struct feed f = { 0 };
	struct json_object *rss, *api, *ids, *o;
	struct strset apiseen = { 0 };	/* the API's listing whole, the feed's papers too */
	char *base, *cats, *url, *source, ds[11], lo[13], hi[13];
	const char *why, *id, *an;
	size_t i, n;
	long day, missing = 0;
	int ret, guess;

	base = http_base(rssurl, "AX_RSS_URL", RSS_URL);
	cats = joincats(argc, argv, "+", "");
	url = xasprintf("%s/%s", base, cats);
	source = xasprintf("rss:%s", cats);
	f.name = f.source = source;
	f.dedupe = 1;
	f.keep = rss = json_object_new_array();
	api = json_object_new_array();
	ids = json_object_new_object();
	feed_reset(&f);
	ret = fetch(url, &f) == -1;
	load_holidays();
	day = f.hasday ? f.day : today();
	cal_format(day, ds);
	if (ret)
		goto out;
	if (!cal_announces(day, &hol, &why)) {
		if (f.entries == 0)
			msg("%s: no records: arXiv did not announce on %s (%s)", f.name, ds, why);
		else {
			msg("%s: dated %s, not an announcement day (%s): not checked", f.name, ds, why);
			ret = 1;
		}
		goto out;
	}
	window(day, lo, hi);
	/* a day the calendar only guesses: the API's listing decides */
	guess = cal_uncertain(day, &hol);
	if (f.entries == 0 && guess)
		msg("%s: no records on %s (%s): the calendar cannot tell whether arXiv announced; "
		    "the API's listing decides", f.name, ds, why);
	else if (f.entries == 0)
		msg("%s: no records: arXiv announced on %s (%s) but the feed is empty", f.name, ds, why);
	ret = fetch_api(argc, argv, lo, hi, api, &apiseen) | (f.entries == 0 && !guess);
	n = json_object_array_length(rss);
	for (i = 0; i < n; i++)
		json_object_object_add(ids, rstr(json_object_array_get_idx(rss, i), "id"), NULL);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(rss, i);
		an = rstr(o, "announce");
		if (strcmp(an, "new") != 0 && strcmp(an, "cross") != 0)
			continue;
		/* 0: new or cross in the feed, 1 once the API has it too */
		json_object_object_add(ids, rstr(o, "id"), json_object_new_int(0));
	}
	n = json_object_array_length(api);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(api, i);
		id = rstr(o, "id");
		if (json_object_object_get_ex(ids, id, NULL)) {
			json_object_object_add(ids, id, json_object_new_int(1));
			continue;
		}
		msg("%s: %s: in the API listing, not in the feed: added", f.name, id);
		missing++;
		announced(o, ds, argc, argv);
		json_object_array_add(rss, json_object_get(o));
	}
	json_object_object_foreach(ids, k, v) {
		if (v != NULL && json_object_get_int(v) == 0) {
			msg("%s: %s: in the feed, not in the API listing", f.name, k);
			missing++;
		}
	}
	if (missing > 0) {
		msg("%s: %s: %ld papers in one source only (API submittedDate %s..%s)",
		    f.name, ds, missing, lo, hi);
		ret = 1;
	}
out:
	n = json_object_array_length(rss);
	for (i = 0; i < n; i++)
		jsonl_write(stdout, json_object_array_get_idx(rss, i));
	json_object_put(rss);
	json_object_put(api);
	strset_free(&apiseen);
	json_object_put(ids);
	feed_reset(&f);
	free(base);
	free(cats);
	free(url);
	free(source);
	return ret;
}

static int
harvest(const char *base, const char *set)
{
	struct feed f = { 0 };
	struct buf u = { 0 };
	char *name, *e, *last = NULL;
	long total = 0, deleted = 0, repeats = 0, size = -1;
	int ret = 0, page = 0, nomatch = 0;

	name = set ? xasprintf("oai:%s", set) : xstrdup("oai");
	f.name = name;
	f.source = "oai";
	f.dedupe = 1;
	buf_printf(&u, "%s?verb=ListRecords&metadataPrefix=%s", base, format);
	if (set) {
		e = esc(set);
		buf_printf(&u, "&set=%s", e);
		free(e);
	}
	buf_printf(&u, "&from=%s", from);
	if (until)
		buf_printf(&u, "&until=%s", until);
	for (;;) {
		feed_reset(&f);
		page++;
		if (fetch(u.s, &f) == -1)
			ret = 1;
		total += f.records;
		deleted += f.deleted;
		repeats += f.repeats;
		if (f.listsize > 0)
			size = f.listsize;
		if (f.repeats > 0)
			msg("%s: page %d repeats %ld records of earlier pages", name, page, f.repeats);
		nomatch = f.errcode && strcmp(f.errcode, "noRecordsMatch") == 0;
		if (isatty_stderr())
			msg("%s: page %d, %ld records", name, page, total);
		if (ret || f.token == NULL || *f.token == '\0')
			break;
		/* a server handing back the token it was given would loop forever */
		if (last && strcmp(last, f.token) == 0) {
			msg("%s: the server repeated resumptionToken %s; harvest stopped", name, last);
			ret = 1;
			break;
		}
		free(last);
		last = xstrdup(f.token);
		buf_reset(&u);
		e = esc(f.token);
		buf_printf(&u, "%s?verb=ListRecords&resumptionToken=%s", base, e);
		free(e);
	}
	if (deleted > 0)
		msg("%s: %ld deleted records skipped", name, deleted);
	/* a repeated record stands where another should be: the list shifted between pages */
	if (repeats > 0 && !ret && size >= 0 && total + deleted < size) {
		msg("%s: %ld of %ld records not fetched: the server repeated %ld records of "
		    "earlier pages in their place", name, size - total - deleted, size, repeats);
		ret = 1;
	} else if (repeats > 0 && !ret && size < 0) {
		msg("%s: the server repeated %ld records of earlier pages; as many may be missing",
		    name, repeats);
		ret = 1;
	}
	if (total == 0 && !ret && !nomatch)
		msg("%s: no records", name);
	feed_reset(&f);
	buf_free(&u);
	free(last);
	free(name);
	return ret;
}

static int
fetch_oai(int argc, char *argv[])
{
	char *base = http_base(oaiurl, "AX_OAI_URL", OAI_URL);
	int i, ret = 0;

	if (argc == 0)
		ret = harvest(base, NULL);
	for (i = 0; i < argc; i++)
		ret |= harvest(base, argv[i]);
	free(base);
	return ret;
}

/* --- main ------------------------------------------------------------- */

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %1$s [--rss-url URL] [options] CAT ...\n"
	    "       %1$s --api --from DATE --until DATE [--api-url URL] [--page-size N] [options] CAT ...\n"
	    "       %1$s --api --announced DATE [--api-url URL] [--page-size N] [options] CAT ...\n"
	    "       %1$s --oai --from DATE [--until DATE] [--format arXiv|oai_dc] [--oai-url URL] [options] [SET ...]\n"
	    "       %1$s -f [FILE ...]\n"
	    "       %1$s --check [--rss-url URL] [--api-url URL] [options] CAT ...\n"
	    "       %1$s --schedule [--from DATE [--until DATE]] [--holidays FILE]\n"
	    "options: [--delay S] [--timeout S] [--retries N] [--cafile FILE] [--holidays FILE]\n",
	    getprog());
	usage_exit(fp, status);
}

static const char *
date(const char *s, const char *what)
{
	int y, m, d;
	char c;

	long days;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &c) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31 || cal_parse_date(s, &days) == -1)
		die(EX_USAGE, "%s: %s: not a date YYYY-MM-DD", what, s);
	return s;
}

int
main(int argc, char *argv[])
{
	enum { O_RSSURL = 256, O_API, O_APIURL, O_OAI, O_OAIURL, O_FORMAT, O_FROM,
	    O_UNTIL, O_PAGESIZE, O_DELAY, O_TIMEOUT, O_RETRIES, O_CAFILE, O_VERSION,
	    O_SCHEDULE, O_CHECK, O_HOLIDAYS, O_ANNOUNCED };
	static const struct option longopts[] = {
		{ "rss-url", required_argument, NULL, O_RSSURL },
		{ "api", no_argument, NULL, O_API },
		{ "api-url", required_argument, NULL, O_APIURL },
		{ "oai", no_argument, NULL, O_OAI },
		{ "oai-url", required_argument, NULL, O_OAIURL },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "from", required_argument, NULL, O_FROM },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "page-size", required_argument, NULL, O_PAGESIZE },
		{ "delay", required_argument, NULL, O_DELAY },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "retries", required_argument, NULL, O_RETRIES },
		{ "cafile", required_argument, NULL, O_CAFILE },
		{ "schedule", no_argument, NULL, O_SCHEDULE },
		{ "check", no_argument, NULL, O_CHECK },
		{ "announced", required_argument, NULL, O_ANNOUNCED },
		{ "holidays", required_argument, NULL, O_HOLIDAYS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int c, i, ret = 0;

	setprog(argv[0]);
	argv[0] = (char *)getprog();	/* getopt names the program in its messages */
	argv0 = getprogpath();
	while ((c = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': fflag = 1; break;
		case O_RSSURL: rssurl = optarg; break;
		case O_API: apiflag = 1; break;
		case O_APIURL: apiurl = optarg; break;
		case O_OAI: oaiflag = 1; break;
		case O_OAIURL: oaiurl = optarg; break;
		case O_FORMAT:
			if (strcmp(optarg, "arXiv") != 0 && strcmp(optarg, "oai_dc") != 0)
				die(EX_USAGE, "--format: %s: arXiv or oai_dc", optarg);
			format = optarg;
			break;
		case O_FROM: from = date(optarg, "--from"); break;
		case O_UNTIL: until = date(optarg, "--until"); break;
		case O_PAGESIZE: pagesize = parsenum(optarg, 1, 2000, "--page-size"); break;
		case O_DELAY: delay = parsedbl(optarg, 0, 3600, "--delay"); break;
		case O_TIMEOUT: hopts.timeout = parsenum(optarg, 1, 3600, "--timeout"); break;
		case O_RETRIES: hopts.retries = parsenum(optarg, 0, 100, "--retries"); break;
		case O_CAFILE: hopts.cafile = optarg; break;
		case O_SCHEDULE: schedflag = 1; break;
		case O_CHECK: checkflag = 1; break;
		case O_ANNOUNCED: annday = date(optarg, "--announced"); break;
		case O_HOLIDAYS: holfile = optarg; break;
		case 'h': usage(stdout, EX_OKAY); break;
		case O_VERSION: version(); break;
		default: usage(stderr, EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (fflag + apiflag + oaiflag + schedflag + checkflag > 1)
		die(EX_USAGE, "-f, --api, --oai, --schedule and --check exclude each other");
	if (schedflag) {
		if (argc > 0)
			usage(stderr, EX_USAGE);
		if (until && from == NULL)
			die(EX_USAGE, "--schedule: --until needs --from");
		ret = schedule();
		cal_holidays_free(&hol);
		ret |= fshut(stdout, "stdout");
		return ret ? EX_FAIL : EX_OKAY;
	}
	if (annday && (!apiflag || from || until))
		die(EX_USAGE, "--announced goes with --api, instead of --from and --until");
	if (apiflag && !annday && (from == NULL || until == NULL))
		die(EX_USAGE, "--api needs --from and --until, or --announced");
	if (oaiflag && from == NULL)
		die(EX_USAGE, "--oai needs --from");
	if (!fflag && !oaiflag && argc == 0)
		usage(stderr, EX_USAGE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	LIBXML_TEST_VERSION
	if (fflag) {
		if (argc == 0)
			ret = fetch_file("-");
		for (i = 0; i < argc; i++)
			ret |= fetch_file(argv[i]);
	} else {
		http_init();
		if (apiflag && annday)
			ret = fetch_announced(argc, argv);
		else if (apiflag)
			ret = fetch_days(argc, argv);
		else if (checkflag)
			ret = check(argc, argv);
		else if (oaiflag)
			ret = fetch_oai(argc, argv);
		else
			ret = fetch_rss(argc, argv);
		http_cleanup();
	}
	parse_cleanup();
	xmlCleanupParser();
	cal_holidays_free(&hol);
	ret |= fshut(stdout, "stdout");
	return ret ? EX_FAIL : EX_OKAY;
}
