/* feed.c - the digest as the Python tools' JSON object and as an Atom feed. */
#include <stdlib.h>
#include <string.h>

#include "axrender.h"

static const struct digest *sortd;

static int
byid(const void *a, const void *b)
{
	const struct paper *p = &sortd->p[*(const size_t *)a], *q = &sortd->p[*(const size_t *)b];
	int c;

	c = strcmp(p->id, q->id);
	if (c != 0)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* ", " then a key at the depth of a paper's fields */
static void
key(struct buf *b, int *first, const char *k)
{
	buf_adds(b, *first ? "\n        \"" : ",\n        \"");
	buf_adds(b, k);
	buf_adds(b, "\": ");
	*first = 0;
}

static void
addscore(struct buf *b, const struct paper *p)
{
	if (p->scoreobj && json_object_is_type(p->scoreobj, json_type_double))
		buf_addpyfloat(b, json_object_get_double(p->scoreobj));
	else if (p->scoreobj)
		buf_printf(b, "%lld", (long long)json_object_get_int64(p->scoreobj));
	else
		buf_printf(b, "%lld", p->rel + p->nov);
}

/*
 * The output.json of the Python tools: json.dump(indent=4) of an object
 * keyed by arXiv id, the model's keys in capitals first (an author match
 * has COMMENT and SCORE only), then the paper's authors, title, abstract,
 * arxiv_id.  An id that repeats is kept once, its first (best) record.
 */
int
render_json(struct buf *b, const struct digest *d)
{
	const struct paper *p;
	struct json_object *a;
	size_t i, j, n, *ix;
	char *skip;
	int first, ret = 0, any = 0;

	ix = xreallocarray(NULL, d->n + 1, sizeof *ix);
	skip = xcalloc(d->n + 1, 1);
	for (i = 0; i < d->n; i++)
		ix[i] = i;
	sortd = d;
	qsort(ix, d->n, sizeof *ix, byid);
	for (i = 1; i < d->n; i++)
		if (strcmp(d->p[ix[i]].id, d->p[ix[i - 1]].id) == 0) {
			skip[ix[i]] = 1;
			msg("id %s: repeats, only its first record is in the JSON", d->p[ix[i]].id);
			ret = 1;
		}
	buf_addc(b, '{');
	for (i = 0; i < d->n; i++) {
		if (skip[i])
			continue;
		p = &d->p[i];
		buf_adds(b, any ? ",\n    " : "\n    ");
		any = 1;
		buf_addpyjson(b, p->id, p->idlen);
		buf_adds(b, ": {");
		first = 1;
		if (p->hasrel) {
			key(b, &first, "SCORE");
			addscore(b, p);
			key(b, &first, "ARXIVID");
			buf_addpyjson(b, p->id, p->idlen);
		}
		if (p->reason) {
			key(b, &first, "COMMENT");
			buf_addpyjson(b, p->reason, p->reasonlen);
		}
		if (p->hasrel) {
			key(b, &first, "RELEVANCE");
			buf_printf(b, "%lld", p->rel);
			key(b, &first, "NOVELTY");
			buf_printf(b, "%lld", p->nov);
		} else if (p->scoreobj) {
			key(b, &first, "SCORE");
			addscore(b, p);
		}
		key(b, &first, "authors");
		n = p->authors ? json_object_array_length(p->authors) : 0;
		buf_adds(b, n ? "[" : "[]");
		for (j = 0; j < n; j++) {
			a = json_object_array_get_idx(p->authors, j);
			buf_adds(b, j ? ",\n            " : "\n            ");
			if (json_object_is_type(a, json_type_string))
				buf_addpyjson(b, json_object_get_string(a),
				    (size_t)json_object_get_string_len(a));
			else
				buf_adds(b, "\"\"");
		}
		if (n)
			buf_adds(b, "\n        ]");
		key(b, &first, "title");
		buf_addpyjson(b, p->title, p->titlelen);
		key(b, &first, "abstract");
		buf_addpyjson(b, p->abstract, p->abstractlen);
		key(b, &first, "arxiv_id");
		buf_addpyjson(b, p->id, p->idlen);
		buf_adds(b, "\n    }");
		spill(b, d);
	}
	buf_adds(b, any ? "\n}" : "}");
	free(ix);
	free(skip);
	return ret;
}

static void
tag(struct buf *b, const char *indent, const char *name, const char *s, size_t n)
{
	buf_printf(b, "%s<%s>", indent, name);
	buf_addxml(b, s, n);
	buf_printf(b, "</%.*s>\n", (int)strcspn(name, " "), name);
}

/* text of a paper as a feed reader shows it: TeX accents as UTF-8, math as written */
static void
textag(struct buf *b, const char *indent, const char *name, const char *s, size_t n)
{
	struct buf t = { 0 };

	buf_addtex(&t, s, n);
	tag(b, indent, name, buf_str(&t), t.len);
	buf_free(&t);
}

/*
 * One entry per paper.  Its id is the paper's arXiv abs URL, the same on
 * every day it shows up, so a reader counts it once; its date is the
 * digest's day (the announcement's) at midnight UTC.
 */
static void
entry(struct buf *b, const struct paper *p, const char *date)
{
	struct json_object *a;
	struct buf t = { 0 };
	size_t j, n;

	buf_adds(b, "  <entry>\n");
	buf_adds(&t, "https://arxiv.org/abs/");
	buf_addurlpart(&t, p->id, p->idlen);
	tag(b, "    ", "id", t.s, t.len);
	buf_adds(b, "    <link rel=\"alternate\" type=\"text/html\" href=\"");
	buf_addxml(b, t.s, t.len);
	buf_adds(b, "\"/>\n");
	textag(b, "    ", "title", p->title, p->titlelen);
	buf_printf(b, "    <updated>%sT00:00:00Z</updated>\n", date);
	n = p->authors ? json_object_array_length(p->authors) : 0;
	for (j = 0; j < n; j++) {
		a = json_object_array_get_idx(p->authors, j);
		if (!json_object_is_type(a, json_type_string))
			continue;
		buf_adds(b, "    <author>");
		textag(b, "", "name", json_object_get_string(a), (size_t)json_object_get_string_len(a));
		b->s[--b->len] = '\0';
		buf_adds(b, "</author>\n");
	}
	n = p->categories ? json_object_array_length(p->categories) : 0;
	for (j = 0; j < n; j++) {
		a = json_object_array_get_idx(p->categories, j);
		if (!json_object_is_type(a, json_type_string))
			continue;
		buf_adds(b, "    <category term=\"");
		buf_addxml(b, json_object_get_string(a), (size_t)json_object_get_string_len(a));
		buf_adds(b, "\"/>\n");
	}
	textag(b, "    ", "summary", p->abstract, p->abstractlen);
	if (p->reason || p->hasrel || p->local) {
		buf_reset(&t);
		if (p->reason) {
			buf_adds(&t, "Comment: ");
			buf_add(&t, p->reason, p->reasonlen);
		}
		if (p->hasrel)
			buf_printf(&t, "%sRelevance: %lld\nNovelty: %lld",
			    p->reason ? "\n" : "", p->rel, p->nov);
		else if (p->local)
			buf_printf(&t, "%sLocal score: %.2f", p->reason ? "\n" : "", p->score);
		textag(b, "    ", "content type=\"text\"", t.s, t.len);
	}
	buf_adds(b, "  </entry>\n");
	buf_free(&t);
}

static void
feedhead(struct buf *b, const char *title, const char *id, const char *date)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
	tag(b, "  ", "title", title, strlen(title));
	tag(b, "  ", "id", id, strlen(id));
	buf_printf(b, "  <updated>%sT00:00:00Z</updated>\n", date);
	buf_adds(b, "  <author><name>axrender</name></author>\n");
	buf_printf(b, "  <generator version=\"%s\">axrender</generator>\n", AX_VERSION);
}

void
render_atom(struct buf *b, const struct digest *d)
{
	struct buf t = { 0 };
	char money[64];
	size_t i;

	buf_printf(&t, "Personalized Daily ArXiv Papers %s", d->date);
	feedhead(b, t.s, "urn:ax:digest", d->date);
	buf_reset(&t);
	if (d->st.have)
		buf_printf(&t, "%s: %lld tokens, cost %s; %lld papers, %lld scanned, %zu relevant",
		    d->st.model, d->st.total_tokens,
		    fmt_cost(d->st.total_cost, d->st.unpriced, money, sizeof money),
		    d->st.total_papers, d->st.scanned_papers, d->n);
	else
		buf_printf(&t, "%zu relevant papers", d->n);
	tag(b, "  ", "subtitle", t.s, t.len);
	for (i = 0; i < d->n; i++) {
		entry(b, &d->p[i], d->date);
		spill(b, d);
	}
	buf_adds(b, "</feed>\n");
	buf_free(&t);
}

/* a paper in several days is one entry, of the newest day */
void
render_atom_days(struct buf *b, const struct digest *days, size_t n, const char *id,
    const char *self, const char *title)
{
	struct strset seen = { 0 };
	size_t i, j;

	feedhead(b, title, id, n > 0 ? days[0].date : "1970-01-01");
	buf_adds(b, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
	buf_addxml(b, self, strlen(self));
	buf_adds(b, "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n");
	for (i = 0; i < n; i++)
		for (j = 0; j < days[i].n; j++)
			if (strset_add(&seen, days[i].p[j].id))
				entry(b, &days[i].p[j], days[i].date);
	buf_adds(b, "</feed>\n");
	strset_free(&seen);
}
