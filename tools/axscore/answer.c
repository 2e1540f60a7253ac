/* answer.c - reads LLM answers, usage objects and prompts; pure functions, no I/O. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "axscore.h"

/* value of key in o, compared without case; NULL when absent */
static struct json_object *
jget_ci(struct json_object *o, const char *key)
{
	json_object_object_foreach(o, k, v) {
		if (strcasecmp(k, key) == 0)
			return v;
	}
	return NULL;
}

static struct json_object *
jget_any(struct json_object *o, const char *const *keys)
{
	struct json_object *v;

	for (; *keys; keys++)
		if ((v = jget_ci(o, *keys)) != NULL)
			return v;
	return NULL;
}

static const char *const idkeys[] = { "ARXIVID", "arxiv_id", "arxiv id", "id", NULL };
static const char *const commentkeys[] = { "COMMENT", "reason", "comments", NULL };

/* an integer score 1-10 from a number or a string; -1 when absent, -2 when invalid */
static int
score_value(struct json_object *v, char *why, size_t whysz, const char *name)
{
	const char *s;
	char *end;
	double d;
	long l;

	if (v == NULL || json_object_is_type(v, json_type_null)) {
		snprintf(why, whysz, "no %s", name);
		return -1;
	}
	switch (json_object_get_type(v)) {
	case json_type_int:
		l = (long)json_object_get_int64(v);
		break;
	case json_type_double:
		d = json_object_get_double(v);
		/* 2e28 has no long: range first, then the conversion */
		if (!(d >= 1 && d <= 10) || d != (double)(long)d)
			goto bad;
		l = (long)d;
		break;
	case json_type_string:
		s = json_object_get_string(v);
		while (isspace((unsigned char)*s))
			s++;
		l = strtol(s, &end, 10);
		if (end == s)
			goto bad;
		while (isspace((unsigned char)*end))
			end++;
		if (*end != '\0')
			goto bad;
		break;
	default:
		goto bad;
	}
	if (l >= 1 && l <= 10)
		return (int)l;
bad:
	snprintf(why, whysz, "%s %.20s is not an integer from 1 to 10", name,
	    json_object_get_string(v));
	return -2;
}

struct walk {
	char *const *ids;
	size_t n;
	struct score *sc;
	struct buf *notes;
	size_t found;
};

static void
take_line(struct walk *w, struct json_object *o, struct json_object *idv)
{
	struct json_object *cv;
	char id[ARXIV_ID_MAX], why[96];
	int rel, nov, matched = 0;
	size_t i;

	if (!json_object_is_type(idv, json_type_string) &&
	    !json_object_is_type(idv, json_type_double) &&
	    !json_object_is_type(idv, json_type_int)) {
		buf_printf(w->notes, "an answer line has an ARXIVID that is not a string\n");
		return;
	}
	arxiv_id(json_object_get_string(idv), id, NULL);
	why[0] = '\0';
	rel = score_value(jget_ci(o, "RELEVANCE"), why, sizeof why, "relevance");
	if (rel > 0)
		nov = score_value(jget_ci(o, "NOVELTY"), why, sizeof why, "novelty");
	else
		nov = -1;
	cv = jget_any(o, commentkeys);
	for (i = 0; i < w->n; i++) {
		if (w->ids[i] == NULL || strcmp(w->ids[i], id) != 0)
			continue;
		matched = 1;
		if (w->sc[i].found) {
			buf_printf(w->notes, "%s: answered twice, the first answer kept\n", id);
			continue;
		}
		if (rel < 0 || nov < 0) {
			snprintf(w->sc[i].why, sizeof w->sc[i].why, "%s", why);
			buf_printf(w->notes, "%s: %s\n", id, why);
			continue;
		}
		w->sc[i].found = 1;
		w->sc[i].relevance = rel;
		w->sc[i].novelty = nov;
		free(w->sc[i].comment);
		w->sc[i].comment = xstrdup(cv && json_object_is_type(cv, json_type_string) ?
		    json_object_get_string(cv) : "");
		w->found++;
	}
	if (!matched)
		buf_printf(w->notes, "%.60s: not in this batch, ignored\n",
		    *id ? id : "(empty id)");
}

static void
walk(struct walk *w, struct json_object *o, int depth)
{
	struct json_object *idv;
	size_t i, n;

	if (depth > 8)
		return;
	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			walk(w, json_object_array_get_idx(o, i), depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	if ((idv = jget_any(o, idkeys)) != NULL) {
		take_line(w, o, idv);
		return;
	}
	/* a wrapper such as {"papers": [...]} from a structured-output schema */
	json_object_object_foreach(o, k, v) {
		(void)k;
		walk(w, v, depth + 1);
	}
}

/*
 * Call fn on each JSON value that starts with open ('{' or '[') anywhere in
 * text and parses (json-c's lax mode takes trailing commas); a value that
 * does not parse (prose, a cut last line) is skipped from its next character.
 */
static void
each_json(const char *text, int open, void (*fn)(struct json_object *, void *), void *arg,
    int first_only)
{
	struct json_tokener *tok;
	struct json_object *o;
	const char *p = text, *q;
	size_t len = strlen(text);

	tok = json_tokener_new_ex(16);
	if (tok == NULL)
		die(EX_FAIL, "out of memory");
	while ((q = strchr(p, open)) != NULL) {
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, q, (int)(len - (size_t)(q - text)));
		if (o != NULL && json_tokener_get_error(tok) == json_tokener_success) {
			p = q + json_tokener_get_parse_end(tok);
			fn(o, arg);
			json_object_put(o);
			if (first_only)
				break;
		} else {
			json_object_put(o);
			p = q + 1;
		}
	}
	json_tokener_free(tok);
}

static void
answer_cb(struct json_object *o, void *arg)
{
	walk(arg, o, 0);
}

size_t
answer_parse(const char *text, char *const *ids, size_t n, struct score *sc,
    struct buf *notes)
{
	struct walk w = { ids, n, sc, notes, 0 };

	each_json(text, '{', answer_cb, &w, 0);
	return w.found;
}

void
score_free(struct score *sc, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(sc[i].comment);
		sc[i].comment = NULL;
	}
}

struct tlist {
	char *const *ids;
	size_t n;
	int *drop;
	struct buf *notes;
	int got;
};

static void
titles_cb(struct json_object *o, void *arg)
{
	struct tlist *t = arg;
	struct json_object *v;
	char id[ARXIV_ID_MAX];
	size_t i, k, n;
	int matched;

	if (t->got >= 0 || !json_object_is_type(o, json_type_array))
		return;
	n = json_object_array_length(o);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(o, i);
		if (!json_object_is_type(v, json_type_string) &&
		    !json_object_is_type(v, json_type_double))
			return;		/* not a list of ids; look further */
	}
	t->got = 0;
	for (i = 0; i < n; i++) {
		arxiv_id(json_object_get_string(json_object_array_get_idx(o, i)), id, NULL);
		matched = 0;
		for (k = 0; k < t->n; k++)
			if (t->ids[k] && strcmp(t->ids[k], id) == 0) {
				if (!t->drop[k])
					t->got++;
				t->drop[k] = matched = 1;
			}
		if (!matched)
			buf_printf(t->notes, "%.60s: not in this batch, ignored\n", id);
	}
}

int
titles_parse(const char *text, char *const *ids, size_t n, int *drop, struct buf *notes)
{
	struct tlist t = { ids, n, drop, notes, -1 };

	each_json(text, '[', titles_cb, &t, 0);
	return t.got;
}

static long long
jpath(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, a, &v) || !json_object_is_type(v, json_type_object))
		return 0;
	return jint(v, b, 0);
}

/* a server's count clamped to 0..10^12: sums of counts cannot overflow */
static long long
tokens(long long v)
{
	return v < 0 ? 0 : v > 1000000000000LL ? 1000000000000LL : v;
}

void
usage_parse(struct json_object *resp, struct usage *u)
{
	struct json_object *us;
	long long total;

	memset(u, 0, sizeof *u);
	if (resp == NULL || !json_object_object_get_ex(resp, "usage", &us) ||
	    !json_object_is_type(us, json_type_object))
		return;
	if (jhas(us, "prompt_tokens")) {
		/* chat completions: cached and reasoning are parts of the totals */
		u->prompt = tokens(jint(us, "prompt_tokens", 0));
		u->completion = tokens(jint(us, "completion_tokens", 0));
		u->cached = tokens(jpath(us, "prompt_tokens_details", "cached_tokens"));
		u->cache_write = tokens(jpath(us, "prompt_tokens_details", "cache_write_tokens"));
		u->reasoning = tokens(jpath(us, "completion_tokens_details", "reasoning_tokens"));
		if (jhas(us, "prompt_cache_hit_tokens"))	/* DeepSeek */
			u->cached = tokens(jint(us, "prompt_cache_hit_tokens", 0));
		/* Gemini leaves thinking out of completion_tokens but not the total */
		total = tokens(jint(us, "total_tokens", 0));
		if (total > u->prompt + u->completion) {
			u->reasoning += total - u->prompt - u->completion;
			u->completion = total - u->prompt;
		}
	} else {
		/* Anthropic (cache counts apart from input_tokens) or Responses API */
		u->cached = tokens(jint(us, "cache_read_input_tokens", 0));
		u->cache_write = tokens(jint(us, "cache_creation_input_tokens", 0));
		u->prompt = tokens(jint(us, "input_tokens", 0)) + u->cached + u->cache_write;
		u->completion = tokens(jint(us, "output_tokens", 0));
		if (u->cached == 0)
			u->cached = tokens(jpath(us, "input_tokens_details", "cached_tokens"));
		u->reasoning = tokens(jpath(us, "output_tokens_details", "reasoning_tokens"));
	}
}

static const char marker[] = "ArXiv ID: ";

/* where the block of id starts, or NULL */
static const char *
find_block(const char *user, const char *id)
{
	const char *p = user, *q;
	size_t n = strlen(id);

	while ((p = strstr(p, marker)) != NULL) {
		q = p + sizeof marker - 1;
		if ((p == user || p[-1] == '\n') && strncmp(q, id, n) == 0 &&
		    (q[n] == '\n' || q[n] == '\r' || q[n] == ' ' || q[n] == 'v' ||
		    q[n] == '\0'))
			return p;
		p = q;
	}
	return NULL;
}

size_t
prompt_static_len(const char *user)
{
	const char *p = user;

	while ((p = strstr(p, marker)) != NULL) {
		if (p == user || p[-1] == '\n')
			return (size_t)(p - user);
		p++;
	}
	return 0;
}

int
prompt_subset(const char *user, char *const *ids, size_t n, const int *keep, struct buf *out)
{
	const char **start, *end, *t;
	size_t i, k, *ord, blen;
	int first = 1;

	if (n == 0)
		return -1;
	start = xcalloc(n, sizeof *start);
	ord = xcalloc(n, sizeof *ord);
	for (i = 0; i < n; i++) {
		if (ids[i] == NULL || (start[i] = find_block(user, ids[i])) == NULL) {
			free(start);
			free(ord);
			return -1;
		}
		/* blocks in prompt order (insertion sort; batches are small) */
		for (k = i; k > 0 && start[ord[k - 1]] > start[i]; k--)
			ord[k] = ord[k - 1];
		ord[k] = i;
	}
	for (i = 1; i < n; i++)
		if (start[ord[i]] == start[ord[i - 1]]) {	/* the same id twice */
			free(start);
			free(ord);
			return -1;
		}
	/* the last block ends at the first blank line after it */
	t = start[ord[n - 1]];
	end = strstr(t, "\n\n");
	if (end == NULL)
		end = t + strlen(t);
	buf_add(out, user, (size_t)(start[ord[0]] - user));
	for (i = 0; i < n; i++) {
		t = start[ord[i]];
		blen = (size_t)((i + 1 < n ? start[ord[i + 1]] : end) - t);
		while (blen > 0 && (t[blen - 1] == '\n' || t[blen - 1] == '\r'))
			blen--;
		if (!keep[ord[i]])
			continue;
		if (!first)
			buf_adds(out, "\n\n");
		buf_add(out, t, blen);
		first = 0;
	}
	buf_adds(out, end);
	free(start);
	free(ord);
	return 0;
}

int
model_takes_temperature(const char *model)
{
	const char *m = strrchr(model, '/');	/* "openai/gpt-5" on OpenRouter */

	m = m ? m + 1 : model;
	if (strncmp(m, "gpt-5", 5) == 0)
		return 0;
	if (m[0] == 'o' && isdigit((unsigned char)m[1]))
		return 0;
	return 1;
}

void
redact(struct buf *out, const char *s, const char *secret)
{
	const char *q;
	size_t kl = secret ? strlen(secret) : 0;

	buf_reset(out);
	for (; kl > 0 && (q = strstr(s, secret)) != NULL; s = q + kl) {
		buf_add(out, s, (size_t)(q - s));
		buf_adds(out, "[the key]");
	}
	buf_adds(out, s);
}
