/*
 * axrender.c - reads scored paper records (JSONL) and writes the digest as
 * Markdown, a standalone HTML page (or a dated page in a site), the JSON of
 * the Python tools, or an Atom feed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "axrender.h"

static const char *format = "md";
static const char *statsfile, *systemfile, *userfile, *dateopt, *sitedir;
static int failunscored;

static struct digest dg;
static size_t cap;

static long long
clamp(long long v)
{
	return v < -1000000000 ? -1000000000 : v > 1000000000 ? 1000000000 : v;
}

static int
addpaper(struct json_object *rec, const char *file, long line, void *arg)
{
	struct paper *p;
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
	if (dg.n == cap) {
		cap = cap ? cap * 2 : 256;
		dg.p = xreallocarray(dg.p, cap, sizeof *dg.p);
	}
	p = &dg.p[dg.n];
	memset(p, 0, sizeof *p);
	p->rec = json_object_get(rec);
	p->seq = dg.n++;
	p->id = json_object_get_string(v);
	p->idlen = (size_t)json_object_get_string_len(v);
#define STR(key, field) \
	if (json_object_object_get_ex(rec, key, &v) && json_object_is_type(v, json_type_string)) { \
		p->field = json_object_get_string(v); \
		p->field##len = (size_t)json_object_get_string_len(v); \
	}
	p->title = p->abstract = "";
	STR("title", title)
	STR("abstract", abstract)
	STR("reason", reason)
#undef STR
	if (json_object_object_get_ex(rec, "authors", &v) && json_object_is_type(v, json_type_array))
		p->authors = v;
	p->hasrel = jnum(rec, "relevance", -1e300) != -1e300 && jnum(rec, "novelty", -1e300) != -1e300;
	/* scores are 1-10: clamped far out, so that rel + nov cannot overflow */
	p->rel = clamp(jint(rec, "relevance", 0));
	p->nov = clamp(jint(rec, "novelty", 0));
	if (json_object_object_get_ex(rec, "score", &v) &&
	    (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))) {
		p->scoreobj = v;
		p->score = json_object_get_double(v);
	} else
		p->score = p->hasrel ? (double)(p->rel + p->nov) : 0;
	p->local = !p->hasrel && p->scoreobj && jstr(rec, "model") &&
	    strncmp(jstr(rec, "model"), "local:", 6) == 0;
	return 0;
}

/* score, then relevance, both descending; input order among equals */
static int
bymerit(const void *a, const void *b)
{
	const struct paper *p = a, *q = b;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	if (p->rel != q->rel)
		return p->rel > q->rel ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
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
	struct json_object *o;
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
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [-h] [--version] [-f md|html|json|atom|text] [--stats file]"
	    " [--system file] [--user file] [--date YYYY-MM-DD] [--site dir]\n"
	    "       [--fail-unscored] [file ...]\n",
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf out = { 0 };
	int c, ret, fset = 0;
	size_t i;
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
		case 'h': usage(stdout, EX_OKAY); break;
		case 'V': version(); break;
		default: usage(stderr, EX_USAGE);
		}
	}
	if (strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "json") &&
	    strcmp(format, "atom") && strcmp(format, "text")) {
		msg("--format: \"%s\" is not md, html, json, atom or text", format);
		usage(stderr, EX_USAGE);
	}
	if (sitedir && fset && strcmp(format, "html") != 0)
		die(EX_USAGE, "--site writes html pages, not %s", format);
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
	if (dg.n > 1)
		qsort(dg.p, dg.n, sizeof *dg.p, bymerit);

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
	for (i = 0; i < dg.n; i++)
		json_object_put(dg.p[i].rec);
	free(dg.p);
	free(dg.st.model);
	free(dg.system);
	free(dg.user);
	ret |= fshut(stdout, "stdout");
	return ret ? EX_FAIL : EX_OKAY;
}
