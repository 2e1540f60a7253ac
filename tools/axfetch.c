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

static int	 fflag, apiflag, oaiflag;
static const char *rssurl, *apiurl, *oaiurl, *from, *until;
static const char *format = "arXiv";
static long	 pagesize = 2000;
static double	 delay = 3;
static struct http_opts hopts = { .retries = -1 };

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
};

static void
in_fill(struct in *in)
{
	size_t n;

	/* refill when little is left, so that the memmove stays small */
	if (in->eof || in->len - in->pos >= 8192)
		return;
	if (in->pos > 0) {
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	if (in->cap < 131072) {
		in->cap = 131072;
		in->buf = xrealloc(in->buf, in->cap);
	}
	n = fread(in->buf + in->len, 1, in->cap - in->len, in->fp);
	in->len += n;
	if (n == 0)
		in->eof = 1;
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
kaggle_lines(struct in *in, struct feed *f)
{
	struct buf line = { 0 };
	struct json_object *o;
	const char *why;
	long lineno = 0;

	while (in_getline(in, &line)) {
		lineno++;
		buf_squeeze(&line);
		if (line.len == 0)
			continue;
		if ((o = jsonl_parse(line.s, line.len, &why)) == NULL) {
			msg("%s:%ld: %s", f->name, lineno, why);
			f->failed = 1;
			continue;
		}
		parse_kaggle(o, f, lineno);
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
	char discard[4096];
	char *source;
	int ret = 0, more;

	f.name = strcmp(path, "-") == 0 ? "stdin" : path;
	if ((in.fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb")) == NULL) {
		msg("%s:", path);
		return 1;
	}
	source = xasprintf("file:%s", f.name);
	f.source = source;
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
			kaggle_lines(&in, &f);
			more = 0;
		} else {
			parse_xml_io(in_read, &in, &f);
			/* skip what a failed parse left of this document */
			while (in_read(&in, discard, sizeof discard) > 0)
				;
			more = in.stop;
		}
		if (f.records == 0 && !f.failed && f.errcode == NULL)
			msg("%s: no records (empty feed)", f.name);
		if (f.deleted > 0)
			msg("%s: %ld deleted records skipped", f.name, f.deleted);
		ret |= f.failed;
	} while (more);
	if (ferror(in.fp)) {
		msg("%s: read error", f.name);
		ret = 1;
	}
	if (in.fp != stdin)
		fclose(in.fp);
	feed_reset(&f);
	free(in.buf);
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
	if (f.records == 0 && !f.failed)
		msg("%s: no records (empty feed: weekend or holiday?)", f.name);
	feed_reset(&f);
	free(base);
	free(cats);
	free(url);
	free(source);
	return ret;
}

static int
fetch_api(int argc, char *argv[])
{
	struct feed f = { 0 };
	struct buf q = { 0 };
	char *base, *cats, *eq, *url, fd[9], ud[9];
	long start = 0, total = 0;
	int ret = 0, page = 0;

	base = http_base(apiurl, "AX_API_URL", API_URL);
	cats = joincats(argc, argv, " OR ", "cat:");
	snprintf(fd, sizeof fd, "%.4s%.2s%.2s", from, from + 5, from + 8);
	snprintf(ud, sizeof ud, "%.4s%.2s%.2s", until, until + 5, until + 8);
	buf_printf(&q, argc > 1 ? "(%s)" : "%s", cats);
	buf_printf(&q, " AND submittedDate:[%s0000 TO %s2359]", fd, ud);
	eq = esc(q.s);
	f.name = f.source = "api";
	for (;;) {
		feed_reset(&f);
		url = xasprintf("%s?search_query=%s&start=%ld&max_results=%ld"
		    "&sortBy=submittedDate&sortOrder=ascending", base, eq, start, pagesize);
		page++;
		if (fetch(url, &f) == -1)
			ret = 1;
		free(url);
		total += f.records;
		if (isatty_stderr())
			msg("api: page %d, %ld records of %ld", page, total, f.total);
		if (ret || f.entries == 0)
			break;
		start += f.entries;
		if (f.total >= 0 && start >= f.total)
			break;
		if (start >= API_MAX) {
			msg("api: %ld results, the API gives at most %d a query: "
			    "use a shorter date range", f.total, API_MAX);
			ret = 1;
			break;
		}
	}
	if (total == 0 && !ret)
		msg("api: no records");
	feed_reset(&f);
	buf_free(&q);
	free(eq);
	free(base);
	free(cats);
	return ret;
}

static int
harvest(const char *base, const char *set)
{
	struct feed f = { 0 };
	struct buf u = { 0 };
	char *name, *e;
	long total = 0, deleted = 0;
	int ret = 0, page = 0, nomatch = 0;

	name = set ? xasprintf("oai:%s", set) : xstrdup("oai");
	f.name = name;
	f.source = "oai";
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
		nomatch = f.errcode && strcmp(f.errcode, "noRecordsMatch") == 0;
		if (isatty_stderr())
			msg("%s: page %d, %ld records", name, page, total);
		if (ret || f.token == NULL || *f.token == '\0')
			break;
		buf_reset(&u);
		e = esc(f.token);
		buf_printf(&u, "%s?verb=ListRecords&resumptionToken=%s", base, e);
		free(e);
	}
	if (deleted > 0)
		msg("%s: %ld deleted records skipped", name, deleted);
	if (total == 0 && !ret && !nomatch)
		msg("%s: no records", name);
	feed_reset(&f);
	buf_free(&u);
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
	    "       %1$s --oai --from DATE [--until DATE] [--format arXiv|oai_dc] [--oai-url URL] [options] [SET ...]\n"
	    "       %1$s -f [FILE ...]\n"
	    "options: [--delay S] [--timeout S] [--retries N] [--cafile FILE]\n",
	    getprog());
	exit(status);
}

static const char *
date(const char *s, const char *what)
{
	int y, m, d;
	char c;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &c) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		die(EX_USAGE, "%s: %s: not a date YYYY-MM-DD", what, s);
	return s;
}

int
main(int argc, char *argv[])
{
	enum { O_RSSURL = 256, O_API, O_APIURL, O_OAI, O_OAIURL, O_FORMAT, O_FROM,
	    O_UNTIL, O_PAGESIZE, O_DELAY, O_TIMEOUT, O_RETRIES, O_CAFILE, O_VERSION };
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int c, i, ret = 0;

	setprog(argv[0]);
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
		case 'h': usage(stdout, EX_OKAY); break;
		case O_VERSION: version(); break;
		default: usage(stderr, EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (fflag + apiflag + oaiflag > 1)
		die(EX_USAGE, "-f, --api and --oai exclude each other");
	if (apiflag && (from == NULL || until == NULL))
		die(EX_USAGE, "--api needs --from and --until");
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
		if (apiflag)
			ret = fetch_api(argc, argv);
		else if (oaiflag)
			ret = fetch_oai(argc, argv);
		else
			ret = fetch_rss(argc, argv);
		http_cleanup();
	}
	parse_cleanup();
	xmlCleanupParser();
	ret |= fshut(stdout, "stdout");
	return ret ? EX_FAIL : EX_OKAY;
}
