/*
 * engine.c - axscore's scheduler: jobs on libcurl's multi interface under
 * --jobs, --rpm, --tpm and --budget; retries; the cache and replay; the
 * output in input order.
 */
#include <string.h>

#include "score.h"

struct axscore_state st;

double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
load_replay(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	struct json_object *o;
	const char *why, *k, *b;

	if (fp == NULL)
		die(EX_USAGE, "%s:", path);
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if ((o = jsonl_parse(line, (size_t)n - (line[n - 1] == '\n'), &why)) == NULL) {
			msg("%s:%ld: %s", path, lineno, why);
			st.ret = 1;
			continue;
		}
		if ((k = jstr(o, "key")) && (b = jstr(o, "body"))) {
			st.replays = xreallocarray(st.replays, st.nreplays + 1, sizeof *st.replays);
			st.replays[st.nreplays].key = xstrdup(k);
			st.replays[st.nreplays++].body = xstrdup(b);
		}
		json_object_put(o);
	}
	free(line);
	fclose(fp);
}

static const char *
replay_find(const char *k)
{
	size_t i;

	for (i = 0; i < st.nreplays; i++)
		if (strcmp(st.replays[i].key, k) == 0)
			return st.replays[i].body;
	return NULL;
}

void
paper_done(struct req *r, struct paper *p, int state, const char *err)
{
	if (p->state != ST_TODO)
		return;
	p->state = state;
	free(p->err);
	p->err = NULL;
	if (err) {
		p->err = xstrdup(err);
		st.ret = 1;
	}
	r->left--;
	st.papers_done++;
}

void
req_free(struct req *r)
{
	size_t i;

	for (i = 0; i < r->np; i++) {
		free(r->p[i].id);
		free(r->p[i].reason);
		free(r->p[i].topic);
		free(r->p[i].err);
	}
	free(r->p);
	free(r->model);
	json_object_put(r->rec);
	free(r);
}

/* output: the requests finished at the front, in input order */
void
flush_done(void)
{
	struct req *r;
	struct paper *p;
	size_t i;

	while ((r = st.head) != NULL && r->left == 0) {
		for (i = 0; i < r->np; i++) {
			p = &r->p[i];
			if (p->state == ST_SCORED) {
				json_object_object_add(p->rec, "relevance",
				    json_object_new_int(p->relevance));
				json_object_object_add(p->rec, "novelty",
				    json_object_new_int(p->novelty));
				json_object_object_add(p->rec, "score",
				    json_object_new_int(p->relevance + p->novelty));
				json_object_object_add(p->rec, "reason",
				    json_object_new_string(p->reason));
				if (p->topic != NULL && *p->topic)
					json_object_object_add(p->rec, "topic",
					    json_object_new_string(p->topic));
				json_object_object_add(p->rec, "model",
				    json_object_new_string(r->model));
			} else if (p->state == ST_ERROR) {
				json_object_object_add(p->rec, "error",
				    json_object_new_string(p->err));
			}
			if (p->dropped)
				json_object_object_add(p->rec, "title_filtered",
				    json_object_new_boolean(1));
			jsonl_write(stdout, p->rec);
		}
		/* written: nothing points at it any more (its jobs are done) */
		if ((st.head = r->next) == NULL)
			st.tail = NULL;
		st.nheld--;
		req_free(r);
		/* a full disk or a closed pipe: stop before another paid request */
		if (fflush(stdout) == EOF || ferror(stdout))
			die(EX_FAIL, "stdout: write error:");
	}
}

/* requests read while fewer than st.ahead are held; the number read */
size_t
engine_fill(void)
{
	struct json_object *rec;
	size_t n = 0;

	while (!st.in.eof && st.nheld < st.ahead &&
	    (rec = jsonl_next(&st.in, NULL, NULL)) != NULL) {
		if (read_req(rec, st.in.name, st.in.lineno) != 0)
			st.ret = 1;
		json_object_put(rec);
		n++;
	}
	return n;
}

static void
q_push(struct jobq *q, struct job *j)
{
	j->next = NULL;
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
	q->n++;
}

static void
q_push_front(struct jobq *q, struct job *j)
{
	if ((j->next = q->head) == NULL)
		q->tail = j;
	q->head = j;
	q->n++;
}

static struct job *
q_pop(struct jobq *q)
{
	struct job *j = q->head;

	if (j && (q->head = j->next) == NULL)
		q->tail = NULL;
	if (j) {
		j->next = NULL;
		q->n--;
	}
	return j;
}

void
job_free(struct job *j)
{
	free(j->idx);
	free(j->fig0);
	free(j->body);
	buf_free(&j->resp);
	curl_slist_free_all(j->hdrs);
	free(j);
}

static void
job_fail(struct job *j, const char *why)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		paper_done(j->r, &j->r->p[j->idx[i]], ST_ERROR, why);
	st.ndone++;
	job_free(j);
}

struct job *
job_new(struct req *r, const size_t *idx, size_t n, int round)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->r = r;
	j->idx = xreallocarray(NULL, n, sizeof *j->idx);
	memcpy(j->idx, idx, n * sizeof *idx);
	j->n = n;
	j->round = round;
	j->ready = 0;
	job_body(j);
	q_push(&st.ready, j);
	st.ntotal++;
	return j;
}

static void
requeue(struct job *j, double wait)
{
	struct job **pp;

	/* by the time it may start: usually few wait, at most --jobs of them */
	j->ready = now() + wait;
	for (pp = &st.waiting; *pp && (*pp)->ready <= j->ready; pp = &(*pp)->next)
		;
	j->next = *pp;
	*pp = j;
}

static void
usage_record(struct job *j, long status, const struct usage *u, double ms, const char *err)
{
	struct json_object *o;

	if (opt.usagefp == NULL)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "batch", json_object_new_int64(j->r->batch));
	json_object_object_add(o, "attempt", json_object_new_int(j->r->attempts));
	json_object_object_add(o, "model", json_object_new_string(j->r->model));
	json_object_object_add(o, "status", json_object_new_int64(status));
	json_object_object_add(o, "prompt_tokens", json_object_new_int64(u->prompt));
	json_object_object_add(o, "cached_tokens", json_object_new_int64(u->cached));
	json_object_object_add(o, "completion_tokens", json_object_new_int64(u->completion));
	json_object_object_add(o, "reasoning_tokens", json_object_new_int64(u->reasoning));
	if (u->cache_write)
		json_object_object_add(o, "cache_write_tokens", json_object_new_int64(u->cache_write));
	json_object_object_add(o, "ms", json_object_new_int64((long long)ms));
	json_object_object_add(o, "papers", json_object_new_int64((long long)j->n));
	if (err)
		json_object_object_add(o, "error", json_object_new_string(err));
	jsonl_write(opt.usagefp, o);
	fflush(opt.usagefp);
	json_object_put(o);
}

static size_t
header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct job *j = arg;

	j->retry_after = http_header_retry_after(p, size * n, j->retry_after);
	return size * n;
}

static void
job_start(CURLM *multi, struct job *j)
{
	struct http_opts o = { 0 };
	char *h;

	o.timeout = opt.timeout;
	o.cafile = opt.cafile;
	o.post = j->body;
	o.postlen = j->bodylen;
	j->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	/* no "Expect: 100-continue" round trip before each prompt */
	j->hdrs = curl_slist_append(j->hdrs, "Expect:");
	if (opt.key) {
		/* the key lives only in this header list, never in a message */
		h = opt.provider == P_ANTHROPIC ? xasprintf("x-api-key: %s", opt.key) :
		    xasprintf("Authorization: Bearer %s", opt.key);
		j->hdrs = curl_slist_append(j->hdrs, h);
		memset(h, 0, strlen(h));
		free(h);
	}
	if (opt.provider == P_ANTHROPIC)
		j->hdrs = curl_slist_append(j->hdrs, "anthropic-version: 2023-06-01");
	o.headers = j->hdrs;
	j->h = http_easy(&o);
	curl_easy_setopt(j->h, CURLOPT_URL, opt.endpoint);
	curl_easy_setopt(j->h, CURLOPT_WRITEFUNCTION, http_write_buf);
	curl_easy_setopt(j->h, CURLOPT_WRITEDATA, &j->resp);
	curl_easy_setopt(j->h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(j->h, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(j->h, CURLOPT_PRIVATE, j);
	j->errbuf[0] = '\0';
	curl_easy_setopt(j->h, CURLOPT_ERRORBUFFER, j->errbuf);
	/* the key must not follow a redirect to another host */
	curl_easy_setopt(j->h, CURLOPT_FOLLOWLOCATION, 0L);
	buf_reset(&j->resp);
	j->retry_after = -1;
	j->t0 = now();
	j->attempt++;
	j->r->attempts++;
	curl_multi_add_handle(multi, j->h);
	st.running++;
	st.inflight += j->est_cost;
	rate_start(&st.rate, j->est_tokens, j->t0);
}

/*
 * The server's reason for status in its own words (reply_decide; every
 * body shape is in answer.c), the key redacted wherever a server quoted it.
 */
static char *
error_message(long status, const char *why)
{
	struct buf b = { 0 };
	char *s;

	redact(&b, why, opt.key);
	if (status >= 200 && status < 300)
		s = xasprintf("%.300s", buf_str(&b));
	else if (b.len > 0)
		s = xasprintf("HTTP %ld: %.300s", status, b.s);
	else
		s = xasprintf("HTTP %ld", status);
	buf_free(&b);
	return s;
}

static void
progress(int last)
{
	static double shown;
	double el = now() - st.tstart, left;

	/* a terminal line at most ten times a second */
	if (!isatty_stderr() || (!last && el - shown < 0.1))
		return;
	shown = el;
	left = st.ndone > 0 && st.ntotal > st.ndone ? el / (double)st.ndone * (double)(st.ntotal - st.ndone) : 0;
	/* totals so far, "+" while input is still being read */
	fprintf(stderr, "\r%s: %ld/%ld%s requests, %ld/%ld%s papers, %lld tokens, $%.2f, "
	    "%.0fs%s left\033[K%s", getprog(), st.ndone, st.ntotal, st.in.eof ? "" : "+",
	    st.papers_done, st.papers_total, st.in.eof ? "" : "+", st.tokens, st.spent, left,
	    st.in.eof ? "" : "+", last ? "\n" : "");
}

/* the key out of a body a server echoed it in, before anything keeps or shows it */
static void
scrub(struct buf *resp)
{
	struct buf b = { 0 };

	if (opt.key == NULL || *opt.key == '\0' || resp->s == NULL)
		return;
	redact(&b, resp->s, opt.key);
	if (b.len != resp->len || memcmp(b.s, resp->s, b.len) != 0) {
		buf_reset(resp);
		buf_add(resp, b.s, b.len);
	}
	buf_free(&b);
}

static void
job_finish(CURLM *multi, struct job *j, CURLcode rc)
{
	struct usage u = { 0 };
	struct json_object *resp;
	struct buf why = { 0 };
	const char *jwhy;
	char errbuf[256], *em, *ctype = NULL;
	long status = 0;
	int d, field = 0;
	double ms = (now() - j->t0) * 1000, wait;

	curl_multi_remove_handle(multi, j->h);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(j->h, CURLINFO_CONTENT_TYPE, &ctype);
		ctype = ctype ? xstrdup(ctype) : NULL;
	}
	curl_easy_cleanup(j->h);
	j->h = NULL;
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
	st.running--;
	st.inflight -= j->est_cost;
	if (!j->resp.s)
		buf_add(&j->resp, "", 0);
	scrub(&j->resp);
	if (rc != CURLE_OK) {
		snprintf(errbuf, sizeof errbuf, "%s",
		    j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
		/* a refused certificate or a bad URL fails alike on every try (lib/http.c) */
		d = http_transient(rc) ? D_RETRY : D_FAIL;
		em = xstrdup(errbuf);
	} else {
		d = reply_decide(status, j->resp.s, ctype, &why, &field);
		em = d == D_ANSWER ? NULL : error_message(status, buf_str(&why));
	}
	free(ctype);
	buf_free(&why);
	/* a 200 is billed whatever it holds: its usage, if any, and its error */
	if (rc == CURLE_OK && status >= 200 && status < 300) {
		resp = jsonl_parse(j->resp.s, j->resp.len, &jwhy);
		usage_parse(resp, &u);
		json_object_put(resp);
		st.tokens += u.prompt + u.completion;
		st.spent += cost_usage(&u);
	}
	usage_record(j, status, &u, ms, em);
	if (d == D_ANSWER) {
		if (opt.recordfp) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "key", json_object_new_string(j->key));
			json_object_object_add(o, "batch", json_object_new_int64(j->r->batch));
			json_object_object_add(o, "body", json_object_new_string(j->resp.s));
			jsonl_write(opt.recordfp, o);
			fflush(opt.recordfp);
			json_object_put(o);
		}
		answer(j, j->resp.s, 1);
		return;
	}
	if (d == D_FIELD && !(j->fields & field)) {
		/* the server named a field it does not take: adjust it, say so once */
		if (!(st.refused & field))
			msg("batch %ld: %s (%s)", j->r->batch, em, field_fix(field));
		st.refused |= field;
		free(j->body);
		job_body(j);
		requeue(j, 0);
	} else if (d == D_STOP) {
		/* a refused key or no credit fails every request alike: send no more */
		if (st.fatal == NULL) {
			st.fatal = xstrdup(em);
			msg("batch %ld: %s (the run stops: no more requests are sent)", j->r->batch, em);
		}
		job_fail(j, em);
	} else if (d == D_RETRY && j->attempt <= opt.retries) {
		wait = http_backoff(j->attempt, j->retry_after, 60, drand48());
		msg("batch %ld: %s, retrying in %.3gs", j->r->batch, em, wait);
		requeue(j, wait);
	} else {
		msg("batch %ld: %s", j->r->batch, em);
		job_fail(j, em);
	}
	free(em);
}

/* a job answered without the network, from the cache or a replay file; 1 if so */
static int
job_offline(struct job *j)
{
	struct buf b = { 0 };
	const char *body;
	char *path;

	if (opt.cachedir) {
		path = xasprintf("%s/%s", opt.cachedir, j->key);
		if (buf_readfile(&b, path) == 0 && b.len > 0) {
			free(path);
			answer(j, b.s, 0);
			buf_free(&b);
			return 1;
		}
		free(path);
		buf_free(&b);
	}
	if (opt.replayfile) {
		if ((body = replay_find(j->key)) != NULL)
			answer(j, body, 0);
		else
			job_fail(j, "not in the replay file");
		return 1;
	}
	return 0;
}

/* the next job that may start at t: a retry whose time has come, else the next ask */
static struct job *
next_job(double t)
{
	struct job *j;

	if ((j = st.waiting) != NULL && j->ready <= t) {
		st.waiting = j->next;
		j->next = NULL;
		return j;
	}
	return q_pop(&st.ready);
}

/* starts what the slots, the budget and the rate windows allow; the seconds to wait */
static double
start_jobs(CURLM *multi)
{
	struct job *j;
	double t = now(), wait = 1, rw;

	while ((long)st.running < opt.jobs && (j = next_job(t)) != NULL) {
		if (st.fatal) {
			job_fail(j, st.fatal);
			continue;
		}
		/* what the run learnt since this body was built (request.c) */
		job_refresh(j);
		if (j->attempt == 0 && job_offline(j))
			continue;
		j->est_cost = cost(j->est_in, j->est_out);
		if (opt.budget >= 0 && st.spent + st.inflight + j->est_cost > opt.budget) {
			job_fail(j, "budget");
			continue;
		}
		if ((rw = rate_wait(&st.rate, j->est_tokens, t)) > 0) {
			/* back at the front of its queue until the window has room */
			if (j->attempt > 0) {
				j->next = st.waiting;
				st.waiting = j;
			} else {
				q_push_front(&st.ready, j);
			}
			if (rw < wait)
				wait = rw;
			break;
		}
		job_start(multi, j);
	}
	if (st.waiting && st.waiting->ready - t < wait)
		wait = st.waiting->ready > t ? st.waiting->ready - t : 0;
	return wait;
}

/* the transfers done: each to job_finish; how many */
static int
finished(CURLM *multi)
{
	struct job *j;
	CURLMsg *m;
	int left, n = 0;

	while ((m = curl_multi_info_read(multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
		job_finish(multi, j, m->data.result);
		n++;
	}
	return n;
}

void
engine_run(void)
{
	CURLM *multi = curl_multi_init();
	int still;
	double wait;

	for (;;) {
		engine_fill();
		wait = start_jobs(multi);
		flush_done();
		progress(0);
		if (!st.ready.head && !st.waiting && !st.running) {
			/* written out: room to read more, or the end */
			if (engine_fill() == 0)
				break;
			continue;
		}
		/*
		 * an answer that came within the first perform is taken at once:
		 * waiting in poll for it cost a request up to the whole wait
		 */
		curl_multi_perform(multi, &still);
		if (finished(multi) == 0) {
			curl_multi_poll(multi, NULL, 0, (int)(wait * 1000) + 1, NULL);
			curl_multi_perform(multi, &still);
			finished(multi);
		}
		flush_done();
	}
	progress(1);
	curl_multi_cleanup(multi);
}
