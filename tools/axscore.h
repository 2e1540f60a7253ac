/* axscore.h - what axscore.c calls in its sibling files. */

/*
 * axscore-local.c: --provider local.  Scores the request or paper records
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
