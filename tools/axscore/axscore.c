/* axscore.c - reads request records, asks an LLM to score their papers, writes scored paper records. */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "axscore.h"


enum { MODE_PASS, MODE_SCORE, MODE_TITLES };
enum { P_OPENAI, P_ANTHROPIC, P_LOCAL };
enum { ST_TODO, ST_SCORED, ST_ERROR, ST_PASS };

struct paper {
	struct json_object *rec;	/* borrowed from the request's papers array */
	char	*id;			/* normalised; NULL when the record has none */
	int	 state;
	int	 relevance, novelty, dropped;
	char	*reason, *err;
};

struct req {
	struct json_object *rec;
	long	 batch;
	int	 mode;
	char	*model;
	size_t	 np, left;
	struct paper *p;
	int	 attempts;		/* HTTP attempts for this batch so far */
};

struct job {
	struct req *r;
	size_t	*idx, n;		/* the papers asked, as indices into r->p */
	int	 round;			/* 0: first ask, then re-asks of missing papers */
	int	 attempt;		/* HTTP attempts of this body */
	char	*body;
	size_t	 bodylen;
	char	 key[65];		/* SHA-256 of the body, hex */
	double	 ready;			/* monotonic time it may start */
	long	 est_tokens, est_in, est_out;
	double	 est_cost;		/* while it runs */
	CURL	*h;
	struct curl_slist *hdrs;
	struct buf resp;
	double	 retry_after, t0;
	char	 errbuf[CURL_ERROR_SIZE];	/* libcurl's detail: host, port, certificate */
	struct job *next;
};

static int provider = P_OPENAI;
static const char *modelopt, *cachedir, *usagefile, *recordfile, *replayfile;
static const char *argv0;
static char *pricepath;	/* the prices file read, for messages */
static const char *keyfile, *cafile, *topicsfile, *modelfile, *rankkey, *trainfile;
static const char *statefile, *collectid;
static int batchapi, submit;
static double pollint = 15;
static long jobs = 4, rpm, tpm, timeout = 180;
static int retries = 4;
static double budget = -1, price_in = -1, price_out = -1;
static char *key, *endpoint;
static FILE *usagefp, *recordfp;

static struct req **reqs;	/* each allocated alone: jobs keep pointers to them */
static size_t nreqs, reqcap, nextout;
static struct job *pending;	/* waiting to start, in order */
static size_t running;
static int ret;
static char *fatal;		/* set after a 401/403: nothing more is sent */

/* what the run did, for the progress line and the budget */
static long ndone, ntotal, papers_done, papers_total;
static long long tokens;
static double spent, inflight, tstart;
static double *starts;		/* --rpm: start times, a ring of rpm entries */
static struct { double t; long n; } *tstarts;	/* --tpm window */
static size_t ntstarts, rpmpos;

struct replay {
	char	*key, *body;
};
static struct replay *replays;
static size_t nreplays;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sha256_hex(const char *s, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	if (EVP_Digest(s, n, md, &mdlen, EVP_sha256(), NULL) != 1)
		die(EX_FAIL, "libcrypto: SHA-256 failed");
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = '\0';
}

static FILE *
open_private(const char *path, const char *mode)
{
	int fd, fl = O_WRONLY | O_CREAT | (mode[0] == 'a' ? O_APPEND : O_TRUNC);
	FILE *fp;

	if ((fd = open(path, fl, 0600)) == -1 || (fp = fdopen(fd, mode)) == NULL)
		die(EX_USAGE, "%s:", path);
	return fp;
}

static char *
read_key_file(const char *path)
{
	struct stat st;
	struct buf b = { 0 };

	if (stat(path, &st) == -1)
		die(EX_USAGE, "%s:", path);
	/* a key others can read is a key already leaked */
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		die(EX_USAGE, "%s: readable by others; chmod 600 it", path);
	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	while (b.len > 0 && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == '\r' ||
	    b.s[b.len - 1] == ' '))
		b.s[--b.len] = '\0';
	if (b.len == 0)
		die(EX_USAGE, "%s: empty key file", path);
	return buf_take(&b);
}

/* input and output price per million tokens of model from a prices file */
static int
load_prices(const char *model)
{
	const char *m;
	char *path = datafile(NULL, "AX_PRICES", "prices.txt", argv0);
	char *line = NULL, name[128];
	size_t cap = 0;
	double in, cached, out;
	FILE *fp;
	int found = 0;

	m = strrchr(model, '/');
	m = m ? m + 1 : model;
	if (path == NULL)
		return -1;
	free(pricepath);
	pricepath = xstrdup(path);
	if ((fp = fopen(path, "r")) == NULL) {
		free(path);
		return -1;
	}
	while (!found && getline(&line, &cap, fp) != -1) {
		if (line[0] == '#' ||
		    sscanf(line, "%127s %lf %lf %lf", name, &in, &cached, &out) != 4)
			continue;
		if (strcmp(name, model) == 0 || strcmp(name, m) == 0) {
			if (price_in < 0)
				price_in = in;
			if (price_out < 0)
				price_out = out;
			found = 1;
		}
	}
	free(line);
	fclose(fp);
	free(path);
	return found ? 0 : -1;
}

static double
cost(long long in, long long out)
{
	return (in * (price_in > 0 ? price_in : 0) + out * (price_out > 0 ? price_out : 0)) / 1e6;
}

static void
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
			ret = 1;
			continue;
		}
		if ((k = jstr(o, "key")) && (b = jstr(o, "body"))) {
			replays = xreallocarray(replays, nreplays + 1, sizeof *replays);
			replays[nreplays].key = xstrdup(k);
			replays[nreplays++].body = xstrdup(b);
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

	for (i = 0; i < nreplays; i++)
		if (strcmp(replays[i].key, k) == 0)
			return replays[i].body;
	return NULL;
}

/* output: the requests finished at the front, in input order */
static void
flush_done(void)
{
	struct req *r;
	struct paper *p;
	size_t i;

	for (; nextout < nreqs && reqs[nextout]->left == 0; nextout++) {
		r = reqs[nextout];
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
			free(p->id);
			free(p->reason);
			free(p->err);
		}
		free(r->p);
		free(r->model);
		json_object_put(r->rec);
		free(r);
		reqs[nextout] = NULL;
		/* a full disk or a closed pipe: stop before another paid request */
		if (fflush(stdout) == EOF || ferror(stdout))
			die(EX_FAIL, "stdout: write error:");
	}
}

static void
paper_done(struct req *r, struct paper *p, int state, const char *err)
{
	if (p->state != ST_TODO)
		return;
	p->state = state;
	free(p->err);
	p->err = NULL;
	if (err) {
		p->err = xstrdup(err);
		ret = 1;
	}
	r->left--;
	papers_done++;
}

static void
job_free(struct job *j)
{
	free(j->idx);
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
	ndone++;
	job_free(j);
}

static struct json_object *
text_block(const char *s, size_t n, int cache)
{
	struct json_object *b = json_object_new_object();

	json_object_object_add(b, "type", json_object_new_string("text"));
	json_object_object_add(b, "text", json_object_new_string_len(s, (int)n));
	if (cache) {
		struct json_object *cc = json_object_new_object();

		json_object_object_add(cc, "type", json_object_new_string("ephemeral"));
		json_object_object_add(b, "cache_control", cc);
	}
	return b;
}

/* the messages of r for the papers of j: the user prompt cut to them on a re-ask */
static struct json_object *
job_messages(struct job *j)
{
	struct json_object *msgs, *out, *m, *c, *nm;
	struct req *r = j->r;
	struct buf b = { 0 };
	char **ids;
	int *keep;
	size_t i, k, n, last = (size_t)-1;

	json_object_object_get_ex(r->rec, "messages", &msgs);
	n = json_object_array_length(msgs);
	for (i = 0; i < n; i++)
		if ((c = json_object_array_get_idx(msgs, i)) && jstr(c, "role") &&
		    strcmp(jstr(c, "role"), "user") == 0)
			last = i;
	out = json_object_new_array();
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(msgs, i);
		if (i != last || j->n == r->np || jstr(m, "content") == NULL) {
			json_object_array_add(out, json_object_get(m));
			continue;
		}
		ids = xcalloc(r->np, sizeof *ids);
		keep = xcalloc(r->np, sizeof *keep);
		for (k = 0; k < r->np; k++)
			ids[k] = r->p[k].id;
		for (k = 0; k < j->n; k++)
			keep[j->idx[k]] = 1;
		if (prompt_subset(jstr(m, "content"), ids, r->np, keep, &b) == -1) {
			/* not axprompt's block format: the whole prompt, and say what is wanted */
			buf_reset(&b);
			buf_adds(&b, jstr(m, "content"));
			buf_adds(&b, "\n\nAnswer only for these ArXiv IDs:");
			for (k = 0; k < j->n; k++)
				buf_printf(&b, " %s", r->p[j->idx[k]].id);
			buf_adds(&b, "\n");
		}
		nm = json_object_new_object();
		json_object_object_add(nm, "role", json_object_new_string("user"));
		json_object_object_add(nm, "content", json_object_new_string_len(b.s, (int)b.len));
		json_object_array_add(out, nm);
		buf_free(&b);
		free(ids);
		free(keep);
	}
	return out;
}

/* Anthropic wants the system prompt apart; the static part of both is marked for its cache */
static void
anthropic_messages(struct json_object *body, struct json_object *msgs)
{
	struct json_object *out = json_object_new_array(), *sys = NULL, *m, *nm, *content;
	const char *role, *text;
	size_t i, n = json_object_array_length(msgs), st;

	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(msgs, i);
		role = jstr(m, "role");
		text = jstr(m, "content");
		if (role && strcmp(role, "system") == 0 && text) {
			if (sys == NULL)
				sys = json_object_new_array();
			json_object_array_add(sys, text_block(text, strlen(text), 1));
			continue;
		}
		nm = json_object_new_object();
		json_object_object_add(nm, "role", json_object_new_string(role ? role : "user"));
		if (text && role && strcmp(role, "user") == 0 &&
		    (st = prompt_static_len(text)) > 0) {
			content = json_object_new_array();
			json_object_array_add(content, text_block(text, st, 1));
			json_object_array_add(content, text_block(text + st, strlen(text + st), 0));
			json_object_object_add(nm, "content", content);
		} else if (json_object_object_get_ex(m, "content", &content)) {
			json_object_object_add(nm, "content", json_object_get(content));
		}
		json_object_array_add(out, nm);
	}
	if (sys)
		json_object_object_add(body, "system", sys);
	json_object_object_add(body, "messages", out);
	json_object_put(msgs);
}

static void
job_body(struct job *j)
{
	struct json_object *body = json_object_new_object(), *v, *rf, *js;
	struct req *r = j->r;
	const char *s;
	long long mt = jint(r->rec, "max_tokens", 0);

	json_object_object_add(body, "model", json_object_new_string(r->model));
	if (provider == P_ANTHROPIC) {
		json_object_object_add(body, "max_tokens", json_object_new_int64(mt > 0 ? mt : 4096));
		anthropic_messages(body, job_messages(j));
	} else {
		json_object_object_add(body, "messages", job_messages(j));
		if (mt > 0)
			json_object_object_add(body, "max_completion_tokens",
			    json_object_new_int64(mt));
		if ((s = jstr(r->rec, "reasoning_effort")) != NULL)
			json_object_object_add(body, "reasoning_effort", json_object_new_string(s));
		if (json_object_object_get_ex(r->rec, "json_schema", &v)) {
			rf = json_object_new_object();
			json_object_object_add(rf, "type", json_object_new_string("json_schema"));
			if (jhas(v, "schema")) {
				js = json_object_get(v);
			} else {
				js = json_object_new_object();
				json_object_object_add(js, "name", json_object_new_string("scores"));
				json_object_object_add(js, "strict", json_object_new_boolean(1));
				json_object_object_add(js, "schema", json_object_get(v));
			}
			json_object_object_add(rf, "json_schema", js);
			json_object_object_add(body, "response_format", rf);
		}
	}
	if (json_object_object_get_ex(r->rec, "temperature", &v) &&
	    model_takes_temperature(r->model))
		json_object_object_add(body, "temperature", json_object_get(v));
	s = jsonl_string(body);
	j->bodylen = strlen(s);
	j->body = xstrdup(s);
	json_object_put(body);
	sha256_hex(j->body, j->bodylen, j->key);
	/* the estimate the budget and --tpm use: 4 characters a token, 100 out a paper */
	j->est_in = (long)(j->bodylen / 4);
	j->est_out = mt > 0 && mt < 100 * (long long)j->n ? (long)mt : 100 * (long)j->n;
	j->est_tokens = j->est_in + j->est_out;
}

static struct job *
job_new(struct req *r, const size_t *idx, size_t n, int round)
{
	struct job *j = xcalloc(1, sizeof *j), **pp;

	j->r = r;
	j->idx = xreallocarray(NULL, n, sizeof *j->idx);
	memcpy(j->idx, idx, n * sizeof *idx);
	j->n = n;
	j->round = round;
	j->ready = 0;
	job_body(j);
	for (pp = &pending; *pp; pp = &(*pp)->next)
		;
	*pp = j;
	ntotal++;
	return j;
}

static void
requeue(struct job *j, double wait)
{
	struct job **pp;

	j->ready = now() + wait;
	j->next = NULL;
	for (pp = &pending; *pp; pp = &(*pp)->next)
		;
	*pp = j;
}

static void
usage_record(struct job *j, long status, const struct usage *u, double ms, const char *err)
{
	struct json_object *o;

	if (usagefp == NULL)
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
	jsonl_write(usagefp, o);
	fflush(usagefp);
	json_object_put(o);
}

/* the answer text of a response body; NULL when it has none */
static char *
answer_text(struct json_object *resp, const char **finish)
{
	struct json_object *a, *c, *m;
	struct buf b = { 0 };
	size_t i, n;

	*finish = NULL;
	if (provider == P_ANTHROPIC) {
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

	if (cachedir == NULL)
		return;
	path = xasprintf("%s/%s", cachedir, j->key);
	if (atomic_write(path, body, strlen(body), 0600) == -1)
		ret = 1;
	free(path);
}

static int
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
	if (nmiss > 0 && j->round < retries) {
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
				ret = 1;
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
	ndone++;
	job_free(j);
	return (int)n;
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

	o.timeout = timeout;
	o.cafile = cafile;
	o.post = j->body;
	o.postlen = j->bodylen;
	j->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	/* no "Expect: 100-continue" round trip before each prompt */
	j->hdrs = curl_slist_append(j->hdrs, "Expect:");
	if (key) {
		/* the key lives only in this header list, never in a message */
		h = provider == P_ANTHROPIC ? xasprintf("x-api-key: %s", key) :
		    xasprintf("Authorization: Bearer %s", key);
		j->hdrs = curl_slist_append(j->hdrs, h);
		memset(h, 0, strlen(h));
		free(h);
	}
	if (provider == P_ANTHROPIC)
		j->hdrs = curl_slist_append(j->hdrs, "anthropic-version: 2023-06-01");
	o.headers = j->hdrs;
	j->h = http_easy(&o);
	curl_easy_setopt(j->h, CURLOPT_URL, endpoint);
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
	running++;
	inflight += j->est_cost;
	if (rpm > 0)
		starts[rpmpos++ % (size_t)rpm] = j->t0;
	if (tpm > 0) {
		tstarts = xreallocarray(tstarts, ntstarts + 1, sizeof *tstarts);
		tstarts[ntstarts].t = j->t0;
		tstarts[ntstarts++].n = j->est_tokens;
	}
}

/* seconds until a request of tokens may start under --rpm and --tpm; 0: now */
static double
rate_wait(long ntok, double t)
{
	double w = 0, oldest;
	long sum = 0;
	size_t i, k;

	if (rpm > 0 && rpmpos >= (size_t)rpm) {
		oldest = starts[rpmpos % (size_t)rpm];
		if (t - oldest < 60)
			w = 60 - (t - oldest);
	}
	if (tpm > 0) {
		for (i = k = 0; i < ntstarts; i++)
			if (t - tstarts[i].t < 60)
				tstarts[k++] = tstarts[i];
		ntstarts = k;
		for (i = 0; i < ntstarts; i++)
			sum += tstarts[i].n;
		/* the oldest start leaving the window frees its tokens */
		if (ntstarts > 0 && sum + ntok > tpm && 60 - (t - tstarts[0].t) > w)
			w = 60 - (t - tstarts[0].t);
	}
	return w;
}

static char *
error_message(long status, const char *body)
{
	struct json_object *o, *e;
	struct buf b = { 0 };
	const char *why, *m = NULL;
	char *s;

	if ((o = jsonl_parse(body, strlen(body), &why)) != NULL &&
	    json_object_object_get_ex(o, "error", &e))
		m = json_object_is_type(e, json_type_string) ? json_object_get_string(e) :
		    jstr(e, "message");
	/* a server may quote the key it refused: it goes to stderr and records */
	if (m) {
		redact(&b, m, key);
		m = b.s;
	}
	s = m ? xasprintf("HTTP %ld: %.200s", status, m) : xasprintf("HTTP %ld", status);
	buf_free(&b);
	json_object_put(o);
	return s;
}

static void
progress(int last)
{
	static double shown;
	double el = now() - tstart, left;

	/* a terminal line at most ten times a second */
	if (!isatty_stderr() || (!last && el - shown < 0.1))
		return;
	shown = el;
	left = ndone > 0 && ntotal > ndone ? el / (double)ndone * (double)(ntotal - ndone) : 0;
	fprintf(stderr, "\r%s: %ld/%ld requests, %ld/%ld papers, %lld tokens, $%.2f, %.0fs left\033[K%s",
	    getprog(), ndone, ntotal, papers_done, papers_total, tokens, spent, left,
	    last ? "\n" : "");
}

static void
job_finish(CURLM *multi, struct job *j, CURLcode rc)
{
	struct usage u = { 0 };
	struct json_object *resp;
	const char *why;
	char errbuf[256], *em;
	long status = 0;
	double ms = (now() - j->t0) * 1000, wait;

	curl_multi_remove_handle(multi, j->h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(j->h);
	j->h = NULL;
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
	running--;
	inflight -= j->est_cost;
	if (!j->resp.s)
		buf_add(&j->resp, "", 0);
	if (rc == CURLE_OK && status >= 200 && status < 300) {
		resp = jsonl_parse(j->resp.s, j->resp.len, &why);
		usage_parse(resp, &u);
		json_object_put(resp);
		tokens += u.prompt + u.completion;
		spent += cost(u.prompt, u.completion);
		usage_record(j, status, &u, ms, NULL);
		if (recordfp) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "key", json_object_new_string(j->key));
			json_object_object_add(o, "batch", json_object_new_int64(j->r->batch));
			json_object_object_add(o, "body", json_object_new_string(j->resp.s));
			jsonl_write(recordfp, o);
			fflush(recordfp);
			json_object_put(o);
		}
		answer(j, j->resp.s, 1);
		return;
	}
	if (rc != CURLE_OK)
		snprintf(errbuf, sizeof errbuf, "%s",
		    j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
	em = rc != CURLE_OK ? xstrdup(errbuf) : error_message(status, j->resp.s);
	usage_record(j, status, &u, ms, em);
	if (fatal == NULL && (status == 401 || status == 403)) {
		/* a refused key fails every request alike: send no more */
		fatal = xstrdup(em);
		msg("batch %ld: %s", j->r->batch, em);
		job_fail(j, em);
	} else if (j->attempt <= retries && (rc != CURLE_OK || http_retryable(status))) {
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

	if (cachedir) {
		path = xasprintf("%s/%s", cachedir, j->key);
		if (buf_readfile(&b, path) == 0 && b.len > 0) {
			free(path);
			answer(j, b.s, 0);
			buf_free(&b);
			return 1;
		}
		free(path);
		buf_free(&b);
	}
	if (replayfile) {
		if ((body = replay_find(j->key)) != NULL)
			answer(j, body, 0);
		else
			job_fail(j, "not in the replay file");
		return 1;
	}
	return 0;
}

static void
run(void)
{
	CURLM *multi = curl_multi_init();
	struct job **pp, *j;
	CURLMsg *m;
	int still, left;
	double t, wait, rw;

	while (pending || running) {
		t = now();
		wait = 1;
		for (pp = &pending; (j = *pp) != NULL && (long)running < jobs;) {
			if (fatal) {
				*pp = j->next;
				job_fail(j, fatal);
				continue;
			}
			if (j->ready > t) {
				if (j->ready - t < wait)
					wait = j->ready - t;
				pp = &j->next;
				continue;
			}
			*pp = j->next;
			j->next = NULL;
			if (j->attempt == 0 && job_offline(j))
				continue;
			j->est_cost = cost(j->est_in, j->est_out);
			if (budget >= 0 && spent + inflight + j->est_cost > budget) {
				job_fail(j, "budget");
				continue;
			}
			if ((rw = rate_wait(j->est_tokens, t)) > 0) {
				/* put it back at its place and wait for the window */
				j->next = *pp;
				*pp = j;
				if (rw < wait)
					wait = rw;
				break;
			}
			job_start(multi, j);
		}
		flush_done();
		progress(0);
		if (!pending && !running)
			break;
		curl_multi_perform(multi, &still);
		curl_multi_poll(multi, NULL, 0, (int)(wait * 1000) + 1, NULL);
		curl_multi_perform(multi, &still);
		while ((m = curl_multi_info_read(multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			job_finish(multi, j, m->data.result);
		}
		flush_done();
	}
	progress(1);
	curl_multi_cleanup(multi);
}

static int
read_req(struct json_object *rec, const char *file, long line, void *arg)
{
	struct json_object *papers, *msgs;
	struct req *r;
	const char *mode, *id;
	char norm[ARXIV_ID_MAX];
	size_t i, *idx, n = 0;

	(void)arg;
	if (!json_object_object_get_ex(rec, "papers", &papers) ||
	    !json_object_is_type(papers, json_type_array)) {
		msg("%s:%ld: no papers array", file, line);
		return 1;
	}
	if (nreqs == reqcap) {
		reqcap = reqcap ? 2 * reqcap : 64;
		reqs = xreallocarray(reqs, reqcap, sizeof *reqs);
	}
	r = reqs[nreqs++] = xcalloc(1, sizeof *r);
	r->rec = json_object_get(rec);
	r->batch = jint(rec, "batch", (long long)nreqs);
	mode = jstr(rec, "mode");
	r->mode = !json_object_object_get_ex(rec, "messages", &msgs) ? MODE_PASS :
	    mode && strcmp(mode, "titles") == 0 ? MODE_TITLES : MODE_SCORE;
	if (r->mode != MODE_PASS && !json_object_is_type(msgs, json_type_array)) {
		msg("%s:%ld: messages is not an array", file, line);
		r->mode = MODE_PASS;
		ret = 1;
	}
	r->model = xstrdup(modelopt ? modelopt : jstr(rec, "model") ? jstr(rec, "model") :
	    provider == P_ANTHROPIC ? "claude-haiku-4-5" : "gpt-5-mini");
	r->np = r->left = json_object_array_length(papers);
	r->p = xcalloc(r->np ? r->np : 1, sizeof *r->p);
	papers_total += (long)r->np;
	idx = xcalloc(r->np ? r->np : 1, sizeof *idx);
	for (i = 0; i < r->np; i++) {
		r->p[i].rec = json_object_array_get_idx(papers, i);
		if (!json_object_is_type(r->p[i].rec, json_type_object)) {
			/* not a paper record: an empty one stands for it, with the error */
			r->p[i].rec = json_object_new_object();
			json_object_array_put_idx(papers, i, r->p[i].rec);
			if (r->mode == MODE_PASS) {
				msg("%s:%ld: paper %zu is not an object", file, line, i + 1);
				paper_done(r, &r->p[i], ST_ERROR, "not a paper record");
				continue;
			}
		}
		if (r->mode == MODE_PASS) {
			/*
			 * no messages: a followed author's paper, already scored; one
			 * without a score would pass as scored, so it carries an error
			 */
			if (jhas(r->p[i].rec, "score"))
				paper_done(r, &r->p[i], ST_PASS, NULL);
			else {
				if (i == 0 || jhas(r->p[i - 1].rec, "score"))
					msg("%s:%ld: a request without messages holds a paper "
					    "without a score", file, line);
				paper_done(r, &r->p[i], ST_ERROR, "not scored: a request without messages");
			}
			continue;
		}
		if ((id = jstr(r->p[i].rec, "id")) == NULL || (arxiv_id(id, norm, NULL), norm[0] == '\0')) {
			msg("%s:%ld: paper %zu has no id", file, line, i + 1);
			paper_done(r, &r->p[i], ST_ERROR, "no id");
			continue;
		}
		r->p[i].id = xstrdup(norm);
		idx[n++] = i;
	}
	if (n > 0)
		job_new(r, idx, n, 0);
	free(idx);
	return 0;
}

/* --batch-api: the first asks not in the cache yet go through the batch API */
static int
batch_hook(const char *base)
{
	struct batch_opts o = { 0 };
	struct batch_item *it = xcalloc(ntotal ? (size_t)ntotal : 1, sizeof *it);
	struct job *j;
	size_t n = 0, i;
	char *path;
	int rc;

	for (j = pending; j; j = j->next) {
		for (i = 0; i < n && strcmp(it[i].key, j->key) != 0; i++)
			;
		path = xasprintf("%s/%s", cachedir, j->key);
		if (i == n && access(path, F_OK) == -1) {
			it[n].key = j->key;
			it[n].body = j->body;
			it[n].model = j->r->model;
			it[n].batch = j->r->batch;
			it[n++].papers = j->n;
		}
		free(path);
	}
	o.anthropic = provider == P_ANTHROPIC;
	o.submit = submit;
	o.retries = retries;
	o.timeout = timeout;
	o.poll = pollint;
	o.base = base;
	o.key = key;
	o.cachedir = cachedir;
	o.statefile = statefile;
	o.collect = collectid;
	o.cafile = cafile;
	o.usagefp = usagefp;
	rc = batch_api(&o, it, n);
	free(it);
	return rc;
}

/* after --submit, or a batch not collected: nothing is written */
static void
discard(void)
{
	struct job *j;
	size_t i, k;

	while ((j = pending) != NULL) {
		pending = j->next;
		job_free(j);
	}
	for (i = nextout; i < nreqs; i++) {
		for (k = 0; k < reqs[i]->np; k++) {
			free(reqs[i]->p[k].id);
			free(reqs[i]->p[k].reason);
			free(reqs[i]->p[k].err);
		}
		free(reqs[i]->p);
		free(reqs[i]->model);
		json_object_put(reqs[i]->rec);
		free(reqs[i]);
		reqs[i] = NULL;
	}
	nextout = nreqs;
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [-h] [--version] [--provider openai|anthropic|local] [--model M]\n"
	    "\t[--key-file FILE] [--cafile FILE] [--jobs N] [--rpm N] [--tpm N]\n"
	    "\t[--timeout S] [--retries N] [--usage FILE] [--cache DIR] [--record FILE]\n"
	    "\t[--replay FILE] [--budget USD] [--price-in P] [--price-out P]\n"
	    "\t[--batch-api [--submit | --collect ID] [--batch-state FILE]\n"
	    "\t[--poll-interval S]] [file ...]\n"
	    "       %s --provider local [--topics FILE] [--model-file FILE] [--rank-key KEY] [file ...]\n"
	    "       %s --provider local --train MODEL [file ...]\n",
	    getprog(), getprog(), getprog());
	usage_exit(fp, status);
}

int
main(int argc, char *argv[])
{
	enum { O_PROVIDER = 256, O_MODEL, O_KEYFILE, O_JOBS, O_RPM, O_TPM, O_TIMEOUT,
	    O_RETRIES, O_USAGE, O_CACHE, O_RECORD, O_REPLAY, O_BUDGET, O_PIN, O_POUT,
	    O_TOPICS, O_MODELFILE, O_RANKKEY, O_TRAIN, O_BATCHAPI, O_SUBMIT, O_COLLECT,
	    O_STATE, O_POLL, O_CAFILE };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "provider", required_argument, NULL, O_PROVIDER },
		{ "model", required_argument, NULL, O_MODEL },
		{ "key-file", required_argument, NULL, O_KEYFILE },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "rpm", required_argument, NULL, O_RPM },
		{ "tpm", required_argument, NULL, O_TPM },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "retries", required_argument, NULL, O_RETRIES },
		{ "usage", required_argument, NULL, O_USAGE },
		{ "cache", required_argument, NULL, O_CACHE },
		{ "record", required_argument, NULL, O_RECORD },
		{ "replay", required_argument, NULL, O_REPLAY },
		{ "budget", required_argument, NULL, O_BUDGET },
		{ "price-in", required_argument, NULL, O_PIN },
		{ "price-out", required_argument, NULL, O_POUT },
		{ "topics", required_argument, NULL, O_TOPICS },
		{ "model-file", required_argument, NULL, O_MODELFILE },
		{ "cafile", required_argument, NULL, O_CAFILE },
		{ "rank-key", required_argument, NULL, O_RANKKEY },
		{ "train", required_argument, NULL, O_TRAIN },
		{ "batch-api", no_argument, NULL, O_BATCHAPI },
		{ "submit", no_argument, NULL, O_SUBMIT },
		{ "collect", required_argument, NULL, O_COLLECT },
		{ "batch-state", required_argument, NULL, O_STATE },
		{ "poll-interval", required_argument, NULL, O_POLL },
		{ NULL, 0, NULL, 0 }
	};
	const char *envkey, *pmodel;
	char *base;
	size_t i;
	int c;
	struct rlimit nocore = { 0, 0 };

	setprog(argv[0]);
	argv0 = getprogpath();
	argv[0] = (char *)getprog();	/* getopt names the program in its messages */
	/* the API key is in memory: no core file to find it in */
	if (setrlimit(RLIMIT_CORE, &nocore) == -1)
		msg("setrlimit:");
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, EX_OKAY);
			break;
		case 'V':
			version();
			break;
		case O_PROVIDER:
			if (strcmp(optarg, "openai") == 0)
				provider = P_OPENAI;
			else if (strcmp(optarg, "anthropic") == 0)
				provider = P_ANTHROPIC;
			else if (strcmp(optarg, "local") == 0)
				provider = P_LOCAL;
			else
				die(EX_USAGE, "--provider: '%s' is not openai, anthropic or local", optarg);
			break;
		case O_MODEL: modelopt = optarg; break;
		case O_KEYFILE:
			/*
			 * getopt_long takes "--key X" for "--key-file X": a user
			 * passing the key itself would see it echoed in "no such
			 * file".  Only the full spelling names a key file.
			 */
			if (strncmp(strcmp(argv[optind - 1], optarg) == 0 ?
			    argv[optind - 2] : argv[optind - 1], "--key-file", 10) != 0)
				die(EX_USAGE, "--key-file must be spelt out; an API key is "
				    "never taken from the command line (use OPENAI_API_KEY, "
				    "ANTHROPIC_API_KEY or --key-file)");
			keyfile = optarg;
			break;
		case O_JOBS: jobs = (long)parsenum(optarg, 1, 256, "--jobs"); break;
		case O_RPM: rpm = (long)parsenum(optarg, 1, 1000000, "--rpm"); break;
		case O_TPM: tpm = (long)parsenum(optarg, 1, 1000000000, "--tpm"); break;
		case O_TIMEOUT: timeout = (long)parsenum(optarg, 1, 86400, "--timeout"); break;
		case O_RETRIES: retries = (int)parsenum(optarg, 0, 100, "--retries"); break;
		case O_USAGE: usagefile = optarg; break;
		case O_CACHE: cachedir = optarg; break;
		case O_RECORD: recordfile = optarg; break;
		case O_REPLAY: replayfile = optarg; break;
		case O_BUDGET: budget = parsedbl(optarg, 0, 1e9, "--budget"); break;
		case O_PIN: price_in = parsedbl(optarg, 0, 1e6, "--price-in"); break;
		case O_POUT: price_out = parsedbl(optarg, 0, 1e6, "--price-out"); break;
		case O_TOPICS: topicsfile = optarg; break;
		case O_MODELFILE: modelfile = optarg; break;
		case O_CAFILE: cafile = optarg; break;
		case O_RANKKEY: rankkey = optarg; break;
		case O_TRAIN: trainfile = optarg; break;
		case O_BATCHAPI: batchapi = 1; break;
		case O_SUBMIT: submit = batchapi = 1; break;
		case O_COLLECT: collectid = optarg; batchapi = 1; break;
		case O_STATE: statefile = optarg; break;
		case O_POLL: pollint = parsedbl(optarg, 0.001, 86400, "--poll-interval"); break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if ((rankkey || trainfile) && provider != P_LOCAL)
		die(EX_USAGE, "--rank-key and --train go with --provider local");
	if (batchapi && (provider == P_LOCAL || cachedir == NULL || replayfile))
		die(EX_USAGE, "--batch-api needs --cache DIR and --provider openai or anthropic");
	if (submit && collectid)
		die(EX_USAGE, "--submit and --collect are two runs, not one");
	if (statefile && !batchapi)
		die(EX_USAGE, "--batch-state goes with --batch-api");
	if (provider == P_LOCAL) {
		/* the local model writes records itself; stdout is checked here */
		if (trainfile)
			c = local_train(argc, argv, trainfile);
		else if (rankkey)
			c = local_rank(argc, argv, topicsfile, modelfile, rankkey);
		else
			c = local_score(argc, argv, topicsfile, modelfile);
		return fshut(stdout, "stdout") ? EX_FAIL : c;
	}

	if (keyfile)
		key = read_key_file(keyfile);
	else if ((envkey = getenv(provider == P_ANTHROPIC ? "ANTHROPIC_API_KEY" :
	    "OPENAI_API_KEY")) != NULL && *envkey)
		key = xstrdup(envkey);
	base = provider == P_ANTHROPIC ?
	    http_base(NULL, "ANTHROPIC_BASE_URL", "https://api.anthropic.com") :
	    http_base(NULL, "OPENAI_BASE_URL", "https://api.openai.com/v1");
	/* local servers (Ollama, llama-server) need no key; the real services do */
	if (key == NULL && !replayfile && (strstr(base, "api.openai.com") ||
	    strstr(base, "api.anthropic.com")))
		die(EX_USAGE, "no API key: set %s or use --key-file",
		    provider == P_ANTHROPIC ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY");
	endpoint = xasprintf("%s%s", base,
	    provider == P_ANTHROPIC ? "/v1/messages" : "/chat/completions");
	if (cachedir && mkdir(cachedir, 0700) == -1 && errno != EEXIST)
		die(EX_USAGE, "%s:", cachedir);
	if (usagefile)
		usagefp = open_private(usagefile, "a");
	if (recordfile)
		recordfp = open_private(recordfile, "w");
	if (replayfile)
		load_replay(replayfile);
	if (rpm > 0)
		starts = xcalloc((size_t)rpm, sizeof *starts);
	setvbuf(stdout, NULL, _IOLBF, 0);
	http_init();
	tstart = now();

	ret |= jsonl_loop(argc, argv, read_req, NULL);
	/* prices of the model asked for, or of the first request's */
	for (i = 0, pmodel = modelopt; pmodel == NULL && i < nreqs; i++)
		if (reqs[i]->mode != MODE_PASS)
			pmodel = reqs[i]->model;
	if ((price_in < 0 || price_out < 0) && pmodel && load_prices(pmodel) == -1 &&
	    budget >= 0)
		die(EX_USAGE, "--budget: no price for %s in %s; give --price-in and --price-out",
		    pmodel, pricepath ? pricepath : "any prices file (AX_PRICES, "
		    "DATADIR/prices.txt, ../examples beside the program)");
	if (batchapi && (c = batch_hook(base)) != 0) {
		/* submitted, or not collected: the state file names the batch for a later run */
		discard();
		if (c == -1)
			ret = 1;
	}
	free(base);
	run();
	flush_done();

	if (usagefp && fshut(usagefp, usagefile))
		ret = 1;
	if (recordfp && fshut(recordfp, recordfile))
		ret = 1;
	for (i = 0; i < nreplays; i++) {
		free(replays[i].key);
		free(replays[i].body);
	}
	free(replays);
	free(reqs);
	free(starts);
	free(tstarts);
	free(endpoint);
	free(fatal);
	if (key) {
		memset(key, 0, strlen(key));
		free(key);
	}
	http_cleanup();
	ret |= fshut(stdout, "stdout");
	return ret;
}
