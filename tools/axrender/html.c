/*
 * html.c - the digest as one standalone HTML page, and --site: a
 * directory of day pages (YYYY-MM-DD.html) with month overviews (YYYY-MM.html)
 * and an index.html, every file replaced atomically.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "axrender.h"

/* the page is polyglot markup: valid HTML5 and well-formed XML, no script */
static const char head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\"/>\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
    "<meta name=\"generator\" content=\"axrender (ax) " AX_VERSION "\"/>\n";
static const char style[] =
    "<style>\n"
    "body{max-width:52em;margin:1em auto;padding:0 1em;font-family:sans-serif;line-height:1.45}\n"
    "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.2em .8em;text-align:center}\n"
    "pre{white-space:pre-wrap;font-size:.9em}blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1em}\n"
    ".nav{display:flex;justify-content:space-between;margin:1em 0}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n";

#define NAVSTART "<!--ax-nav-->"
#define NAVEND "<!--/ax-nav-->"

static void
text(struct buf *b, const char *s)
{
	buf_addxml(b, s, strlen(s));
}

static void
authors(struct buf *b, struct json_object *a)
{
	struct json_object *v;
	size_t i, n;

	n = a ? json_object_array_length(a) : 0;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (i > 0)
			buf_adds(b, ", ");
		if (json_object_is_type(v, json_type_string))
			buf_addxml(b, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	}
}

static void
prompt(struct buf *b, const char *title, const char *s, int user)
{
	struct buf t = { 0 };

	render_prompt_text(&t, s, user);
	buf_printf(b, "<h2>%s</h2>\n<blockquote><pre>", title);
	buf_addxml(b, t.s ? t.s : "", t.len);
	buf_adds(b, "</pre></blockquote>\n");
	buf_free(&t);
}

void
render_html(struct buf *b, const struct digest *d, const char *nav)
{
	const struct paper *p;
	const struct stats *st = &d->st;
	struct buf t = { 0 };
	char m[3][64];
	size_t i;

	buf_adds(b, head);
	buf_printf(b, "<title>Personalized Daily ArXiv Papers %s</title>\n", d->date);
	buf_adds(b, style);
	if (nav)
		buf_printf(b, "%s\n", nav);
	buf_printf(b, "<h1>Personalized Daily ArXiv Papers %s</h1>\n", d->date);
	if (st->have) {
		buf_adds(b, "<table>\n<thead><tr><th><em>[");
		text(b, st->model);
		buf_adds(b, "]</em></th><th>Prompt</th><th>Completion</th><th>Total</th></tr></thead>\n<tbody>\n");
		buf_printf(b, "<tr><th>Token</th><td>%lld</td><td>%lld</td><td>%lld</td></tr>\n",
		    st->prompt_tokens, st->completion_tokens, st->total_tokens);
		buf_printf(b, "<tr><th>Cost</th><td>$%s</td><td>$%s</td><td>$%s</td></tr>\n</tbody>\n</table>\n",
		    fmt_money(st->prompt_cost, m[0], sizeof m[0]),
		    fmt_money(st->completion_cost, m[1], sizeof m[1]),
		    fmt_money(st->total_cost, m[2], sizeof m[2]));
		buf_printf(b, "<p>Total arXiv papers: %lld</p>\n<p>Total scanned papers: %lld</p>\n",
		    st->total_papers, st->scanned_papers);
	}
	fates_text(&t, &d->fa);
	if (t.len > 0) {
		buf_adds(b, "<p class=\"warning\"><strong>Warning:</strong> ");
		buf_addxml(b, t.s, t.len);
		buf_adds(b, "</p>\n");
	}
	buf_free(&t);
	buf_printf(b, "<p>Total relevant papers: %zu</p>\n", d->n);
	buf_adds(b, "<p><strong>Table of contents with paper titles:</strong></p>\n");
	if (d->n > 0)
		buf_adds(b, "<ol>\n");
	for (i = 0; i < d->n; i++) {
		p = &d->p[i];
		buf_printf(b, "<li><a href=\"#link%zu\">", i + 1);
		buf_addxml(b, p->title, p->titlelen);
		buf_adds(b, "</a><br/><strong>Authors:</strong> ");
		authors(b, p->authors);
		buf_adds(b, "</li>\n");
		spill(b, d);
	}
	if (d->n > 0)
		buf_adds(b, "</ol>\n");
	for (i = 0; i < d->n; i++) {
		p = &d->p[i];
		buf_printf(b, "<hr/>\n<div class=\"paper\" id=\"link%zu\">\n<h2>%zu. <a href=\"https://arxiv.org/abs/",
		    i + 1, i + 1);
		buf_addxml(b, p->id, p->idlen);
		buf_adds(b, "\">");
		buf_addxml(b, p->title, p->titlelen);
		buf_adds(b, "</a></h2>\n<p><strong>ArXiv ID:</strong> ");
		buf_addxml(b, p->id, p->idlen);
		buf_adds(b, "</p>\n<p><strong>Authors:</strong> ");
		authors(b, p->authors);
		buf_adds(b, "</p>\n<p><strong>Abstract:</strong> ");
		buf_addxml(b, p->abstract, p->abstractlen);
		buf_adds(b, "</p>\n");
		if (p->reason) {
			buf_adds(b, "<p><strong>Comment:</strong> ");
			buf_addxml(b, p->reason, p->reasonlen);
			buf_adds(b, "</p>\n");
		}
		if (p->hasrel)
			buf_printf(b, "<p><strong>Relevance:</strong> %lld<br/><strong>Novelty:</strong> %lld</p>\n",
			    p->rel, p->nov);
		else if (p->local)
			buf_printf(b, "<p><strong>Local score:</strong> %.2f</p>\n", p->score);
		buf_adds(b, "</div>\n");
		spill(b, d);
	}
	if (d->system || d->user) {
		buf_adds(b, "<hr/>\n<h1>Paper Selection Prompt</h1>\n");
		if (d->system)
			prompt(b, "System Prompt", d->system, 0);
		if (d->user)
			prompt(b, "User Prompt", d->user, 1);
	}
	if (nav)
		buf_printf(b, "%s\n", nav);
	buf_adds(b, "</body>\n</html>\n");
}

/* --site */

struct site {
	const char *dir;
	char	(*day)[11];
	size_t	 n;
};

/* a site page is replaced whole: readers never see half a page */
static int
write_atomic(const char *dir, const char *name, const struct buf *b)
{
	char *path = xasprintf("%s/%s", dir, name);
	int ret = atomic_write(path, b->s ? b->s : "", b->len, 0644) == -1;

	free(path);
	return ret;
}

static int
bystr(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* the day pages already in the directory, plus date; sorted */
static int
scandays(struct site *s, const char *date)
{
	DIR *dp;
	struct dirent *e;
	size_t cap = 16, have = 0;
	char name[11];

	s->day = xreallocarray(NULL, cap, sizeof *s->day);
	s->n = 0;
	if ((dp = opendir(s->dir)) == NULL) {
		msg("%s:", s->dir);
		return 1;
	}
	while ((e = readdir(dp)) != NULL) {
		if (strlen(e->d_name) != 15 || strcmp(e->d_name + 10, ".html") != 0)
			continue;
		memcpy(name, e->d_name, 10);
		name[10] = '\0';
		if (!valid_date(name))
			continue;
		if (s->n == cap) {
			cap *= 2;
			s->day = xreallocarray(s->day, cap, sizeof *s->day);
		}
		memcpy(s->day[s->n++], name, 11);
		if (strcmp(name, date) == 0)
			have = 1;
	}
	closedir(dp);
	if (!have) {
		if (s->n == cap)
			s->day = xreallocarray(s->day, cap + 1, sizeof *s->day);
		memcpy(s->day[s->n++], date, 11);
	}
	qsort(s->day, s->n, sizeof *s->day, bystr);
	return 0;
}

/* Previous Day / Monthly Overview / Next Day of day k; a missing neighbour is plain text */
static void
daynav(struct buf *b, const struct site *s, size_t k)
{
	buf_adds(b, NAVSTART "<div class=\"nav\">");
	if (k > 0)
		buf_printf(b, "<a rel=\"prev\" href=\"%s.html\">Previous Day %s</a>",
		    s->day[k - 1], s->day[k - 1]);
	else
		buf_adds(b, "<span>Previous Day</span>");
	buf_printf(b, "<a href=\"%.7s.html\">Monthly Overview %.7s</a>", s->day[k], s->day[k]);
	if (k + 1 < s->n)
		buf_printf(b, "<a rel=\"next\" href=\"%s.html\">Next Day %s</a>",
		    s->day[k + 1], s->day[k + 1]);
	else
		buf_adds(b, "<span>Next Day</span>");
	buf_adds(b, "</div>" NAVEND);
}

/* give an existing day page new links: every nav block in it is replaced */
static int
renav(const struct site *s, size_t k)
{
	struct buf page = { 0 }, out = { 0 }, nav = { 0 };
	char *path, name[16];
	const char *p, *a, *z;
	int ret = 0;

	snprintf(name, sizeof name, "%s.html", s->day[k]);
	path = xasprintf("%s/%s", s->dir, name);
	if (buf_readfile(&page, path) == -1) {
		msg("%s:", path);
		ret = 1;
		goto done;
	}
	daynav(&nav, s, k);
	for (p = page.s; (a = strstr(p, NAVSTART)) && (z = strstr(a, NAVEND)); p = z + strlen(NAVEND)) {
		buf_add(&out, p, (size_t)(a - p));
		buf_add(&out, nav.s, nav.len);
	}
	if (p == page.s) {
		msg("%s: no navigation block, its links are left as they are", path);
		goto done;
	}
	buf_adds(&out, p);
	if (strcmp(out.s, page.s) != 0)
		ret = write_atomic(s->dir, name, &out);
done:
	buf_free(&page);
	buf_free(&out);
	buf_free(&nav);
	free(path);
	return ret;
}

static void
pagehead(struct buf *b, const char *title)
{
	buf_adds(b, head);
	buf_printf(b, "<title>%s</title>\n", title);
	buf_adds(b, style);
	buf_printf(b, "<h1>%s</h1>\n", title);
}

static int
monthpage(const struct site *s, const char *month)
{
	struct buf b = { 0 };
	char title[64], name[16];
	size_t i;
	int ret;

	snprintf(title, sizeof title, "Personalized Daily ArXiv Papers %.7s", month);
	pagehead(&b, title);
	buf_adds(&b, "<p><a href=\"index.html\">All months</a></p>\n<ul>\n");
	for (i = 0; i < s->n; i++)
		if (strncmp(s->day[i], month, 7) == 0)
			buf_printf(&b, "<li><a href=\"%s.html\">%s</a></li>\n", s->day[i], s->day[i]);
	buf_adds(&b, "</ul>\n</body>\n</html>\n");
	snprintf(name, sizeof name, "%.7s.html", month);
	ret = write_atomic(s->dir, name, &b);
	buf_free(&b);
	return ret;
}

static int
indexpage(const struct site *s)
{
	struct buf b = { 0 };
	size_t i, j, n;
	int ret;

	pagehead(&b, "Personalized Daily ArXiv Papers");
	buf_printf(&b, "<p>Latest: <a href=\"%s.html\">%s</a></p>\n<ul>\n",
	    s->day[s->n - 1], s->day[s->n - 1]);
	for (i = s->n; i > 0; i = j) {
		for (j = i - 1, n = 1; j > 0 && strncmp(s->day[j - 1], s->day[i - 1], 7) == 0; j--)
			n++;
		buf_printf(&b, "<li><a href=\"%.7s.html\">%.7s</a> (%zu day%s)</li>\n",
		    s->day[i - 1], s->day[i - 1], n, n == 1 ? "" : "s");
	}
	buf_adds(&b, "</ul>\n</body>\n</html>\n");
	ret = write_atomic(s->dir, "index.html", &b);
	buf_free(&b);
	return ret;
}

int
render_site(const char *dir, const struct digest *d)
{
	struct site s = { dir, NULL, 0 };
	struct buf page = { 0 }, nav = { 0 };
	struct flock fl;
	char *lock, name[16];
	size_t k;
	int fd, ret = 0;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		msg("%s:", dir);
		return 1;
	}
	/* two runs on one site must not undo each other's links */
	lock = xasprintf("%s/.axrender.lock", dir);
	if ((fd = open(lock, O_RDWR | O_CREAT, 0644)) == -1) {
		msg("%s:", lock);
		free(lock);
		return 1;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	while (fcntl(fd, F_SETLKW, &fl) == -1 && errno == EINTR)
		;
	if (scandays(&s, d->date) != 0) {
		ret = 1;
		goto done;
	}
	for (k = 0; strcmp(s.day[k], d->date) != 0; k++)
		;
	daynav(&nav, &s, k);
	render_html(&page, d, nav.s);
	snprintf(name, sizeof name, "%s.html", d->date);
	/* no page, no links to it: the neighbours, month and index stay as they were */
	if ((ret = write_atomic(dir, name, &page)) != 0)
		goto done;
	if (k > 0)
		ret |= renav(&s, k - 1);
	if (k + 1 < s.n)
		ret |= renav(&s, k + 1);
	ret |= monthpage(&s, d->date);
	ret |= indexpage(&s);
done:
	close(fd);	/* drops the lock */
	free(lock);
	free(s.day);
	buf_free(&page);
	buf_free(&nav);
	return ret;
}
