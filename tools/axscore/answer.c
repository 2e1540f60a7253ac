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
	struct json_object *cv, *tv;
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
	if ((tv = jget_ci(o, "TOPIC")) != NULL && !json_object_is_type(tv, json_type_string)) {
		if (!json_object_is_type(tv, json_type_null))
			buf_printf(w->notes, "%s: topic %.20s is not a string, ignored\n", id,
			    json_object_get_string(tv));
		tv = NULL;
	}
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
		free(w->sc[i].topic);
		w->sc[i].topic = xstrdup(tv ? json_object_get_string(tv) : "");
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
		free(sc[i].topic);
		sc[i].topic = NULL;
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
		/*
		 * Gemini leaves thinking out of completion_tokens but not the
		 * total: the gap is reasoning, billed as output once.  A server
		 * that also names it in reasoning_tokens (beside, not inside,
		 * completion_tokens) must not have it counted twice.
		 */
		total = tokens(jint(us, "total_tokens", 0));
		if (total > u->prompt + u->completion) {
			if (u->reasoning < total - u->prompt - u->completion)
				u->reasoning = total - u->prompt - u->completion;
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
	if (u->reasoning > u->completion)	/* a part cannot exceed its whole */
		u->reasoning = u->completion;
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

/*
 * The key, or any part of it of KGRAM characters or more, case ignored: a
 * server may quote a key whole, lower-cased, or as its first and last
 * characters ("sk-proj-abcd...wxyz").  Each such run of s becomes "[the
 * key]".  The key's KGRAM-character windows are kept sorted, so each place
 * of s costs a binary search.
 */
#define KGRAM 10

static unsigned long long
gram(const char *p)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < KGRAM; i++)
		v = v << 8 | (unsigned char)tolower((unsigned char)p[i]);
	return v;
}

static int
gramcmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

void
redact(struct buf *out, const char *s, const char *secret)
{
	unsigned long long *g, v;
	size_t kl = secret ? strlen(secret) : 0, ng, i, j, n = strlen(s);

	buf_reset(out);
	/*
	 * a key shorter than a window (a local server's "x") is no secret,
	 * and would eat words; ten characters of a random key are not a word
	 */
	if (kl < KGRAM || n < KGRAM) {
		buf_adds(out, s);
		return;
	}
	ng = kl - KGRAM + 1;
	g = xreallocarray(NULL, ng, sizeof *g);
	for (i = 0; i < ng; i++)
		g[i] = gram(secret + i);
	qsort(g, ng, sizeof *g, gramcmp);
	for (i = 0; i < n;) {
		for (j = i; j + KGRAM <= n && (v = gram(s + j),
		    bsearch(&v, g, ng, sizeof *g, gramcmp) != NULL); j++)
			;
		if (j == i) {
			buf_addc(out, s[i++]);
			continue;
		}
		buf_adds(out, "[the key]");
		i = j - 1 + KGRAM;
	}
	buf_addc(out, '\0');
	out->len--;
	free(g);
}

/*
 * Reasoning blocks.  DeepSeek-R1, Qwen3 and QwQ (through Ollama, vLLM,
 * llama.cpp) write <think>...</think> before the answer; Claude-style
 * prompts use <thinking>; some fine-tunes <reasoning>.  A draft inside is
 * not the answer.  A block the token limit cut has no closing tag: it runs
 * to the end.  A closing tag with no opening (the chat template opened the
 * block inside the prompt, as Qwen3's and DeepSeek-R1's do) drops what
 * comes before it.
 */
static const char *const thinktags[] = { "think", "thinking", "reasoning", "thought", NULL };

/*
 * gpt-oss's harmony format, when a server passes it through raw: the
 * analysis channel is reasoning, the answer follows the last final-channel
 * marker (github.com/openai/harmony, "channels").
 */
static const char harmony_final[] = "<|channel|>final<|message|>";

/* the tag of text at p ("<think>" or "</think>", case ignored): its length, or 0 */
static size_t
tag_at(const char *p, int closing, size_t *which)
{
	size_t i, n, k = closing ? 2 : 1;

	if (p[0] != '<' || (closing && p[1] != '/'))
		return 0;
	for (i = 0; thinktags[i]; i++) {
		n = strlen(thinktags[i]);
		if (strncasecmp(p + k, thinktags[i], n) == 0 && p[k + n] == '>') {
			*which = i;
			return k + n + 1;
		}
	}
	return 0;
}

char *
answer_visible(const char *text, size_t *hidden)
{
	struct buf b = { 0 };
	const char *p, *start = text, *q;
	size_t which, n, close = 0, wc;

	*hidden = 0;
	for (p = text; (q = strstr(p, harmony_final)) != NULL; p = q + sizeof harmony_final - 1)
		start = q + sizeof harmony_final - 1;
	if (start != text) {
		*hidden += (size_t)(start - text);
		text = start;
	}
	/* a closing tag before any opening one: all before it was reasoning */
	for (p = text; *p; p++) {
		if (tag_at(p, 0, &which))
			break;
		if ((n = tag_at(p, 1, &which)) != 0) {
			*hidden += (size_t)(p - text);
			start = p + n;
			break;
		}
	}
	for (p = start; *p;) {
		if ((n = tag_at(p, 0, &which)) == 0) {
			buf_addc(&b, *p++);
			continue;
		}
		/* its own closing tag; none: cut by the limit, hidden to the end */
		for (q = p + n; *q; q++)
			if ((close = tag_at(q, 1, &wc)) != 0 && wc == which)
				break;
		*hidden += (size_t)(q - p);
		if (*q == '\0')
			break;
		p = q + close;
	}
	buf_addc(&b, '\0');
	b.len--;
	return buf_take(&b);
}

/*
 * The server's reason in a body of any shape.  Sources of the shapes:
 * OpenAI {"error":{"message","type","code","param"}} (platform.openai.com
 * docs, error codes); Anthropic {"type":"error","error":{"type","message"}}
 * (docs.anthropic.com, errors); FastAPI and vLLM {"detail": "..." or
 * [{"loc","msg"}]}; Mistral {"object":"error","message": "..." or
 * {"detail":[...]}}; Ollama {"error":"..."}; Gemini's OpenAI endpoint
 * [{"error":{"code","message","status"}}]; OpenRouter's
 * {"error":{"message","metadata":{"raw"}}}; a proxy's HTML page (its
 * <title>).  Nothing found: the body's first 120 characters.
 */
static void
reason_json(struct json_object *o, struct buf *out, int depth)
{
	struct json_object *v, *x, *loc;
	const char *s;
	size_t i, n, k;

	if (o == NULL || depth > 4)
		return;
	if (json_object_is_type(o, json_type_string)) {
		buf_adds(out, json_object_get_string(o));
		return;
	}
	if (json_object_is_type(o, json_type_array)) {
		/* Gemini's list, FastAPI's validation errors */
		n = json_object_array_length(o);
		for (i = 0; i < n && i < 4; i++) {
			x = json_object_array_get_idx(o, i);
			if (i > 0 && out->len > 0)
				buf_adds(out, "; ");
			if (json_object_is_type(x, json_type_object) && jstr(x, "msg")) {
				if (json_object_object_get_ex(x, "loc", &loc) &&
				    json_object_is_type(loc, json_type_array)) {
					for (k = 0; k < json_object_array_length(loc); k++) {
						s = json_object_get_string(json_object_array_get_idx(loc, k));
						if (k == 0 && strcmp(s, "body") == 0)
							continue;
						buf_printf(out, "%s%s", out->len && out->s[out->len - 1] != ' ' &&
						    out->s[out->len - 1] != '.' ? "." : "", s);
					}
					buf_adds(out, ": ");
				}
				buf_adds(out, jstr(x, "msg"));
			} else {
				reason_json(x, out, depth + 1);
			}
		}
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	if (json_object_object_get_ex(o, "error", &v) && !json_object_is_type(v, json_type_null)) {
		reason_json(v, out, depth + 1);
		return;
	}
	if (json_object_object_get_ex(o, "message", &v) && !json_object_is_type(v, json_type_null)) {
		reason_json(v, out, depth + 1);
		/* OpenRouter: "Provider returned error" and the upstream's words */
		if (json_object_object_get_ex(o, "metadata", &x) && jstr(x, "raw"))
			buf_printf(out, ": %s", jstr(x, "raw"));
		return;
	}
	if (json_object_object_get_ex(o, "detail", &v) && !json_object_is_type(v, json_type_null)) {
		reason_json(v, out, depth + 1);
		return;
	}
}

/* the text of an HTML page's <title>, squeezed; 0 when it has none */
static int
html_title(const char *body, struct buf *out)
{
	const char *p = body, *q;

	for (; (p = strchr(p, '<')) != NULL; p++)
		if (strncasecmp(p, "<title", 6) == 0 && (p[6] == '>' || p[6] == ' '))
			break;
	if (p == NULL || (p = strchr(p, '>')) == NULL)
		return 0;
	for (q = ++p; *q && strncasecmp(q, "</title", 7) != 0; q++)
		;
	buf_add(out, p, (size_t)(q - p));
	buf_squeeze(out);
	return out->len > 0;
}

int
reply_reason(const char *body, const char *ctype, struct buf *out)
{
	struct json_object *o;
	struct json_tokener *tok;
	const char *p;
	size_t n, len = strlen(body);

	buf_reset(out);
	if (text_blank(body)) {
		buf_adds(out, "empty response body");
		return 0;
	}
	tok = json_tokener_new();
	o = tok ? json_tokener_parse_ex(tok, body, (int)len) : NULL;
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(o);
		json_tokener_free(tok);
		buf_printf(out, "response is not JSON (%s", ctype && *ctype ? ctype : "no type");
		n = out->len;
		buf_adds(out, ": ");
		if (!html_title(body, out)) {
			/* the page's text without its tags */
			out->len = n;
			buf_adds(out, ": ");
			for (p = body; *p && out->len < n + 82; p++) {
				if (*p == '<') {
					while (*p && *p != '>')
						p++;
					buf_addc(out, ' ');
					if (*p == '\0')
						break;
					continue;
				}
				buf_addc(out, *p);
			}
			buf_squeeze(out);
		}
		buf_adds(out, ")");
		return 0;
	}
	json_tokener_free(tok);
	reason_json(o, out, 0);
	buf_squeeze(out);
	json_object_put(o);
	if (out->len == 0) {
		buf_add(out, body, len < 120 ? len : 120);
		buf_squeeze(out);
		return 0;
	}
	return 1;
}

/* the error's machine words: type, code, status (Gemini), as one lower-case string */
static void
error_codes(struct json_object *o, struct buf *out, int depth)
{
	static const char *const keys[] = { "type", "code", "status", NULL };
	struct json_object *v;
	size_t i;

	if (o == NULL || depth > 3)
		return;
	if (json_object_is_type(o, json_type_array)) {
		if (json_object_array_length(o) > 0)
			error_codes(json_object_array_get_idx(o, 0), out, depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	for (i = 0; keys[i]; i++)
		if (json_object_object_get_ex(o, keys[i], &v) && json_object_is_type(v, json_type_string))
			buf_printf(out, " %s", json_object_get_string(v));
	if (json_object_object_get_ex(o, "error", &v))
		error_codes(v, out, depth + 1);
}

static int
has_ci(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++)
		if (strncasecmp(s, w, n) == 0)
			return 1;
	return 0;
}

/*
 * A billing error: no retry can succeed until someone pays.  OpenAI's 429
 * insufficient_quota and billing_hard_limit_reached; Anthropic's 400 "Your
 * credit balance is too low"; 402 from OpenRouter ("Insufficient credits"),
 * DeepSeek ("Insufficient Balance") and others.  Gemini says "exceeded your
 * current quota" for a per-minute limit too (status RESOURCE_EXHAUSTED,
 * with a retry delay): that one stays a rate limit.
 */
static int
is_billing(long status, const char *codes, const char *why)
{
	if (status == 402)
		return 1;
	if (has_ci(codes, "insufficient_quota") || has_ci(codes, "billing") ||
	    has_ci(codes, "insufficient_credit") || has_ci(codes, "payment_required"))
		return 1;
	if (has_ci(why, "credit balance is too low") || has_ci(why, "insufficient credits") ||
	    has_ci(why, "insufficient balance") || has_ci(why, "billing_hard_limit"))
		return 1;
	/* OpenAI's words without its code (a proxy's copy); not Gemini's rate limit */
	if (has_ci(why, "exceeded your current quota") && !has_ci(codes, "resource_exhausted"))
		return 1;
	return 0;
}

/*
 * A model the server does not serve: every request names it, so none can
 * succeed.  Any 404 (the endpoint or the model is not there: OpenAI's
 * model_not_found, Anthropic's not_found_error "model: ...", Gemini's
 * NOT_FOUND, Ollama's "model ... not found", vLLM's NotFoundError), and a
 * 400 or 422 that says the model is unknown: DeepSeek's "Model Not Exist",
 * Mistral's invalid_model, OpenRouter's "is not a valid model ID".
 */
static int
is_nomodel(long status, const char *codes, const char *why)
{
	if (status == 404)
		return 1;
	if (status != 400 && status != 422)
		return 0;
	if (has_ci(codes, "model_not_found") || has_ci(codes, "invalid_model"))
		return 1;
	return has_ci(why, "model not exist") || has_ci(why, "not a valid model") ||
	    has_ci(why, "invalid model") || has_ci(why, "unknown model") ||
	    (has_ci(why, "model") && (has_ci(why, "does not exist") || has_ci(why, "not found")));
}

/*
 * The request fields a server may refuse and what ax does instead (the
 * table in axscore(1), PROVIDERS): max_completion_tokens <-> max_tokens,
 * temperature, reasoning_effort and response_format left out.  Longest
 * names first: "max_completion_tokens" holds no "max_tokens", but a
 * message naming both names the refused one first.
 */
static const char *const fieldnames[] = {
	"max_completion_tokens", "max_tokens", "temperature", "reasoning_effort",
	"response_format", "json_schema", "stream_options", NULL
};
static const int fieldbits[] = {
	F_MAXCOMP, F_MAXTOK, F_TEMP, F_EFFORT, F_FORMAT, F_FORMAT, F_STREAMOPT
};

static int
field_named(struct json_object *o, const char *why)
{
	const char *param = NULL, *first = NULL, *p;
	struct json_object *e;
	int bit = 0;
	size_t i;

	if (o && json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, "error", &e) && json_object_is_type(e, json_type_object))
		param = jstr(e, "param");
	for (i = 0; fieldnames[i]; i++) {
		if (param && strcmp(param, fieldnames[i]) == 0)
			return fieldbits[i];
		if ((p = strstr(why, fieldnames[i])) != NULL && (first == NULL || p < first)) {
			first = p;
			bit = fieldbits[i];
		}
	}
	return bit;
}

int
reply_decide(long status, const char *body, const char *ctype, struct buf *why, int *field)
{
	struct json_object *o = NULL, *c, *m, *ch;
	struct buf codes = { 0 };
	const char *s, *finish;
	int found, d;
	long st = status;

	*field = 0;
	found = reply_reason(body, ctype, why);
	/* any JSON value: Gemini's errors come in a list */
	o = json_tokener_parse(body);
	if (status >= 200 && status < 300) {
		if (o == NULL) {
			/* empty, HTML, cut: a proxy's or a load balancer's page, retried */
			d = D_RETRY;
			goto out;
		}
		if (json_object_object_get_ex(o, "choices", &ch) &&
		    json_object_is_type(ch, json_type_array) && json_object_array_length(ch) > 0) {
			c = json_object_array_get_idx(ch, 0);
			finish = jstr(c, "finish_reason");
			if (json_object_object_get_ex(c, "message", &m) && jstr(m, "content") == NULL &&
			    ((s = jstr(m, "refusal")) != NULL ||
			    (finish && strcmp(finish, "content_filter") == 0))) {
				buf_reset(why);
				buf_printf(why, "refused (finish_reason %s)%s%.200s",
				    finish ? finish : "none", s ? ": " : "", s ? s : "");
				d = D_FAIL;
				goto out;
			}
			d = D_ANSWER;
			goto out;
		}
		if (json_object_object_get_ex(o, "content", &ch) &&
		    json_object_is_type(ch, json_type_array)) {
			/* Anthropic; a refusal is stop_reason "refusal" */
			if ((s = jstr(o, "stop_reason")) && strcmp(s, "refusal") == 0) {
				buf_reset(why);
				buf_adds(why, "refused (stop_reason refusal)");
				d = D_FAIL;
				goto out;
			}
			d = D_ANSWER;
			goto out;
		}
		if (!found) {
			buf_reset(why);
			buf_adds(why, "no choices in the answer");
			d = D_RETRY;
			goto out;
		}
		/* an error object inside a 200: judged by the status it carries, else as a 5xx */
		error_codes(o, &codes, 0);
		if (json_object_object_get_ex(o, "error", &c) && json_object_is_type(c, json_type_object) &&
		    (st = (long)jint(c, "code", 0)) < 400)
			st = 500;
		s = xstrdup(why->s);
		buf_reset(why);
		buf_printf(why, "HTTP 200 with an error: %s", s);
		free((char *)s);
	} else {
		error_codes(o, &codes, 0);
	}
	if (is_billing(st, buf_str(&codes), buf_str(why)))
		d = D_STOP;
	else if (st == 401 || st == 403)
		d = D_STOP;
	else if ((st == 400 || st == 422) && (*field = field_named(o, buf_str(why))) != 0)
		d = D_FIELD;
	else if (is_nomodel(st, buf_str(&codes), buf_str(why)))
		d = D_STOP;
	else if (st == 0 || http_retryable(st) || st == 529)
		d = D_RETRY;
	else
		d = D_FAIL;
out:
	buf_free(&codes);
	json_object_put(o);
	return d;
}

/*
 * An answer cut at the token limit with the tokens gone to reasoning: the
 * same body would be cut again.  finish is the finish or stop reason;
 * found the papers read; hidden the characters of reasoning (think blocks,
 * reasoning fields); visible the characters of the answer left.
 */
int
cap_spent(const char *finish, size_t found, const struct usage *u, size_t hidden,
    size_t visible)
{
	if (finish == NULL || (strcmp(finish, "length") != 0 && strcmp(finish, "max_tokens") != 0))
		return 0;
	if (found > 0)
		return 0;
	if (u->reasoning > 0 && u->reasoning * 2 >= u->completion)
		return 1;
	return hidden > 0 && hidden >= visible;
}
