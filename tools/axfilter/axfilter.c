/* axfilter.c - reads paper records and writes those that pass the options, unchanged, in their order or ranked. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ax.h"
#include "axfilter.h"

/* what drops a paper, in the order the checks run */
enum { D_ERROR, D_TITLES, D_ANNOUNCE, D_CATEGORY, D_DEDUPE, D_SEEN, D_EXCLUDE, D_MATCH,
	D_RELEVANCE, D_NOVELTY, D_SCORE, D_TOP, ND };
static const char *dropname[ND] = { "error", "title_filtered", "announce", "category", "dedupe",
	"seen", "exclude", "match", "relevance", "novelty", "score", "top" };
static int asked[ND];		/* the option was given */
static long dropped[ND];
static long nin, nout, nauthors;

struct list {
	char	**v;
	size_t	 n;
};

static struct list announce, categories, followed;
static regex_t *matchre, *excludere;
static size_t nmatch, nexclude;
static int pflag, dedupe, dropErrors, dropTitles, sortflag;
static double minrel, minnov, minscore, authorscore = 20, toppct = -1;
static long long top = -1;
static const char *bykey = "score", *seenpath, *statspath;
static struct strset ids, seen, added;
static struct list newids;	/* ids added to the seen file, in output order */
static struct buf seentext, seennorm, namebuf;
static int seenfd = -1, seenret, seenconv;
static const char *curfile;	/* where the record being judged was read */
static long curline;

/* held records for ranking: the text to print and the keys */
struct item {
	char	*text;
	char	*id;
	double	 key, rel;
	int	 haskey, hasrel;
	size_t	 seq;
	int	 keep;
};
static struct item *items;
static size_t nitems, capitems;
static int holding;

static void
list_add(struct list *l, char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static void
list_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* a comma-separated option value into l */
static void
splitlist(struct list *l, const char *s, const char *what)
{
	const char *p;
	size_t n;

	for (p = s; ; p += n + 1) {
		n = strcspn(p, ",");
		if (n == 0)
			die(EX_USAGE, "%s: empty item in '%s'", what, s);
		list_add(l, xstrndup(p, n));
		if (p[n] == '\0')
			break;
	}
}

static int
inlist(const struct list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static void
addre(regex_t **re, size_t *n, const char *pat, const char *what)
{
	char err[256];
	int r;

	*re = xreallocarray(*re, *n + 1, sizeof(**re));
	if ((r = regcomp(&(*re)[*n], pat, REG_EXTENDED | REG_ICASE | REG_NOSUB)) != 0) {
		regerror(r, &(*re)[*n], err, sizeof(err));
		die(EX_USAGE, "%s: %s: %s", what, pat, err);
	}
	(*n)++;
}

/* any pattern matches the title or the abstract */
static int
matches(regex_t *re, size_t n, struct json_object *rec)
{
	const char *title = jstr(rec, "title"), *abstract = jstr(rec, "abstract");
	size_t i;

	for (i = 0; i < n; i++)
		if ((title != NULL && regexec(&re[i], title, 0, NULL, 0) == 0) ||
		    (abstract != NULL && regexec(&re[i], abstract, 0, NULL, 0) == 0))
			return 1;
	return 0;
}

/* a category in the list, or in an archive the list names (astro-ph: astro-ph.GA) */
static int
catmatch(const char *cat)
{
	size_t i, n;

	for (i = 0; i < categories.n; i++) {
		n = strlen(categories.v[i]);
		if (strncmp(cat, categories.v[i], n) == 0 &&
		    (cat[n] == '\0' || (cat[n] == '.' && strchr(categories.v[i], '.') == NULL)))
			return 1;
	}
	return 0;
}

/* 1 pass, 0 drop; a paper with neither key passes (nothing to judge) */
static int
catpass(struct json_object *rec)
{
	struct json_object *a, *v;
	const char *p;
	size_t i, n;

	p = jstr(rec, "primary");
	if (!json_object_object_get_ex(rec, "categories", &a) ||
	    !json_object_is_type(a, json_type_array))
		a = NULL;
	if (p == NULL && a == NULL)
		return 1;
	if (pflag) {
		if (p == NULL && json_object_array_length(a) > 0)
			p = json_object_get_string(json_object_array_get_idx(a, 0));
		return p != NULL && catmatch(p);
	}
	if (p != NULL && catmatch(p))
		return 1;
	n = a ? json_object_array_length(a) : 0;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (json_object_is_type(v, json_type_string) &&
		    catmatch(json_object_get_string(v)))
			return 1;
	}
	return 0;
}

static int
authormatch(struct json_object *rec)
{
	struct json_object *a, *v;
	size_t i, j, n;

	if (!json_object_object_get_ex(rec, "authors", &a) ||
	    !json_object_is_type(a, json_type_array))
		return 0;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (!json_object_is_type(v, json_type_string))
			continue;
		name_norm(json_object_get_string(v), &namebuf);
		for (j = 0; j < followed.n; j++)
			if (name_match(followed.v[j], buf_str(&namebuf)))
				return 1;
	}
	return 0;
}

/* a numeric key: 1 and *v when present */
static int
numkey(struct json_object *rec, const char *key, double *v)
{
	struct json_object *o;

	if (!json_object_object_get_ex(rec, key, &o) ||
	    !(json_object_is_type(o, json_type_int) || json_object_is_type(o, json_type_double)))
		return 0;
	*v = json_object_get_double(o);
	return 1;
}

/*
 * What the checks look at, from a json-c parse or, on the fast path, from
 * the line itself (json_scan): options that need more (categories, regular
 * expressions, author names) turn the fast path off.
 */
enum { N_REL, N_NOV, N_SCORE, N_KEY, NNUM };
struct view {
	struct json_object *rec;	/* NULL on the fast path */
	const char *id, *announce;	/* NULL when absent or not a string */
	char	 arxiv[ARXIV_ID_MAX];	/* id as arxiv_id reads it */
	int	 isarxiv;		/* id holds an arXiv id */
	const char *key;	/* what --dedupe and --seen compare: the bare arXiv id, else id as is */
	int	 error;
	int	 titlef;		/* "title_filtered": true, from axscore's title pass */
	double	 num[NNUM];
	int	 has[NNUM];		/* the key is there and a number */
};
static const char *numkeys[NNUM] = { "relevance", "novelty", "score", NULL };
static int fastok;
static struct jscan scan;
static struct buf idbuf, annbuf;

/* one id, whatever its form (versions, prefixes, URLs), one paper */
static void
view_id(struct view *v)
{
	v->isarxiv = v->id != NULL && arxiv_id(v->id, v->arxiv, NULL);
	v->key = v->isarxiv ? v->arxiv : v->id;
}

static void
view_rec(struct json_object *rec, struct view *v)
{
	struct json_object *tf;
	int i;

	v->rec = rec;
	v->id = jstr(rec, "id");
	v->announce = jstr(rec, "announce");
	v->error = jhas(rec, "error");
	v->titlef = json_object_object_get_ex(rec, "title_filtered", &tf) &&
	    json_object_is_type(tf, json_type_boolean) && json_object_get_boolean(tf);
	for (i = 0; i < NNUM; i++)
		v->has[i] = numkey(rec, numkeys[i], &v->num[i]);
	view_id(v);
}

static const struct jspan *
span(const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; i < scan.n; i++)
		if (scan.kv[i].klen == n && memcmp(scan.kv[i].key, key, n) == 0)
			return &scan.kv[i];
	return NULL;
}

/* a string value without escapes into b; 0 when it has escapes (use json-c) */
static int
span_str(const char *key, struct buf *b, const char **out)
{
	const struct jspan *sp = span(key);

	*out = NULL;
	if (sp == NULL || sp->val[0] != '"')
		return 1;
	if (memchr(sp->val, '\\', sp->vlen) != NULL)
		return 0;
	buf_reset(b);
	buf_add(b, sp->val + 1, sp->vlen - 2);
	*out = b->s;
	return 1;
}

/* 0 when the line needs json-c after all */
static int
view_line(struct view *v)
{
	const struct jspan *sp;
	int i;

	v->rec = NULL;
	if (!span_str("id", &idbuf, &v->id) || !span_str("announce", &annbuf, &v->announce))
		return 0;
	v->error = span("error") != NULL;
	sp = span("title_filtered");
	v->titlef = sp != NULL && sp->vlen == 4 && memcmp(sp->val, "true", 4) == 0;
	for (i = 0; i < NNUM; i++) {
		sp = span(numkeys[i]);
		v->has[i] = sp != NULL && (sp->val[0] == '-' || (sp->val[0] >= '0' && sp->val[0] <= '9'));
		if (v->has[i])
			v->num[i] = strtod(sp->val, NULL);
	}
	view_id(v);
	return 1;
}

/* the reason a paper is dropped, or -1; *changed when it was marked */
static int
verdict(struct view *v, int *changed)
{
	struct json_object *rec = v->rec;
	int author = 0;

	*changed = 0;
	if (dropErrors && v->error)
		return D_ERROR;
	if (dropTitles && v->titlef)
		return D_TITLES;
	if (announce.n > 0 && v->announce != NULL && !inlist(&announce, v->announce))
		return D_ANNOUNCE;
	if (categories.n > 0 && !catpass(rec))
		return D_CATEGORY;
	if (dedupe && v->key != NULL && !strset_add(&ids, v->key))
		return D_DEDUPE;
	if (seenpath != NULL && v->isarxiv && strset_has(&seen, v->key))
		return D_SEEN;
	if (nexclude > 0 && matches(excludere, nexclude, rec))
		return D_EXCLUDE;
	if (followed.n > 0 && authormatch(rec)) {
		json_object_object_add(rec, "reason", json_object_new_string("Author match"));
		json_object_object_add(rec, "score", authorscore == floor(authorscore) ?
		    json_object_new_int64((int64_t)authorscore) : json_object_new_double(authorscore));
		view_rec(rec, v);
		*changed = author = 1;
		nauthors++;
	}
	/* a followed author's paper passes the keyword and score cutoffs */
	if (author)
		return -1;
	if (nmatch > 0 && !matches(matchre, nmatch, rec))
		return D_MATCH;
	if (asked[D_RELEVANCE] && v->has[N_REL] && v->num[N_REL] < minrel)
		return D_RELEVANCE;
	if (asked[D_NOVELTY] && v->has[N_NOV] && v->num[N_NOV] < minnov)
		return D_NOVELTY;
	if (asked[D_SCORE] && v->has[N_SCORE] && v->num[N_SCORE] < minscore)
		return D_SCORE;
	return -1;
}

static void
emit(const char *s, size_t n, const char *id)
{
	fwrite(s, 1, n, stdout);
	putchar('\n');
	nout++;
	if (seenpath != NULL && id != NULL && !strset_has(&seen, id) && strset_add(&added, id))
		list_add(&newids, xstrdup(id));
}

/* a paper that passed: out now, or held for ranking */
static void
pass(struct view *v, const char *s, size_t n)
{
	struct item *it;

	/* the seen file holds arXiv ids: a paper without one cannot be remembered */
	if (seenpath != NULL && !v->isarxiv) {
		msg("%s:%ld: %s%s%s: not remembered in %s", curfile, curline,
		    v->id ? "id '" : "no id", v->id ? v->arxiv : "",
		    v->id ? "' is not an arXiv id" : "", seenpath);
		seenret = 1;
	}
	if (!holding) {
		emit(s, n, v->isarxiv ? v->key : NULL);
		return;
	}
	if (nitems == capitems) {
		capitems = capitems ? capitems * 2 : 1024;
		items = xreallocarray(items, capitems, sizeof(*items));
	}
	it = &items[nitems];
	it->text = xstrndup(s, n);
	it->id = v->isarxiv && seenpath != NULL ? xstrdup(v->key) : NULL;
	it->haskey = v->has[N_KEY];
	it->key = v->num[N_KEY];
	it->hasrel = v->has[N_REL];
	it->rel = v->num[N_REL];
	it->seq = nitems++;
	it->keep = 1;
}

/* the fast path: a line in jsonl_write's form is judged and copied without json-c */
static int
fast(const char *line, size_t len, const char *file, long lineno, void *arg)
{
	struct view v;
	int why, changed;

	(void)arg;
	curfile = file;
	curline = lineno;
	if (!fastok || !json_scan(line, len, &scan) || !view_line(&v))
		return 0;
	nin++;
	if ((why = verdict(&v, &changed)) >= 0)
		dropped[why]++;
	else
		pass(&v, line, len);
	return 1;
}

static int
filter(struct json_object *rec, const char *line, size_t len, const char *file,
    long lineno, void *arg)
{
	struct view v;
	const char *s;
	size_t n;
	int why, changed;

	(void)arg;
	curfile = file;
	curline = lineno;
	nin++;
	view_rec(rec, &v);
	if ((why = verdict(&v, &changed)) >= 0) {
		dropped[why]++;
		return 0;
	}
	/* the line itself when json-c would print it the same */
	if (!changed && json_scan(line, len, &scan) &&
	    scan.n == (size_t)json_object_object_length(rec)) {
		s = line;
		n = len;
	} else {
		s = jsonl_string(rec);
		n = strlen(s);
	}
	pass(&v, s, n);
	return 0;
}

/* the key descending, then relevance descending, then input order; missing keys last */
static int
rankcmp(const void *pa, const void *pb)
{
	const struct item *a = *(struct item *const *)pa, *b = *(struct item *const *)pb;

	if (a->haskey != b->haskey)
		return b->haskey - a->haskey;
	if (a->haskey && a->key != b->key)
		return a->key > b->key ? -1 : 1;
	if (a->hasrel != b->hasrel)
		return b->hasrel - a->hasrel;
	if (a->hasrel && a->rel != b->rel)
		return a->rel > b->rel ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
flush_held(void)
{
	struct item **rank;
	size_t i, limit = nitems;

	rank = xreallocarray(NULL, nitems ? nitems : 1, sizeof(*rank));
	for (i = 0; i < nitems; i++)
		rank[i] = &items[i];
	qsort(rank, nitems, sizeof(*rank), rankcmp);
	if (toppct >= 0)
		limit = (size_t)ceil((double)nitems * toppct / 100.0 - 1e-9);
	if (top >= 0 && (size_t)top < limit)
		limit = (size_t)top;
	for (i = limit; i < nitems; i++)
		rank[i]->keep = 0;
	dropped[D_TOP] += (long)(nitems - limit);
	for (i = 0; i < nitems; i++) {
		struct item *it = sortflag ? rank[i] : &items[i];

		if (it->keep)
			emit(it->text, strlen(it->text), it->id);
		free(it->text);
		free(it->id);
	}
	free(rank);
	free(items);
}

/*
 * The seen file is locked (fcntl, whole file) from start to end, so runs
 * that overlap take turns.  The lock is on the file we opened; when a run
 * before us renamed a new file into place while we waited, open again.
 */
/* the folders above a new state file, as mkdir -p: ~/.local/state/ax may not exist yet */
static void
mkparents(const char *path)
{
	char *d = xstrdup(path), *p;

	for (p = strchr(d + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(d, 0777) == -1 && errno != EEXIST)
			die(EX_FAIL, "%s:", d);
		*p = '/';
	}
	free(d);
}

/* the id of a JSON record that another tool wrote, as arxiv_id reads it; 0 when none */
static int
json_id(const char *line, size_t len, char id[ARXIV_ID_MAX])
{
	static const char *keys[] = { "id", "arxiv_id", "ARXIVID", NULL };
	struct json_object *o;
	const char *why, *s;
	int i, r = 0;

	if ((o = jsonl_parse(line, len, &why)) == NULL)
		return 0;
	for (i = 0; keys[i] != NULL && r == 0; i++)
		if ((s = jstr(o, keys[i])) != NULL)
			r = arxiv_id(s, id, NULL);
	json_object_put(o);
	return r;
}

#define SEEN_NAMED 10	/* lines without an id named one by one; the rest counted */

static void
seen_add(const char *id)
{
	if (strset_add(&seen, id)) {
		buf_adds(&seennorm, id);
		buf_addc(&seennorm, '\n');
	}
}

/* the other ids of a line that starts with one: "2601.00000 2601.00001", "a, b; c", up to a '#' */
static void
seen_more(const char *p)
{
	static const char sep[] = " \t,;";
	char id[ARXIV_ID_MAX];

	for (p += strcspn(p, sep); *(p += strspn(p, sep)) != '\0' && *p != '#'; p += strcspn(p, sep))
		if (arxiv_id(p, id, NULL))
			seen_add(id);
}

/*
 * A file saved as UTF-16 (Windows Notepad's "Unicode", with its byte order
 * mark) is read as UTF-8 from here on, and written back so.
 */
static void
seen_utf16(void)
{
	const unsigned char *u = (const unsigned char *)seentext.s;
	struct buf b = { 0 };
	const char *from;
	char *in, *out;
	size_t inleft, outleft;
	iconv_t cd;

	if (seentext.len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		from = "UTF-16LE";
	else if (seentext.len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		from = "UTF-16BE";
	else
		return;
	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		die(EX_FAIL, "%s: %s:", seenpath, from);
	/* a UTF-16 unit makes at most 3 bytes of UTF-8, a pair of them 4 */
	buf_grow(&b, seentext.len * 2);
	in = seentext.s + 2;
	inleft = seentext.len - 2;
	out = b.s;
	outleft = b.cap - 1;
	if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &out, &outleft) == (size_t)-1) {
		iconv_close(cd);
		buf_free(&b);
		die(EX_FAIL, "%s: %s that cannot be read at byte %zu; the file is left as it is",
		    seenpath, from, (size_t)(in - seentext.s));
	}
	iconv_close(cd);
	b.len = (size_t)(out - b.s);
	b.s[b.len] = '\0';
	msg("%s: %s, read and written back as UTF-8", seenpath, from);
	buf_free(&seentext);
	seentext = b;
	seenconv = 1;
}

/*
 * Each line of the seen file is read as ids are read everywhere (arxiv_id):
 * CR, blanks, a BOM, versions, prefixes and URLs fall away; more ids may
 * follow the first, separated by blanks, commas or semicolons.  A JSON record
 * gives its "id".  seennorm gets the file as it is written back: one bare
 * id a line, each once, in the order read; blank lines dropped; '#' comments
 * and lines that hold no arXiv id (each named as FILE:LINE) kept as they were.
 */
static void
seen_read(void)
{
	struct buf l = { 0 };
	char id[ARXIV_ID_MAX];
	const char *e;
	size_t i, j, n;
	long lineno = 0, nbad = 0, njson = 0, firstjson = 0;
	int r;

	seen_utf16();
	for (i = 0; i < seentext.len; i = j + 1) {
		lineno++;
		e = memchr(seentext.s + i, '\n', seentext.len - i);
		j = e != NULL ? (size_t)(e - seentext.s) : seentext.len;
		for (n = j - i; n > 0 && isspace((unsigned char)seentext.s[i + n - 1]); n--)
			;
		buf_reset(&l);
		buf_add(&l, seentext.s + i, n);
		buf_addc(&l, '\0');
		l.len--;
		if ((r = arxiv_id(l.s, id, NULL)) == 0 && id[0] == '{' &&
		    (r = json_id(l.s, l.len, id)) == 1 && njson++ == 0)
			firstjson = lineno;
		if (r == 1) {
			seen_add(id);
			if (l.s[strspn(l.s, " \t")] != '{')
				seen_more(l.s);
			continue;
		}
		if (id[0] == '\0')
			continue;	/* a blank line */
		if (id[0] != '#') {
			if (nbad++ < SEEN_NAMED)
				msg("%s:%ld: not an arXiv id: %.60s", seenpath, lineno, id);
			seenret = 1;
		}
		buf_add(&seennorm, l.s, l.len);
		buf_addc(&seennorm, '\n');
	}
	if (nbad > SEEN_NAMED)
		msg("%s: %ld more lines that are not arXiv ids", seenpath, nbad - SEEN_NAMED);
	if (njson > 0)
		msg("%s:%ld: a JSON record, not an id: the ids of %ld such lines read, "
		    "written back one id a line", seenpath, firstjson, njson);
	buf_free(&l);
}

static void
seen_open(void)
{
	struct flock fl;
	struct stat a, b;
	char chunk[65536];
	ssize_t r;

	mkparents(seenpath);
	for (;;) {
		if ((seenfd = open(seenpath, O_RDWR | O_CREAT, 0666)) == -1)
			die(EX_FAIL, "%s:", seenpath);
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		while (fcntl(seenfd, F_SETLKW, &fl) == -1)
			if (errno != EINTR)
				die(EX_FAIL, "%s: lock:", seenpath);
		if (fstat(seenfd, &a) == 0 && stat(seenpath, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		close(seenfd);
	}
	/* a device or a FIFO never ends, and is written back by a rename over it */
	if (!S_ISREG(a.st_mode))
		die(EX_USAGE, "%s: not a regular file", seenpath);
	/* read through the locked descriptor: closing any other would drop the lock */
	while ((r = read(seenfd, chunk, sizeof(chunk))) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			die(EX_FAIL, "%s:", seenpath);
		}
		buf_add(&seentext, chunk, (size_t)r);
	}
	seen_read();
}

/* the old lines and the new ids into a temporary file beside it, then rename */
static int
seen_write(int delivered)
{
	struct stat st;
	char *tmp, *target;
	FILE *fp;
	size_t i;
	int fd, ret = 0, changed;

	changed = seenconv || seennorm.len != seentext.len ||
	    (seennorm.len > 0 && memcmp(seennorm.s, seentext.s, seennorm.len) != 0);
	if ((newids.n == 0 && !changed) || !delivered) {
		close(seenfd);
		return 0;
	}
	target = atomic_target(seenpath);
	tmp = xasprintf("%s.XXXXXX", target);
	if ((fd = mkstemp(tmp)) == -1) {
		msg("%s:", tmp);
		free(tmp);
		free(target);
		close(seenfd);
		return 1;
	}
	if (fstat(seenfd, &st) == 0)
		fchmod(fd, st.st_mode & 0777);
	fp = fdopen(fd, "w");
	fwrite(seennorm.s ? seennorm.s : "", 1, seennorm.len, fp);
	for (i = 0; i < newids.n; i++)
		fprintf(fp, "%s\n", newids.v[i]);
	if (fflush(fp) != 0 || fsync(fd) != 0 || ferror(fp)) {
		msg("%s:", tmp);
		ret = 1;
	}
	if (fclose(fp) != 0 && ret == 0) {
		msg("%s:", tmp);
		ret = 1;
	}
	if (ret == 0 && rename(tmp, target) == -1) {
		msg("%s: rename:", seenpath);
		ret = 1;
	}
	if (ret != 0)
		unlink(tmp);
	free(tmp);
	free(target);
	close(seenfd);		/* releases the lock, after the rename */
	return ret;
}

/* "axfilter: dropped 120 (announce 80, seen 40)" and --stats FILE */
static int
report(void)
{
	struct buf b = { 0 };
	long total = 0;
	int i, first = 1, ret = 0;
	FILE *fp;

	for (i = 0; i < ND; i++)
		total += dropped[i];
	if (total > 0) {
		for (i = 0; i < ND; i++) {
			if (dropped[i] == 0)
				continue;
			buf_printf(&b, "%s%s %ld", first ? "" : ", ", dropname[i], dropped[i]);
			first = 0;
		}
		msg("dropped %ld (%s)", total, buf_str(&b));
	}
	if (statspath != NULL) {
		buf_reset(&b);
		buf_printf(&b, "{\"in\":%ld,\"out\":%ld,\"dropped\":{", nin, nout);
		for (first = 1, i = 0; i < ND; i++) {
			if (!asked[i])
				continue;
			buf_printf(&b, "%s\"%s\":%ld", first ? "" : ",", dropname[i], dropped[i]);
			first = 0;
		}
		buf_adds(&b, "}");
		if (followed.n > 0)
			buf_printf(&b, ",\"authors\":%ld", nauthors);
		buf_adds(&b, "}\n");
		if ((fp = fopen(statspath, "w")) == NULL) {
			msg("%s:", statspath);
			ret = 1;
		} else {
			fputs(buf_str(&b), fp);
			ret |= fshut(fp, statspath);
		}
	}
	buf_free(&b);
	return ret;
}

/* one name a line; '#' starts a comment */
static void
readauthors(const char *path)
{
	struct buf b = { 0 }, n = { 0 };
	char *line, *next, *c;

	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	for (line = b.s; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((c = strchr(line, '#')) != NULL)
			*c = '\0';
		name_norm(line, &n);
		if (n.len > 0)
			list_add(&followed, buf_take(&n));
	}
	buf_free(&b);
	buf_free(&n);
	if (followed.n == 0)
		msg("%s: no names", path);
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [-h] [--version] [--announce list] [--category list [--primary]]\n"
	    "\t[--dedupe] [--seen file] [--match re] [--exclude re] [--authors file\n"
	    "\t[--author-score s]] [--drop-errors] [--drop-title-filtered]\n"
	    "\t[--min-relevance n] [--min-novelty n]\n"
	    "\t[--min-score n] [--sort] [--top n] [--top-percent p] [--by key]\n"
	    "\t[--stats file] [file ...]\n", getprog());
	usage_exit(fp, status);
}

int
main(int argc, char *argv[])
{
	enum { O_ANNOUNCE = 256, O_CATEGORY, O_PRIMARY, O_DEDUPE, O_SEEN, O_MINREL,
		O_MINNOV, O_MINSCORE, O_SORT, O_TOP, O_TOPPCT, O_BY, O_MATCH, O_EXCLUDE,
		O_AUTHORS, O_AUTHORSCORE, O_DROPERR, O_DROPTITLES, O_STATS, O_VERSION };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ "announce", required_argument, NULL, O_ANNOUNCE },
		{ "category", required_argument, NULL, O_CATEGORY },
		{ "primary", no_argument, NULL, O_PRIMARY },
		{ "dedupe", no_argument, NULL, O_DEDUPE },
		{ "seen", required_argument, NULL, O_SEEN },
		{ "min-relevance", required_argument, NULL, O_MINREL },
		{ "min-novelty", required_argument, NULL, O_MINNOV },
		{ "min-score", required_argument, NULL, O_MINSCORE },
		{ "sort", no_argument, NULL, O_SORT },
		{ "top", required_argument, NULL, O_TOP },
		{ "top-percent", required_argument, NULL, O_TOPPCT },
		{ "by", required_argument, NULL, O_BY },
		{ "match", required_argument, NULL, O_MATCH },
		{ "exclude", required_argument, NULL, O_EXCLUDE },
		{ "authors", required_argument, NULL, O_AUTHORS },
		{ "author-score", required_argument, NULL, O_AUTHORSCORE },
		{ "drop-errors", no_argument, NULL, O_DROPERR },
		{ "drop-title-filtered", no_argument, NULL, O_DROPTITLES },
		{ "stats", required_argument, NULL, O_STATS },
		{ NULL, 0, NULL, 0 }
	};
	static const char *types[] = { "new", "cross", "replace", "replace-cross" };
	const char *authorsfile = NULL;
	size_t i, j;
	int c, ret, delivered;

	setprog(argv[0]);
	argv[0] = (char *)getprog();	/* getopt names the program in its messages */
	setlocale(LC_CTYPE, "");	/* REG_ICASE on UTF-8 text */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, EX_OKAY);
			break;
		case O_VERSION:
			version();
			break;
		case O_ANNOUNCE:
			splitlist(&announce, optarg, "--announce");
			asked[D_ANNOUNCE] = 1;
			break;
		case O_CATEGORY:
			splitlist(&categories, optarg, "--category");
			asked[D_CATEGORY] = 1;
			break;
		case O_PRIMARY:
			pflag = 1;
			break;
		case O_DEDUPE:
			dedupe = asked[D_DEDUPE] = 1;
			break;
		case O_SEEN:
			seenpath = optarg;
			asked[D_SEEN] = 1;
			break;
		case O_MINREL:
			minrel = parsedbl(optarg, -1e9, 1e9, "--min-relevance");
			asked[D_RELEVANCE] = 1;
			break;
		case O_MINNOV:
			minnov = parsedbl(optarg, -1e9, 1e9, "--min-novelty");
			asked[D_NOVELTY] = 1;
			break;
		case O_MINSCORE:
			minscore = parsedbl(optarg, -1e9, 1e9, "--min-score");
			asked[D_SCORE] = 1;
			break;
		case O_SORT:
			sortflag = 1;
			break;
		case O_TOP:
			top = parsenum(optarg, 0, LLONG_MAX, "--top");
			asked[D_TOP] = 1;
			break;
		case O_TOPPCT:
			toppct = parsedbl(optarg, 0, 100, "--top-percent");
			asked[D_TOP] = 1;
			break;
		case O_BY:
			bykey = optarg;
			break;
		case O_MATCH:
			addre(&matchre, &nmatch, optarg, "--match");
			asked[D_MATCH] = 1;
			break;
		case O_EXCLUDE:
			addre(&excludere, &nexclude, optarg, "--exclude");
			asked[D_EXCLUDE] = 1;
			break;
		case O_AUTHORS:
			authorsfile = optarg;
			break;
		case O_AUTHORSCORE:
			authorscore = parsedbl(optarg, -1e9, 1e9, "--author-score");
			break;
		case O_DROPERR:
			dropErrors = asked[D_ERROR] = 1;
			break;
		case O_DROPTITLES:
			dropTitles = asked[D_TITLES] = 1;
			break;
		case O_STATS:
			statspath = optarg;
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	for (i = 0; i < announce.n; i++) {
		for (j = 0; j < sizeof(types) / sizeof(types[0]); j++)
			if (strcmp(announce.v[i], types[j]) == 0)
				break;
		if (j == sizeof(types) / sizeof(types[0]))
			die(EX_USAGE, "--announce: unknown type '%s' (new, cross, replace, replace-cross)",
			    announce.v[i]);
	}
	if (pflag && categories.n == 0)
		die(EX_USAGE, "--primary: needs --category");
	if (authorsfile != NULL)
		readauthors(authorsfile);
	holding = sortflag || top >= 0 || toppct >= 0;
	if (!holding)
		setvbuf(stdout, NULL, _IOLBF, 0);
	if (seenpath != NULL)
		seen_open();

	numkeys[N_KEY] = bykey;
	fastok = categories.n == 0 && nmatch == 0 && nexclude == 0 && followed.n == 0;
	ret = jsonl_loop_lines(argc - optind, argv + optind, fast, filter, NULL);
	if (holding)
		flush_held();
	/* ids go into the seen file only once their papers are out */
	delivered = fflush(stdout) == 0 && !ferror(stdout);
	if (seenpath != NULL)
		ret |= seen_write(delivered) | seenret;
	ret |= report();
	ret |= fshut(stdout, "stdout");

	list_free(&announce);
	list_free(&categories);
	list_free(&followed);
	list_free(&newids);
	for (i = 0; i < nmatch; i++)
		regfree(&matchre[i]);
	for (i = 0; i < nexclude; i++)
		regfree(&excludere[i]);
	free(matchre);
	free(excludere);
	strset_free(&ids);
	strset_free(&seen);
	strset_free(&added);
	buf_free(&seentext);
	buf_free(&seennorm);
	buf_free(&namebuf);
	buf_free(&idbuf);
	buf_free(&annbuf);
	free(scan.kv);
	return ret;
}
