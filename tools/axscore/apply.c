/* apply.c - an answer applied to its papers: scores, title filtering, re-asks of the papers missing, the cache. */
#include <string.h>

#include "score.h"

/* the answer text of a response body; NULL when it has none */
static char *
answer_text(struct json_object *resp, const char **finish)
{
	struct json_object *a, *c, *m;
	struct buf b = { 0 };
	size_t i, n;

	*finish = NULL;
	if (opt.provider == P_ANTHROPIC) {
		*finish = jstr(resp, "stop_reason");
		if (!json_object_object_get_ex(resp, "content", &a) ||
		    !json_object_is_type(a, json_type_array))
			return NULL;
		n = json_object_array_length(a);
		for (i = 0; i < n; i++)
			if ((c = json_object_array_get_idx(a, i)) && jstr(c, "text"))
				buf_adds(&b, jstr(c, "text"));
		return b.s ? buf_take(&b) : NULL;
	}
	if (!json_object_object_get_ex(resp, "choices", &a) ||
	    !json_object_is_type(a, json_type_array) ||
	    (c = json_object_array_get_idx(a, 0)) == NULL)
		return NULL;
	*finish = jstr(c, "finish_reason");
	if (!json_object_object_get_ex(c, "message", &m) || jstr(m, "content") == NULL)
		return NULL;
	return xstrdup(jstr(m, "content"));
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
	char **ids, *text;
	size_t i, n, nmiss = 0, *miss;
	int *drop, good = 0;

	resp = jsonl_parse(body, strlen(body), &why);
	text = resp ? answer_text(resp, &finish) : NULL;
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
		good = answer_parse(text, ids, j->n, sc, &notes) > 0;
		for (i = 0; i < j->n; i++) {
			struct paper *pp = &r->p[j->idx[i]];

			if (!sc[i].found) {
				miss[nmiss++] = j->idx[i];
				free(pp->err);
				pp->err = xstrdup(sc[i].why[0] ? sc[i].why : "no answer for this paper");
				continue;
			}
			pp->relevance = sc[i].relevance;
			pp->novelty = sc[i].novelty;
			pp->reason = sc[i].comment;
			sc[i].comment = NULL;
			free(pp->err);
			pp->err = NULL;
			paper_done(r, pp, ST_SCORED, NULL);
		}
		score_free(sc, j->n);
		free(sc);
	}
	if (finish && (strcmp(finish, "length") == 0 || strcmp(finish, "max_tokens") == 0) &&
	    nmiss > 0)
		buf_adds(&notes, "answer cut at the token limit\n");
	for (p = buf_str(&notes); *p; p = e + 1) {
		e = strchr(p, '\n');
		msg("batch %ld: %.*s", r->batch, (int)(e - p), p);
	}
	if (good && store)
		cache_store(j, body);
	if (nmiss > 0 && j->round < opt.retries) {
		msg("batch %ld: %zu of %zu papers not scored, asking again", r->batch, nmiss, j->n);
		job_new(r, miss, nmiss, j->round + 1);
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
