/*
 * text.c - the digest as plain text for the text part of a mail: no
 * Markdown marks, no HTML, lines wrapped at 72 columns, each paper's
 * arXiv link on a line of its own.
 */
#include <string.h>

#include "axrender.h"

#define WIDTH 72

/*
 * s[0..n) as a mail reader should see it: TeX accents and escapes as UTF-8
 * (tex.c; math as written), control characters (TAB, CR and LF) as blanks
 */
static void
text_plain(struct buf *b, const char *s, size_t n)
{
	struct buf t = { 0 };
	size_t i;

	buf_addtex(&t, s, n);
	for (i = 0; i < t.len; i++)
		buf_addc(b, (unsigned char)t.s[i] < 0x20 || t.s[i] == 0x7f ? ' ' : t.s[i]);
	buf_free(&t);
}

/* a string as the pages show it, TeX as UTF-8, or NULL for a non-string */
static struct json_object *
shown(struct json_object *v)
{
	struct buf t = { 0 };
	struct json_object *o;

	if (!json_object_is_type(v, json_type_string))
		return NULL;
	buf_addtex(&t, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	o = json_object_new_string_len(buf_str(&t), (int)t.len);
	buf_free(&t);
	return o;
}

/*
 * -f jsonl: the paper records in digest order, their title and authors as
 * the pages show them (TeX as UTF-8), every other key as it came: what a
 * script posting the digest (axdeliver's webhook) reads.
 */
void
render_jsonl(struct buf *b, const struct digest *d)
{
	struct json_object *rec, *v, *a, *s;
	size_t i, j, n;

	for (i = 0; i < d->n; i++) {
		rec = json_object_new_object();
		json_object_object_foreach(d->p[i].rec, k, val)
			json_object_object_add(rec, k, json_object_get(val));
		if (json_object_object_get_ex(rec, "title", &v) && (s = shown(v)) != NULL)
			json_object_object_add(rec, "title", s);
		if (json_object_object_get_ex(rec, "authors", &v) &&
		    json_object_is_type(v, json_type_array)) {
			a = json_object_new_array();
			n = json_object_array_length(v);
			for (j = 0; j < n; j++) {
				s = shown(json_object_array_get_idx(v, j));
				json_object_array_add(a, s ? s :
				    json_object_get(json_object_array_get_idx(v, j)));
			}
			json_object_object_add(rec, "authors", a);
		}
		buf_adds(b, jsonl_string(rec));
		buf_addc(b, '\n');
		json_object_put(rec);
		spill(b, d);
	}
}

/*
 * s[0..n) as words wrapped at WIDTH code points, every line after the
 * first starting with indent; a word longer than a line (a URL) is kept whole.
 */
static void
text_wrapped(struct buf *b, const char *s, size_t n, const char *indent, size_t col)
{
	struct buf t = { 0 }, w = { 0 };
	const char *p, *e;
	size_t len;
	int words = 0;

	text_plain(&t, s, n);
	buf_squeeze(&t);
	for (p = buf_str(&t); *p != '\0'; p = e) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if ((e = strchr(p, ' ')) == NULL)
			e = p + strlen(p);
		buf_reset(&w);
		buf_add(&w, p, (size_t)(e - p));
		len = utf8_width(w.s);
		if (words > 0 && col + 1 + len > WIDTH) {
			buf_addc(b, '\n');
			buf_adds(b, indent);
			col = strlen(indent);
		} else if (words > 0) {
			buf_addc(b, ' ');
			col++;
		}
		words++;
		buf_add(b, w.s, w.len);
		col += len;
	}
	buf_addc(b, '\n');
	buf_free(&t);
	buf_free(&w);
}

static void
text_authors(struct buf *b, struct json_object *a)
{
	struct buf t = { 0 };
	struct json_object *v;
	size_t i, n;

	n = a ? json_object_array_length(a) : 0;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (!json_object_is_type(v, json_type_string))
			continue;
		if (t.len > 0)
			buf_adds(&t, ", ");
		buf_add(&t, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	}
	buf_adds(b, "   Authors: ");
	text_wrapped(b, buf_str(&t), t.len, "   ", 12);
	buf_free(&t);
}

void
render_text(struct buf *b, const struct digest *d)
{
	const struct paper *p;
	struct buf t = { 0 };
	char money[64];
	size_t i;

	buf_printf(b, "Personalized Daily ArXiv Papers %s\n\n", d->date);
	if (d->st.have) {
		buf_printf(b, "Total arXiv papers: %lld\n", d->st.total_papers);
		buf_printf(b, "Total scanned papers: %lld\n", d->st.scanned_papers);
	}
	buf_printf(b, "Total relevant papers: %zu\n", d->n);
	if (d->st.have)
		buf_printf(b, "Model %s: %lld tokens, cost %s\n", d->st.model ? d->st.model : "",
		    d->st.total_tokens, fmt_cost(d->st.total_cost, d->st.unpriced, money, sizeof money));
	fates_text(&t, &d->fa);
	if (t.len > 0) {
		buf_adds(b, "Warning: ");
		text_wrapped(b, t.s, t.len, "", 9);
	}
	buf_free(&t);
	for (i = 0; i < d->n; i++) {
		p = &d->p[i];
		buf_printf(b, "\n%zu. ", i + 1);
		text_wrapped(b, p->title, p->titlelen, "   ", 3 + (i + 1 >= 10) + (i + 1 >= 100));
		text_authors(b, p->authors);
		buf_adds(b, "   https://arxiv.org/abs/");
		text_plain(b, p->id, p->idlen);
		buf_addc(b, '\n');
		if (p->hasrel)
			buf_printf(b, "   Relevance %lld, novelty %lld\n", p->rel, p->nov);
		else if (p->local)
			buf_printf(b, "   Local score %.2f\n", p->score);
		if (p->reason) {
			buf_adds(b, "   Comment: ");
			text_wrapped(b, p->reason, p->reasonlen, "   ", 12);
		}
		if (p->abstractlen > 0) {
			buf_adds(b, "\n   ");
			text_wrapped(b, p->abstract, p->abstractlen, "   ", 3);
		}
		spill(b, d);
	}
}
