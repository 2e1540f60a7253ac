/* apply.c - an answer applied to its papers: scores, title filtering, re-asks of the papers missing, the cache. */
#include <string.h>

#include "score.h"

/*
 * The answer text of a response body, reasoning left out; NULL when it has
 * none.  *hidden gets the characters of reasoning seen: Anthropic's
 * "thinking" blocks, the "reasoning_content" (DeepSeek, vLLM, llama.cpp),
 * "reasoning" (Ollama, OpenRouter) and "thinking" fields beside the content,
 * and think blocks inside it (answer_visible).
 */
static char *
answer_text(struct json_object *resp, const char **finish, size_t *hidden)
{
	struct json_object *a, *c, *m;
	struct buf b = { 0 };
	const char *type, *s;
	char *text;
	size_t i, n, h;

	*finish = NULL;
	*hidden = 0;
	if (json_object_object_get_ex(resp, "content", &a) &&
	    json_object_is_type(a, json_type_array)) {
		/* Anthropic Messages */
		*finish = jstr(resp, "stop_reason");
		n = json_object_array_length(a);
		for (i = 0; i < n; i++) {
			c = json_object_array_get_idx(a, i);
			type = jstr(c, "type");
			if (type && strcmp(type, "text") != 0) {
				if ((s = jstr(c, "thinking")) != NULL)
					*hidden += strlen(s);
				continue;
			}
			if (jstr(c, "text"))
				buf_adds(&b, jstr(c, "text"));
		}
		if (b.s == NULL)
			return NULL;
	} else {
		if (!json_object_object_get_ex(resp, "choices", &a) ||
		    !json_object_is_type(a, json_type_array) ||
		    (c = json_object_array_get_idx(a, 0)) == NULL)
			return NULL;
		*finish = jstr(c, "finish_reason");
		if (!json_object_object_get_ex(c, "message", &m))
			return NULL;
		if ((s = jstr(m, "reasoning_content")) != NULL)
			*hidden += strlen(s);
		if ((s = jstr(m, "reasoning")) != NULL)
			*hidden += strlen(s);
		if ((s = jstr(m, "thinking")) != NULL)	/* Ollama's own API */
			*hidden += strlen(s);
		if (jstr(m, "content") == NULL)
			return NULL;
		buf_adds(&b, jstr(m, "content"));
	}
	text = answer_visible(buf_str(&b), &h);
	*hidden += h;
	buf_free(&b);
	return text;
}

/* a job asking papers idx of j's request again, with the token cap cap (0: the request's) */
static struct job *
again(struct job *j, const size_t *idx, size_t n, int round, long cap)
{
	struct job *k = job_new(j->r, idx, n, round);

	k->cap0 = j->cap0;
	k->fig0 = j->fig0 ? xstrdup(j->fig0) : NULL;
	if (cap > 0) {
		k->cap = cap;
		free(k->body);
		job_body(k);
	}
	return k;
}

/*
 * An answer cut at the token limit before any score.  Sending the same
 * body again would be cut the same way and billed again, so: when the
 * tokens went to reasoning, raise the cap once (twice it, at most
 * CAP_MAX), then stop with the figures; when they went to the answer,
 * split the batch in two, or raise the cap of a single paper once.
 * Returns NULL when the papers are asked again, else the papers' error.
 */
#define CAP_MAX 32768

static char *
cut_again(struct job *j, size_t *miss, size_t nmiss, const struct usage *u, int reasoning)
{
	long cap = j->cap ? j->cap : (long)jint(j->r->rec, "max_tokens", 0);
	const char *fix = reasoning ? "raise MAX_TOKENS or lower REASONING_EFFORT" :
	    "raise MAX_TOKENS";
	struct job *k;
	char *fig, *s;
	size_t h;

	if (!reasoning && nmiss > 1 && j->round < opt.retries) {
		h = nmiss / 2;
		msg("batch %ld: answer cut at max_tokens %ld before any score: asking "
		    "%zu and %zu papers apart", j->r->batch, cap, h, nmiss - h);
		again(j, miss, h, j->round + 1, j->cap);
		again(j, miss + h, nmiss - h, j->round + 1, j->cap);
		return NULL;
	}
	if (cap == 0 && opt.provider == P_ANTHROPIC)
		cap = 4096;	/* what request.c sends when the request names none */
	if (cap == 0)
		return xasprintf("the server's own token limit spent on %s (%lld of %lld tokens "
		    "reasoning): set MAX_TOKENS%s", reasoning ? "reasoning" : "the answer",
		    u->reasoning, u->completion, reasoning ? " or lower REASONING_EFFORT" : "");
	/* the figures: reasoning tokens where the provider counts them apart */
	fig = u->reasoning > 0 ? xasprintf("%lld reasoning tokens", u->reasoning) :
	    xasprintf("%lld output tokens, reasoning not counted apart", u->completion);
	if (j->cap0 == 0 && cap < CAP_MAX) {
		k = again(j, miss, nmiss, j->round, cap * 2 > CAP_MAX ? CAP_MAX : cap * 2);
		k->cap0 = cap;
		k->fig0 = xstrdup(fig);
		if (st.capto == 0 && j->cap == 0) {
			/* the requests not yet sent with this cap get the raised one at once */
			st.capfrom = cap;
			st.capto = k->cap;
			st.capbatch = j->r->batch;
		}
		msg("batch %ld: max_tokens %ld spent on %s (%s): asking once more with "
		    "max_tokens %ld", j->r->batch, cap, reasoning ? "reasoning" : "the answer",
		    fig, k->cap);
		free(fig);
		return NULL;
	}
	if (j->cap0)
		s = xasprintf("max_tokens %ld spent on %s (%s; then max_tokens %ld: %s): %s",
		    j->cap0, reasoning ? "reasoning" : "the answer", j->fig0 ? j->fig0 : "",
		    cap, fig, fix);
	else
		s = xasprintf("max_tokens %ld spent on %s (%s): %s", cap,
		    reasoning ? "reasoning" : "the answer", fig, fix);
	free(fig);
	return s;
}

/*
 * Why a paper had no line in the answer, in the answer's terms: empty, only
 * reasoning, cut at the token limit, or prose with no JSON line (its start
 * quoted); found is how many papers of the batch the answer did score.
 */
static char *
blank_why(const char *text, size_t hidden, const char *finish, size_t found)
{
	struct buf b = { 0 };
	const char *p;
	size_t i;

	for (p = text; *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'; p++)
		;
	if (*p != '\0' && finish && (strcmp(finish, "length") == 0 ||
	    strcmp(finish, "max_tokens") == 0))
		return xasprintf("the answer was cut at the token limit before this paper "
		    "(finish_reason %s)", finish);
	if (*p != '\0' && found == 0) {
		/* the start of what the model wrote instead, on one line */
		for (i = 0; p[i] != '\0' && utf8_chars(p, i) < 60; i++)
			buf_addc(&b, (unsigned char)p[i] < 0x20 ? ' ' : p[i]);
		while (p[i] != '\0' && ((unsigned char)p[i] & 0xC0) == 0x80)
			buf_addc(&b, p[i++]);
		p = xasprintf("the model answered prose, not JSON lines: \"%s%s\"", buf_str(&b),
		    p[i] ? "..." : "");
		buf_free(&b);
		return (char *)p;
	}
	if (*p != '\0')
		return xstrdup("no answer for this paper");
	if (hidden > 0)
		return xasprintf("the answer held only reasoning (%zu characters, finish_reason %s)",
		    hidden, finish ? finish : "none");
	return xasprintf("the answer was empty (finish_reason %s)", finish ? finish : "none");
}

/* a good answer's body, kept under its request's hash */
static void
cache_store(struct job *j, const char *body)
{
	char *path;

	if (opt.cachedir == NULL)
		return;
	path = xasprintf("%s/%s", opt.cachedir, j->key);
	if (atomic_write(path, body, strlen(body), 0600) == -1)
		st.ret = 1;
	free(path);
}

int
answer(struct job *j, const char *body, int store)
{
	struct req *r = j->r;
	struct json_object *resp;
	struct score *sc;
	struct buf notes = { 0 };
	const char *why, *finish = NULL, *p, *e;
	char **ids, *text, *final = NULL;
	size_t i, n, nmiss = 0, *miss, hidden = 0, found = 0;
	int *drop, good = 0;
	struct usage u;

	resp = jsonl_parse(body, strlen(body), &why);
	text = resp ? answer_text(resp, &finish, &hidden) : NULL;
	usage_parse(resp, &u);
	if (text == NULL)
		text = xstrdup("");
	ids = xcalloc(j->n, sizeof *ids);
	for (i = 0; i < j->n; i++)
		ids[i] = r->p[j->idx[i]].id;
	miss = xcalloc(j->n, sizeof *miss);
	if (r->mode == MODE_TITLES) {
		drop = xcalloc(j->n, sizeof *drop);
		if (titles_parse(text, ids, j->n, drop, &notes) >= 0) {
			good = 1;
			for (i = 0; i < j->n; i++) {
				r->p[j->idx[i]].dropped = drop[i];
				paper_done(r, &r->p[j->idx[i]], ST_PASS, NULL);
			}
		} else {
			for (i = 0; i < j->n; i++)
				miss[nmiss++] = j->idx[i];
			buf_adds(&notes, "no JSON list of ids in the answer\n");
		}
		free(drop);
	} else {
		sc = xcalloc(j->n, sizeof *sc);
		found = answer_parse(text, ids, j->n, sc, &notes);
		good = found > 0;
		for (i = 0; i < j->n; i++) {
			struct paper *pp = &r->p[j->idx[i]];

			if (!sc[i].found) {
				miss[nmiss++] = j->idx[i];
				free(pp->err);
				pp->err = sc[i].why[0] ? xstrdup(sc[i].why) : blank_why(text, hidden,
				    finish, found);
				continue;
			}
			pp->relevance = sc[i].relevance;
			pp->novelty = sc[i].novelty;
			pp->reason = sc[i].comment;
			sc[i].comment = NULL;
			free(pp->topic);
			pp->topic = sc[i].topic;
			sc[i].topic = NULL;
			free(pp->err);
			pp->err = NULL;
			paper_done(r, pp, ST_SCORED, NULL);
		}
		score_free(sc, j->n);
		free(sc);
	}
	if (finish && (strcmp(finish, "length") == 0 || strcmp(finish, "max_tokens") == 0) &&
	    nmiss > 0 && nmiss < j->n)
		buf_adds(&notes, "answer cut at the token limit\n");
	for (p = buf_str(&notes); *p; p = e + 1) {
		e = strchr(p, '\n');
		msg("batch %ld: %.*s", r->batch, (int)(e - p), p);
	}
	if (good && store)
		cache_store(j, body);
	if (nmiss > 0 && nmiss == j->n && finish &&
	    (strcmp(finish, "length") == 0 || strcmp(finish, "max_tokens") == 0)) {
		/* cut before any score: the same body would be cut again */
		final = cut_again(j, miss, nmiss, &u, cap_spent(finish, 0, &u, hidden,
		    strlen(text)));
		if (final == NULL)
			nmiss = 0;	/* asked otherwise */
	}
	if (final) {
		msg("batch %ld: %s", r->batch, final);
		for (i = 0; i < nmiss; i++)
			paper_done(r, &r->p[miss[i]], r->mode == MODE_TITLES ? ST_PASS : ST_ERROR,
			    r->mode == MODE_TITLES ? NULL : final);
		if (r->mode == MODE_TITLES)
			st.ret = 1;
		free(final);
	} else if (nmiss > 0 && nmiss == j->n && j->same > 0 && nmiss > 1 &&
	    j->round < opt.retries) {
		/*
		 * The same papers again would be the same body a third time:
		 * ask them in two halves instead (axscore(1), "asked again").
		 */
		msg("batch %ld: %zu of %zu papers not scored again, asking %zu and %zu apart",
		    r->batch, nmiss, j->n, nmiss / 2, nmiss - nmiss / 2);
		again(j, miss, nmiss / 2, j->round + 1, j->cap);
		again(j, miss + nmiss / 2, nmiss - nmiss / 2, j->round + 1, j->cap);
	} else if (nmiss > 0 && j->round < opt.retries && (nmiss < j->n || j->same == 0)) {
		msg("batch %ld: %zu of %zu papers not scored, asking again", r->batch, nmiss, j->n);
		again(j, miss, nmiss, j->round + 1, j->cap)->same = nmiss == j->n ? j->same + 1 : 0;
	} else {
		for (i = 0; i < nmiss; i++) {
			struct paper *pp = &r->p[miss[i]];
			char *err = xasprintf("%s (after %d rounds)",
			    pp->err ? pp->err : "no answer", j->round + 1);

			if (r->mode == MODE_TITLES) {
				/* a failed title pass filters nothing, and says so */
				msg("batch %ld: %s: title pass failed, kept", r->batch, pp->id);
				paper_done(r, pp, ST_PASS, NULL);
				st.ret = 1;
			} else {
				paper_done(r, pp, ST_ERROR, err);
			}
			free(err);
		}
	}
	n = j->n;
	buf_free(&notes);
	free(ids);
	free(miss);
	free(text);
	json_object_put(resp);
	st.ndone++;
	job_free(j);
	return (int)n;
}
