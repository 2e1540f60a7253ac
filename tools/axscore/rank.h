/*
 * rank.h - axscore's local relevance model (ax-model(5)): tokenizer, BM25,
 * learned model.  Implemented in rank.c; used by local.c and the rank tests.
 */
#ifndef AX_RANK_H
#define AX_RANK_H

#include <stddef.h>
#include <stdio.h>

#include "ax.h"

/* the local relevance model (ax-model(5)): tokenizer, BM25, learned model */
struct rank_toks {		/* tokens, NUL-separated in s */
	struct buf s;
	size_t	*off;
	size_t	 n, cap;
};
/* append text's tokens: lower case, TeX stripped, hyphens split or joined, plurals stemmed */
void	 rank_tokenize(struct rank_toks *t, const char *text);
const char *rank_tok(const struct rank_toks *t, size_t i);	/* owned by t */
void	 rank_toks_reset(struct rank_toks *t);
void	 rank_toks_free(struct rank_toks *t);
size_t	 rank_stem(char *s, size_t n);	/* plural to singular in place; new length */
int	 rank_stopword(const char *s);
/* a topics file's topic part (after {{papers}}, "Irrelevant" lines dropped) */
char	*rank_topic_text(const char *file_text);
/* BM25 of title+abstract against a topic: add every paper, then score each */
struct rank_bm25 *rank_bm25_new(const char *topic);
size_t	 rank_bm25_nterms(const struct rank_bm25 *q);	/* query terms, 0: empty topic */
size_t	 rank_bm25_add(struct rank_bm25 *q, const char *title, const char *abstract);	/* paper index */
double	 rank_bm25_score(const struct rank_bm25 *q, size_t paper, struct buf *why);	/* why: terms, may be NULL */
void	 rank_bm25_free(struct rank_bm25 *q);
/* the learned model: logistic regression on hashed TF-IDF unigrams, bigrams, title words */
struct rank_train_opts {
	int	 bits;		/* 1 << bits hashed features (20) */
	int	 label;		/* 0: soft target (relevance-1)/9 (default); T: relevance >= T */
	int	 epochs;	/* 20 */
	double	 lr, l2;	/* step size 0.5, L2 1e-6 */
	double	 pos_weight;	/* weight of a positive paper with label T (1) */
};
void	 rank_train_defaults(struct rank_train_opts *o);
struct rank_trainer *rank_trainer_new(const struct rank_train_opts *o);	/* NULL: defaults */
void	 rank_trainer_add(struct rank_trainer *tr, const char *title, const char *abstract,
	    double relevance);
size_t	 rank_trainer_count(const struct rank_trainer *tr);
struct rank_model *rank_trainer_fit(struct rank_trainer *tr);	/* deterministic */
void	 rank_trainer_free(struct rank_trainer *tr);
/* estimated relevance 1-10; why (may be NULL) gets the terms that weighed most */
double	 rank_model_score(const struct rank_model *m, const char *title, const char *abstract,
	    struct buf *why);
long	 rank_model_papers(const struct rank_model *m);
int	 rank_model_save(const struct rank_model *m, FILE *fp);	/* -1 on write error */
/* NULL with *why (static text) and *lineno set when fp is not a readable model */
struct rank_model *rank_model_load(FILE *fp, long *lineno, const char **why);
void	 rank_model_free(struct rank_model *m);

#endif
