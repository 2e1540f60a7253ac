/*
 * site.c - axrender --site: a directory of day pages (YYYY-MM-DD.html),
 * month overviews (YYYY-MM.html), year pages (YYYY.html), an index.html,
 * the Atom feed of the latest days (feed.xml), the site's stylesheet and
 * math script, KaTeX, and the days kept as JSON (days/YYYY-MM-DD.json) that
 * the overviews and the feed are made from.  Every file is replaced
 * atomically; runs on one site take turns by a lock on the directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "axrender.h"

#define NAVSTART "<!--ax-nav-->"
#define NAVEND "<!--/ax-nav-->"
#define TOP 3		/* titles per day on a month page */
#define BEST 10		/* the month's best papers */
#define INDEXTOP 5	/* the latest day's papers on the index */

/* draws each .math span with KaTeX; one it cannot parse keeps its TeX */
static const char mathjs[] =
    "/* ax-math.js - axrender's site: the TeX in .math spans drawn by KaTeX.\n"
    " * A formula KaTeX cannot parse keeps its text (data-math=failed). */\n"
    "(function () {\n"
    "\t\"use strict\";\n"
    "\tvar ok = 0, failed = 0;\n"
    "\tif (typeof katex === \"undefined\")\n"
    "\t\treturn;\n"
    "\tdocument.querySelectorAll(\".math\").forEach(function (el) {\n"
    "\t\tvar t = el.textContent, display = false, tex;\n"
    "\t\tif (t.slice(0, 2) === \"$$\" || t.slice(0, 2) === \"\\\\[\") {\n"
    "\t\t\ttex = t.slice(2, -2);\n"
    "\t\t\tdisplay = true;\n"
    "\t\t} else if (t.slice(0, 2) === \"\\\\(\")\n"
    "\t\t\ttex = t.slice(2, -2);\n"
    "\t\telse\n"
    "\t\t\ttex = t.slice(1, -1);\n"
    "\t\ttry {\n"
    "\t\t\t/* \\href, \\url, \\includegraphics, \\html...: never trusted, the TeX stays text */\n"
    "\t\t\tkatex.render(tex, el, { displayMode: display, throwOnError: true, strict: \"ignore\",\n"
    "\t\t\t    trust: function () { throw new Error(\"untrusted command\"); } });\n"
    "\t\t\tel.setAttribute(\"data-math\", \"ok\");\n"
    "\t\t\tel.setAttribute(\"title\", t);\n"
    "\t\t\tok++;\n"
    "\t\t} catch (e) {\n"
    "\t\t\tel.textContent = t;\n"
    "\t\t\tel.setAttribute(\"data-math\", \"failed\");\n"
    "\t\t\tfailed++;\n"
    "\t\t}\n"
    "\t});\n"
    "\tdocument.body.setAttribute(\"data-math-ok\", ok);\n"
    "\tdocument.body.setAttribute(\"data-math-failed\", failed);\n"
    "})();\n";

struct site {
	const char *dir;
	char	(*day)[11];
	size_t	 n;
	const struct look *look;
};

/* a site page is replaced whole, and only when it changes */
static int
write_atomic(const char *dir, const char *name, const char *s, size_t n)
{
	struct buf old = { 0 };
	char *path = xasprintf("%s/%s", dir, name);
	int ret = 0;

	if (buf_readfile(&old, path) == -1 || old.len != n || memcmp(old.s, s, n) != 0)
		ret = atomic_write(path, s ? s : "", n, 0644) == -1;
	buf_free(&old);
	free(path);
	return ret;
}

static int
writebuf(const char *dir, const char *name, const struct buf *b)
{
	return write_atomic(dir, name, b->s, b->len);
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
	buf_adds(b, NAVSTART "<div class=\"nav\" role=\"navigation\" aria-label=\"days\">");
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
	ret = writebuf(s->dir, name, &out);
done:
	buf_free(&page);
	buf_free(&out);
	buf_free(&nav);
	free(path);
	return ret;
}

static void
pagehead(struct buf *b, const struct site *s, const char *title, const char *nav)
{
	html_head(b, title, s->look);
	buf_printf(b, "<div role=\"banner\">%s</div>\n<div role=\"main\">\n<h1>", nav);
	buf_addxml(b, title, strlen(title));
	buf_adds(b, "</h1>\n");
}

static void
pagetail(struct buf *b, const char *nav)
{
	buf_printf(b, "</div>\n<div role=\"contentinfo\">%s</div>\n</body>\n</html>\n", nav);
}

/* a paper as a line that links to its place in its day page */
static void
paperline(struct buf *b, const struct paper *p, const char *date, size_t rank, const struct look *lk, int withday)
{
	buf_printf(b, "<li><a href=\"%s.html#link%zu\">", date, rank);
	html_text(b, p->title, p->titlelen, lk);
	buf_adds(b, "</a>");
	if (withday)
		buf_printf(b, " <span class=\"counts\">(%s, score ", date);
	else
		buf_adds(b, " <span class=\"counts\">(score ");
	buf_printf(b, "%g)</span></li>\n", p->score);
}

struct ranked {
	const struct paper *p;
	const char *date;
	size_t	 rank;
};

static int
byscore(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->p->score != y->p->score)
		return x->p->score > y->p->score ? -1 : 1;
	return strcmp(x->date, y->date) != 0 ? strcmp(x->date, y->date) : (x->rank > y->rank) - (x->rank < y->rank);
}

/* the months in the site, in order, as "YYYY-MM" */
static size_t
months(const struct site *s, char (**m)[8])
{
	size_t i, n = 0;

	*m = xreallocarray(NULL, s->n + 1, sizeof **m);
	for (i = 0; i < s->n; i++)
		if (n == 0 || strncmp((*m)[n - 1], s->day[i], 7) != 0) {
			memcpy((*m)[n], s->day[i], 7);
			(*m)[n++][7] = '\0';
		}
	return n;
}

static void
monthnav(struct buf *b, char (*m)[8], size_t n, size_t k)
{
	buf_adds(b, "<div class=\"nav\" role=\"navigation\" aria-label=\"months\">");
	if (k > 0)
		buf_printf(b, "<a rel=\"prev\" href=\"%s.html\">Previous Month %s</a>", m[k - 1], m[k - 1]);
	else
		buf_adds(b, "<span>Previous Month</span>");
	buf_printf(b, "<a href=\"%.4s.html\">Year %.4s</a><a href=\"index.html\">Index</a>", m[k], m[k]);
	if (k + 1 < n)
		buf_printf(b, "<a rel=\"next\" href=\"%s.html\">Next Month %s</a>", m[k + 1], m[k + 1]);
	else
		buf_adds(b, "<span>Next Month</span>");
	buf_adds(b, "</div>");
}

/*
 * Each day with its counts and top titles, then the month's best papers,
 * under their topics when the papers have them.
 */
static int
monthpage(const struct site *s, char (*m)[8], size_t nm, size_t k)
{
	struct buf b = { 0 }, nav = { 0 };
	struct digest *days;
	struct ranked *all = NULL;
	size_t i, j, nd = 0, na = 0, cap = 0, top;
	char title[64], name[16];
	int ret, topics = 0;
	const char *topic;

	days = xcalloc(s->n + 1, sizeof *days);
	monthnav(&nav, m, nm, k);
	snprintf(title, sizeof title, "Personalized Daily ArXiv Papers %s", m[k]);
	pagehead(&b, s, title, nav.s);
	buf_adds(&b, "<h2>Days</h2>\n<ul class=\"days\">\n");
	for (i = 0; i < s->n; i++) {
		if (strncmp(s->day[i], m[k], 7) != 0)
			continue;
		buf_printf(&b, "<li><a href=\"%s.html\">%s</a>", s->day[i], s->day[i]);
		if (day_load(s->dir, s->day[i], &days[nd]) == -1) {
			buf_adds(&b, "</li>\n");
			continue;
		}
		if (days[nd].st.have)
			buf_printf(&b, " <span class=\"counts\">fetched %lld, scanned %lld, selected %zu</span>",
			    days[nd].st.total_papers, days[nd].st.scanned_papers, days[nd].n);
		else
			buf_printf(&b, " <span class=\"counts\">selected %zu</span>", days[nd].n);
		top = days[nd].n < TOP ? days[nd].n : TOP;
		if (top > 0)
			buf_adds(&b, "\n<ol>\n");
		for (j = 0; j < top; j++) {
			buf_printf(&b, "<li><a href=\"%s.html#link%zu\">", s->day[i], j + 1);
			html_text(&b, days[nd].p[j].title, days[nd].p[j].titlelen, NULL);
			buf_adds(&b, "</a></li>\n");
		}
		if (top > 0)
			buf_adds(&b, "</ol>");
		buf_adds(&b, "</li>\n");
		for (j = 0; j < days[nd].n; j++) {
			if (na == cap) {
				cap = cap ? 2 * cap : 64;
				all = xreallocarray(all, cap, sizeof *all);
			}
			all[na].p = &days[nd].p[j];
			all[na].date = s->day[i];
			all[na++].rank = j + 1;
			topics |= days[nd].p[j].topic != NULL;
		}
		nd++;
	}
	buf_adds(&b, "</ul>\n");
	if (na > 0)
		qsort(all, na, sizeof *all, byscore);
	top = na < BEST ? na : BEST;
	if (top > 0) {
		buf_adds(&b, "<h2>Best papers of the month</h2>\n");
		if (!topics)
			buf_adds(&b, "<ol>\n");
		for (i = 0; i < top; i++) {
			if (topics && all[i].p != NULL) {
				/* each topic once, in the order of its best paper */
				topic = all[i].p->topic;
				buf_adds(&b, "<h3>");
				buf_addxml(&b, topic ? topic : "Other papers", strlen(topic ? topic : "Other papers"));
				buf_adds(&b, "</h3>\n<ol>\n");
				for (j = i; j < top; j++) {
					if (all[j].p == NULL)
						continue;
					if ((topic == NULL) != (all[j].p->topic == NULL) ||
					    (topic && strcasecmp(topic, all[j].p->topic) != 0))
						continue;
					paperline(&b, all[j].p, all[j].date, all[j].rank, NULL, 1);
					all[j].p = NULL;
				}
				buf_adds(&b, "</ol>\n");
			} else if (!topics)
				paperline(&b, all[i].p, all[i].date, all[i].rank, NULL, 1);
		}
		if (!topics)
			buf_adds(&b, "</ol>\n");
	}
	pagetail(&b, nav.s);
	snprintf(name, sizeof name, "%s.html", m[k]);
	ret = writebuf(s->dir, name, &b);
	for (i = 0; i < nd; i++)
		digest_free(&days[i]);
	free(days);
	free(all);
	buf_free(&b);
	buf_free(&nav);
	return ret;
}

/* the months of a year, with their days and papers */
static int
yearpage(const struct site *s, char (*m)[8], size_t nm, const char *year)
{
	struct buf b = { 0 }, nav = { 0 };
	char title[64], name[16], prev[5] = "", next[5] = "";
	size_t i, j, days;
	int ret;

	for (i = 0; i < nm; i++) {
		if (strncmp(m[i], year, 4) < 0)
			memcpy(prev, m[i], 4);
		else if (strncmp(m[i], year, 4) > 0 && next[0] == '\0')
			memcpy(next, m[i], 4);
	}
	buf_adds(&nav, "<div class=\"nav\" role=\"navigation\" aria-label=\"years\">");
	if (prev[0])
		buf_printf(&nav, "<a rel=\"prev\" href=\"%s.html\">Previous Year %s</a>", prev, prev);
	else
		buf_adds(&nav, "<span>Previous Year</span>");
	buf_adds(&nav, "<a href=\"index.html\">Index</a>");
	if (next[0])
		buf_printf(&nav, "<a rel=\"next\" href=\"%s.html\">Next Year %s</a>", next, next);
	else
		buf_adds(&nav, "<span>Next Year</span>");
	buf_adds(&nav, "</div>");
	snprintf(title, sizeof title, "Personalized Daily ArXiv Papers %.4s", year);
	pagehead(&b, s, title, nav.s);
	buf_adds(&b, "<ul>\n");
	for (i = 0; i < nm; i++) {
		if (strncmp(m[i], year, 4) != 0)
			continue;
		for (j = days = 0; j < s->n; j++)
			days += strncmp(s->day[j], m[i], 7) == 0;
		buf_printf(&b, "<li><a href=\"%s.html\">Monthly Overview %s</a> <span class=\"counts\">(%zu day%s)</span></li>\n",
		    m[i], m[i], days, days == 1 ? "" : "s");
	}
	buf_adds(&b, "</ul>\n");
	pagetail(&b, nav.s);
	snprintf(name, sizeof name, "%.4s.html", year);
	ret = writebuf(s->dir, name, &b);
	buf_free(&b);
	buf_free(&nav);
	return ret;
}

/* the latest day's best papers, its month, every year and month */
static int
indexpage(const struct site *s, char (*m)[8], size_t nm)
{
	struct buf b = { 0 }, nav = { 0 };
	struct digest d;
	const char *last = s->day[s->n - 1];
	size_t i, j, top;
	int ret;

	buf_adds(&nav, "<div class=\"nav\" role=\"navigation\" aria-label=\"site\">");
	if (s->n > 1)
		buf_printf(&nav, "<a rel=\"prev\" href=\"%s.html\">Previous Day %s</a>", s->day[s->n - 2], s->day[s->n - 2]);
	else
		buf_adds(&nav, "<span>Previous Day</span>");
	buf_printf(&nav, "<a href=\"%.7s.html\">Monthly Overview %.7s</a>", last, last);
	buf_printf(&nav, "<a href=\"%s.html\">Latest Day %s</a>", last, last);
	buf_adds(&nav, "</div>");
	pagehead(&b, s, "Personalized Daily ArXiv Papers", nav.s);
	buf_printf(&b, "<h2>Latest: <a href=\"%s.html\">%s</a></h2>\n", last, last);
	if (day_load(s->dir, last, &d) == 0) {
		top = d.n < INDEXTOP ? d.n : INDEXTOP;
		if (top > 0)
			buf_adds(&b, "<ol>\n");
		for (i = 0; i < top; i++)
			paperline(&b, &d.p[i], last, i + 1, NULL, 0);
		if (top > 0)
			buf_adds(&b, "</ol>\n");
		buf_printf(&b, "<p><a href=\"%s.html\">All %zu papers of %s</a> · <a href=\"%.7s.html\">the month</a> · <a href=\"feed.xml\">Atom feed</a></p>\n",
		    last, d.n, last, last);
		digest_free(&d);
	}
	buf_adds(&b, "<h2>Months</h2>\n<ul>\n");
	for (i = nm; i > 0; i = j) {
		buf_printf(&b, "<li><a href=\"%.4s.html\">%.4s</a>:", m[i - 1], m[i - 1]);
		for (j = i; j > 0 && strncmp(m[j - 1], m[i - 1], 4) == 0; j--) {
			size_t k, days = 0;

			for (k = 0; k < s->n; k++)
				days += strncmp(s->day[k], m[j - 1], 7) == 0;
			buf_printf(&b, " <a href=\"%s.html\">%s</a> (%zu day%s)", m[j - 1], m[j - 1], days, days == 1 ? "" : "s");
		}
		buf_adds(&b, "</li>\n");
	}
	buf_adds(&b, "</ul>\n");
	pagetail(&b, nav.s);
	ret = writebuf(s->dir, "index.html", &b);
	buf_free(&b);
	buf_free(&nav);
	return ret;
}

/* the <id> of the site's feed.xml: 0, or -1 when none (or one with "&") */
static int
oldid(const char *dir, struct buf *id)
{
	struct buf b = { 0 };
	char *path = xasprintf("%s/feed.xml", dir);
	const char *a, *z;
	int ret = -1;

	if (buf_readfile(&b, path) == 0 && (a = strstr(buf_str(&b), "\n  <id>")) != NULL &&
	    (z = strstr(a, "</id>")) != NULL && z - a > 7 && strcspn(a + 7, "<&") == (size_t)(z - a - 7)) {
		buf_add(id, a + 7, (size_t)(z - a - 7));
		ret = 0;
	}
	buf_free(&b);
	free(path);
	return ret;
}

/* feed.xml: the latest days kept, newest first; an id of the profile's own */
static int
feedfile(const struct site *s)
{
	const struct look *lk = s->look;
	struct digest *days;
	struct buf b = { 0 }, id = { 0 }, self = { 0 }, title = { 0 };
	size_t i, n = 0, want = lk->feeddays > 0 ? (size_t)lk->feeddays : 1;
	char *abs;
	int ret;

	days = xcalloc(want + 1, sizeof *days);
	for (i = s->n; i > 0 && n < want; i--)
		if (day_load(s->dir, s->day[i - 1], &days[n]) == 0)
			n++;
	buf_adds(&title, "Personalized Daily ArXiv Papers");
	if (lk->siteurl) {
		buf_adds(&self, lk->siteurl);
		if (self.len == 0 || self.s[self.len - 1] != '/')
			buf_addc(&self, '/');
		buf_adds(&self, "feed.xml");
		buf_adds(&id, self.s);
	} else {
		buf_adds(&self, "feed.xml");
		/* no address: the profile's name, else the id the feed already has
		 * (an Atom id never changes, even when the site moves), else where
		 * the site lives */
		if (lk->name)
			buf_printf(&id, "urn:ax:feed:%s", lk->name);
		else if (oldid(s->dir, &id) == 0)
			;
		else {
			abs = realpath(s->dir, NULL);
			buf_printf(&id, "urn:ax:feed:%s", abs ? abs : s->dir);
			free(abs);
		}
	}
	if (lk->name)
		buf_printf(&title, " (%s)", lk->name);
	render_atom_days(&b, days, n, id.s, self.s, title.s);
	ret = writebuf(s->dir, "feed.xml", &b);
	for (i = 0; i < n; i++)
		digest_free(&days[i]);
	free(days);
	buf_free(&b);
	buf_free(&id);
	buf_free(&self);
	buf_free(&title);
	return ret;
}

/* a copy of src as dir/name, written only when it differs */
static int
copyfile(const char *src, const char *dir, const char *name)
{
	struct buf b = { 0 };
	int ret;

	if (buf_readfile(&b, src) == -1) {
		msg("%s:", src);
		return 1;
	}
	ret = write_atomic(dir, name, b.s, b.len);
	buf_free(&b);
	return ret;
}

static char *
katexdir(void)
{
	char *d = datafile(NULL, "AX_KATEX", "katex", getprogpath());

	return d ? d : xstrdup("/usr/share/javascript/katex");
}

/* KaTeX's script, stylesheet and fonts into dir/katex */
static int
katex(const char *dir)
{
	char *src = katexdir(), *from, *to, *f;
	DIR *dp;
	struct dirent *e;
	int ret = 0;

	to = xasprintf("%s/katex", dir);
	f = xasprintf("%s/katex/fonts", dir);
	if ((mkdir(to, 0777) == -1 && errno != EEXIST) || (mkdir(f, 0777) == -1 && errno != EEXIST)) {
		msg("%s:", f);
		ret = 1;
		goto done;
	}
	from = xasprintf("%s/katex.min.js", src);
	ret |= copyfile(from, to, "katex.min.js");
	free(from);
	from = xasprintf("%s/katex.min.css", src);
	ret |= copyfile(from, to, "katex.min.css");
	free(from);
	from = xasprintf("%s/fonts", src);
	if ((dp = opendir(from)) == NULL) {
		msg("%s:", from);
		ret = 1;
	} else {
		while ((e = readdir(dp)) != NULL) {
			char *one;

			if (strncmp(e->d_name, "KaTeX_", 6) != 0)
				continue;
			one = xasprintf("%s/%s", from, e->d_name);
			ret |= copyfile(one, f, e->d_name);
			free(one);
		}
		closedir(dp);
	}
	free(from);
	if (ret)
		msg("%s: KaTeX (Debian's libjs-katex) not copied whole; set AX_KATEX or use --no-math", src);
done:
	free(src);
	free(to);
	free(f);
	return ret;
}

int
render_site(const char *dir, const struct digest *d)
{
	struct site s = { dir, NULL, 0, d->look };
	struct buf page = { 0 }, nav = { 0 };
	struct digest day = *d;
	char name[16], (*m)[8] = NULL, *sub, *old;
	size_t k, nm, i;
	int fd, ret = 0;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		msg("%s:", dir);
		return 1;
	}
	sub = xasprintf("%s/days", dir);
	if (mkdir(sub, 0777) == -1 && errno != EEXIST) {
		msg("%s:", sub);
		free(sub);
		return 1;
	}
	free(sub);
	/* two runs on one site must not undo each other's links; the lock is on
	 * the directory itself, so no lock file is published */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1) {
		msg("%s:", dir);
		return 1;
	}
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			msg("%s: lock:", dir);
			close(fd);
			return 1;
		}
	old = xasprintf("%s/.axrender.lock", dir);
	(void)unlink(old);	/* left by axrender before 0.2 */
	free(old);
	if (scandays(&s, d->date) != 0) {
		ret = 1;
		goto done;
	}
	for (k = 0; strcmp(s.day[k], d->date) != 0; k++)
		;
	ret |= write_atomic(dir, "ax.css", html_css, strlen(html_css));
	if (d->look->math) {
		ret |= write_atomic(dir, "ax-math.js", mathjs, strlen(mathjs));
		ret |= katex(dir);
	}
	daynav(&nav, &s, k);
	day.out = NULL;
	render_html(&page, &day, nav.s);
	snprintf(name, sizeof name, "%s.html", d->date);
	/* no page, no links to it: the neighbours, month and index stay as they were */
	if ((ret |= day_save(dir, d)) != 0 || (ret |= writebuf(dir, name, &page)) != 0)
		goto done;
	if (k > 0)
		ret |= renav(&s, k - 1);
	if (k + 1 < s.n)
		ret |= renav(&s, k + 1);
	nm = months(&s, &m);
	for (i = 0; i < nm && strncmp(m[i], d->date, 7) != 0; i++)
		;
	/* this month, and its neighbours for their Next / Previous Month */
	ret |= monthpage(&s, m, nm, i);
	if (i > 0)
		ret |= monthpage(&s, m, nm, i - 1);
	if (i + 1 < nm)
		ret |= monthpage(&s, m, nm, i + 1);
	ret |= yearpage(&s, m, nm, d->date);
	if (i > 0 && strncmp(m[i - 1], d->date, 4) != 0)
		ret |= yearpage(&s, m, nm, m[i - 1]);
	if (i + 1 < nm && strncmp(m[i + 1], d->date, 4) != 0)
		ret |= yearpage(&s, m, nm, m[i + 1]);
	ret |= indexpage(&s, m, nm);
	ret |= feedfile(&s);
done:
	close(fd);	/* drops the lock */
	free(s.day);
	free(m);
	buf_free(&page);
	buf_free(&nav);
	return ret;
}
