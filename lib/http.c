/*
 * http.c - the libcurl client every network stage shares: one User-Agent,
 * timeouts, TLS verification, and retries with backoff that honours Retry-After.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ax.h"

static int inited;

void
http_init(void)
{
	if (inited++)
		return;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		die(EX_FAIL, "libcurl: cannot initialise");
	srand48((long)time(NULL) ^ (long)getpid());
}

void
http_cleanup(void)
{
	if (inited && --inited == 0)
		curl_global_cleanup();
}

const char *
http_useragent(void)
{
	static char ua[256];
	const char *mail;

	if (ua[0] == '\0') {
		/* arXiv asks clients to say who they are; AX_MAILTO adds a contact */
		mail = getenv("AX_MAILTO");
		snprintf(ua, sizeof ua, "ax/%s (%s; arXiv digest toolchain%s%s)",
		    AX_VERSION, getprog(), mail && *mail ? "; mailto:" : "",
		    mail && *mail ? mail : "");
	}
	return ua;
}

int
http_retryable(long status)
{
	return status == 408 || status == 409 || status == 429 ||
	    (status >= 500 && status <= 599);
}

double
http_parse_retry_after(const char *name, const char *value, long now)
{
	char *end;
	double v;
	time_t t;

	while (*value == ' ' || *value == '\t')
		value++;
	if (*value == '\0')
		return -1;
	if (strcasecmp(name, "retry-after-ms") == 0) {
		v = strtod(value, &end);
		while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
			end++;
		if (end == value || *end != '\0' || !(v >= 0) || isinf(v))
			return -1;
		return v / 1000.0;
	}
	if (strcasecmp(name, "retry-after") != 0)
		return -1;
	v = strtod(value, &end);
	while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
		end++;
	if (end != value && *end == '\0')
		return v >= 0 && !isinf(v) ? v : -1;
	/* an HTTP date: the wait is the time until then */
	t = curl_getdate(value, NULL);
	if (t == (time_t)-1)
		return -1;
	return t > now ? (double)(t - now) : 0;
}

double
http_backoff(int attempt, double retry_after, double cap, double jitter01)
{
	double d;

	if (cap <= 0)
		cap = 60;
	if (retry_after >= 0)
		return retry_after < cap ? retry_after : cap;
	if (attempt < 1)
		attempt = 1;
	/* 1 s doubling to the cap, less up to a quarter so clients spread out */
	d = attempt > 30 ? cap : ldexp(1.0, attempt - 1);
	if (d > cap)
		d = cap;
	return d * (1.0 - 0.25 * jitter01);
}

void
http_sleep(double seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

char *
http_base(const char *opt, const char *envname, const char *def)
{
	const char *v = opt;
	size_t n;

	if (v == NULL || *v == '\0')
		v = envname ? getenv(envname) : NULL;
	if (v == NULL || *v == '\0')
		v = def;
	n = strlen(v);
	while (n > 0 && v[n - 1] == '/')
		n--;
	return xstrndup(v, n);
}

size_t
http_write_buf(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	/* a body past the cap is a broken or hostile server, not a feed */
	if (size * n > HTTP_MAX_BODY - b->len)
		return 0;
	buf_add(b, p, size * n);
	return size * n;
}

double
http_header_retry_after(const char *p, size_t len, double current)
{
	size_t k;
	char name[32], *val;
	double v;

	/* a new status line starts a new response (redirects, 100-continue) */
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0)
		return -1;
	for (k = 0; k < len && k < sizeof name - 1 && p[k] != ':'; k++)
		name[k] = p[k];
	if (k >= len || p[k] != ':')
		return current;
	name[k] = '\0';
	val = xstrndup(p + k + 1, len - k - 1);
	v = http_parse_retry_after(name, val, (long)time(NULL));
	free(val);
	/* retry-after-ms is the more precise of the two and wins */
	if (v >= 0 && (current < 0 || strcasecmp(name, "retry-after-ms") == 0))
		return v;
	return current;
}

static size_t
header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct http_resp *r = arg;

	r->retry_after = http_header_retry_after(p, size * n, r->retry_after);
	return size * n;
}

void *
http_easy(const struct http_opts *o)
{
	CURL *c = curl_easy_init();

	if (c == NULL)
		die(EX_FAIL, "libcurl: cannot create a handle");
	curl_easy_setopt(c, CURLOPT_USERAGENT, http_useragent());
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o && o->timeout > 0 ? o->timeout : 60L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	    o && o->connect_timeout > 0 ? o->connect_timeout : 15L);
	if (o && o->cafile)
		curl_easy_setopt(c, CURLOPT_CAINFO, o->cafile);
	if (o && o->headers)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, o->headers);
	if (o && o->post) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, o->post);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->postlen);
	}
	if (o && o->noredirect)
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	return c;
}

int
http_transient(int code)
{
	switch ((CURLcode)code) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
		return 1;
	default:
		return 0;
	}
}

int
http_fetch(const char *url, const struct http_opts *o, struct http_resp *r)
{
	CURL *c;
	CURLcode rc;
	char errbuf[CURL_ERROR_SIZE];
	int retries = o && o->retries >= 0 ? o->retries : 5;
	double cap = o && o->backoff_cap > 0 ? o->backoff_cap : 60;
	const char *label = o && o->label ? o->label : url;
	double wait;
	int attempt;

	r->status = 0;
	r->retry_after = -1;
	r->attempts = 0;
	r->err[0] = '\0';
	c = http_easy(o);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_write_buf);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (o && o->setup)
		o->setup(c, o->setup_arg);
	for (attempt = 1;; attempt++) {
		buf_reset(&r->body);
		r->retry_after = -1;
		r->status = 0;
		errbuf[0] = '\0';
		r->attempts = attempt;
		rc = curl_easy_perform(c);
		if (rc == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
		if (rc == CURLE_OK && r->status >= 200 && r->status < 300) {
			r->err[0] = '\0';
			break;
		}
		if (rc == CURLE_WRITE_ERROR)
			snprintf(r->err, sizeof r->err, "response larger than %d MiB",
			    HTTP_MAX_BODY >> 20);
		else if (rc != CURLE_OK)
			snprintf(r->err, sizeof r->err, "%s",
			    errbuf[0] ? errbuf : curl_easy_strerror(rc));
		else
			snprintf(r->err, sizeof r->err, "HTTP %ld", r->status);
		if (attempt > retries ||
		    (rc == CURLE_OK && !http_retryable(r->status)) ||
		    (rc != CURLE_OK && !http_transient(rc)))
			break;
		wait = http_backoff(attempt, r->retry_after, cap, drand48());
		if (!(o && o->quiet))
			msg("%s: %s, retrying in %.3gs", label, r->err, wait);
		http_sleep(wait);
	}
	curl_easy_cleanup(c);
	if (!r->body.s)
		buf_add(&r->body, "", 0);
	return r->err[0] ? -1 : 0;
}

void
http_resp_free(struct http_resp *r)
{
	buf_free(&r->body);
}
