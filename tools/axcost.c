/* axcost.c - reads usage records (or, with --estimate, request records), writes cost summaries. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

#define CACHE_MIN	1024	/* OpenAI caches prefixes of this many tokens or more */
#define CACHE_STEP	128	/* in steps of this many */

struct sum {
	char	*model;
	const struct price *price;	/* NULL: unknown model, costs null */
	long long calls, failed, papers;
	long long prompt, cached, cwrite, completion, reasoning;
	double	 pcost, ccost;
	char	*prefix;		/* --estimate: text shared by every request */
	size_t	 prefixlen;
};

static const char *pricefile, *defmodel;
static int estimate;
static long long outtok = -1;	/* --output-tokens; -1: 100 a paper, 10 for titles */
static struct prices prices;
static struct sum *sums;
static size_t nsums;

/* the table; a malformed line is a usage error */
static void
load_prices(const char *path)
{
	long r = prices_load(&prices, path);

	if (r < 0)
		die(EX_USAGE, "%s:", path);
	if (r > 0)
		die(EX_USAGE, "%s:%ld: expected: model input cached_input output [cache_write]",
		    path, r);
}

static struct sum *
sum_for(const char *model)
{
	size_t i;
	struct sum *s;

	for (i = 0; i < nsums; i++)
		if (strcmp(sums[i].model, model) == 0)
			return &sums[i];
	sums = xreallocarray(sums, nsums + 1, sizeof *sums);
	s = &sums[nsums++];
	memset(s, 0, sizeof *s);
	s->model = xstrdup(model);
	if ((s->price = price_lookup(&prices, model)) == NULL)
		msg("%s: model not in the price table, its cost is null", model);
	return s;
}

static void
bill(struct sum *s, long long prompt, long long cached, long long cwrite,
    long long completion, int batchapi)
{
	struct tokens n = { prompt, cached, cwrite, completion, 0 };
	double pc, cc;

	if (s->price == NULL)
		return;
	price_cost(s->price, &n, batchapi, &pc, &cc);
	s->pcost += pc;
	s->ccost += cc;
}

/* a trillion tokens a call is beyond any model: keeps the sums from overflowing */
#define TOKENS_MAX	1000000000000LL

static int
usage_rec(struct json_object *r, const char *file, long line, void *arg)
{
	struct sum *s;
	const char *model = jstr(r, "model");
	long long status = jint(r, "status", 200);
	long long prompt, cached, cwrite, completion, reasoning;
	struct json_object *b;
	int batchapi, bad;

	(void)arg;
	if (model == NULL)
		model = defmodel;
	if (model == NULL) {
		msg("%s:%ld: usage record without a model", file, line);
		return 1;
	}
	/* each count absent (0) or a whole number of tokens; else said with its line */
	bad = jint_range(r, "prompt_tokens", 0, TOKENS_MAX, 0, file, line, &prompt) < 0;
	bad |= jint_range(r, "cached_tokens", 0, TOKENS_MAX, 0, file, line, &cached) < 0;
	bad |= jint_range(r, "cache_write_tokens", 0, TOKENS_MAX, 0, file, line, &cwrite) < 0;
	bad |= jint_range(r, "completion_tokens", 0, TOKENS_MAX, 0, file, line, &completion) < 0;
	bad |= jint_range(r, "reasoning_tokens", 0, TOKENS_MAX, 0, file, line, &reasoning) < 0;
	if (bad)
		return 1;
	if (cached + cwrite > prompt) {
		msg("%s:%ld: cached tokens exceed prompt tokens, billed as cached", file, line);
		prompt = cached + cwrite;
	}
	s = sum_for(model);
	/* a 200 holding an error (an error object, an empty or HTML body) failed too */
	if (status >= 200 && status < 300 && !jhas(r, "error"))
		s->calls++;
	else
		s->failed++;
	s->prompt += prompt;
	s->cached += cached;
	s->cwrite += cwrite;
	s->completion += completion;
	s->reasoning += reasoning;
	batchapi = json_object_object_get_ex(r, "batch_api", &b) && json_object_get_boolean(b);
	bill(s, prompt, cached, cwrite, completion, batchapi);
	return 0;
}

/* the text of a request's messages, so that requests can be compared */
static void
request_text(struct buf *b, struct json_object *msgs)
{
	size_t i, n = json_object_array_length(msgs);
	const char *c;

	for (i = 0; i < n; i++) {
		c = jstr(json_object_array_get_idx(msgs, i), "content");
		buf_adds(b, c ? c : "");
		buf_addc(b, '\x1e');	/* messages never share a prefix across a boundary */
	}
}

static int
request_rec(struct json_object *r, const char *file, long line, void *arg)
{
	struct json_object *msgs, *papers;
	struct buf b = { 0 };
	struct sum *s;
	const char *model = jstr(r, "model");
	long long npapers = 0, out, max = jint(r, "max_tokens", -1);
	size_t i;

	(void)arg;
	if (json_object_object_get_ex(r, "papers", &papers) &&
	    json_object_is_type(papers, json_type_array))
		npapers = (long long)json_object_array_length(papers);
	if (!json_object_object_get_ex(r, "messages", &msgs))
		return 0;	/* passes through axscore: no call */
	if (!json_object_is_type(msgs, json_type_array)) {
		msg("%s:%ld: messages is not an array", file, line);
		return 1;
	}
	if (model == NULL)
		model = defmodel;
	if (model == NULL) {
		msg("%s:%ld: request without a model (use --model)", file, line);
		return 1;
	}
	s = sum_for(model);
	s->calls++;
	s->papers += npapers;
	s->prompt += (long long)tok_messages(msgs);
	out = outtok >= 0 ? outtok : (jstr(r, "mode") && strcmp(jstr(r, "mode"), "titles") == 0 ? 10 : 100);
	out *= npapers;
	if (max >= 0 && out > max)
		out = max;
	s->completion += out;
	request_text(&b, msgs);
	if (s->prefix == NULL) {
		s->prefixlen = b.len;
		s->prefix = buf_take(&b);
	} else {
		for (i = 0; i < s->prefixlen && i < b.len && s->prefix[i] == b.s[i]; i++)
			;
		s->prefixlen = i;
	}
	buf_free(&b);
	return 0;
}

/* every call after the first reads the shared prefix from the cache */
static void
estimate_cost(struct sum *s)
{
	long long pre;

	if (s->calls == 0)
		return;
	pre = (long long)tok_estimate(s->prefix, s->prefixlen);
	pre = pre < CACHE_MIN ? 0 : pre / CACHE_STEP * CACHE_STEP;
	s->cached = pre * (s->calls - 1);
	bill(s, s->prompt, s->cached, 0, s->completion, 0);
}

/* JSON numbers rounded to a millionth of a dollar, without trailing zeros */
static struct json_object *
money(double v, int known)
{
	char s[64];
	size_t n;

	if (!known)
		return NULL;
	snprintf(s, sizeof s, "%.6f", v);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0' && s[n - 2] != '.')
		s[--n] = '\0';
	return json_object_new_double_s(v, s);
}

static void
print(struct sum *s)
{
	struct json_object *o = json_object_new_object();
	int known = s->price != NULL;

	json_object_object_add(o, "model", s->model ? json_object_new_string(s->model) : NULL);
	json_object_object_add(o, "calls", json_object_new_int64(s->calls));
	if (estimate)
		json_object_object_add(o, "papers", json_object_new_int64(s->papers));
	else
		json_object_object_add(o, "failed_calls", json_object_new_int64(s->failed));
	json_object_object_add(o, "prompt_tokens", json_object_new_int64(s->prompt));
	json_object_object_add(o, "cached_tokens", json_object_new_int64(s->cached));
	json_object_object_add(o, "cache_write_tokens", json_object_new_int64(s->cwrite));
	json_object_object_add(o, "completion_tokens", json_object_new_int64(s->completion));
	json_object_object_add(o, "reasoning_tokens", json_object_new_int64(s->reasoning));
	json_object_object_add(o, "total_tokens", json_object_new_int64(s->prompt + s->completion));
	json_object_object_add(o, "prompt_cost", money(s->pcost, known));
	json_object_object_add(o, "completion_cost", money(s->ccost, known));
	json_object_object_add(o, "total_cost", money(s->pcost + s->ccost, known));
	if (estimate)
		json_object_object_add(o, "estimate", json_object_new_boolean(1));
	jsonl_write(stdout, o);
	json_object_put(o);
}

/* one line per model; with several, a last line for them all */
static void
report(void)
{
	struct sum t = { 0 };
	struct price known = { 0 };
	struct buf names = { 0 };
	size_t i;

	for (i = 0; i < nsums; i++) {
		if (estimate)
			estimate_cost(&sums[i]);
		print(&sums[i]);
	}
	if (nsums == 1)
		return;
	t.price = &known;
	for (i = 0; i < nsums; i++) {
		if (i > 0)
			buf_addc(&names, '+');
		buf_adds(&names, sums[i].model);
		if (sums[i].price == NULL)
			t.price = NULL;
		t.calls += sums[i].calls;
		t.failed += sums[i].failed;
		t.papers += sums[i].papers;
		t.prompt += sums[i].prompt;
		t.cached += sums[i].cached;
		t.cwrite += sums[i].cwrite;
		t.completion += sums[i].completion;
		t.reasoning += sums[i].reasoning;
		t.pcost += sums[i].pcost;
		t.ccost += sums[i].ccost;
	}
	t.model = nsums ? names.s : NULL;
	print(&t);
	buf_free(&names);
}

static char *
find_prices(const char *argv0)
{
	char *p = datafile(pricefile, "AX_PRICES", "prices.txt", argv0);

	if (p == NULL)
		die(EX_USAGE, "no price table: none in %s, $AX_PRICES unset; use --prices FILE",
		    datadir());
	return p;
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [--prices file] [--model name] [file ...]\n"
	    "       %s --estimate [--output-tokens n] [--prices file] [--model name] [file ...]\n",
	    getprog(), getprog());
	usage_exit(fp, status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "prices", required_argument, NULL, 'p' },
		{ "model", required_argument, NULL, 'm' },
		{ "estimate", no_argument, NULL, 'e' },
		{ "output-tokens", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char *path;
	size_t i;
	int c, ret;

	setprog(argv[0]);
	argv[0] = (char *)getprog();	/* getopt names the program in its messages */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			pricefile = optarg;
			break;
		case 'm':
			defmodel = optarg;
			break;
		case 'e':
			estimate = 1;
			break;
		case 'o':
			outtok = parsenum(optarg, 0, 100000000, "--output-tokens");
			break;
		case 'h':
			usage(stdout, EX_OKAY);
			break;
		case 'V':
			version();
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	path = find_prices(getprogpath());
	load_prices(path);
	free(path);
	ret = jsonl_loop(argc - optind, argv + optind, estimate ? request_rec : usage_rec, NULL);
	if (nsums == 0) {
		/* nothing billed: one line of zeros, so that a pipeline has its figures */
		struct price none = { 0 };
		struct sum z = { 0 };

		z.price = &none;
		print(&z);
	} else
		report();
	for (i = 0; i < nsums; i++) {
		free(sums[i].model);
		free(sums[i].prefix);
	}
	free(sums);
	prices_free(&prices);
	ret |= fshut(stdout, "stdout");
	return ret;
}
