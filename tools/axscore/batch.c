/*
 * batch.c - --batch-api: answers through OpenAI's Batch API or
 * Anthropic's Message Batches, at half the price.  The answers go into the
 * --cache directory under their request keys; axscore's ordinary path then
 * finds them there, and asks synchronously whatever the batch did not answer
 * (failed, expired, never sent).  A state file keeps the batch id so that a
 * later run collects it instead of paying for it again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "axscore.h"

static const struct batch_opts *bo;

struct upload {
	const char *data;
	size_t	 len;
	curl_mime *mime;
};

/* http_fetch's setup hook: the multipart body of a file upload */
static void
upload_setup(void *c, void *arg)
{
	struct upload *u = arg;
	curl_mimepart *part;

	u->mime = curl_mime_init(c);
	part = curl_mime_addpart(u->mime);
	curl_mime_name(part, "purpose");
	curl_mime_data(part, "batch", CURL_ZERO_TERMINATED);
	part = curl_mime_addpart(u->mime);
	curl_mime_name(part, "file");
	curl_mime_filename(part, "axscore-batch.jsonl");
	curl_mime_type(part, "application/jsonl");
	curl_mime_data(part, u->data, u->len);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, u->mime);
}

/*
 * One API call through http_fetch (its retries, backoff and Retry-After):
 * GET url, or POST json, or POST the multipart upload of data.  The response
 * body goes to out; 0 on a 2xx, else -1 after a message naming the status.
 */
static int
api(const char *url, const char *json, const char *data, size_t datalen, struct buf *out)
{
	struct http_opts o = { 0 };
	struct http_resp r = { 0 };
	struct upload up = { data, datalen, NULL };
	struct curl_slist *h = NULL;
	struct buf red = { 0 };
	char *kh;
	int rc;

	if (bo->key) {
		/* the key lives only in this header list, never in a message */
		kh = bo->anthropic ? xasprintf("x-api-key: %s", bo->key) :
		    xasprintf("Authorization: Bearer %s", bo->key);
		h = curl_slist_append(h, kh);
		memset(kh, 0, strlen(kh));
		free(kh);
	}
	if (bo->anthropic)
		h = curl_slist_append(h, "anthropic-version: 2023-06-01");
	if (json)
		h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	o.timeout = bo->timeout;
	o.cafile = bo->cafile;
	o.retries = bo->retries;
	o.headers = h;
	o.post = json;
	o.postlen = json ? strlen(json) : 0;
	/* the key must not follow a redirect to another host */
	o.noredirect = 1;
	if (data) {
		o.setup = upload_setup;
		o.setup_arg = &up;
	}
	rc = http_fetch(url, &o, &r);
	curl_mime_free(up.mime);
	curl_slist_free_all(h);
	if (rc == -1) {
		/* a server may quote the key it refused */
		redact(&red, r.body.s, bo->key);
		if (r.status != 0 && red.len > 0)
			msg("%s: %s: %.200s", url, r.err, red.s);
		else
			msg("%s: %s", url, r.err);
		buf_free(&red);
	}
	buf_free(out);
	*out = r.body;
	return rc;
}

/* api() and its answer as a JSON object (NULL on failure) */
static struct json_object *
api_json(const char *url, const char *json, const char *data, size_t datalen)
{
	struct buf b = { 0 };
	struct json_object *o = NULL;
	const char *why;

	if (api(url, json, data, datalen, &b) == 0 &&
	    (o = jsonl_parse(b.s, b.len, &why)) == NULL)
		msg("%s: %s", url, why);
	buf_free(&b);
	return o;
}

static const struct batch_item *
item_find(const struct batch_item *it, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(it[i].key, key) == 0)
			return &it[i];
	return NULL;
}

static int
valid_key(const char *k)
{
	size_t i;

	for (i = 0; k[i]; i++)
		if (!((k[i] >= '0' && k[i] <= '9') || (k[i] >= 'a' && k[i] <= 'f')))
			return 0;
	return i == 64;
}

static void
usage_out(const struct batch_item *it, struct json_object *resp, const char *model)
{
	struct usage u = { 0 };
	struct json_object *o;

	if (bo->usagefp == NULL)
		return;
	usage_parse(resp, &u);
	o = json_object_new_object();
	json_object_object_add(o, "batch", json_object_new_int64(it ? it->batch : 0));
	json_object_object_add(o, "attempt", json_object_new_int(1));
	json_object_object_add(o, "model", json_object_new_string(it ? it->model :
	    model ? model : ""));
	json_object_object_add(o, "status", json_object_new_int(200));
	json_object_object_add(o, "prompt_tokens", json_object_new_int64(u.prompt));
	json_object_object_add(o, "cached_tokens", json_object_new_int64(u.cached));
	json_object_object_add(o, "completion_tokens", json_object_new_int64(u.completion));
	json_object_object_add(o, "reasoning_tokens", json_object_new_int64(u.reasoning));
	if (u.cache_write)
		json_object_object_add(o, "cache_write_tokens", json_object_new_int64(u.cache_write));
	json_object_object_add(o, "ms", json_object_new_int(0));
	if (it)
		json_object_object_add(o, "papers", json_object_new_int64((long long)it->papers));
	json_object_object_add(o, "batch_api", json_object_new_boolean(1));
	jsonl_write(bo->usagefp, o);
	fflush(bo->usagefp);
	json_object_put(o);
}

/*
 * The results file of a finished batch: each answered request's body into
 * the cache, with a usage record, unless it is there already (collected
 * before).  Returns the number stored; *failed counts
 * the lines that carry no answer.
 */
static size_t
results(const char *text, const struct batch_item *it, size_t n, size_t *failed)
{
	struct json_object *o, *r, *body;
	const char *p, *e, *why, *k, *type;
	char *path, *s;
	size_t stored = 0;

	for (p = text; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p || (o = jsonl_parse(p, (size_t)(e - p), &why)) == NULL)
			continue;
		body = NULL;
		k = jstr(o, "custom_id");
		if (bo->anthropic) {
			if (json_object_object_get_ex(o, "result", &r) &&
			    (type = jstr(r, "type")) && strcmp(type, "succeeded") == 0)
				json_object_object_get_ex(r, "message", &body);
		} else if (json_object_object_get_ex(o, "response", &r) && r &&
		    jint(r, "status_code", 0) == 200) {
			json_object_object_get_ex(r, "body", &body);
		}
		if (k == NULL || !valid_key(k) || body == NULL ||
		    !json_object_is_type(body, json_type_object)) {
			++*failed;
			json_object_put(o);
			continue;
		}
		path = xasprintf("%s/%s", bo->cachedir, k);
		/* an answer already in the cache was collected before: billed once */
		if (access(path, F_OK) == -1) {
			s = xstrdup(jsonl_string(body));
			if (atomic_write(path, s, strlen(s), 0600) == 0)
				stored++;
			usage_out(item_find(it, n, k), body, jstr(body, "model"));
			free(s);
		}
		free(path);
		json_object_put(o);
	}
	return stored;
}

static int
state_write(const char *id, const char *status, const struct batch_item *it, size_t n,
    int collected)
{
	struct json_object *o = json_object_new_object(), *keys = json_object_new_array();
	const char *s;
	size_t i;
	int rc;

	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "provider", json_object_new_string(bo->anthropic ?
	    "anthropic" : "openai"));
	json_object_object_add(o, "status", json_object_new_string(status));
	json_object_object_add(o, "collected", json_object_new_boolean(collected));
	json_object_object_add(o, "time", json_object_new_int64((long long)time(NULL)));
	for (i = 0; i < n; i++)
		json_object_array_add(keys, json_object_new_string(it[i].key));
	if (n > 0 || collected == 0)
		json_object_object_add(o, "keys", keys);
	else
		json_object_put(keys);
	s = jsonl_string(o);
	rc = atomic_write(bo->statefile, s, strlen(s), 0600);
	json_object_put(o);
	return rc;
}

/* create the batch of the items; its id (owned) or NULL */
static char *
create(const struct batch_item *it, size_t n)
{
	struct json_object *req, *arr, *o, *body, *res;
	struct buf b = { 0 };
	const char *why, *fid;
	char *url, *id = NULL;
	size_t i;

	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		if ((body = jsonl_parse(it[i].body, strlen(it[i].body), &why)) == NULL)
			die(EX_FAIL, "request body: %s", why);
		o = json_object_new_object();
		json_object_object_add(o, "custom_id", json_object_new_string(it[i].key));
		if (bo->anthropic) {
			json_object_object_add(o, "params", body);
			json_object_array_add(arr, o);
			continue;
		}
		json_object_object_add(o, "method", json_object_new_string("POST"));
		json_object_object_add(o, "url", json_object_new_string("/v1/chat/completions"));
		json_object_object_add(o, "body", body);
		buf_adds(&b, jsonl_string(o));
		buf_addc(&b, '\n');
		json_object_put(o);
	}
	if (bo->anthropic) {
		req = json_object_new_object();
		json_object_object_add(req, "requests", arr);
		url = xasprintf("%s/v1/messages/batches", bo->base);
		res = api_json(url, jsonl_string(req), NULL, 0);
		json_object_put(req);
	} else {
		json_object_put(arr);
		url = xasprintf("%s/files", bo->base);
		res = api_json(url, NULL, b.s, b.len);
		free(url);
		url = NULL;
		if (res && (fid = jstr(res, "id")) != NULL) {
			req = json_object_new_object();
			json_object_object_add(req, "input_file_id", json_object_new_string(fid));
			json_object_object_add(req, "endpoint",
			    json_object_new_string("/v1/chat/completions"));
			json_object_object_add(req, "completion_window", json_object_new_string("24h"));
			url = xasprintf("%s/batches", bo->base);
			json_object_put(res);
			res = api_json(url, jsonl_string(req), NULL, 0);
			json_object_put(req);
		} else if (res) {
			msg("file upload: no file id in the answer");
			json_object_put(res);
			res = NULL;
		}
	}
	if (res && jstr(res, "id"))
		id = xstrdup(jstr(res, "id"));
	else if (res)
		msg("batch: no id in the answer");
	json_object_put(res);
	free(url);
	buf_free(&b);
	return id;
}

/* the contents of a results file by id or URL, appended to out; -1 on failure */
static int
fetch_file(const char *ref, struct buf *out)
{
	struct buf b = { 0 };
	char *url;
	int rc;

	url = bo->anthropic ? xstrdup(ref) : xasprintf("%s/files/%s/content", bo->base, ref);
	if ((rc = api(url, NULL, NULL, 0, &b)) == 0) {
		buf_add(out, b.s, b.len);
		if (b.len > 0 && b.s[b.len - 1] != '\n')
			buf_addc(out, '\n');
	}
	buf_free(&b);
	free(url);
	return rc;
}

/* done, ended or any other final status */
static int
final(const char *status)
{
	static const char *const fin[] = { "completed", "failed", "expired", "cancelled",
	    "ended", NULL };
	size_t i;

	for (i = 0; status && fin[i]; i++)
		if (strcmp(status, fin[i]) == 0)
			return 1;
	return 0;
}

/* poll batch id until it is final, then collect it; -1 when it cannot be read */
static int
collect(const char *id, const struct batch_item *it, size_t n)
{
	struct json_object *o = NULL, *rc;
	struct buf text = { 0 };
	const char *status = NULL, *f;
	char *url, *last = NULL;
	double iv = bo->poll, cap = bo->poll * 40, t0 = (double)time(NULL);
	size_t stored, failed = 0, k, missing;
	long done, total;
	int res = 0;

	url = bo->anthropic ? xasprintf("%s/v1/messages/batches/%s", bo->base, id) :
	    xasprintf("%s/batches/%s", bo->base, id);
	for (;;) {
		json_object_put(o);
		if ((o = api_json(url, NULL, NULL, 0)) == NULL) {
			free(url);
			free(last);
			return -1;
		}
		status = jstr(o, bo->anthropic ? "processing_status" : "status");
		if (!status)
			status = "unknown";
		if (last == NULL || strcmp(last, status) != 0) {
			/* the state file follows the batch's progress */
			if (bo->statefile)
				state_write(id, status, it, n, 0);
			free(last);
			last = xstrdup(status);
		}
		if (isatty_stderr() && json_object_object_get_ex(o, "request_counts", &rc)) {
			if (bo->anthropic) {
				total = done = 0;
				json_object_object_foreach(rc, kk, v) {
					total += json_object_get_int64(v);
					if (strcmp(kk, "processing") != 0)
						done += json_object_get_int64(v);
				}
			} else {
				done = (long)(jint(rc, "completed", 0) + jint(rc, "failed", 0));
				total = (long)jint(rc, "total", 0);
			}
			fprintf(stderr, "\r%s: batch %s %s, %ld/%ld requests, %.0fs\033[K",
			    getprog(), id, status, done, total, (double)time(NULL) - t0);
		}
		if (final(status))
			break;
		http_sleep(iv);
		if ((iv *= 1.5) > cap)
			iv = cap;
	}
	if (isatty_stderr())
		fputc('\n', stderr);
	free(url);
	if (bo->anthropic) {
		if ((f = jstr(o, "results_url")) != NULL && fetch_file(f, &text) == -1)
			res = -1;
	} else {
		if ((f = jstr(o, "output_file_id")) != NULL && fetch_file(f, &text) == -1)
			res = -1;
		if ((f = jstr(o, "error_file_id")) != NULL && fetch_file(f, &text) == -1)
			res = -1;
	}
	stored = results(buf_str(&text), it, n, &failed);
	/* what the batch did not answer goes the ordinary way */
	for (k = missing = 0; k < n; k++) {
		char *p = xasprintf("%s/%s", bo->cachedir, it[k].key);

		missing += access(p, F_OK) == -1;
		free(p);
	}
	msg("batch %s %s: %zu answered, %zu failed%s", id, status, stored, failed,
	    missing ? ", the rest go the ordinary way" : "");
	if (res == 0 && bo->statefile)
		state_write(id, status, it, n, 1);
	json_object_put(o);
	free(last);
	buf_free(&text);
	return res;
}

int
batch_api(const struct batch_opts *opts, const struct batch_item *it, size_t n)
{
	struct json_object *st = NULL;
	struct buf b = { 0 };
	const char *why, *sp;
	char *id = NULL;
	int rc, collected = 0;

	bo = opts;
	if (bo->statefile && buf_readfile(&b, bo->statefile) == 0 && b.len > 0) {
		if ((st = jsonl_parse(b.s, b.len, &why)) == NULL)
			die(EX_USAGE, "%s: %s", bo->statefile, why);
		sp = jstr(st, "provider");
		collected = json_object_get_boolean(json_object_object_get(st, "collected"));
		if (!collected && sp && strcmp(sp, bo->anthropic ? "anthropic" : "openai") != 0)
			die(EX_USAGE, "%s: a batch of provider %s", bo->statefile, sp);
		if (!collected && jstr(st, "id"))
			id = xstrdup(jstr(st, "id"));
	} else if (bo->statefile && errno != ENOENT) {
		die(EX_USAGE, "%s:", bo->statefile);
	}
	buf_free(&b);
	json_object_put(st);
	if (bo->collect) {
		free(id);
		id = xstrdup(bo->collect);
	} else if (id) {
		msg("batch %s from %s: %s", id, bo->statefile,
		    bo->submit ? "already submitted" : "collecting it");
	} else if (n == 0) {
		/* everything is in the cache already */
		if (bo->submit)
			msg("nothing to submit: every request is answered in %s", bo->cachedir);
		return bo->submit;
	} else {
		if ((id = create(it, n)) == NULL) {
			/* nothing was paid for: the ordinary path asks them all */
			msg("no batch created; asking one by one");
			return 0;
		}
		if (bo->statefile && state_write(id, "submitted", it, n, 0) == -1) {
			free(id);
			return -1;
		}
		msg("batch %s: %zu requests submitted", id, n);
	}
	if (bo->submit) {
		free(id);
		return 1;
	}
	rc = collect(id, it, n);
	free(id);
	return rc;
}
