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
struct rank_toks {		/* tokens, NUL-separated in s; the words they stem from in w */
	struct buf s, w;
	size_t	*off, *woff;
	size_t	 n, cap;
};
/* append text's tokens: lower case, TeX stripped, hyphens split or joined, stemmed */
void	 rank_tokenize(struct rank_toks *t, const char *text);
const char *rank_tok(const struct rank_toks *t, size_t i);	/* the stem; owned by t */
const char *rank_word(const struct rank_toks *t, size_t i);	/* the word as written, lower case */
void	 rank_toks_reset(struct rank_toks *t);
void	 rank_toks_free(struct rank_toks *t);
size_t	 rank_stem(char *s, size_t n);	/* Snowball English stem in place; new length */
int	 rank_stopword(const char *s);
/*
 * A topics file read as ax-model(5) says: *pos gets the text about what the
 * reader wants, *neg what the file marks irrelevant, application-only or to
 * avoid; instructions and scoring rubrics go to neither.  Both malloc'd.
 */
void	 rank_topic_parse(const char *file_text, char **pos, char **neg);
/*
 * BM25 of title+abstract against a topic (word pairs RANK_PAIRW times a
 * word), times exp(-RANK_NEGW * BM25 against the terms marked against: NULL
 * for none; a term the topic wants is never against): add every paper, then
 * score each.
 */
#define RANK_PAIRW 2	/* a topic's word pair, to a word: "dark matter" says more than "dark" */
#define RANK_NEGW 0.1	/* the score is multiplied by exp(-RANK_NEGW * BM25 against) */
#define RANK_K1 1.2	/* BM25 term saturation */
#define RANK_B 0.75	/* BM25 length normalisation */
#define RANK_TITLEW 2	/* a title word counts RANK_TITLEW times an abstract word */
struct rank_bm25 *rank_bm25_new(const char *topic, const char *against);
void	 rank_bm25_params(struct rank_bm25 *q, double k1, double b, double titlew);
void	 rank_bm25_against(struct rank_bm25 *q, double w);	/* replaces RANK_NEGW */
void	 rank_bm25_pairs(struct rank_bm25 *q, double w);	/* replaces RANK_PAIRW */
size_t	 rank_bm25_nterms(const struct rank_bm25 *q);	/* the topic's terms, 0: empty topic */
size_t	 rank_bm25_add(struct rank_bm25 *q, const char *title, const char *abstract);	/* paper index */
/* why (may be NULL): "a, b; against c", the strongest terms as the paper wrote them */
double	 rank_bm25_score(const struct rank_bm25 *q, size_t paper, struct buf *why);
void	 rank_bm25_free(struct rank_bm25 *q);
/*
 * Pseudo-relevance feedback: s[0..n) the BM25 of the n papers added to q (the
 * same title and abstract, in the order added), against the topics' terms
 * against; s is reordered by the blend of s and a second query of the words
 * the best papers use most (the same values, given out in the blend's
 * order).  Nothing when n is not q's paper count.
 */
#define RANK_PRF_TERMS 30	/* words of the second query */
#define RANK_PRF_TOP 10		/* of the best papers by the first */
#define RANK_PRF_W 0.5		/* the second query's share of the score */
void	 rank_bm25_prf(struct rank_bm25 *q, int terms, int top, double w);	/* 0 terms: none */
/*
 * And in the same call the words of the areas the topics name
 * application-only widened by the company they keep in those papers: up to
 * cooc_terms words for each (0: none), each cooc_w times the word's weight.
 */
#define RANK_COOC_TERMS 5	/* words against from co-occurrence, for each word against */
#define RANK_COOC_W 2		/* each, to the word against it keeps company with */
void	 rank_bm25_cooc(struct rank_bm25 *q, int terms, double w);
void	 rank_bm25_feedback(const struct rank_bm25 *q, const char *against,
	    const char *const *title, const char *const *abstract, double *s, size_t n);
/*
 * The learned model: logistic regression on hashed TF-IDF unigrams, bigrams,
 * title words, fitted by SGD; by default the mean of three such models, for
 * relevance >= label - 1, label and label + 1 (ordinal, Frank and Hall 2001).
 * The other settings are the alternatives tests/bench-model.sh measures.
 */
struct rank_train_opts {
	int	 bits;		/* 1 << bits hashed features (20) */
	int	 label;		/* 0: soft target (relevance-1)/9; T: relevance >= T (7) */
	int	 epochs;	/* 20 */
	double	 lr, l2;	/* step size 0.5, L2 1e-6 */
	double	 pos_weight;	/* weight of a positive paper with label T (1) */
	int	 features;	/* RANK_TITLE | RANK_BIGRAMS (default) | RANK_AUTHORS */
	int	 ordinal;	/* 1: the three thresholds around label (default); 0: label only */
	int	 objective;	/* RANK_POINTWISE (default), RANK_PAIRWISE, RANK_BOTH, RANK_GRADED */
	int	 average;	/* 1: averaged SGD (Polyak-Ruppert) (0) */
	int	 adagrad;	/* 1: AdaGrad step sizes (Duchi et al. 2011) (0) */
	int	 bags;		/* > 1: that many models on 70 % subsamples, averaged (1) */
	double	 nb;		/* > 0: features times the NB log-count ratio, this smoothing (0) */
	double	 rocchio;	/* > 0: plus this times the positive minus the negative centroid (0) */
	int	 tf;		/* RANK_TF_LOG 1 + log tf (default), RANK_TF_RAW, RANK_TF_BINARY */
	int	 nonorm;	/* 1: vectors not scaled to unit length (0) */
};
#define RANK_TITLE	1	/* title words count again as title words */
#define RANK_BIGRAMS	2	/* adjacent word pairs */
#define RANK_AUTHORS	4	/* authors (initial and last name) */
enum {
	RANK_POINTWISE,	/* log loss of each paper's label */
	RANK_PAIRWISE,	/* RankNet (Burges et al. 2005): a positive above a negative of its day */
	RANK_BOTH,	/* both of the above */
	RANK_GRADED	/* RankNet on any two papers of a day, by their relevance */
};
enum { RANK_TF_LOG, RANK_TF_RAW, RANK_TF_BINARY };
void	 rank_train_defaults(struct rank_train_opts *o);
struct rank_trainer *rank_trainer_new(const struct rank_train_opts *o);	/* NULL: defaults */
/* authors: one name a line, or NULL */
void	 rank_trainer_add(struct rank_trainer *tr, const char *title, const char *abstract,
	    const char *authors, double relevance);
/* the papers added next are another day (for the pairwise objectives); none: one day */
void	 rank_trainer_day(struct rank_trainer *tr);
size_t	 rank_trainer_count(const struct rank_trainer *tr);
struct rank_model *rank_trainer_fit(struct rank_trainer *tr);	/* deterministic */
void	 rank_trainer_free(struct rank_trainer *tr);
/* estimated relevance 1-10; why (may be NULL) gets the terms that weighed most */
double	 rank_model_score(const struct rank_model *m, const char *title, const char *abstract,
	    const char *authors, struct buf *why);
long	 rank_model_papers(const struct rank_model *m);
int	 rank_model_save(const struct rank_model *m, FILE *fp);	/* -1 on write error */
/* NULL with *why (static text) and *lineno set when fp is not a readable model */
struct rank_model *rank_model_load(FILE *fp, long *lineno, const char **why);
void	 rank_model_free(struct rank_model *m);

#endif
