/*
 * parse.c - reads arXiv documents (RSS 2.0, Atom API, OAI-PMH arXiv
 * and oai_dc, Kaggle snapshot lines) and writes one paper record per paper.
 * XML is read with libxml2's xmlTextReader, one document in memory at a time;
 * a broken record is read past (parse_xml_doc).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/chvalid.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlstring.h>

#include "ax.h"
#include "axfetch.h"

enum fmt { FMT_NONE, FMT_RSS, FMT_ATOM, FMT_OAI };
enum { K_ID, K_TITLE, K_ABSTRACT, K_PRIMARY, K_ANNOUNCE, K_PUBLISHED, K_UPDATED,
	K_COMMENTS, K_JOURNAL, K_DOI, K_LICENSE, K_N };
static const char *keyname[K_N] = {
	"id", "title", "abstract", "primary", "announce", "published", "updated",
	"comments", "journal_ref", "doi", "license"
};

struct paper {
	struct buf k[K_N];
	int	 version;
	struct json_object *authors, *cats;
	struct buf kname, fnames, suffix;	/* OAI arXiv author parts */
	int	 in_header, deleted, meta;	/* meta: 'a' arXiv, 'd' oai_dc */
	int	 ndates;
};

/* what one pass over a document left: for resuming after a fatal error */
struct pass {
	long	 delta;		/* in: line numbers of this pass + delta = the document's, */
	long	 cutline, delta2;	/* from this pass's line cutline on, + delta2 */
	enum fmt fmt;		/* out: the document's format */
	long	 stopline;	/* out: the document's line where libxml2 stopped, 0: it did not */
	long	 done;		/* out: records read to their end tag */
};

struct parser {
	struct feed *f;
	xmlTextReaderPtr r;
	enum fmt fmt;
	int	 inrec, recdepth;
	struct paper p;
	struct buf text;
	char	*errattr;	/* OAI <error code=...> */
	struct buf xmlerr;	/* first libxml2 error */
	int	 xmlerrline;
	int	 lasterrline;	/* of the last error: where a fatal one stopped the reader */
	struct pass *pp;	/* how its lines map to the document's */
};

/* a line of this pass -> the document's line */
static long
docline(const struct parser *ps, long line)
{
	const struct pass *pp = ps->pp;

	return line + (pp->cutline > 0 && line >= pp->cutline ? pp->delta2 : pp->delta);
}


/* the ids printed in this run, so that no source prints one twice */
static struct strset seen;

/* --- normalisation ---------------------------------------------------- */

/* a version or count from untrusted text: digits only, 0 when absent or out of range */
static long
small_num(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno == ERANGE || v < 0 || v > max)
		return 0;
	return v;
}

static int
is_suffix(const char *s)
{
	static const char *sfx[] = { "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", NULL };
	int i;

	for (i = 0; sfx[i]; i++)
		if (strcmp(s, sfx[i]) == 0)
			return 1;
	return 0;
}

/* s starts with the word w (case aside) followed by a space: the length of both */
static size_t
word(const char *s, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(s, w, n) == 0 && s[n] == ' ' ? n + 1 : 0;
}

static void
add_name(struct json_object *arr, const char *s, size_t n)
{
	size_t k = json_object_array_length(arr);
	struct json_object *last;
	char *t;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ','))
		n--;
	if (n == 0)
		return;
	t = xstrndup(s, n);
	/* "Smith, Jr." was split at the comma: the suffix belongs to Smith */
	if (k > 0 && is_suffix(t)) {
		last = json_object_array_get_idx(arr, k - 1);
		free(t);
		t = xasprintf("%s %.*s", json_object_get_string(last), (int)n, s);
		json_object_array_put_idx(arr, k - 1, json_object_new_string(t));
	} else
		json_object_array_add(arr, json_object_new_string(t));
	free(t);
}

/*
 * One piece of an author list -> its names: "and " before the last author
 * and a trailing "et al." dropped; "X for the Y Collaboration" and "X on
 * behalf of the Y Collaboration" are X, then the group Y Collaboration.
 */
static void
add_author(struct json_object *arr, struct buf *b)
{
	static const char *behalf[] = { " for the ", " on behalf of the ", " on behalf of ", NULL };
	const char *s, *g;
	char *t;
	size_t n, k;
	int i;

	buf_squeeze(b);
	s = buf_str(b);
	n = b->len;
	if ((k = word(s, "and")) > 0) {
		s += k;
		n -= k;
	}
	/* "et al." alone, or after the last name */
	if (n >= 6 && (strcasecmp(s + n - 6, "et al.") == 0 || strcasecmp(s + n - 6, " et al") == 0))
		n -= 6;
	else if (n >= 7 && strcasecmp(s + n - 7, "et. al.") == 0)
		n -= 7;
	else if (n == 5 && strcasecmp(s, "et al") == 0)
		n = 0;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 3 && strncmp(s, "and", 3) == 0)
		return;
	t = xstrndup(s, n);
	/* "for the ATLAS Collaboration" after a comma, or after a name */
	for (i = 0; behalf[i]; i++) {
		k = strlen(behalf[i]);
		if (strncasecmp(t, behalf[i] + 1, k - 1) == 0) {
			add_name(arr, t + k - 1, n - (k - 1));
			break;
		}
		if ((g = strstr(t, behalf[i])) != NULL) {
			add_name(arr, t, (size_t)(g - t));
			add_name(arr, g + k, n - (size_t)(g + k - t));
			break;
		}
	}
	if (behalf[i] == NULL)
		add_name(arr, t, n);
	free(t);
}

/*
 * An author list as arXiv writes it -> one name per element.  "A, B and C",
 * "A, B, and C"; " and " splits only as a word, so Alexander and Anand
 * survive; affiliations in parentheses are dropped, but "(for the X
 * Collaboration)" gives the group; a group before a colon ("ATLAS
 * Collaboration: G. Aad, ...", "ExampleLab: Ada Chen, ...") is an element of
 * its own, where arXiv put it; "et al." is dropped.
 */
void
split_authors(const char *s, struct json_object *arr)
{
	struct buf b = { 0 }, par = { 0 };
	int depth = 0;

	for (; *s; s++) {
		if (*s == '(') {
			if (depth++ == 0)
				buf_reset(&par);
			continue;
		}
		if (*s == ')' && depth > 0) {
			if (--depth == 0) {
				buf_squeeze(&par);
				if (word(par.s ? par.s : "", "for") || word(par.s ? par.s : "", "on")) {
					/* a group the author writes for: the name, then the group */
					buf_addc(&b, ' ');
					buf_add(&b, par.s, par.len);
				}
			}
			continue;
		}
		if (depth > 0) {
			buf_addc(&par, *s);
			continue;
		}
		if (*s == ',' || *s == ';' || *s == ':') {
			add_author(arr, &b);
			buf_reset(&b);
			continue;
		}
		if (isspace((unsigned char)*s) && strncmp(s + 1, "and", 3) == 0 &&
		    isspace((unsigned char)s[4])) {
			add_author(arr, &b);
			buf_reset(&b);
			s += 3;
			continue;
		}
		buf_addc(&b, *s);
	}
	add_author(arr, &b);
	buf_free(&b);
	buf_free(&par);
}

int
rfc822_iso(const char *s, int with_time, char *out, size_t outlen)
{
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char m[4], zone[16] = "";
	int d, y, hh = 0, mm = 0, ss = 0, i, k;
	const char *c = strchr(s, ',');

	/* "Mon, 27 Apr 2026 00:00:00 -0400": the weekday is optional */
	s = c ? c + 1 : s;
	k = sscanf(s, " %d %3s %d %d:%d:%d %15s", &d, m, &y, &hh, &mm, &ss, zone);
	if (k < 3)
		return -1;
	for (i = 0; i < 12 && strcasecmp(m, mon[i]) != 0; i++)
		;
	if (i == 12 || d < 1 || d > 31)
		return -1;
	if (!with_time || k < 6) {
		snprintf(out, outlen, "%04d-%02d-%02d", y, i + 1, d);
		return 0;
	}
	if (zone[0] == '\0' || strcmp(zone, "GMT") == 0 || strcmp(zone, "UT") == 0 ||
	    strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0 || strcmp(zone, "+0000") == 0)
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, i + 1, d, hh, mm, ss);
	else if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5)
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d%c%.2s:%.2s",
		    y, i + 1, d, hh, mm, ss, zone[0], zone + 1, zone + 3);
	else
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d", y, i + 1, d, hh, mm, ss);
	return 0;
}

/* --- bytes ------------------------------------------------------------ */

#define FIX_SAY	5	/* bad bytes named one by one in a stream; the rest counted */

/* the declared encoding is not UTF-8 (a BOM of UTF-16, encoding="..." in the declaration) */
static int
not_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *e, *q;
	char enc[32];
	size_t k;

	if (n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE) ||
	    (u[0] == 0 && u[1] == '<') || (u[0] == '<' && u[1] == 0)))
		return 1;
	if (n < 6 || memcmp(s, "<?xml", 5) != 0)
		return 0;
	if ((e = memchr(s, '>', n < 256 ? n : 256)) == NULL)
		return 0;
	for (q = s; q + 9 < e && memcmp(q, "encoding=", 9) != 0; q++)
		;
	if (q + 9 >= e || (q[9] != '"' && q[9] != '\''))
		return 0;
	for (q += 10, k = 0; q < e && *q != '"' && *q != '\'' && k < sizeof enc - 1; q++)
		enc[k++] = *q;
	enc[k] = '\0';
	return strcasecmp(enc, "UTF-8") != 0 && strcasecmp(enc, "UTF8") != 0 &&
	    strcasecmp(enc, "US-ASCII") != 0 && strcasecmp(enc, "ASCII") != 0;
}

static void
fix_say(struct fixer *fx, const unsigned char *s, long cp)
{
	fx->nbad++;
	if (fx->nbad > FIX_SAY)
		return;
	if (cp == 0)
		msg("%s:%ld: NUL byte replaced with U+FFFD", fx->name, fx->line);
	else if (cp > 0 && cp < 0x20)
		msg("%s:%ld: control character 0x%02lX replaced with U+FFFD", fx->name, fx->line, cp);
	else if (cp > 0)
		msg("%s:%ld: character U+%04lX is not allowed in XML, replaced with U+FFFD",
		    fx->name, fx->line, cp);
	else
		msg("%s:%ld: invalid UTF-8 byte 0x%02X replaced with U+FFFD", fx->name, fx->line, *s);
}

/*
 * The bytes one U+FFFD stands for at an ill-formed sequence: the longest
 * start of a well-formed one ("maximal subpart", Unicode 15, section 3.9,
 * table 3-7), at least the one byte.
 */
static int
bad_prefix(const unsigned char *s, const unsigned char *end)
{
	unsigned char lo = 0x80, hi = 0xBF;
	int need, k;

	if (*s < 0xC2 || *s > 0xF4)
		return 1;
	need = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : 2;
	if (*s == 0xE0)
		lo = 0xA0;
	else if (*s == 0xED)
		hi = 0x9F;
	else if (*s == 0xF0)
		lo = 0x90;
	else if (*s == 0xF4)
		hi = 0x8F;
	for (k = 1; k < need && s + k < end; k++) {
		if (s[k] < lo || s[k] > hi)
			break;
		lo = 0x80;
		hi = 0xBF;
	}
	return k;
}

size_t
xml_fix(struct fixer *fx, const char *in, size_t n, int final, struct buf *out)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)in, *run = s, *end = s + n;
	int need, len;
	long cp;

	/* the encoding is read from the first bytes: wait for enough of them */
	if (!fx->started && n < 256 && !final)
		return 0;
	if (!fx->started && n > 0) {
		fx->started = 1;
		fx->off = not_utf8(in, n);
		if (fx->line == 0)
			fx->line = 1;
	}
	if (fx->off) {
		buf_add(out, in, n);
		return n;
	}
	while (s < end) {
		if (*s >= 0x20 && *s < 0x80) {
			s++;
			continue;
		}
		if (*s == '\n') {
			fx->line++;
			s++;
			continue;
		}
		if (*s == '\t' || *s == '\r') {
			s++;
			continue;
		}
		need = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
		if (!final && end - s < need && need > 1)
			break;	/* a sequence the next read completes */
		len = end - s < 4 ? (int)(end - s) : 4;
		cp = *s < 0x80 ? *s : xmlGetUTF8Char(s, &len);
		if (*s < 0x80)
			len = 1;
		/* libxml2 2.9 takes overlong forms, surrogates and code points past U+10FFFF */
		if (cp >= 0 && *s >= 0x80 && (len != need || (len == 2 && cp < 0x80) ||
		    (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
			cp = -1;
		if (cp >= 0 && xmlIsCharQ(cp)) {
			s += len;
			continue;
		}
		buf_add(out, (const char *)run, (size_t)(s - run));
		buf_add(out, fffd, 3);
		fix_say(fx, s, cp);
		s += cp >= 0 ? len : bad_prefix(s, end);
		run = s;
	}
	buf_add(out, (const char *)run, (size_t)(s - run));
	return (size_t)(s - (const unsigned char *)in);
}

void
xml_fix_end(struct fixer *fx)
{
	if (fx->nbad > FIX_SAY)
		msg("%s: %ld malformed characters in all replaced with U+FFFD", fx->name, fx->nbad);
}

/* --- records ---------------------------------------------------------- */

static void
paper_reset(struct paper *p)
{
	int i;

	for (i = 0; i < K_N; i++)
		buf_reset(&p->k[i]);
	json_object_put(p->authors);
	json_object_put(p->cats);
	p->authors = json_object_new_array();
	p->cats = json_object_new_array();
	buf_reset(&p->kname);
	buf_reset(&p->fnames);
	buf_reset(&p->suffix);
	p->version = 0;
	p->in_header = p->deleted = p->meta = p->ndates = 0;
}

static void
paper_free(struct paper *p)
{
	int i;

	for (i = 0; i < K_N; i++)
		buf_free(&p->k[i]);
	json_object_put(p->authors);
	json_object_put(p->cats);
	p->authors = p->cats = NULL;
	buf_free(&p->kname);
	buf_free(&p->fnames);
	buf_free(&p->suffix);
}

/* p's key k = s with white space collapsed, in one pass (abstracts are most of the input) */
static void
setk(struct paper *p, int k, const char *s)
{
	static const unsigned char ws[256] = { [' '] = 1, ['\n'] = 1, ['\t'] = 1,
	    ['\r'] = 1, ['\f'] = 1, ['\v'] = 1 };
	struct buf *b = &p->k[k];
	char *d;
	int space = 1;

	buf_reset(b);
	buf_grow(b, strlen(s));
	for (d = b->s; *s; s++) {
		if (!ws[(unsigned char)*s]) {
			*d++ = *s;
			space = 0;
		} else if (!space) {
			*d++ = ' ';
			space = 1;
		}
	}
	if (d > b->s && d[-1] == ' ')
		d--;
	*d = '\0';
	b->len = (size_t)(d - b->s);
}

static void
set_id(struct paper *p, const char *s)
{
	char id[ARXIV_ID_MAX];
	int v;

	arxiv_id(s, id, &v);
	if (*id) {
		setk(p, K_ID, id);
		if (v)
			p->version = v;
	}
}

static void
add_cat(struct paper *p, const char *c)
{
	size_t i, n = json_object_array_length(p->cats);

	/* arXiv categories only: ACM (I.2.6) and MSC (68T05) classes are not */
	if (!islower((unsigned char)c[0]))
		return;
	for (i = 0; i < n; i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(p->cats, i)), c) == 0)
			return;
	json_object_array_add(p->cats, json_object_new_string(c));
}

static void
add_cats(struct paper *p, const char *s)
{
	struct buf b = { 0 };

	for (;; s++) {
		if (*s == '\0' || isspace((unsigned char)*s)) {
			if (b.len)
				add_cat(p, b.s);
			buf_reset(&b);
			if (*s == '\0')
				break;
		} else
			buf_addc(&b, *s);
	}
	buf_free(&b);
}

/* 1 if id was printed before; else it is added to the set */
static int
seen_before(struct feed *f, const char *id)
{
	return !strset_add(f->seen ? f->seen : &seen, id);
}

void
parse_cleanup(void)
{
	strset_free(&seen);
}

static void
addstr(struct json_object *o, const char *key, struct buf *b)
{
	if (b->len)
		json_object_object_add(o, key, json_object_new_string(b->s));
}

/* the record in p -> one line on stdout */
static int
emit(struct paper *p, struct feed *f)
{
	struct json_object *o, *cats, *c;
	const char *prim;
	size_t i, n;
	int k;

	f->entries++;
	if (p->k[K_ID].len == 0) {
		msg("%s: entry %ld: no arXiv id, skipped", f->name, f->entries);
		f->failed = 1;
		return -1;
	}
	if (f->dedupe && seen_before(f, p->k[K_ID].s)) {
		f->repeats++;
		return 0;
	}
	/* primary first, then the others in the order the source gave */
	n = json_object_array_length(p->cats);
	if (p->k[K_PRIMARY].len == 0 && n > 0)
		setk(p, K_PRIMARY, json_object_get_string(json_object_array_get_idx(p->cats, 0)));
	prim = buf_str(&p->k[K_PRIMARY]);
	cats = json_object_new_array();
	if (*prim)
		json_object_array_add(cats, json_object_new_string(prim));
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(p->cats, i);
		if (strcmp(json_object_get_string(c), prim) != 0)
			json_object_array_add(cats, json_object_get(c));
	}
	o = json_object_new_object();
	addstr(o, "id", &p->k[K_ID]);
	if (p->version > 0)
		json_object_object_add(o, "version", json_object_new_int(p->version));
	json_object_object_add(o, "title", json_object_new_string(buf_str(&p->k[K_TITLE])));
	json_object_object_add(o, "authors", json_object_get(p->authors));
	json_object_object_add(o, "abstract", json_object_new_string(buf_str(&p->k[K_ABSTRACT])));
	json_object_object_add(o, "categories", cats);
	for (k = K_PRIMARY; k < K_N; k++)
		addstr(o, keyname[k], &p->k[k]);
	json_object_object_add(o, "source", json_object_new_string(f->source));
	if (f->keep)
		json_object_array_add(f->keep, o);
	else {
		jsonl_write(stdout, o);
		json_object_put(o);
	}
	f->records++;
	if (isatty_stderr() && f->records % 500 == 0)
		msg("%s: %ld records", f->name, f->records);
	return 0;
}

void
feed_reset(struct feed *f)
{
	free(f->token);
	free(f->errcode);
	f->token = f->errcode = NULL;
	f->records = f->entries = f->deleted = f->repeats = 0;
	f->total = f->listsize = -1;
	f->failed = 0;
	f->hasday = 0;
}

/* --- XML -------------------------------------------------------------- */

/* RSS description: "arXiv:ID Announce Type: T Abstract: text" */
static void
rss_description(struct paper *p, struct buf *t)
{
	const char *s, *a;
	char *tok;

	buf_squeeze(t);
	s = buf_str(t);
	if (strncmp(s, "arXiv:", 6) == 0) {
		tok = xstrndup(s, strcspn(s, " "));
		if (p->k[K_ID].len == 0)
			set_id(p, tok);
		free(tok);
		if ((a = strstr(s, "Announce Type: ")) != NULL && p->k[K_ANNOUNCE].len == 0) {
			a += strlen("Announce Type: ");
			tok = xstrndup(a, strcspn(a, " "));
			setk(p, K_ANNOUNCE, tok);
			free(tok);
		}
		a = strstr(s, "Abstract:");
		s = a ? a + strlen("Abstract:") : s + strcspn(s, " ");
	} else if (strncmp(s, "Abstract:", 9) == 0)
		s += 9;
	setk(p, K_ABSTRACT, s);
}

/* oai_dc "Surname, Forenames" (or "Surname, Jr., Forenames") -> "Forenames Surname" */
static void
dc_creator(struct paper *p, struct buf *t)
{
	struct buf *b = &p->kname;	/* scratch: oai_dc has no keyname */
	char *s, *c1, *c2;

	buf_squeeze(t);
	if (t->len == 0)
		return;
	s = t->s;
	buf_reset(b);
	if ((c1 = strstr(s, ", ")) == NULL)
		buf_adds(b, s);
	else {
		*c1 = '\0';
		if ((c2 = strstr(c1 + 2, ", ")) != NULL) {
			*c2 = '\0';
			buf_adds(b, c2 + 2);
			buf_addc(b, ' ');
			if (is_suffix(c1 + 2)) {
				buf_adds(b, s);
				buf_addc(b, ' ');
				buf_adds(b, c1 + 2);
			} else {
				/* not a suffix: keep the middle part where it was */
				buf_reset(b);
				buf_adds(b, c1 + 2);
				buf_adds(b, ", ");
				buf_adds(b, c2 + 2);
				buf_addc(b, ' ');
				buf_adds(b, s);
			}
		} else {
			buf_adds(b, c1 + 2);
			buf_addc(b, ' ');
			buf_adds(b, s);
		}
	}
	json_object_array_add(p->authors, json_object_new_string_len(b->s, (int)b->len));
}

static int
is_rec(enum fmt fmt, const char *name)
{
	switch (fmt) {
	case FMT_RSS:
		return strcmp(name, "item") == 0;
	case FMT_ATOM:
		return strcmp(name, "entry") == 0;
	case FMT_OAI:
		return strcmp(name, "record") == 0;
	default:
		return 0;
	}
}

static void
start_elem(struct parser *ps, const char *name)
{
	struct paper *p = &ps->p;
	char *v;

	if (ps->fmt == FMT_ATOM && (strcmp(name, "category") == 0 ||
	    strcmp(name, "primary_category") == 0) &&
	    (v = (char *)xmlTextReaderGetAttribute(ps->r, BAD_CAST "term")) != NULL) {
		if (name[0] == 'p')
			setk(p, K_PRIMARY, v);
		else
			add_cat(p, v);
		xmlFree(v);
	} else if (ps->fmt == FMT_OAI && strcmp(name, "header") == 0) {
		p->in_header = 1;
		v = (char *)xmlTextReaderGetAttribute(ps->r, BAD_CAST "status");
		if (v && strcmp(v, "deleted") == 0)
			p->deleted = 1;
		xmlFree(v);
	} else if (ps->fmt == FMT_OAI && strcmp(name, "arXiv") == 0)
		p->meta = 'a';
	else if (ps->fmt == FMT_OAI && strcmp(name, "dc") == 0)
		p->meta = 'd';
	else if (ps->fmt == FMT_OAI && strcmp(name, "author") == 0) {
		buf_reset(&p->kname);
		buf_reset(&p->fnames);
		buf_reset(&p->suffix);
	}
}

static void
end_rss(struct paper *p, const char *name, struct buf *t)
{
	char date[64];

	if (strcmp(name, "title") == 0)
		setk(p, K_TITLE, buf_str(t));
	else if (strcmp(name, "description") == 0)
		rss_description(p, t);
	else if (strcmp(name, "guid") == 0 || (strcmp(name, "link") == 0 &&
	    p->k[K_ID].len == 0))
		set_id(p, buf_str(t));
	else if (strcmp(name, "category") == 0) {
		buf_squeeze(t);
		add_cat(p, buf_str(t));
	} else if (strcmp(name, "announce_type") == 0)
		setk(p, K_ANNOUNCE, buf_str(t));
	else if (strcmp(name, "rights") == 0)
		setk(p, K_LICENSE, buf_str(t));
	else if (strcmp(name, "creator") == 0)
		split_authors(buf_str(t), p->authors);
	else if (strcmp(name, "pubDate") == 0 || strcmp(name, "date") == 0) {
		if (rfc822_iso(buf_str(t), 0, date, sizeof date) == 0)
			setk(p, K_PUBLISHED, date);
		else
			setk(p, K_PUBLISHED, buf_str(t));
	}
}

static void
end_atom(struct paper *p, const char *name, struct buf *t)
{
	static const struct { const char *el; int k; } map[] = {
		{ "title", K_TITLE }, { "summary", K_ABSTRACT },
		{ "published", K_PUBLISHED }, { "updated", K_UPDATED },
		{ "comment", K_COMMENTS }, { "journal_ref", K_JOURNAL },
		{ "doi", K_DOI }, { NULL, 0 }
	};
	int i;

	if (strcmp(name, "id") == 0) {
		set_id(p, buf_str(t));
		return;
	}
	if (strcmp(name, "name") == 0) {
		buf_squeeze(t);
		if (t->len)
			json_object_array_add(p->authors, json_object_new_string(t->s));
		return;
	}
	for (i = 0; map[i].el; i++)
		if (strcmp(name, map[i].el) == 0)
			setk(p, map[i].k, buf_str(t));
}

static void
end_oai_arxiv(struct paper *p, const char *name, struct buf *t)
{
	static const struct { const char *el; int k; } map[] = {
		{ "title", K_TITLE }, { "abstract", K_ABSTRACT },
		{ "created", K_PUBLISHED }, { "updated", K_UPDATED },
		{ "comments", K_COMMENTS }, { "journal-ref", K_JOURNAL },
		{ "doi", K_DOI }, { "license", K_LICENSE }, { NULL, 0 }
	};
	struct buf b = { 0 };
	int i;

	if (strcmp(name, "id") == 0)
		set_id(p, buf_str(t));
	else if (strcmp(name, "keyname") == 0)
		buf_adds(&p->kname, buf_str(t));
	else if (strcmp(name, "forenames") == 0)
		buf_adds(&p->fnames, buf_str(t));
	else if (strcmp(name, "suffix") == 0)
		buf_adds(&p->suffix, buf_str(t));
	else if (strcmp(name, "author") == 0) {
		buf_printf(&b, "%s %s %s", buf_str(&p->fnames), buf_str(&p->kname),
		    buf_str(&p->suffix));
		buf_squeeze(&b);
		if (b.len)
			json_object_array_add(p->authors, json_object_new_string(b.s));
		buf_free(&b);
	} else if (strcmp(name, "categories") == 0)
		add_cats(p, buf_str(t));
	else
		for (i = 0; map[i].el; i++)
			if (strcmp(name, map[i].el) == 0)
				setk(p, map[i].k, buf_str(t));
}

static void
end_oai_dc(struct paper *p, const char *name, struct buf *t)
{
	const char *s = buf_str(t);

	/* setk collapses white space: only skip the leading part for the prefixes */
	while (isspace((unsigned char)*s))
		s++;
	if (strcmp(name, "title") == 0)
		setk(p, K_TITLE, s);
	else if (strcmp(name, "creator") == 0)
		dc_creator(p, t);
	else if (strcmp(name, "description") == 0) {
		if (strncmp(s, "Comment:", 8) == 0)
			setk(p, K_COMMENTS, s + 8);
		else if (p->k[K_ABSTRACT].len == 0)
			setk(p, K_ABSTRACT, s);
	} else if (strcmp(name, "date") == 0) {
		/* the first date is v1's, the last the latest version's */
		setk(p, p->ndates++ == 0 ? K_PUBLISHED : K_UPDATED, s);
	} else if (strcmp(name, "identifier") == 0) {
		if (strstr(s, "arxiv.org/abs/") != NULL)
			set_id(p, s);
		else if (strncmp(s, "doi:", 4) == 0)
			setk(p, K_DOI, s + 4);
		else if (p->k[K_JOURNAL].len == 0)
			setk(p, K_JOURNAL, s);
	} else if (strcmp(name, "rights") == 0)
		setk(p, K_LICENSE, s);
}

/*
 * The feed's own date: pubDate names the Eastern date as written ("Sat, 01
 * Aug 2026 00:00:00 -0400"); lastBuildDate is a UTC time, made Eastern.
 */
static void
channel_date(struct feed *f, const char *name, const char *s)
{
	char iso[64];
	time_t t;
	long day;

	if (name[0] == 'p' && cal_rfc822_day(s, &day) == 0) {
		f->day = day;
		f->hasday = 2;
	} else if (name[0] == 'l' && f->hasday < 2 && rfc822_iso(s, 1, iso, sizeof iso) == 0 &&
	    cal_parse_time(iso, &t) == 0) {
		f->day = cal_eastern_day(t);
		f->hasday = 1;
	}
}

static void
end_elem(struct parser *ps, const char *name)
{
	struct feed *f = ps->f;
	struct paper *p = &ps->p;

	if (!ps->inrec) {
		if (ps->fmt == FMT_RSS && (strcmp(name, "pubDate") == 0 ||
		    strcmp(name, "lastBuildDate") == 0))
			channel_date(f, name, buf_str(&ps->text));
		else if (strcmp(name, "totalResults") == 0)
			f->total = small_num(buf_str(&ps->text), 1000000000L);
		else if (ps->fmt == FMT_OAI && strcmp(name, "resumptionToken") == 0) {
			buf_squeeze(&ps->text);
			free(f->token);
			f->token = xstrdup(buf_str(&ps->text));
		} else if (ps->fmt == FMT_OAI && strcmp(name, "error") == 0) {
			buf_squeeze(&ps->text);
			free(f->errcode);
			f->errcode = xstrdup(ps->errattr ? ps->errattr : "unknown");
			if (strcmp(f->errcode, "noRecordsMatch") == 0)
				msg("%s: no records match (noRecordsMatch)", f->name);
			else {
				msg("%s: OAI-PMH error %s: %s", f->name, f->errcode,
				    buf_str(&ps->text));
				f->failed = 1;
			}
		}
		return;
	}
	if (ps->fmt == FMT_RSS)
		end_rss(p, name, &ps->text);
	else if (ps->fmt == FMT_ATOM)
		end_atom(p, name, &ps->text);
	else if (strcmp(name, "header") == 0)
		p->in_header = 0;
	else if (p->in_header) {
		if (strcmp(name, "identifier") == 0)
			set_id(p, buf_str(&ps->text));
	} else if (p->meta == 'a')
		end_oai_arxiv(p, name, &ps->text);
	else if (p->meta == 'd')
		end_oai_dc(p, name, &ps->text);
}

static void
end_rec(struct parser *ps)
{
	struct feed *f = ps->f;
	struct paper *p = &ps->p;

	ps->inrec = 0;
	if (ps->fmt == FMT_ATOM && strcmp(buf_str(&p->k[K_TITLE]), "Error") == 0 &&
	    strstr(buf_str(&p->k[K_ID]), "api/errors") != NULL) {
		msg("%s: arXiv API error: %s", f->name, buf_str(&p->k[K_ABSTRACT]));
		free(f->errcode);
		f->errcode = xstrdup("api");
		f->failed = 1;
		return;
	}
	if (p->deleted) {
		f->deleted++;
		return;
	}
	emit(p, f);
}

static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct parser *ps = arg;

	if (e->level < XML_ERR_ERROR)
		return;
	ps->lasterrline = e->line;
	if (ps->xmlerr.len)
		return;
	buf_adds(&ps->xmlerr, e->message ? e->message : "error");
	buf_squeeze(&ps->xmlerr);
	ps->xmlerrline = e->line;
}

static int
root(struct parser *ps, const char *name)
{
	if (strcmp(name, "rss") == 0)
		ps->fmt = FMT_RSS;
	else if (strcmp(name, "feed") == 0)
		ps->fmt = FMT_ATOM;
	else if (strcmp(name, "OAI-PMH") == 0)
		ps->fmt = FMT_OAI;
	else {
		if (!ps->f->quiet)
			msg("%s: not an arXiv RSS, Atom or OAI-PMH document (root element <%s>)",
		    ps->f->name, name);
		return -1;
	}
	return 0;
}

static int
parse_reader(xmlTextReaderPtr r, struct feed *f, struct pass *pp)
{
	struct parser ps;
	const char *name;
	char *v;
	int rc, type, empty, bad = 0;

	memset(&ps, 0, sizeof ps);
	ps.f = f;
	ps.r = r;
	ps.pp = pp;
	pp->stopline = 0;
	pp->done = 0;
	if (r == NULL) {
		msg("%s: cannot create an XML reader", f->name);
		f->failed = 1;
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, &ps);
	while ((rc = xmlTextReaderRead(r)) == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			buf_adds(&ps.text, (const char *)xmlTextReaderConstValue(r));
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT)
			continue;
		name = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			if (ps.fmt == FMT_NONE && root(&ps, name) == -1) {
				bad = 1;
				break;
			}
			empty = xmlTextReaderIsEmptyElement(r);
			buf_reset(&ps.text);
			if (!ps.inrec && is_rec(ps.fmt, name)) {
				ps.inrec = 1;
				ps.recdepth = xmlTextReaderDepth(r);
				paper_reset(&ps.p);
			} else if (ps.fmt == FMT_OAI && !ps.inrec && strcmp(name, "resumptionToken") == 0) {
				v = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "completeListSize");
				if (v)
					f->listsize = small_num(v, 1000000000L);
				xmlFree(v);
			} else if (ps.fmt == FMT_OAI && !ps.inrec && strcmp(name, "error") == 0) {
				free(ps.errattr);
				ps.errattr = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "code");
			} else if (ps.inrec)
				start_elem(&ps, name);
			if (!empty)
				continue;
		}
		/* an end tag, or an empty element's start */
		if (ps.inrec && xmlTextReaderDepth(r) == ps.recdepth && is_rec(ps.fmt, name)) {
			end_rec(&ps);
			pp->done++;
		}
		else
			end_elem(&ps, name);
		buf_reset(&ps.text);
	}
	pp->fmt = ps.fmt;
	pp->stopline = rc == -1 && ps.lasterrline > 0 ? docline(&ps, ps.lasterrline) : 0;
	if (rc == -1) {
		if (!f->quiet) {
			if (ps.xmlerrline > 0)
				msg("%s:%ld: malformed XML: %s", f->name, docline(&ps, ps.xmlerrline),
				    ps.xmlerr.len ? ps.xmlerr.s : "parse error");
			else
				msg("%s: malformed XML: %s", f->name,
				    ps.xmlerr.len ? ps.xmlerr.s : "parse error");
		}
		bad = 1;
	} else if (rc == 0 && ps.fmt == FMT_NONE) {
		if (!f->quiet)
			msg("%s: no XML document", f->name);
		bad = 1;
	}
	paper_free(&ps.p);
	buf_free(&ps.text);
	buf_free(&ps.xmlerr);
	xmlFree(ps.errattr);
	xmlFreeTextReader(r);
	if (bad)
		f->failed = 1;
	return f->failed ? -1 : 0;
}

/* blank nodes between elements are never needed: dropping them halves the nodes the reader builds */
#define XMLOPTS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS)

/* the first start tag of a record of format fmt in [s, end), or NULL */
static const char *
rec_start(const char *s, const char *end, enum fmt fmt)
{
	const char *tag = fmt == FMT_RSS ? "<item" : fmt == FMT_ATOM ? "<entry" : "<record";
	size_t n = strlen(tag);
	const char *p;

	for (p = s; p + n < end && (p = memchr(p, '<', (size_t)(end - p - n))) != NULL; p++)
		if (memcmp(p, tag, n) == 0 && (p[n] == '>' || isspace((unsigned char)p[n])))
			return p;
	return NULL;
}

/* just past the end tag of the record starting at s, or NULL */
static const char *
rec_end(const char *s, const char *end, enum fmt fmt)
{
	const char *tag = fmt == FMT_RSS ? "</item>" : fmt == FMT_ATOM ? "</entry>" : "</record>";
	size_t n = strlen(tag);
	const char *p;

	for (p = s; p + n <= end && (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if ((size_t)(end - p) >= n && memcmp(p, tag, n) == 0)
			return p + n;
	return NULL;
}

static long
lines_in(const char *s, const char *end)
{
	long n = 0;

	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s++;
	}
	return n;
}

/*
 * One XML document whose bytes are well-formed UTF-8.  When libxml2 stops at
 * a fault inside the records (a broken tag), the document is read again from
 * the next record on, behind its own head (everything before its first
 * record): a fault costs the record it is in, not the rest.
 */
int
parse_xml_doc(const char *s, size_t len, struct feed *f)
{
	struct pass pp = { 0 };
	struct buf doc = { 0 };
	const char *end = s + len, *first, *base, *cand, *bad, *after, *p;
	const char *last = NULL, *cut = NULL;	/* the last resync: read on at last, cut out cut */
	long k;
	int rc, rounds = 0;

	rc = parse_reader(xmlReaderForMemory(s, (int)len, f->name, NULL, XMLOPTS), f, &pp);
	if ((first = rec_start(s, end, pp.fmt)) == NULL)
		pp.stopline = 0;
	base = first;
	while (pp.stopline > 0 && rounds++ < 1000) {
		/* the first record of this pass libxml2 did not hand over whole */
		for (cand = base, k = 0; cand != NULL && k < pp.done; k++)
			if ((cand = rec_start(cand + 1, end, pp.fmt)) == cut)
				cand = last;	/* the record cut out of this pass */
		if (cand == NULL || lines_in(s, first) + 1 > pp.stopline)
			break;	/* the fault is in the head, or past the records */
		/* the record the fault is in: the last to start on or before its line */
		for (bad = NULL, p = cand; p != NULL && lines_in(s, p) + 1 <= pp.stopline; )
			p = rec_start((bad = p) + 1, end, pp.fmt);
		if (bad == NULL) {
			bad = cand;	/* between records: resuming at cand skips it */
			after = cand;
		} else if ((after = rec_start(bad + 1, end, pp.fmt)) == NULL &&
		    (after = rec_end(bad, end, pp.fmt)) == NULL)
			break;
		if (after <= last)
			break;
		last = after;
		cut = bad;
		buf_reset(&doc);
		buf_add(&doc, s, (size_t)(first - s));
		buf_add(&doc, cand, (size_t)(bad - cand));
		buf_add(&doc, after, (size_t)(end - after));
		pp.delta = lines_in(s, cand) - lines_in(s, first);
		pp.cutline = lines_in(doc.s, doc.s + (first - s) + (bad - cand)) + 1;
		pp.delta2 = lines_in(s, after) + 1 - pp.cutline;
		if (!f->quiet)
			msg("%s:%ld: reading on from the next record", f->name, lines_in(s, after) + 1);
		base = cand;
		parse_reader(xmlReaderForMemory(doc.s, (int)doc.len, f->name, NULL, XMLOPTS), f, &pp);
	}
	buf_free(&doc);
	return f->failed ? -1 : rc;
}

int
parse_xml_memory(const char *s, size_t len, struct feed *f)
{
	struct fixer fx = { .name = f->name };
	struct buf b = { 0 };
	int rc;

	xml_fix(&fx, s, len, 1, &b);
	xml_fix_end(&fx);
	rc = parse_xml_doc(buf_str(&b), b.len, f);
	buf_free(&b);
	if (fx.nbad > 0)
		f->failed = 1;
	return f->failed ? -1 : rc;
}

/* --- Kaggle snapshot -------------------------------------------------- */

static void
kstr(struct paper *p, int k, struct json_object *o, const char *key)
{
	const char *s = jstr(o, key);

	if (s)
		setk(p, k, s);
}

int
parse_kaggle(struct json_object *o, struct feed *f, long line)
{
	struct paper p;
	struct json_object *vs, *v;
	const char *s;
	char date[64];
	size_t n;
	int rc;

	memset(&p, 0, sizeof p);
	paper_reset(&p);
	if ((s = jstr(o, "id")) == NULL) {
		msg("%s:%ld: no \"id\": not a Kaggle arXiv snapshot line", f->name, line);
		paper_free(&p);
		f->failed = 1;
		return -1;
	}
	set_id(&p, s);
	kstr(&p, K_TITLE, o, "title");
	kstr(&p, K_ABSTRACT, o, "abstract");
	kstr(&p, K_COMMENTS, o, "comments");
	kstr(&p, K_JOURNAL, o, "journal-ref");
	kstr(&p, K_DOI, o, "doi");
	kstr(&p, K_LICENSE, o, "license");
	/* the "authors" string keeps TeX accents as arXiv wrote them; authors_parsed does not */
	if ((s = jstr(o, "authors")) != NULL)
		split_authors(s, p.authors);
	if ((s = jstr(o, "categories")) != NULL)
		add_cats(&p, s);
	if (json_object_object_get_ex(o, "versions", &vs) &&
	    json_object_is_type(vs, json_type_array) &&
	    (n = json_object_array_length(vs)) > 0) {
		v = json_object_array_get_idx(vs, n - 1);
		if ((s = jstr(v, "version")) != NULL && s[0] == 'v')
			p.version = (int)small_num(s + 1, 1000000);
		if ((s = jstr(json_object_array_get_idx(vs, 0), "created")) != NULL &&
		    rfc822_iso(s, 1, date, sizeof date) == 0)
			setk(&p, K_PUBLISHED, date);
		if (n > 1 && (s = jstr(v, "created")) != NULL &&
		    rfc822_iso(s, 1, date, sizeof date) == 0)
			setk(&p, K_UPDATED, date);
	}
	rc = emit(&p, f);
	paper_free(&p);
	return rc;
}

/* --- lines of JSON ---------------------------------------------------- */

/*
 * Which format a JSON line is, by its content: ax's own paper record
 * (ax-paper(5): "authors" an array, or "categories" an array) or a line of
 * the Kaggle snapshot ("authors" a string, "versions", "authors_parsed").
 */
static int
is_paper_record(struct json_object *o)
{
	struct json_object *v;

	if (json_object_object_get_ex(o, "authors", &v) && v != NULL)
		return json_object_is_type(v, json_type_array);
	if (json_object_object_get_ex(o, "versions", NULL) ||
	    json_object_object_get_ex(o, "authors_parsed", NULL))
		return 0;
	return json_object_object_get_ex(o, "categories", &v) &&
	    json_object_is_type(v, json_type_array);
}

int
parse_json_line(struct json_object *o, struct feed *f, long line)
{
	const char *id;

	if (!json_object_is_type(o, json_type_object)) {
		msg("%s:%ld: not a JSON object", f->name, line);
		f->failed = 1;
		return -1;
	}
	if (!is_paper_record(o))
		return parse_kaggle(o, f, line);
	f->entries++;
	if ((id = jstr(o, "id")) == NULL || *id == '\0') {
		msg("%s:%ld: no \"id\": not a paper record", f->name, line);
		f->failed = 1;
		return -1;
	}
	if (f->dedupe && seen_before(f, id)) {
		f->repeats++;
		return 0;
	}
	/* ax's own record: every key as it was, the source included */
	if (f->keep)
		json_object_array_add(f->keep, json_object_get(o));
	else
		jsonl_write(stdout, o);
	f->records++;
	return 0;
}
