/*
 * ax.h - the shared part of the ax tools (libax.a), grouped by source file.
 * Returned memory belongs to the caller unless a line says otherwise.
 */
#ifndef AX_H
#define AX_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <sys/types.h>

#include <json-c/json.h>

#define AX_VERSION "0.1.0"

/* die.c - diagnostics as "prog: where: what"; exit status conventions */
enum { EX_OKAY = 0, EX_FAIL = 1, EX_USAGE = 2 };
void	 setprog(const char *argv0);	/* once, from main; keeps basename */
const char *getprog(void);
const char *getprogpath(void);	/* argv[0] as given to setprog, for datafile() */
void	 msg(const char *fmt, ...)	/* fmt ending in ':' appends strerror(errno) */
	    __attribute__((format(printf, 1, 2)));
void	 vmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void	 die(int status, const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
int	 fshut(FILE *fp, const char *name);	/* flush+close, 1 on error (reported) */
void	 usage_exit(FILE *fp, int status) __attribute__((noreturn));	/* after usage text: checks stdout */
void	 version(void) __attribute__((noreturn));	/* prints "prog ax VERSION", exits 0 */
int	 isatty_stderr(void);		/* cached: progress goes to stderr only then */

/* xalloc.c - allocation that dies on failure */
void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t n);
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* buf.c - a growable string, always NUL-terminated once anything is added */
struct buf {
	char	*s;
	size_t	 len, cap;
};
void	 buf_grow(struct buf *b, size_t extra);	/* room for extra more; s stays NUL-terminated */
void	 buf_add(struct buf *b, const char *s, size_t n);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, int c);
void	 buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void	 buf_reset(struct buf *b);		/* len = 0, keeps the memory */
void	 buf_free(struct buf *b);
char	*buf_take(struct buf *b);		/* hands s to the caller, b emptied */
const char *buf_str(struct buf *b);		/* "" when empty; owned by b */
/* the whole file ("-": stdin) appended to b; -1 on error (errno set): EFBIG
 * past BUF_FILEMAX bytes, so that a device or an endless FIFO is an error */
#define BUF_FILEMAX ((size_t)64 << 20)
int	 buf_readfile(struct buf *b, const char *path);
/* the line (from 1) of the first NUL byte in s[0..len), 0 when there is none:
 * a text file that holds one is binary or UTF-16, not text to read */
long	 text_nulline(const char *s, size_t len);
int	 text_blank(const char *s);	/* 1: NULL, empty or only white space */
void	 buf_squeeze(struct buf *b);		/* collapse runs of white space, trim */

/* jsonl.c - newline-delimited JSON records */
/*
 * jsonl_loop reads each operand ("-" or none: stdin) line by line,
 * and calls cb with each object; cb must json_object_get() what it keeps.
 * Blank lines are skipped.  A malformed line is reported as "FILE:LINE: reason"
 * and skipped, and so is a line longer than JSONL_MAXLINE bytes (its bytes past
 * the limit are read, not kept: a stream of zeros ends in a message, not out of
 * memory).  Returns 0 if every line was an object and every cb returned 0,
 * else 1 (the caller ORs it into its exit status).  An unreadable file is
 * reported and counts as an error.
 */
#define JSONL_MAXLINE ((size_t)256 << 20)
typedef int jsonl_cb(struct json_object *rec, const char *file, long line, void *arg);
int	 jsonl_loop(int argc, char **argv, jsonl_cb *cb, void *arg);
int	 jsonl_file(FILE *fp, const char *name, jsonl_cb *cb, void *arg);
/*
 * The same, and cb also gets the line as read (no newline; not NUL-terminated
 * at len).  raw, when not NULL, sees each non-blank line first and returns 1
 * when it has dealt with the line itself (then nothing is parsed), 0 to have
 * it parsed (and reported when malformed) and passed to cb.
 */
typedef int jsonl_linecb(struct json_object *rec, const char *line, size_t len,
    const char *file, long lineno, void *arg);
typedef int jsonl_rawcb(const char *line, size_t len, const char *file, long lineno, void *arg);
int	 jsonl_loop_lines(int argc, char **argv, jsonl_rawcb *raw, jsonl_linecb *cb,
	    void *arg);
int	 jsonl_file_lines(FILE *fp, const char *name, jsonl_rawcb *raw, jsonl_linecb *cb,
	    void *arg);
/*
 * A pull reader over the same operands, for a caller that reads as it goes
 * (axscore reads requests only as far ahead as its output order needs).
 * jsonl_next returns the next object (the caller's to json_object_put), raw as
 * above; malformed lines are reported and skipped; NULL at the end of the last
 * operand (eof set).  line/len/name/lineno describe the line last returned and
 * stay valid until the next call.  jsonl_close frees it all and returns 0, or
 * 1 if a line was malformed or a file unreadable.  jsonl_open_file reads one
 * stream the caller opened and closes.
 */
struct jsonl_reader {
	int	 argc, i;
	char	**argv;
	FILE	*fp, *own;
	const char *name;
	char	*line;
	size_t	 cap, len;
	long	 lineno;
	int	 ret, eof;
};
void	 jsonl_open(struct jsonl_reader *rd, int argc, char **argv);
void	 jsonl_open_file(struct jsonl_reader *rd, FILE *fp, const char *name);
struct json_object *jsonl_next(struct jsonl_reader *rd, jsonl_rawcb *raw, void *arg);
int	 jsonl_close(struct jsonl_reader *rd);
/* parse one line; NULL with *why set (static text) when it is not a JSON object */
struct json_object *jsonl_parse(const char *s, size_t len, const char **why);
void	 jsonl_write(FILE *fp, struct json_object *rec);	/* compact, UTF-8 as is, "/" unescaped, "\n" */
const char *jsonl_string(struct json_object *rec);	/* same text, owned by rec */
/* typed lookups; NULL / def when the key is absent or of another type */
const char *jstr(struct json_object *o, const char *key);
long long jint(struct json_object *o, const char *key, long long def);
double	 jnum(struct json_object *o, const char *key, double def);
int	 jhas(struct json_object *o, const char *key);
/*
 * The same, telling absent from unusable: 0 when key is absent (*v = def),
 * 1 with *v set, -1 when the value is there but is no number (jnum_get) or no
 * number in long long's range (jint_get: 1e300, NaN, a string; a fraction is
 * cut towards 0 as jint does); *v = def then too.
 */
int	 jint_get(struct json_object *o, const char *key, long long def, long long *v);
int	 jnum_get(struct json_object *o, const char *key, double def, double *v);
/*
 * jint_get for a count that must lie in min..max: when it is present and is
 * not, says "FILE:LINE: KEY: out of range (MIN to MAX)" and returns -1;
 * else as jint_get.
 */
int	 jint_range(struct json_object *o, const char *key, long long min, long long max,
	    long long def, const char *file, long line, long long *v);

/*
 * prices.c - the LLM price table (examples/prices.txt; axcost(1) FILES):
 * "model input cached_input output [cache_write]" a line, US dollars per
 * million tokens, '#' to the end of a line a comment.  cached_input "-": the
 * provider has no cached price (billed as input); cache_write defaults to
 * the input price.  Used by axcost and axscore --budget alike.
 */
struct price {
	char	*model;				/* owned by the table */
	double	 in, cached, out, write;	/* USD per million tokens */
};
struct prices {
	struct price *v;
	size_t	 n;
};
/* one line: 1 a price into p (p->model allocated), 0 blank or comment, -1 malformed */
int	 price_parse(const char *line, struct price *p);
/* adds path's prices to t: 0; -1 when it cannot be read (errno set); or
 * the number of its first malformed line (the lines before it are added) */
long	 prices_load(struct prices *t, const char *path);
void	 prices_free(struct prices *t);
/*
 * The price of model, owned by t, or NULL: the exact name, then without a
 * date suffix (gpt-4.1-2025-04-14, claude-sonnet-4-20250514, @20250514),
 * then both again after the last '/' (a provider prefix: openai/gpt-4.1).
 */
const struct price *price_lookup(const struct prices *t, const char *model);
/* one call's tokens, as in a usage record (ax-usage(5)) */
struct tokens {
	long long prompt;	/* all input, cached and cache_write included */
	long long cached, cache_write;
	long long completion;	/* all output, reasoning included */
	long long reasoning;
};
/*
 * USD of one call into *pcost (input) and *ccost (output): cached input at
 * the cached price, cache writes at the write price, the rest at the input
 * price (none below 0); reasoning is part of completion and billed with it
 * at the output price, never again; a batch API call (batchapi) at half.
 */
void	 price_cost(const struct price *p, const struct tokens *n, int batchapi,
	    double *pcost, double *ccost);

/* parsenum.c - numeric options; exit 2 with "prog: what: reason" when out of range */
long long parsenum(const char *s, long long min, long long max, const char *what);
double	 parsedbl(const char *s, double min, double max, const char *what);

/* http.c - libcurl for every network stage: UA, timeouts, TLS on, retries */
struct http_opts {
	long	 timeout;	/* seconds for a whole transfer, 0: 60 */
	long	 connect_timeout;	/* seconds, 0: 15 */
	int	 retries;	/* extra attempts after the first, -1: 5 */
	double	 backoff_cap;	/* seconds, 0: 60 */
	const char *cafile;	/* NULL: system store */
	const char *label;	/* context for messages, e.g. "cs.LG" */
	int	 quiet;		/* no "retrying" messages */
	struct curl_slist *headers;	/* extra request headers, owned by the caller */
	const char *post;	/* request body: POST when set */
	size_t	 postlen;
	int	 noredirect;	/* do not follow redirects (a request carrying a key) */
	/* called once on the CURL * before the first attempt, for what the options
	 * above do not say (a multipart body); the caller frees what it made after */
	void	(*setup)(void *curl, void *arg);
	void	*setup_arg;
};
struct http_resp {
	long	 status;	/* last HTTP status, 0 when no response */
	struct buf body;	/* last response body */
	double	 retry_after;	/* seconds from Retry-After / retry-after-ms, -1 none */
	int	 attempts;
	char	 err[256];	/* why the last attempt failed, "" on success */
};
void	 http_init(void);	/* curl_global_init once; http_cleanup at exit */
void	 http_cleanup(void);
const char *http_useragent(void);	/* "ax/VERSION (+https://...; prog)", static */
void	*http_easy(const struct http_opts *o);	/* a CURL * with the common options */
int	 http_retryable(long status);	/* 408 409 429 5xx */
/* a libcurl failure (CURLcode) worth another attempt: connect, timeout, a cut transfer; never TLS */
int	 http_transient(int code);
double	 http_parse_retry_after(const char *name, const char *value, long now);	/* seconds or -1 */
double	 http_backoff(int attempt, double retry_after, double cap, double jitter01);
/* for a CURLOPT_HEADERFUNCTION: the wait a header line asks for, else current (-1 on a status line) */
double	 http_header_retry_after(const char *line, size_t len, double current);
/* GET (or POST) url with retries; 0 on a 2xx, else -1 with resp->err set */
int	 http_fetch(const char *url, const struct http_opts *o, struct http_resp *resp);
void	 http_resp_free(struct http_resp *resp);
/* base URL from an option, else the environment variable, else the default; owned by caller */
char	*http_base(const char *opt, const char *envname, const char *def);
void	 http_sleep(double seconds);
#define HTTP_MAX_BODY (128 << 20)	/* bytes of one response body at most */
/* CURLOPT_WRITEFUNCTION appending to the struct buf * in arg, up to HTTP_MAX_BODY */
size_t	 http_write_buf(char *p, size_t size, size_t n, void *arg);

/*
 * arxivid.c - arXiv identifiers, the one reading every tool uses.  Rules from
 * arXiv's "Understanding the arXiv identifier" and "arXiv identifier scheme -
 * information for interacting services" (info.arxiv.org/help/arxiv_identifier.html,
 * .../arxiv_identifier_for_services.html):
 *   new scheme YYMM.NNNN (0704-1412) and YYMM.NNNNN (1501-), month 01-12;
 *   old scheme archive[.SC]/YYMMNNN (9107-0703), the subject class .SC left out
 *   (math.GT/0309136 is math/0309136, as OAI-PMH and arXiv's preferred form say);
 *   a version vN after either.
 * Read around it: blanks and a UTF-8 BOM; the prefixes "arXiv:", "oai:arXiv.org:",
 * "doi:", "10.48550/arXiv." (arXiv's DOIs), any number of them; URLs
 * [http[s]://][mirror.]arxiv.org/[abs/|pdf/|html/|ps/|src/|format/] and
 * [http[s]://][dx.]doi.org/.  After the id (and version) may come the end, a
 * blank or punctuation that cannot continue an id (".pdf", ",", ")", "/", "#",
 * "?" ...), and then anything; a letter, digit, '-', '_' or '.' and a digit
 * there make it no id (2501.01234-3 is an id of another scheme).
 * arxiv_id writes the bare id ("2501.01234", "hep-th/9901001") to out and
 * returns 1; *version (when version is not NULL) gets N, 0 when none was
 * written.  When s holds no arXiv id it returns 0 and out holds s without
 * blanks at either end, cut to ARXIV_ID_MAX - 1 bytes at a character boundary,
 * so that ids of other schemes (tests, other sources) still compare.  Pure.
 */
#define ARXIV_ID_MAX 64		/* bytes of out, NUL included */
#define ARXIV_VERSION_MAX 1000000	/* a larger vN is read as no version */
int	 arxiv_id(const char *s, char out[ARXIV_ID_MAX], int *version);

/*
 * strset.c - a set of strings, fast at any size (hashed, open addressing).
 * A zeroed struct strset is an empty set.  The set keeps its own copies;
 * strset_free releases them and leaves an empty set.
 */
struct strset_slot {
	char	*s;
	uint64_t h;
};
struct strset {
	struct strset_slot *slot;
	size_t	 n, cap;	/* strings held, slots (a power of two) */
};
int	 strset_add(struct strset *t, const char *s);	/* 1 when s was new, 0 when held */
int	 strset_has(const struct strset *t, const char *s);
void	 strset_free(struct strset *t);

/* atomic.c - replace a file whole (temp + fsync + rename); devices and FIFOs written through */
int	 atomic_write(const char *path, const char *s, size_t n, mode_t mode);	/* -1 (reported) on error */
/* the path a rename must replace: a symbolic link's target (realpath(3)), else path; caller frees */
char	*atomic_target(const char *path);

/* datafile.c - a shipped data file: opt, else $envname, else DATADIR/name, else ../examples/name beside argv0 */
char	*datafile(const char *opt, const char *envname, const char *name, const char *argv0);	/* NULL: none */
const char *datadir(void);	/* the installed DATADIR */

/* calendar.c - arXiv's announcement days (Mon-Fri Eastern dates, less holidays) */
struct cal_holidays {
	long	*days;		/* days since 1970-01-01 */
	size_t	 n;
	long	 lo, hi;	/* the span the file covers: its first and last date */
};
long	 cal_days(int y, int m, int d);	/* days since 1970-01-01 */
void	 cal_civil(long days, int *y, int *m, int *d);
int	 cal_weekday(long days);	/* 0 Sunday .. 6 Saturday */
long	 cal_eastern_offset(time_t t);	/* US Eastern UTC offset in seconds at t */
long	 cal_eastern_day(time_t t);	/* the Eastern date at t, as days */
int	 cal_parse_date(const char *s, long *days);	/* YYYY-MM-DD; -1 if not */
void	 cal_format(long days, char out[11]);
int	 cal_parse_time(const char *s, time_t *t);	/* epoch seconds or ISO 8601 */
time_t	 cal_now(void);			/* $AX_NOW when set, else the clock */
int	 cal_rfc822_day(const char *s, long *days);	/* the date an RSS pubDate names */
int	 cal_holidays_load(struct cal_holidays *h, const char *path);	/* -1 open, 1 bad lines */
void	 cal_holidays_free(struct cal_holidays *h);
/* 1 if arXiv announces the feed dated days; why: the weekday, or why not.  Holidays:
 * h's dates inside h's span, the rules (cal_rule_holiday) outside it; h may be NULL */
int	 cal_announces(long days, const struct cal_holidays *h, const char **why);
/* the evening of days is an arXiv holiday by rule (US federal holidays arXiv keeps,
 * observed as 5 U.S.C. 6103(b) says): why the next day's feed is empty; else NULL */
const char *cal_rule_holiday(long days);
/* 1 if the feed dated days is outside h's span: its calendar is the rules' guess */
int	 cal_uncertain(long days, const struct cal_holidays *h);

/*
 * topics.c - the reader's topics in a topics file or a prompt template, as
 * axrender --topics and axscore --provider local both name them (axrender(1),
 * ax-model(5)): after the first '#' heading whose line holds "Topics" (else
 * from the start), each numbered item ("1. Stellar Models" or "1) ...", named
 * "Stellar Models") with the blank and indented lines under it as its text;
 * in a file with no numbered item, each line alone but '#' lines and
 * "Keywords:" lines.  Names lose trailing blanks (and, for an item, '.' and
 * ':'); empty ones are left out.  A zeroed struct is empty; topics_free
 * releases the copies and leaves it empty.
 */
struct topics {
	char	**name, **text;	/* malloc'd, n of each, in the file's order */
	size_t	 n;
};
void	 topics_read(const char *file_text, struct topics *t);
void	 topics_free(struct topics *t);

/* tokens.c - token estimates without a tokenizer (axprompt --batch-tokens, axcost --estimate) */
#define TOK_MESSAGE 4	/* per chat message: role and separators */
#define TOK_REPLY 3	/* the reply's priming */
size_t	 utf8_chars(const char *s, size_t len);	/* code points */
size_t	 utf8_prefix(const char *s, size_t len, size_t nchars);	/* bytes of the first nchars code points */
size_t	 tok_estimate(const char *s, size_t len);	/* ceil(code points / 4) */
size_t	 tok_messages(struct json_object *messages);	/* contents + TOK_MESSAGE each + TOK_REPLY */

#endif
