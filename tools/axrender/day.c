/*
 * day.c - a digest in memory: papers added from records, ranked, and a
 * site's day saved as JSON (days/YYYY-MM-DD.json) and read back, so that
 * month, year, index pages and the feed are made from the days kept.
 */
#include <stdlib.h>
#include <string.h>

#include "axrender.h"

static long long
clamp(long long v)
{
	return v < -1000000000 ? -1000000000 : v > 1000000000 ? 1000000000 : v;
}

static const char *
str(struct json_object *rec, const char *key, size_t *len)
{
	struct json_object *v;

	if (json_object_object_get_ex(rec, key, &v) && json_object_is_type(v, json_type_string)) {
		if (len)
			*len = (size_t)json_object_get_string_len(v);
		return json_object_get_string(v);
	}
	return NULL;
}

void
digest_add(struct digest *d, struct json_object *rec)
{
	struct paper *p;
	struct json_object *v;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->p = xreallocarray(d->p, d->cap, sizeof *d->p);
	}
	p = &d->p[d->n];
	memset(p, 0, sizeof *p);
	p->rec = json_object_get(rec);
	p->seq = d->n++;
	p->id = str(rec, "id", &p->idlen);
	if (p->id == NULL)
		p->id = "";
	if ((p->title = str(rec, "title", &p->titlelen)) == NULL)
		p->title = "";
	if ((p->abstract = str(rec, "abstract", &p->abstractlen)) == NULL)
		p->abstract = "";
	p->reason = str(rec, "reason", &p->reasonlen);
	p->comments = str(rec, "comments", NULL);
	p->announce = str(rec, "announce", NULL);
	p->topic = str(rec, "topic", NULL);
	if (json_object_object_get_ex(rec, "authors", &v) && json_object_is_type(v, json_type_array))
		p->authors = v;
	if (json_object_object_get_ex(rec, "categories", &v) && json_object_is_type(v, json_type_array))
		p->categories = v;
	p->primary = str(rec, "primary", NULL);
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

void
digest_sort(struct digest *d)
{
	if (d->n > 1)
		qsort(d->p, d->n, sizeof *d->p, bymerit);
}

void
digest_free(struct digest *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		json_object_put(d->p[i].rec);
	free(d->p);
	d->p = NULL;
	d->n = d->cap = 0;
}

/* {"date", "total_papers", "scanned_papers", "model", "papers": [records, best first]} */
int
day_save(const char *dir, const struct digest *d)
{
	struct json_object *o, *a;
	const char *s;
	char *path;
	size_t i;
	int ret;

	o = json_object_new_object();
	json_object_object_add(o, "date", json_object_new_string(d->date));
	if (d->st.have) {
		json_object_object_add(o, "model", json_object_new_string(d->st.model));
		json_object_object_add(o, "total_papers", json_object_new_int64(d->st.total_papers));
		json_object_object_add(o, "scanned_papers", json_object_new_int64(d->st.scanned_papers));
	}
	a = json_object_new_array();
	for (i = 0; i < d->n; i++)
		json_object_array_add(a, json_object_get(d->p[i].rec));
	json_object_object_add(o, "papers", a);
	s = jsonl_string(o);
	path = xasprintf("%s/days/%s.json", dir, d->date);
	ret = atomic_write(path, s, strlen(s), 0644) == -1;
	free(path);
	json_object_put(o);
	return ret;
}

int
day_load(const char *dir, const char *date, struct digest *d)
{
	struct buf b = { 0 };
	struct json_object *o, *a;
	const char *why;
	char *path;
	size_t i;

	memset(d, 0, sizeof *d);
	memcpy(d->date, date, 11);
	path = xasprintf("%s/days/%s.json", dir, date);
	if (buf_readfile(&b, path) == -1) {
		free(path);
		return -1;	/* a day page from before the site kept days */
	}
	if ((o = jsonl_parse(buf_str(&b), b.len, &why)) == NULL) {
		msg("%s: %s", path, why);
		free(path);
		buf_free(&b);
		return -1;
	}
	if (json_object_object_get_ex(o, "total_papers", &a)) {
		d->st.have = 1;
		d->st.total_papers = jint(o, "total_papers", 0);
		d->st.scanned_papers = jint(o, "scanned_papers", 0);
	}
	if (json_object_object_get_ex(o, "papers", &a) && json_object_is_type(a, json_type_array))
		for (i = 0; i < json_object_array_length(a); i++)
			digest_add(d, json_object_array_get_idx(a, i));
	json_object_put(o);	/* the papers hold their records */
	free(path);
	buf_free(&b);
	return 0;
}
