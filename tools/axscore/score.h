/*
 * score.h - what the parts of axscore's HTTP path share: the requests and
 * their papers, the jobs (one HTTP body each), the options (opt, set once by
 * main) and the run's state (st).  axscore.c reads options and requests,
 * request.c builds provider bodies, engine.c schedules them on libcurl's
 * multi interface and writes the output in input order, apply.c applies an
 * answer to its papers.
 */
#ifndef AXSCORE_SCORE_H
#define AXSCORE_SCORE_H

#include <stdio.h>

#include <curl/curl.h>

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
	char	*topic;			/* the answer's TOPIC; NULL or "" when none */
};

/* one request record; allocated alone, so jobs may keep a pointer to it */
struct req {
	struct json_object *rec;
	long	 batch;
	int	 mode;
	char	*model;
	size_t	 np, left;
	struct paper *p;
	int	 attempts;		/* HTTP attempts for this batch so far */
	struct req *next;		/* the next request read */
};

struct job {
	struct req *r;
	size_t	*idx, n;		/* the papers asked, as indices into r->p */
	int	 round;			/* 0: first ask, then re-asks of missing papers */
	int	 attempt;		/* HTTP attempts of this body */
	long	 cap;			/* max_tokens of this body; 0: the request's */
	long	 cap0;		/* after a raise: the first cap */
	char	*fig0;		/* and its figures, for the message */
	int	 fields;		/* F_ bits of st.refused when the body was built */
	int	 same;			/* times these papers were asked before in this body */
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

/* the options, set by main before anything runs */
struct axscore_opts {
	int	 provider;
	const char *modelopt, *cachedir, *replayfile, *cafile;
	const char *argv0;	/* the program's path, to find its data files */
	char	*pricepath;	/* the prices file read, for messages */
	long	 jobs, rpm, tpm, timeout;
	int	 retries;
	double	 budget, price_in, price_out;	/* USD; -1: not given */
	char	*key;		/* the API key; only ever put into a request header */
	char	*endpoint;
	FILE	*usagefp, *recordfp;
};
extern struct axscore_opts opt;

struct replay {
	char	*key, *body;
};

/* jobs in the order they go out */
struct jobq {
	struct job *head, *tail;
	size_t	 n;
};

/*
 * What the run holds and did.  Memory: only the requests read and not yet
 * written (at most ahead of them, see read_ahead) and their jobs.
 */
struct axscore_state {
	struct jsonl_reader in;	/* the request records, read as room allows */
	struct req *head, *tail;	/* read, not yet written, in input order */
	size_t	 nheld, ahead;	/* requests held; at most ahead of them */
	long	 nread;		/* requests read so far */
	struct jobq ready;	/* first asks and re-asks, in input order */
	struct job *waiting;	/* retries, by the time they may start */
	size_t	 running;
	int	 ret;		/* the exit status so far */
	char	*fatal;		/* set after a 401/403 or a billing error: nothing more is sent */
	int	 refused;	/* F_ bits: request fields a server refused, sent otherwise since */
	long	 capfrom, capto;	/* a cap spent on reasoning, raised for the jobs not yet sent */
	long	 capbatch;	/* the batch that spent it */
	long	 ndone, ntotal, papers_done, papers_total;
	long long tokens;
	double	 spent, inflight, tstart;
	struct rate rate;	/* --rpm and --tpm windows */
	struct replay *replays;
	size_t	 nreplays;
};
extern struct axscore_state st;

/* axscore.c: USD for in and out tokens at the model's prices */
double cost(long long in, long long out);
/* axscore.c: USD of an answered call's usage, as axcost(1) bills it */
double cost_usage(const struct usage *u);
/* axscore.c: one request record read: appended to st.head..st.tail with its first job */
int read_req(struct json_object *rec, const char *file, long line);

/* engine.c: the queue, the transfers, the output */
double now(void);
void load_replay(const char *path);
void paper_done(struct req *r, struct paper *p, int state, const char *err);
void flush_done(void);
size_t engine_fill(void);	/* reads requests while fewer than st.ahead are held */
void req_free(struct req *r);
void job_free(struct job *j);
struct job * job_new(struct req *r, const size_t *idx, size_t n, int round);
void engine_run(void);

/* request.c: j->body (the provider's request body), j->key and the estimates */
void job_body(struct job *j);
/*
 * request.c: j's body rebuilt when the run learnt something since it was
 * built: a field refused (st.refused), or the token cap raised for the run
 * (st.capfrom to st.capto) after a batch spent it on reasoning
 */
void job_refresh(struct job *j);
/* request.c: the message for a refused field (an F_ bit) and what is sent instead */
const char *field_fix(int bit);

/* apply.c: an answer body applied to the papers of j; frees j; papers answered */
int answer(struct job *j, const char *body, int store);

#endif
