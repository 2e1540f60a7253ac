/*
 * parse.c - reads arXiv documents (RSS 2.0, Atom API, OAI-PMH arXiv
 * and oai_dc, Kaggle snapshot lines) and writes one paper record per paper.
 * XML is streamed with libxml2's xmlTextReader, so memory stays flat.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/xmlreader.h>

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
};

/* ids already printed from RSS */
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

static void
add_author(struct json_object *arr, struct buf *b)
{
	size_t n = json_object_array_length(arr);
	struct json_object *last;
	char *s;

	buf_squeeze(b);
	if (b->len >= 4 && strncmp(b->s, "and ", 4) == 0) {
		memmove(b->s, b->s + 4, b->len - 3);
		b->len -= 4;
	}
	if (b->len == 0 || strcmp(b->s, "and") == 0)
		return;
	/* "Smith, Jr." was split at the comma: the suffix belongs to Smith */
	if (n > 0 && is_suffix(b->s)) {
		last = json_object_array_get_idx(arr, n - 1);
		s = xasprintf("%s %s", json_object_get_string(last), b->s);
		json_object_array_put_idx(arr, n - 1, json_object_new_string(s));
		free(s);
		return;
	}
	json_object_array_add(arr, json_object_new_string(b->s));
}

/*
 * An author list as arXiv writes it ("A, B and C", "A, B, and C", affiliations
 * in parentheses) -> one name per element.  " and " splits only as a word, so
 * Alexander and Anand survive; parenthesised affiliations are dropped.
 */
void
split_authors(const char *s, struct json_object *arr)
{
	struct buf b = { 0 };
	int depth = 0;

	for (; *s; s++) {
		if (*s == '(') {
			depth++;
			continue;
		}
		if (*s == ')' && depth > 0) {
			depth--;
			continue;
		}
		if (depth > 0)
			continue;
		if (*s == ',' || *s == ';') {
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
emit(struct paper *p, struct feed *f, int rss)
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
	if (rss && f->dedupe && !strset_add(&seen, p->k[K_ID].s))
		return 0;
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
	f->records = f->entries = f->deleted = 0;
	f->total = -1;
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
	emit(p, f, ps->fmt == FMT_RSS);
}

static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct parser *ps = arg;

	if (e->level < XML_ERR_ERROR || ps->xmlerr.len)
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
parse_reader(xmlTextReaderPtr r, struct feed *f)
{
	struct parser ps;
	const char *name;
	int rc, type, empty, bad = 0;

	memset(&ps, 0, sizeof ps);
	ps.f = f;
	ps.r = r;
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
			} else if (ps.fmt == FMT_OAI && !ps.inrec && strcmp(name, "error") == 0) {
				free(ps.errattr);
				ps.errattr = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "code");
			} else if (ps.inrec)
				start_elem(&ps, name);
			if (!empty)
				continue;
		}
		/* an end tag, or an empty element's start */
		if (ps.inrec && xmlTextReaderDepth(r) == ps.recdepth && is_rec(ps.fmt, name))
			end_rec(&ps);
		else
			end_elem(&ps, name);
		buf_reset(&ps.text);
	}
	if (rc == -1) {
		if (!f->quiet) {
			if (ps.xmlerrline > 0)
				msg("%s:%d: malformed XML: %s", f->name, ps.xmlerrline,
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

int
parse_xml_memory(const char *s, size_t len, struct feed *f)
{
	return parse_reader(xmlReaderForMemory(s, (int)len, f->name, NULL, XMLOPTS), f);
}

int
parse_xml_io(int (*readcb)(void *, char *, int), void *arg, struct feed *f)
{
	return parse_reader(xmlReaderForIO(readcb, NULL, arg, f->name, NULL, XMLOPTS), f);
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
	rc = emit(&p, f, 0);
	paper_free(&p);
	return rc;
}
