/*
 * axrender.c - reads scored paper records (JSONL) and writes the digest as
 * Markdown, a standalone HTML page (or a dated page in a site), the JSON of
 * the Python tools, or an Atom feed.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "axrender.h"

static const char *format = "md";
static const char *statsfile, *systemfile, *userfile, *dateopt, *sitedir;
static const char *topicsfile, *authorsfile, *groupby = "none";
static int failunscored;
static struct look look = { .math = 1, .feeddays = 7 };

static struct digest dg;

static int
addpaper(struct json_object *rec, const char *file, long line, void *arg)
{
	struct json_object *v;

	(void)arg;
	/* a paper that could not be scored is not relevant: it is counted, not listed */
	if (json_object_object_get_ex(rec, "error", &v) && !json_object_is_type(v, json_type_null)) {
		dg.fa.errors++;
		return 0;
	}
	if (!json_object_object_get_ex(rec, "id", &v) ||
	    !json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0) {
		msg("%s:%ld: paper without an \"id\" string, skipped", file, line);
		return 1;
	}
	digest_add(&dg, rec);
	return 0;
}

/* "fates": {"selected": 20, "below_cutoff": 250, "dropped": {"announce": 120}, "unscored": 4, "over_budget": 0} */
static void
readfates(const char *path, struct json_object *o, struct fates *fa)
{
	struct json_object *f, *dr;
	struct buf names = { 0 };

	if (!json_object_object_get_ex(o, "fates", &f) || json_object_is_type(f, json_type_null))
		return;
	if (!json_object_is_type(f, json_type_object))
		die(EX_USAGE, "%s: \"fates\" is not an object", path);
	fa->have = 1;
	fa->selected = jint(f, "selected", 0);
	fa->below = jint(f, "below_cutoff", 0);
	fa->unscored = jint(f, "unscored", 0);
	fa->over = jint(f, "over_budget", 0);
	if (json_object_object_get_ex(f, "dropped", &dr) && json_object_is_type(dr, json_type_object)) {
		json_object_object_foreach(dr, k, v) {
			if (names.len > 0)
				buf_adds(&names, ", ");
			buf_printf(&names, "%s %lld", k, (long long)json_object_get_int64(v));
			fa->dropped += json_object_get_int64(v);
		}
		fa->dropnames = names.len > 0 ? buf_take(&names) : NULL;
		buf_free(&names);
	} else
		fa->dropped = jint(f, "dropped", 0);
}

static void
readstats(const char *path, struct stats *st, char *date)
{
	struct buf b = { 0 };
	struct json_object *o, *v;
	const char *why, *s;

	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	while (b.len > 0 && strchr(" \t\r\n", b.s[b.len - 1]))
		b.s[--b.len] = '\0';
	if ((o = jsonl_parse(b.s, b.len, &why)) == NULL)
		die(EX_USAGE, "%s: %s", path, why);
	buf_free(&b);
	st->have = 1;
	st->model = xstrdup((s = jstr(o, "model")) ? s : "");
	st->prompt_tokens = jint(o, "prompt_tokens", 0);
	st->completion_tokens = jint(o, "completion_tokens", 0);
	st->total_tokens = jint(o, "total_tokens", st->prompt_tokens + st->completion_tokens);
	st->prompt_cost = jnum(o, "prompt_cost", 0);
	st->completion_cost = jnum(o, "completion_cost", 0);
	/* rounded from the sum, as the original digests did */
	st->total_cost = jnum(o, "total_cost", st->prompt_cost + st->completion_cost);
	/* axcost's null: a model without a price, shown as unknown, not $0 */
	st->unpriced = json_object_object_get_ex(o, "total_cost", &v) && v == NULL;
	st->total_papers = jint(o, "total_papers", 0);
	st->scanned_papers = jint(o, "scanned_papers", 0);
	readfates(path, o, &dg.fa);
	if ((s = jstr(o, "date")) != NULL && !dateopt) {
		if (!valid_date(s))
			die(EX_USAGE, "%s: date \"%s\" is not YYYY-MM-DD", path, s);
		memcpy(date, s, 11);
	}
	json_object_put(o);
}

/* a prompt file without its final newline: the digest quotes its lines */
static char *
readprompt(const char *path)
{
	struct buf b = { 0 };

	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	if (b.len > 0 && b.s[b.len - 1] == '\n')
		b.s[--b.len] = '\0';
	return buf_take(&b);
}

static void
addstr(char ***v, size_t *n, const char *s, size_t len)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
}

/*
 * --topics: the reader's topics in order, as topics_read (lib/topics.c) names
 * them: the numbered items after a heading naming "Topics" in a prompt (ax's
 * templates), or one a line in a plain file ('#' comments).  A "Keywords: a,
 * b" line adds words to highlight; the topic names are highlighted too.
 */
static void
readtopics(const char *path)
{
	struct buf b = { 0 };
	struct topics t;
	const char *p, *q;
	size_t len;

	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	topics_read(buf_str(&b), &t);
	for (len = 0; len < t.n; len++)
		addstr(&look.topics, &look.ntopics, t.name[len], strlen(t.name[len]));
	topics_free(&t);
	for (p = buf_str(&b); *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0')) {
		len = strcspn(p, "\n");
		if (strncasecmp(p, "keywords:", 9) != 0)
			continue;
		for (q = p + 9; q < p + len; q += strcspn(q, ",\n") + 1) {
			size_t k;

			while (*q == ' ')
				q++;
			k = strcspn(q, ",\n\r");
			while (k > 0 && q[k - 1] == ' ')
				k--;
			if (k > 0)
				addstr(&look.words, &look.nwords, q, k);
		}
	}
	for (len = 0; len < look.ntopics; len++)
		addstr(&look.words, &look.nwords, look.topics[len], strlen(look.topics[len]));
	buf_free(&b);
}

/* --authors: axfilter's file, one name a line, '#' comments; kept folded */
static void
readauthors(const char *path)
{
	struct buf b = { 0 }, t = { 0 }, f = { 0 };
	const char *p;
	size_t len, i;

	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	for (p = buf_str(&b); *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0')) {
		len = strcspn(p, "#\n");
		buf_reset(&t);
		buf_reset(&f);
		buf_addtex(&t, p, len);
		buf_squeeze(&t);
		if (t.len == 0)
			continue;
		for (i = 0; i < t.len; i++)
			buf_addc(&f, tolower((unsigned char)t.s[i]));
		addstr(&look.follow, &look.nfollow, f.s, f.len);
	}
	buf_free(&b);
	buf_free(&t);
	buf_free(&f);
}

static void
freestrs(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [-h] [--version] [-f md|html|json|atom|text|jsonl] [--stats file]"
	    " [--system file] [--user file] [--date YYYY-MM-DD] [--site dir]\n"
	    "       [--fail-unscored] [--no-math] [--group-by topic|none] [--topics file]"
	    " [--authors file]\n"
	    "       [--site-url url] [--name name] [--feed-days n] [file ...]\n",
	    getprog());
	usage_exit(fp, status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "stats", required_argument, NULL, 's' },
		{ "system", required_argument, NULL, 'S' },
		{ "user", required_argument, NULL, 'U' },
		{ "date", required_argument, NULL, 'd' },
		{ "site", required_argument, NULL, 'D' },
		{ "fail-unscored", no_argument, NULL, 'F' },
		{ "no-math", no_argument, NULL, 'M' },
		{ "group-by", required_argument, NULL, 'G' },
		{ "topics", required_argument, NULL, 'T' },
		{ "authors", required_argument, NULL, 'A' },
		{ "site-url", required_argument, NULL, 'L' },
		{ "name", required_argument, NULL, 'N' },
		{ "feed-days", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf out = { 0 };
	int c, ret, fset = 0;
	time_t now;

	setprog(argv[0]);
	argv[0] = (char *)getprog();	/* getopt names the program in its messages */
	while ((c = getopt_long(argc, argv, "f:s:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; fset = 1; break;
		case 's': statsfile = optarg; break;
		case 'S': systemfile = optarg; break;
		case 'U': userfile = optarg; break;
		case 'd': dateopt = optarg; break;
		case 'D': sitedir = optarg; break;
		case 'F': failunscored = 1; break;
		case 'M': look.math = 0; break;
		case 'G': groupby = optarg; break;
		case 'T': topicsfile = optarg; break;
		case 'A': authorsfile = optarg; break;
		case 'L': look.siteurl = optarg; break;
		case 'N': look.name = optarg; break;
		case 'K': look.feeddays = (int)parsenum(optarg, 1, 366, "--feed-days"); break;
		case 'h': usage(stdout, EX_OKAY); break;
		case 'V': version(); break;
		default: usage(stderr, EX_USAGE);
		}
	}
	if (strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "json") &&
	    strcmp(format, "atom") && strcmp(format, "text") && strcmp(format, "jsonl")) {
		msg("--format: \"%s\" is not md, html, json, atom, text or jsonl", format);
		usage(stderr, EX_USAGE);
	}
	if (sitedir && fset && strcmp(format, "html") != 0)
		die(EX_USAGE, "--site writes html pages, not %s", format);
	if (strcmp(groupby, "topic") != 0 && strcmp(groupby, "none") != 0)
		die(EX_USAGE, "--group-by: \"%s\" is not topic or none", groupby);
	look.bytopic = strcmp(groupby, "topic") == 0;
	if (look.siteurl == NULL && (look.siteurl = getenv("SITE_URL")) != NULL && *look.siteurl == '\0')
		look.siteurl = NULL;
	if (topicsfile)
		readtopics(topicsfile);
	if (authorsfile)
		readauthors(authorsfile);
	look.site = sitedir != NULL;
	dg.look = &look;
	if (dateopt) {
		if (!valid_date(dateopt))
			die(EX_USAGE, "--date: \"%s\" is not YYYY-MM-DD", dateopt);
		memcpy(dg.date, dateopt, 11);
	}
	if (statsfile)
		readstats(statsfile, &dg.st, dg.date);
	if (dg.date[0] == '\0') {
		now = time(NULL);
		strftime(dg.date, sizeof dg.date, "%Y-%m-%d", localtime(&now));
	}
	if (systemfile)
		dg.system = readprompt(systemfile);
	if (userfile)
		dg.user = readprompt(userfile);

	ret = jsonl_loop(argc - optind, argv + optind, addpaper, NULL);
	digest_sort(&dg);

	if (sitedir)
		ret |= render_site(sitedir, &dg);
	else {
		dg.out = stdout;
		if (strcmp(format, "md") == 0)
			render_md(&out, &dg);
		else if (strcmp(format, "html") == 0)
			render_html(&out, &dg, NULL);
		else if (strcmp(format, "json") == 0)
			ret |= render_json(&out, &dg);
		else if (strcmp(format, "text") == 0)
			render_text(&out, &dg);
		else if (strcmp(format, "jsonl") == 0)
			render_jsonl(&out, &dg);
		else
			render_atom(&out, &dg);
		if (out.len > 0)
			fwrite(out.s, 1, out.len, stdout);
	}

	if (fates_unscored(&dg.fa) > 0 || dg.fa.over > 0)
		msg("%lld papers unscored, %lld over budget: not in the digest",
		    fates_unscored(&dg.fa), dg.fa.over);
	if (failunscored && fates_unscored(&dg.fa) > 0)
		ret = 1;
	buf_free(&out);
	free(dg.fa.dropnames);
	digest_free(&dg);
	freestrs(look.topics, look.ntopics);
	freestrs(look.follow, look.nfollow);
	freestrs(look.words, look.nwords);
	free(dg.st.model);
	free(dg.system);
	free(dg.user);
	ret |= fshut(stdout, "stdout");
	return ret ? EX_FAIL : EX_OKAY;
}
