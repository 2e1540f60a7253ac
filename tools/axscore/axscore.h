/*
 * axscore.h - what the parts of axscore share: the answer parser
 * (answer.c, pure functions, unit-tested in tests/unit/test_axscore.c)
 * and the local relevance model (local.c).
 */
#ifndef AXSCORE_H
#define AXSCORE_H

#include <stddef.h>
#include <stdio.h>

#include "ax.h"

/*
 * local.c: --provider local.  Scores the request or paper records
 * in the files argv[0..argc) (none: stdin) with the learned model in
 * model_file, or with BM25 against the topic text in topics_file when
 * model_file is NULL; writes one scored paper record per paper, in input
 * order.  Returns the exit status (2 when both are NULL or unreadable).
 */
int local_score(int argc, char **argv, const char *topics_file, const char *model_file);

/* the same, but only sets key to the estimate (a prefilter: no score, relevance, reason) */
int local_rank(int argc, char **argv, const char *topics_file, const char *model_file,
    const char *key);

/* --train MODEL: learn from the scored paper records in argv, write model_file */
int local_train(int argc, char **argv, const char *model_file);

/* answer.c */
struct score {
	int	 found;		/* a valid score was read */
	int	 relevance, novelty;
	char	*comment;	/* owned; "" when the answer gave none */
	char	*topic;		/* owned; "" when the answer gave no string TOPIC */
	char	 why[96];	/* why an answer line for this paper was rejected */
};
struct usage {
	long long prompt, cached, completion, reasoning, cache_write;
};
/*
 * Read the answer to a batch: every JSON object anywhere in text that has an
 * ARXIVID (code fences, prose, arrays, wrappers, trailing commas tolerated).
 * ids[] are the batch's normalised ids; sc[i] is filled for the papers found
 * with integer scores 1-10, its COMMENT and its TOPIC (any case; a TOPIC
 * that is not a string is noted and left out).  Ids outside the batch are
 * never scored: each is noted.  One line per problem is appended to notes.  Returns the number found.
 */
size_t	 answer_parse(const char *text, char *const *ids, size_t n, struct score *sc,
	    struct buf *notes);
void	 score_free(struct score *sc, size_t n);
/* a title pass answer: a JSON list of ids to drop; -1 when there is no list */
int	 titles_parse(const char *text, char *const *ids, size_t n, int *drop,
	    struct buf *notes);
/* token counts from any provider's usage object (resp is the whole body) */
void	 usage_parse(struct json_object *resp, struct usage *u);
/*
 * The user prompt cut down to the papers with keep[i] set, by removing the
 * other "ArXiv ID: ..." blocks; -1 when a block cannot be found.
 */
int	 prompt_subset(const char *user, char *const *ids, size_t n, const int *keep,
	    struct buf *out);
/* offset of the first paper block in a user prompt (its static prefix), or 0 */
size_t	 prompt_static_len(const char *user);
/* s into out with every copy of secret (a key a server quoted back) as "[the key]" */
void	 redact(struct buf *out, const char *s, const char *secret);
/* gpt-5 and the o-series reject a temperature */
int	 model_takes_temperature(const char *model);
/*
 * The answer text without its reasoning: <think>, <thinking> and
 * <reasoning> blocks removed, an unclosed one to the end, and all before a
 * closing tag that has no opening.  Owned by the caller; *hidden gets the
 * characters removed.
 */
char	*answer_visible(const char *text, size_t *hidden);
/*
 * The server's reason in an answer or error body of any shape (JSON error
 * objects of each provider, FastAPI details, Gemini's list, an HTML page's
 * title) into out, in its own words; 1 when a reason was found, 0 when out
 * holds a description ("empty response body", "response is not JSON ...").
 */
int	 reply_reason(const char *body, const char *ctype, struct buf *out);
/* what to do with a reply (reply_decide) */
enum {
	D_ANSWER,	/* read the answer */
	D_RETRY,	/* transient: the same body again after a wait, within --retries */
	D_FAIL,		/* this request cannot succeed: its papers carry why */
	D_STOP,		/* no request can succeed (key refused, no credit, no such model): send no more */
	D_FIELD		/* a 400 or 422 naming a request field: adjust it, send once more */
};
/* request fields a server may refuse (bits) */
enum { F_MAXCOMP = 1, F_MAXTOK = 2, F_TEMP = 4, F_EFFORT = 8, F_FORMAT = 16, F_STREAMOPT = 32 };
/*
 * Decide on a reply: status the HTTP status (0: no answer), body and its
 * Content-Type (may be NULL).  why gets the server's reason, prefixed
 * "HTTP 200 with an error: " for an error inside a 200, or "refused
 * (finish_reason ...)"; *field the refused field's bit for D_FIELD.
 * Pure: the caller counts attempts and redacts the key.
 */
int	 reply_decide(long status, const char *body, const char *ctype, struct buf *why,
	    int *field);
/* 1 when an answer was cut at the token limit with its tokens gone to reasoning */
int	 cap_spent(const char *finish, size_t found, const struct usage *u, size_t hidden,
	    size_t visible);

/*
 * sched.c: the scheduler's decisions, pure (state passed in, times given).
 * struct rate holds the --rpm window (the last rpm start times, a ring) and
 * the --tpm window (starts of the last 60 s with their estimated tokens).
 * rate_wait: seconds until a request of ntok tokens may start at time t
 * (seconds, any monotonic origin), 0: now; it drops starts that left the
 * window.  rate_start records a start.  0 for rpm or tpm: no limit.
 */
struct rate {
	long	 rpm, tpm;
	double	*starts;	/* ring of rpm start times */
	size_t	 nstarts;	/* starts so far */
	struct rate_tok {
		double	 t;
		long	 n;
	} *tok;			/* --tpm: starts within 60 s, oldest first */
	size_t	 ntok, tokcap;
	long long toksum;	/* tokens of tok[] */
};
void	 rate_init(struct rate *w, long rpm, long tpm);
void	 rate_free(struct rate *w);
double	 rate_wait(struct rate *w, long ntok, double t);
void	 rate_start(struct rate *w, long ntok, double t);
/*
 * How many requests axscore holds read but not yet written: 64 + 8 per job,
 * so a request retried for a minute does not leave the other slots without
 * work; all (the batch API wants every request up front): no bound.
 */
size_t	 read_ahead(long jobs, int all);

/*
 * batch.c: --batch-api.  Sends the n requests through the provider's
 * batch API (or collects the batch named by --collect or the state file),
 * and stores each answered body in cachedir under its key, with a usage
 * record marked "batch_api".  Returns 0 when the ordinary path may run (it
 * finds the answers in the cache and asks the rest), 1 after --submit, -1
 * when the batch could not be collected (the state file is kept).
 */
struct batch_item {
	const char *key, *body, *model;
	long	 batch;
	size_t	 papers;
};
struct batch_opts {
	int	 anthropic, submit, retries;
	long	 timeout;
	double	 poll;		/* first wait between polls, seconds; it grows to 40 times */
	const char *base, *key, *cachedir, *statefile, *collect, *cafile;
	FILE	*usagefp;
};
int	 batch_api(const struct batch_opts *o, const struct batch_item *it, size_t n);

#endif
