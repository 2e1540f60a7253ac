/*
 * axscore.c - reads request records, asks an LLM to score their papers, writes
 * scored paper records.  This part: the options, the key, the prices, the
 * requests read in, and main.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "score.h"

struct axscore_opts opt = {
	.provider = P_OPENAI, .jobs = 4, .timeout = 180, .retries = 4,
	.budget = -1, .price_in = -1, .price_out = -1,
};
static const char *usagefile, *recordfile;
static const char *keyfile, *topicsfile, *modelfile, *rankkey, *trainfile;
static const char *statefile, *collectid;
static int batchapi, submit;
static double pollint = 15;

static FILE *
open_private(const char *path, const char *mode)
{
	int fd, fl = O_WRONLY | O_CREAT | (mode[0] == 'a' ? O_APPEND : O_TRUNC);
	FILE *fp;

	if ((fd = open(path, fl, 0600)) == -1 || (fp = fdopen(fd, mode)) == NULL)
		die(EX_USAGE, "%s:", path);
	return fp;
}

/*
 * A key goes into an HTTP header: a CR or LF would start a header of its
 * own, any other control character is no part of a key.  Named by where it
 * came from, never shown.
 */
static void
key_check(const char *key, const char *from)
{
	const unsigned char *p;

	for (p = (const unsigned char *)key; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			die(EX_USAGE, "%s: the API key holds a control character (%s at "
			    "offset %zu); nothing was sent", from, *p == '\r' ? "CR" :
			    *p == '\n' ? "LF" : *p == '\t' ? "TAB" : "byte", (size_t)(p -
			    (const unsigned char *)key));
		/* keys are ASCII; other bytes would go out as raw header bytes */
		if (*p > 0x7f)
			die(EX_USAGE, "%s: the API key holds a byte that is not ASCII (at "
			    "offset %zu); nothing was sent", from, (size_t)(p -
			    (const unsigned char *)key));
	}
	if (*key == '\0')
		die(EX_USAGE, "%s: empty API key", from);
}

/* the key in the first line of path, its trailing white space and CR cut */
static char *
read_key_file(const char *path)
{
	struct stat st;
	struct buf b = { 0 };
	char *nl;

	if (stat(path, &st) == -1)
		die(EX_USAGE, "%s:", path);
	/* a key others can read is a key already leaked */
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		die(EX_USAGE, "%s: readable by others; chmod 600 it", path);
	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	if (b.s && (nl = memchr(b.s, '\n', b.len)) != NULL) {
		*nl = '\0';
		b.len = (size_t)(nl - b.s);
	}
	/* a byte-order mark an editor put before the key */
	if (b.len >= 3 && memcmp(b.s, "\xef\xbb\xbf", 3) == 0) {
		memmove(b.s, b.s + 3, b.len - 2);
		b.len -= 3;
	}
	while (b.len > 0 && (b.s[b.len - 1] == '\r' || b.s[b.len - 1] == ' ' ||
	    b.s[b.len - 1] == '\t'))
		b.s[--b.len] = '\0';
	if (b.len == 0)
		die(EX_USAGE, "%s: no key on its first line", path);
	if (memchr(b.s, '\0', b.len) != NULL)
		die(EX_USAGE, "%s:1: the API key holds a NUL byte; nothing was sent", path);
	key_check(b.s, path);
	return buf_take(&b);
}

/* the table's prices of the model for --budget (lib/prices.c: dated and
 * prefixed names too); without one, only --price-in and --price-out count */
static struct price tprice;
static int tfound;

/* the prices of model from the prices file: 0, or -1 when it has none */
static int
load_prices(const char *model)
{
	struct prices t = { 0 };
	const struct price *p;
	char *path = datafile(NULL, "AX_PRICES", "prices.txt", opt.argv0);
	long r;

	if (path == NULL)
		return -1;
	free(opt.pricepath);
	opt.pricepath = xstrdup(path);
	/* a malformed table matters only to --budget (the progress line's $ aside) */
	if ((r = prices_load(&t, path)) > 0 && opt.budget >= 0)
		die(EX_USAGE, "%s:%ld: expected: model input cached_input output [cache_write]",
		    path, r);
	if ((p = price_lookup(&t, model)) != NULL) {
		tprice = *p;
		tprice.model = NULL;
		tfound = 1;
	}
	prices_free(&t);
	free(path);
	return tfound ? 0 : -1;
}

/* the prices in force: --price-in and --price-out over the table's */
static struct price
prices_now(void)
{
	struct price p = tprice;

	if (!tfound)
		p.in = p.cached = p.out = p.write = 0;
	if (opt.price_in >= 0) {
		if (!tfound)
			p.cached = p.write = opt.price_in;
		p.in = opt.price_in;
	}
	if (opt.price_out >= 0)
		p.out = opt.price_out;
	return p;
}

/* USD of in and out tokens (an estimate: none cached) */
double
cost(long long in, long long out)
{
	struct tokens n = { in, 0, 0, out, 0 };
	struct price p = prices_now();
	double pc, cc;

	price_cost(&p, &n, 0, &pc, &cc);
	return pc + cc;
}

/* USD of an answered call, billed as axcost(1) bills its usage record */
double
cost_usage(const struct usage *u)
{
	struct tokens n = { u->prompt, u->cached, u->cache_write, u->completion, u->reasoning };
	struct price p = prices_now();
	double pc, cc;

	price_cost(&p, &n, 0, &pc, &cc);
	return pc + cc;
}

/* the prices of the model asked for, or of the first request that asks; once */
static void
prices_for(const char *model)
{
	static int done;

	if (done || (model = opt.modelopt ? opt.modelopt : model) == NULL)
		return;
	done = 1;
	if ((opt.price_in < 0 || opt.price_out < 0) && load_prices(model) == -1 &&
	    opt.budget >= 0)
		die(EX_USAGE, "--budget: no price for %s in %s; give --price-in and --price-out",
		    model, opt.pricepath ? opt.pricepath : "any prices file (AX_PRICES, "
		    "DATADIR/prices.txt, ../examples beside the program)");
}

int
read_req(struct json_object *rec, const char *file, long line)
{
	struct json_object *papers, *msgs;
	struct req *r;
	const char *mode, *id;
	char norm[ARXIV_ID_MAX];
	size_t i, *idx, n = 0;

	if (!json_object_object_get_ex(rec, "papers", &papers) ||
	    !json_object_is_type(papers, json_type_array)) {
		msg("%s:%ld: no papers array", file, line);
		return 1;
	}
	/* each request alone, in a list: jobs keep pointers to it until it is written */
	r = xcalloc(1, sizeof *r);
	if (st.tail)
		st.tail->next = r;
	else
		st.head = r;
	st.tail = r;
	st.nheld++;
	st.nread++;
	r->rec = json_object_get(rec);
	r->batch = jint(rec, "batch", (long long)st.nread);
	mode = jstr(rec, "mode");
	r->mode = !json_object_object_get_ex(rec, "messages", &msgs) ? MODE_PASS :
	    mode && strcmp(mode, "titles") == 0 ? MODE_TITLES : MODE_SCORE;
	if (r->mode != MODE_PASS && !json_object_is_type(msgs, json_type_array)) {
		msg("%s:%ld: messages is not an array", file, line);
		r->mode = MODE_PASS;
		st.ret = 1;
	}
	r->model = xstrdup(opt.modelopt ? opt.modelopt : jstr(rec, "model") ? jstr(rec, "model") :
	    opt.provider == P_ANTHROPIC ? "claude-haiku-4-5" : "gpt-5-mini");
	if (r->mode != MODE_PASS)
		prices_for(r->model);
	r->np = r->left = json_object_array_length(papers);
	r->p = xcalloc(r->np ? r->np : 1, sizeof *r->p);
	st.papers_total += (long)r->np;
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
	struct batch_item *it = xcalloc(st.ntotal ? (size_t)st.ntotal : 1, sizeof *it);
	struct job *j;
	size_t n = 0, i;
	char *path;
	int rc;

	for (j = st.ready.head; j; j = j->next) {
		for (i = 0; i < n && strcmp(it[i].key, j->key) != 0; i++)
			;
		path = xasprintf("%s/%s", opt.cachedir, j->key);
		if (i == n && access(path, F_OK) == -1) {
			it[n].key = j->key;
			it[n].body = j->body;
			it[n].model = j->r->model;
			it[n].batch = j->r->batch;
			it[n++].papers = j->n;
		}
		free(path);
	}
	o.anthropic = opt.provider == P_ANTHROPIC;
	o.submit = submit;
	o.retries = opt.retries;
	o.timeout = opt.timeout;
	o.poll = pollint;
	o.base = base;
	o.key = opt.key;
	o.cachedir = opt.cachedir;
	o.statefile = statefile;
	o.collect = collectid;
	o.cafile = opt.cafile;
	o.usagefp = opt.usagefp;
	rc = batch_api(&o, it, n);
	free(it);
	return rc;
}

/* after --submit, or a batch not collected: nothing is written */
static void
discard(void)
{
	struct job *j;
	struct req *r;

	while ((j = st.ready.head) != NULL) {
		st.ready.head = j->next;
		job_free(j);
	}
	st.ready.tail = NULL;
	st.ready.n = 0;
	while ((r = st.head) != NULL) {
		st.head = r->next;
		req_free(r);
	}
	st.tail = NULL;
	st.nheld = 0;
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
	const char *envkey;
	char *base;
	struct stat sb;
	size_t i;
	int c;
	struct rlimit nocore = { 0, 0 };

	setprog(argv[0]);
	opt.argv0 = getprogpath();
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
				opt.provider = P_OPENAI;
			else if (strcmp(optarg, "anthropic") == 0)
				opt.provider = P_ANTHROPIC;
			else if (strcmp(optarg, "local") == 0)
				opt.provider = P_LOCAL;
			else
				die(EX_USAGE, "--provider: '%s' is not openai, anthropic or local", optarg);
			break;
		case O_MODEL: opt.modelopt = optarg; break;
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
		case O_JOBS: opt.jobs = (long)parsenum(optarg, 1, 256, "--jobs"); break;
		case O_RPM: opt.rpm = (long)parsenum(optarg, 1, 1000000, "--rpm"); break;
		case O_TPM: opt.tpm = (long)parsenum(optarg, 1, 1000000000, "--tpm"); break;
		case O_TIMEOUT: opt.timeout = (long)parsenum(optarg, 1, 86400, "--timeout"); break;
		case O_RETRIES: opt.retries = (int)parsenum(optarg, 0, 100, "--retries"); break;
		case O_USAGE: usagefile = optarg; break;
		case O_CACHE: opt.cachedir = optarg; break;
		case O_RECORD: recordfile = optarg; break;
		case O_REPLAY: opt.replayfile = optarg; break;
		case O_BUDGET: opt.budget = parsedbl(optarg, 0, 1e9, "--budget"); break;
		case O_PIN: opt.price_in = parsedbl(optarg, 0, 1e6, "--price-in"); break;
		case O_POUT: opt.price_out = parsedbl(optarg, 0, 1e6, "--price-out"); break;
		case O_TOPICS: topicsfile = optarg; break;
		case O_MODELFILE: modelfile = optarg; break;
		case O_CAFILE: opt.cafile = optarg; break;
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
	if ((rankkey || trainfile) && opt.provider != P_LOCAL)
		die(EX_USAGE, "--rank-key and --train go with --provider local");
	if (batchapi && (opt.provider == P_LOCAL || opt.cachedir == NULL || opt.replayfile))
		die(EX_USAGE, "--batch-api needs --cache DIR and --provider openai or anthropic");
	if (submit && collectid)
		die(EX_USAGE, "--submit and --collect are two runs, not one");
	if (statefile && !batchapi)
		die(EX_USAGE, "--batch-state goes with --batch-api");
	if (opt.provider == P_LOCAL) {
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
		opt.key = read_key_file(keyfile);
	else if ((envkey = getenv(opt.provider == P_ANTHROPIC ? "ANTHROPIC_API_KEY" :
	    "OPENAI_API_KEY")) != NULL && *envkey) {
		key_check(envkey, opt.provider == P_ANTHROPIC ? "ANTHROPIC_API_KEY" :
		    "OPENAI_API_KEY");
		opt.key = xstrdup(envkey);
	}
	base = opt.provider == P_ANTHROPIC ?
	    http_base(NULL, "ANTHROPIC_BASE_URL", "https://api.anthropic.com") :
	    http_base(NULL, "OPENAI_BASE_URL", "https://api.openai.com/v1");
	/* local servers (Ollama, llama-server) need no key; the real services do */
	if (opt.key == NULL && !opt.replayfile && (strstr(base, "api.openai.com") ||
	    strstr(base, "api.anthropic.com")))
		die(EX_USAGE, "no API key: set %s or use --key-file",
		    opt.provider == P_ANTHROPIC ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY");
	opt.endpoint = xasprintf("%s%s", base,
	    opt.provider == P_ANTHROPIC ? "/v1/messages" : "/chat/completions");
	/* a file in its place fails here once, not at every answer stored */
	if (opt.cachedir && ((mkdir(opt.cachedir, 0700) == -1 && errno != EEXIST) ||
	    stat(opt.cachedir, &sb) == -1))
		die(EX_USAGE, "%s:", opt.cachedir);
	if (opt.cachedir && !S_ISDIR(sb.st_mode))
		die(EX_USAGE, "%s: not a directory", opt.cachedir);
	if (usagefile)
		opt.usagefp = open_private(usagefile, "a");
	if (recordfile)
		opt.recordfp = open_private(recordfile, "w");
	if (opt.replayfile)
		load_replay(opt.replayfile);
	rate_init(&st.rate, opt.rpm, opt.tpm);
	setvbuf(stdout, NULL, _IOLBF, 0);
	http_init();
	st.tstart = now();

	/*
	 * Requests are read as the output makes room (read_ahead): memory grows
	 * with --jobs and the batch size, not with the input.  The batch API
	 * sends every request at once, so it reads them all first.
	 */
	jsonl_open(&st.in, argc, argv);
	st.ahead = read_ahead(opt.jobs, batchapi);
	engine_fill();
	prices_for(NULL);
	if (batchapi && (c = batch_hook(base)) != 0) {
		/* submitted, or not collected: the state file names the batch for a later run */
		discard();
		if (c == -1)
			st.ret = 1;
	} else {
		engine_run();
		flush_done();
	}
	free(base);
	st.ret |= jsonl_close(&st.in);

	if (opt.usagefp && fshut(opt.usagefp, usagefile))
		st.ret = 1;
	if (opt.recordfp && fshut(opt.recordfp, recordfile))
		st.ret = 1;
	for (i = 0; i < st.nreplays; i++) {
		free(st.replays[i].key);
		free(st.replays[i].body);
	}
	free(st.replays);
	rate_free(&st.rate);
	free(opt.endpoint);
	free(st.fatal);
	if (opt.key) {
		memset(opt.key, 0, strlen(opt.key));
		free(opt.key);
	}
	http_cleanup();
	st.ret |= fshut(stdout, "stdout");
	return st.ret;
}
