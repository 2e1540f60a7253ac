/*
 * rank-eval.c - measures the local relevance model on scored days, split by
 * time: reads one JSONL file of scored paper records per day (in date order),
 * trains on the earlier days (-s, half by default) and ranks each later day's
 * papers by BM25 against the topics and by the learned model, as days it has
 * never seen.  Prints, for each, the recall of the papers with relevance >= R
 * when keeping the top 20/25/30/35/40/50 % of each day (pooled over the days),
 * the smallest share kept that reaches 98 % pooled recall, and Spearman's rho
 * with the relevance (the mean over the days).  -P N replays the days in
 * order instead: each day ranked by a model trained on every day before it,
 * or by BM25 while that history holds fewer than N papers.  Built and run by
 * tests/bench-model.sh and tests/rank.t.
 *
 * usage: rank-eval [-qv] [-L name] [-M bm25|learned] [-t topics] [-R min] [-s train_days] [-P min_papers]
 *        [-l label] [-e epochs] [-r lr] [-2 l2] [-w pos_weight] [-b bits]
 *        [-f features] [-N novelty] [-n against] [-p pairs] [-B blend] [-F floor]
 *        [-k k1] [-Y b] [-T title_weight] [-G] [-X rrf_k] [-S 1|2] [-m mix]
 *        [-E terms] [-K top] [-a share] [-o 0|1] [-O objective] [-A] [-D 0|1]
 *        [-g bags] [-x nb] [-C rocchio] [-u 0|1|2] [-z] [-Q relevance] [-W copies]
 *        [-J k -H weight] [-Z 1|2] [-U terms] [-V weight] day.jsonl ...
 * -Z 1: stacked, a second regression on the learned estimate and BM25
 * against the topic and each section; -Z 2: the learned estimate and BM25.
 * -Q R -W N: each line of the topics' text trained on N times as a paper of
 * relevance R; -J K -H W: the learned score plus W times a kNN score (both
 * experiments, outside the model).
 * -o, -O, -A, -D, -g, -x, -C, -u, -z: the learned model's ordinal,
 * objective, average, adagrad, bags, nb, rocchio, tf and nonorm (rank.h);
 * the days given are the trainer's days (rank_trainer_day).
 * -F F: exit 1 when the recall at 30 % kept (of the last model reported) is below F.
 * -k, -Y, -T: BM25's k1, b and the title's weight; -G: the days before the
 * ranked one count for BM25's IDF (a larger background); -X K: -B fuses by
 * reciprocal rank, 1 / (K + rank) + blend / (K + BM25 rank), not a score sum;
 * -S 1: BM25 the best of the topic's sections (a line not indented starts
 * one), -S 2 their sum, each over the square root of its terms, plus -m M
 * times the whole topic's; -E N -K K -a W: BM25's pseudo-relevance feedback,
 * N words of the top K papers, W of the score (-E 0: none); -U N -V W: the
 * words against widened by N words of their company each, W of a word
 * against (-U 0: none).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ax.h"
#include "rank.h"

struct paper {
	char	*title, *abstract, *authors;
	double	 rel, nov;
	double	 s;		/* the ranking score under test */
};

struct day {
	struct paper *p;
	size_t	 n, cap;
};

static struct day *days;
static int ndays;
static int minrel = 8;
static int quiet, verbose;

/* the authors array as one name a line */
static char *
authors(struct json_object *rec)
{
	struct json_object *a, *v;
	struct buf b = { 0 };
	size_t i;

	buf_add(&b, "", 0);
	if (json_object_object_get_ex(rec, "authors", &a) &&
	    json_object_is_type(a, json_type_array))
		for (i = 0; i < json_object_array_length(a); i++) {
			v = json_object_array_get_idx(a, i);
			if (json_object_is_type(v, json_type_string)) {
				buf_adds(&b, json_object_get_string(v));
				buf_addc(&b, '\n');
			}
		}
	return buf_take(&b);
}

static int
addpaper(struct json_object *rec, const char *file, long line, void *arg)
{
	struct day *d = arg;

	if (!jhas(rec, "relevance")) {
		msg("%s:%ld: no relevance", file, line);
		return 1;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 128;
		d->p = xreallocarray(d->p, d->cap, sizeof *d->p);
	}
	d->p[d->n].title = xstrdup(jstr(rec, "title") ? jstr(rec, "title") : "");
	d->p[d->n].abstract = xstrdup(jstr(rec, "abstract") ? jstr(rec, "abstract") : "");
	d->p[d->n].rel = jnum(rec, "relevance", 0);
	d->p[d->n].nov = jnum(rec, "novelty", 5);
	d->p[d->n].authors = authors(rec);
	d->n++;
	return 0;
}

static int
cmpdesc(const void *a, const void *b)
{
	const struct paper *x = *(struct paper *const *)a, *y = *(struct paper *const *)b;

	return x->s < y->s ? 1 : x->s > y->s ? -1 : 0;
}

/* average ranks (ties share the mean rank) of v[0..n) into r */
static void
ranks(const double *v, size_t n, double *r)
{
	size_t i, j, k, *ix = xcalloc(n + 1, sizeof *ix);

	for (i = 0; i < n; i++)
		ix[i] = i;
	for (i = 1; i < n; i++)	/* insertion sort: days are small */
		for (j = i; j > 0 && v[ix[j - 1]] > v[ix[j]]; j--) {
			k = ix[j];
			ix[j] = ix[j - 1];
			ix[j - 1] = k;
		}
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[ix[j]] == v[ix[i]]; j++)
			;
		for (k = i; k < j; k++)
			r[ix[k]] = (double)(i + j - 1) / 2;
	}
	free(ix);
}

static double
spearman(const struct day *d)
{
	double *a = xcalloc(d->n + 1, sizeof *a), *b = xcalloc(d->n + 1, sizeof *b);
	double *ra = xcalloc(d->n + 1, sizeof *a), *rb = xcalloc(d->n + 1, sizeof *b);
	double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
	size_t i, n = d->n;

	for (i = 0; i < n; i++) {
		a[i] = d->p[i].s;
		b[i] = d->p[i].rel;
	}
	ranks(a, n, ra);
	ranks(b, n, rb);
	for (i = 0; i < n; i++) {
		ma += ra[i];
		mb += rb[i];
	}
	ma /= (double)n;
	mb /= (double)n;
	for (i = 0; i < n; i++) {
		sab += (ra[i] - ma) * (rb[i] - mb);
		saa += (ra[i] - ma) * (ra[i] - ma);
		sbb += (rb[i] - mb) * (rb[i] - mb);
	}
	free(a);
	free(b);
	free(ra);
	free(rb);
	return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}

/* relevant papers among the top ceil(pct % of n) by s */
static size_t
kept(const struct day *d, int pct, size_t *relevant, int show)
{
	struct paper **v = xcalloc(d->n + 1, sizeof *v);
	size_t i, k = (d->n * (size_t)pct + 99) / 100, hit = 0;

	*relevant = 0;
	for (i = 0; i < d->n; i++) {
		v[i] = &d->p[i];
		if (d->p[i].rel >= minrel)
			++*relevant;
	}
	qsort(v, d->n, sizeof *v, cmpdesc);
	for (i = 0; i < d->n; i++) {
		if (v[i]->rel < minrel)
			continue;
		if (i < k)
			hit++;
		else if (show && pct == 35)
			printf("missed at 35%%: rank %zu of %zu, relevance %g: %s\n", i + 1,
			    d->n, v[i]->rel, v[i]->title);
	}
	free(v);
	return hit;
}

/* one line of figures for the test days; returns the pooled recall at 30 % */
static double
report(const char *name, int from)
{
	static const int pcts[] = { 20, 25, 30, 35, 40, 50 };
	enum { NP = sizeof pcts / sizeof pcts[0] };
	size_t rel, tothit[NP] = { 0 }, totrel = 0, t, hit98;
	double rho = 0;
	int i, p, n = 0, p98 = 100;

	for (i = from; i < ndays; i++) {
		if (days[i].n < 2)
			continue;
		rho += spearman(&days[i]);
		n++;
		for (t = 0; t < NP; t++) {
			tothit[t] += kept(&days[i], pcts[t], &rel, verbose);
			if (t == 0)
				totrel += rel;
		}
	}
	/* the smallest share of each day kept that finds 98 % of the relevant papers */
	for (p = 1; p <= 100; p++) {
		hit98 = 0;
		for (i = from; i < ndays; i++)
			if (days[i].n >= 2)
				hit98 += kept(&days[i], p, &rel, 0);
		if (totrel == 0 || (double)hit98 >= 0.98 * (double)totrel) {
			p98 = p;
			break;
		}
	}
	printf("%-22s", name);
	for (t = 0; t < NP; t++)
		printf(" %2d%%:%5.1f", pcts[t],
		    totrel ? 100.0 * (double)tothit[t] / (double)totrel : 0);
	printf("  98%%@%3d%%  rho %.3f  (%zu relevant, %d days)\n", p98, n ? rho / n : 0,
	    totrel, n);
	return totrel ? (double)tothit[2] / (double)totrel : 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-qv] [-L name] [-M bm25|learned] [-t topics] [-R min] [-s train_days] "
	    "[-P min_papers] [-l label] [-e epochs] [-r lr] [-2 l2] [-w pos_weight] [-b bits] "
	    "[-f features] [-N novelty] [-n against] [-p pairs] [-B blend] [-F floor] "
	    "[-k k1] [-Y b] [-T title_weight] [-G] [-X rrf_k] [-S 1|2] [-m mix] "
	    "[-E terms] [-K top] [-a share] [-o 0|1] [-O objective] [-A] [-D 0|1] "
	    "[-g bags] [-x nb] [-C rocchio] [-u 0|1|2] [-z] [-Q relevance] [-W copies] "
	    "[-J k -H weight] [-Z 1|2] [-U terms] [-V weight] day.jsonl ...\n", getprog());
	exit(EX_USAGE);
}

static struct rank_train_opts o;
static double novw;
static char *pseudo;	/* -Q: the topics' lines, each trained on as a paper of this relevance */
static int pseudo_rel, pseudo_rep = 1;

/* a model trained on days [0, upto) of the parity given (-1: all) */
static struct rank_model *
train_some(int upto, int parity, size_t *count)
{
	struct rank_trainer *tr = rank_trainer_new(&o);
	struct rank_model *m;
	struct paper *p;
	double y;
	int i;
	size_t j;

	for (i = 0; i < upto; i++, rank_trainer_day(tr))
		for (j = 0; j < days[i].n && (parity < 0 || i % 2 == parity); j++) {
			p = &days[i].p[j];
			y = p->rel + novw * (p->nov - 5);	/* a novelty-aware target */
			rank_trainer_add(tr, p->title, p->abstract,
			    o.features & RANK_AUTHORS ? p->authors : NULL, y);
		}
	if (pseudo) {
		const char *s = pseudo, *e;
		char *line;

		while (*s) {
			e = s + strcspn(s, "\n");
			line = xstrndup(s, (size_t)(e - s));
			if (strlen(line) > 20)
				for (i = 0; i < pseudo_rep; i++)
					rank_trainer_add(tr, "", line, NULL, pseudo_rel);
			free(line);
			s = *e ? e + 1 : e;
		}
		rank_trainer_day(tr);
	}
	*count = rank_trainer_count(tr);
	m = rank_trainer_fit(tr);
	rank_trainer_free(tr);
	return m;
}

/*
 * -J K -H W: plus W times the kNN score, the share of relevance >= 7 among
 * the K training papers most like it (cosine of TF-IDF unigram vectors),
 * weighted by the likeness.  An experiment (the model file holds no papers),
 * on the split only, not in a replay.
 */
static int knn_k;
static int stacked;	/* -Z */
static double knn_w;

struct post { uint32_t doc; float w; };
struct vecs {
	struct post **post;	/* per bucket: the training papers holding it */
	size_t	*npost, *cpost;
	float	*idf;
	float	*y;
	size_t	 ndocs;
};
#define KB (1u << 18)

static uint32_t
fnv32(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & (KB - 1);
}

/* the unit TF-IDF vector of a paper: buckets into b, weights into w; its length */
static size_t
vec(const struct paper *p, const float *idf, uint32_t *b, float *w, size_t cap)
{
	struct rank_toks t = { 0 };
	size_t i, j, n = 0;
	uint32_t h;
	double norm = 0;

	rank_tokenize(&t, p->title);
	rank_tokenize(&t, p->abstract);
	for (i = 0; i < t.n; i++) {
		h = fnv32(rank_tok(&t, i));
		for (j = 0; j < n && b[j] != h; j++)
			;
		if (j == n) {
			if (n == cap)
				continue;
			b[n] = h;
			w[n++] = 0;
		}
		w[j] += 1;
	}
	for (j = 0; j < n; j++) {
		w[j] = (float)((1 + log(w[j])) * (idf ? idf[b[j]] : 1));
		norm += (double)w[j] * w[j];
	}
	for (j = 0; j < n; j++)
		w[j] = (float)(w[j] / (norm > 0 ? sqrt(norm) : 1));
	rank_toks_free(&t);
	return n;
}

static struct vecs *
knn_train(int upto)
{
	struct vecs *v = xcalloc(1, sizeof *v);
	uint32_t b[2048];
	float w[2048];
	size_t n, j, k, ndocs = 0;
	int i;
	uint32_t *df = xcalloc(KB, sizeof *df);

	v->post = xcalloc(KB, sizeof *v->post);
	v->npost = xcalloc(KB, sizeof *v->npost);
	v->cpost = xcalloc(KB, sizeof *v->cpost);
	v->idf = xcalloc(KB, sizeof *v->idf);
	for (i = 0; i < upto; i++)
		for (j = 0; j < days[i].n; j++, ndocs++) {
			n = vec(&days[i].p[j], NULL, b, w, 2048);
			for (k = 0; k < n; k++)
				df[b[k]]++;
		}
	for (k = 0; k < KB; k++)
		v->idf[k] = (float)(log((double)(ndocs + 1) / (df[k] + 1)) + 1);
	v->y = xcalloc(ndocs + 1, sizeof *v->y);
	for (i = 0; i < upto; i++)
		for (j = 0; j < days[i].n; j++) {
			n = vec(&days[i].p[j], v->idf, b, w, 2048);
			v->y[v->ndocs] = days[i].p[j].rel >= o.label ? 1 : 0;
			for (k = 0; k < n; k++) {
				if (v->npost[b[k]] == v->cpost[b[k]]) {
					v->cpost[b[k]] = v->cpost[b[k]] ? 2 * v->cpost[b[k]] : 4;
					v->post[b[k]] = xreallocarray(v->post[b[k]], v->cpost[b[k]],
					    sizeof *v->post[b[k]]);
				}
				v->post[b[k]][v->npost[b[k]]].doc = (uint32_t)v->ndocs;
				v->post[b[k]][v->npost[b[k]]++].w = w[k];
			}
			v->ndocs++;
		}
	free(df);
	return v;
}

static int
cmpfdesc(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void
knn_score(const struct vecs *v, int d)
{
	uint32_t b[2048];
	float w[2048], *acc = xcalloc(v->ndocs + 1, sizeof *acc), *top;
	size_t n, j, k, q, kk = (size_t)knn_k < v->ndocs ? (size_t)knn_k : v->ndocs;
	double num, den, sc;

	top = xcalloc(v->ndocs + 1, sizeof *top);
	for (j = 0; j < days[d].n; j++) {
		memset(acc, 0, (v->ndocs + 1) * sizeof *acc);
		n = vec(&days[d].p[j], v->idf, b, w, 2048);
		for (k = 0; k < n; k++)
			for (q = 0; q < v->npost[b[k]]; q++)
				acc[v->post[b[k]][q].doc] += w[k] * v->post[b[k]][q].w;
		/* the K largest: a threshold from the sorted copy */
		memcpy(top, acc, v->ndocs * sizeof *top);
		qsort(top, v->ndocs, sizeof *top, cmpfdesc);
		num = den = 0;
		for (q = 0; q < v->ndocs; q++)
			if (kk > 0 && acc[q] >= top[kk - 1] && acc[q] > 0) {
				num += acc[q] * v->y[q];
				den += acc[q];
			}
		sc = den > 0 ? num / den : 0;
		days[d].p[j].s += knn_w * 10 * sc;
	}
	free(acc);
	free(top);
}

static void
knn_free(struct vecs *v)
{
	size_t k;

	for (k = 0; k < KB; k++)
		free(v->post[k]);
	free(v->post);
	free(v->npost);
	free(v->cpost);
	free(v->idf);
	free(v->y);
	free(v);
}

static struct rank_model *
train(int upto, size_t *count)
{
	return train_some(upto, -1, count);
}

static void
score_model(const struct rank_model *m, int d)
{
	size_t j;

	for (j = 0; j < days[d].n; j++)
		days[d].p[j].s = rank_model_score(m, days[d].p[j].title, days[d].p[j].abstract,
		    days[d].p[j].authors, NULL);
}

static double negw = RANK_NEGW, pairw = RANK_PAIRW, k1 = RANK_K1, bb = RANK_B, titlew = RANK_TITLEW;
static int background;	/* days before the first ranked one also count for BM25's IDF */
static double rrf;	/* > 0: fuse by reciprocal rank, 1 / (rrf + rank), not a score sum */
static int split = -1;
static int prf_terms = RANK_PRF_TERMS, prf_top = RANK_PRF_TOP;
static double prf_w = RANK_PRF_W;
static int cooc_terms = RANK_COOC_TERMS;
static double cooc_w = RANK_COOC_W;

static int sections;	/* 1: the best of the topic's sections, 2: their sum, each over sqrt(terms) */
#define MAXSEC 16
static double *secout;	/* when set, score_sections puts section k of paper j at [j * MAXSEC + k] */
static int nsec;	/* sections seen */
static double secmix = 0;	/* and this much of the whole topic's score, over sqrt(terms) */

/* a BM25 query with the settings under test, day d's papers added */
static struct rank_bm25 *
newq(const char *topic, const char *against, int d)
{
	struct rank_bm25 *q = rank_bm25_new(topic, against);
	size_t j;

	rank_bm25_against(q, negw);
	rank_bm25_pairs(q, pairw);
	rank_bm25_params(q, k1, bb, titlew);
	rank_bm25_prf(q, prf_terms, prf_top, prf_w);
	rank_bm25_cooc(q, cooc_terms, cooc_w);
	for (j = 0; j < days[d].n; j++)
		rank_bm25_add(q, days[d].p[j].title, days[d].p[j].abstract);
	return q;
}

/* BM25 of day d against each section of the topic (a line not indented starts one) */
static void
score_sections(const char *topic, const char *against, int d)
{
	const char *s = topic, *e;
	struct buf sec = { 0 };
	struct rank_bm25 *q;
	double *best = xcalloc(days[d].n + 1, sizeof *best), v, nt;
	size_t j;
	int last, k = 0;

	for (;; k++) {
		buf_reset(&sec);
		buf_add(&sec, "", 0);
		do {	/* a section: its heading line and the indented lines under it */
			e = s + strcspn(s, "\n");
			buf_add(&sec, s, (size_t)(e - s));
			buf_addc(&sec, '\n');
			s = *e ? e + 1 : e;
		} while (*s == ' ' && !(strchr(s, ',') && strchr(s, ',') < s + strcspn(s, "\n") &&
		    !memchr(s, '.', strcspn(s, "\n"))));
		last = *s == '\0';
		q = newq(sec.s, against, d);
		nt = (double)rank_bm25_nterms(q);
		for (j = 0; j < days[d].n && nt > 0; j++) {
			v = rank_bm25_score(q, j, NULL) / sqrt(nt);
			if (secout && k < MAXSEC)
				secout[j * MAXSEC + (size_t)k] = v;
			best[j] = sections == 1 ? (v > best[j] ? v : best[j]) : best[j] + v;
		}
		rank_bm25_free(q);
		if (last)
			break;
	}
	if (k + 1 > nsec)
		nsec = k + 1 > MAXSEC ? MAXSEC : k + 1;
	if (secmix > 0) {
		q = newq(topic, against, d);
		nt = (double)rank_bm25_nterms(q);
		for (j = 0; j < days[d].n; j++)
			best[j] += secmix * rank_bm25_score(q, j, NULL) / sqrt(nt);
		rank_bm25_free(q);
	}
	for (j = 0; j < days[d].n; j++)
		days[d].p[j].s = best[j];
	free(best);
	buf_free(&sec);
}

/* the rank (0: first) of each paper of day d by s, into r */
static void
dayranks(int d, double *r)
{
	double *neg = xcalloc(days[d].n + 1, sizeof *neg);
	size_t j;

	for (j = 0; j < days[d].n; j++)
		neg[j] = -days[d].p[j].s;
	ranks(neg, days[d].n, r);
	free(neg);
}

/* BM25 of day d against the topic, added to s with weight w (w < 0: replaces s) */
static void
score_bm25(const char *topic, const char *against, int d, double w)
{
	struct rank_bm25 *q;
	size_t j, first = 0;
	double b, *r1 = NULL, *r2 = NULL, *s;
	const char **ti, **ab;
	int i;

	if (sections && w < 0) {
		score_sections(topic, against, d);
		return;
	}
	q = rank_bm25_new(topic, against);
	rank_bm25_against(q, negw);
	rank_bm25_pairs(q, pairw);
	rank_bm25_params(q, k1, bb, titlew);
	rank_bm25_prf(q, prf_terms, prf_top, prf_w);
	rank_bm25_cooc(q, cooc_terms, cooc_w);
	for (i = 0; background && i < split && i < d; i++)
		for (j = 0; j < days[i].n; j++, first++)
			rank_bm25_add(q, days[i].p[j].title, days[i].p[j].abstract);
	for (j = 0; j < days[d].n; j++)
		rank_bm25_add(q, days[d].p[j].title, days[d].p[j].abstract);
	s = xcalloc(days[d].n + 1, sizeof *s);
	ti = xcalloc(days[d].n + 1, sizeof *ti);
	ab = xcalloc(days[d].n + 1, sizeof *ab);
	for (j = 0; j < days[d].n; j++) {
		s[j] = rank_bm25_score(q, first + j, NULL);
		ti[j] = days[d].p[j].title;
		ab[j] = days[d].p[j].abstract;
	}
	if (first == 0)	/* feedback from the day itself */
		rank_bm25_feedback(q, against, ti, ab, s, days[d].n);
	if (rrf > 0 && w >= 0) {
		r1 = xcalloc(days[d].n + 1, sizeof *r1);
		r2 = xcalloc(days[d].n + 1, sizeof *r2);
		dayranks(d, r1);
	}
	for (j = 0; j < days[d].n; j++) {
		b = s[j];
		if (w < 0 || r1)
			days[d].p[j].s = b;
		else
			days[d].p[j].s += w * b / (b + 10);
	}
	if (r1) {
		dayranks(d, r2);
		for (j = 0; j < days[d].n; j++)
			days[d].p[j].s = 1 / (rrf + r1[j]) + w / (rrf + r2[j]);
	}
	free(r1);
	free(r2);
	free(s);
	free(ti);
	free(ab);
	rank_bm25_free(q);
}

/*
 * -Z: stacking.  A second logistic regression on the training days, on the
 * learned model's estimate (out of fold: a model of the even days scores the
 * odd ones and the other way round), the log of 1 + BM25 against the whole
 * topic and against each section (over the square root of its terms); the
 * test days ranked by it, with the model of all training days.
 */
#define NX (2 + MAXSEC)

static void
stack_x(const struct rank_model *m, const char *topic, const char *against, int d, double *x)
{
	double *per = xcalloc(days[d].n * MAXSEC + 1, sizeof *per);
	int keep = sections, k;
	size_t j;

	score_model(m, d);
	for (j = 0; j < days[d].n; j++)
		x[j * NX] = days[d].p[j].s;
	sections = 0;
	score_bm25(topic, against, d, -1);
	for (j = 0; j < days[d].n; j++)
		x[j * NX + 1] = log1p(days[d].p[j].s);
	sections = 2;
	secout = per;
	score_sections(topic, against, d);
	for (j = 0; j < days[d].n; j++)
		for (k = 0; k < MAXSEC; k++)
			x[j * NX + 2 + (size_t)k] = stacked == 2 ? 0 : log1p(per[j * MAXSEC + (size_t)k]);
	secout = NULL;
	sections = keep;
	free(per);
}

static void
stack(const struct rank_model *m, const char *topic, const char *against)
{
	struct rank_model *half[2];
	double *x, *y, mu[NX] = { 0 }, sd[NX] = { 0 }, w[NX + 1] = { 0 }, g[NX + 1], z, p;
	size_t n = 0, r, j, cnt;
	int i, k, it;

	for (i = 0; i < split; i++)
		n += days[i].n;
	x = xcalloc(n * NX + 1, sizeof *x);
	y = xcalloc(n + 1, sizeof *y);
	half[0] = train_some(split, 1, &cnt);	/* scores the even days */
	half[1] = train_some(split, 0, &cnt);
	for (i = 0, r = 0; i < split; r += days[i].n, i++) {
		stack_x(half[i % 2], topic, against, i, x + r * NX);
		for (j = 0; j < days[i].n; j++)
			y[r + j] = days[i].p[j].rel >= o.label;
	}
	for (k = 0; k < NX; k++) {
		for (r = 0; r < n; r++)
			mu[k] += x[r * NX + (size_t)k] / (double)n;
		for (r = 0; r < n; r++)
			sd[k] += (x[r * NX + (size_t)k] - mu[k]) * (x[r * NX + (size_t)k] - mu[k]) / (double)n;
		sd[k] = sd[k] > 1e-12 ? sqrt(sd[k]) : 1;
	}
	for (it = 0; it < 500; it++) {	/* full-batch gradient descent, L2 1e-3 */
		memset(g, 0, sizeof g);
		for (r = 0; r < n; r++) {
			z = w[NX];
			for (k = 0; k < NX; k++)
				z += w[k] * (x[r * NX + (size_t)k] - mu[k]) / sd[k];
			p = 1 / (1 + exp(-z));
			for (k = 0; k < NX; k++)
				g[k] += (p - y[r]) * (x[r * NX + (size_t)k] - mu[k]) / sd[k] / (double)n;
			g[NX] += (p - y[r]) / (double)n;
		}
		for (k = 0; k < NX; k++)
			w[k] -= 0.5 * (g[k] + 1e-3 * w[k]);
		w[NX] -= 0.5 * g[NX];
	}
	if (verbose) {
		printf("stacked weights:");
		for (k = 0; k < 2 + nsec; k++)
			printf(" %.2f", w[k]);
		printf("\n");
	}
	free(x);
	for (i = split; i < ndays; i++) {
		x = xcalloc(days[i].n * NX + 1, sizeof *x);
		stack_x(m, topic, against, i, x);
		for (j = 0; j < days[i].n; j++) {
			z = 0;
			for (k = 0; k < NX; k++)
				z += w[k] * (x[j * NX + (size_t)k] - mu[k]) / sd[k];
			days[i].p[j].s = z;
		}
		free(x);
	}
	free(y);
	rank_model_free(half[0]);
	rank_model_free(half[1]);
}

static int
parse_features(const char *s)
{
	int f = 0;

	if (strstr(s, "title"))
		f |= RANK_TITLE;
	if (strstr(s, "bigrams"))
		f |= RANK_BIGRAMS;
	if (strstr(s, "authors"))
		f |= RANK_AUTHORS;
	return f;
}

int
main(int argc, char *argv[])
{
	struct rank_model *m = NULL;
	struct buf topicfile = { 0 }, name = { 0 };
	char *topic = NULL, *against = NULL;
	const char *topics = NULL, *label = NULL;
	double blend = 0, floor30 = -1, r30 = 1;
	int c, i, ret = 0, replay = -1, first, only_bm25 = 0, only_learned = 0;
	size_t j, k, count, hist;

	setprog(argv[0]);
	rank_train_defaults(&o);
	while ((c = getopt(argc, argv, "qvL:M:t:R:s:P:l:e:r:2:w:b:f:N:n:p:B:F:k:Y:T:GX:S:m:E:a:K:O:AD:g:x:C:u:zo:Q:W:J:H:Z:U:V:")) != -1) {
		switch (c) {
		case 'q': quiet = 1; break;
		case 'v': verbose = 1; break;
		case 'L': label = optarg; break;
		case 'M':
			only_bm25 = strcmp(optarg, "bm25") == 0;
			only_learned = strcmp(optarg, "learned") == 0;
			if (!only_bm25 && !only_learned)
				usage();
			break;
		case 't': topics = optarg; break;
		case 'R': minrel = (int)parsenum(optarg, 1, 10, "-R"); break;
		case 's': split = (int)parsenum(optarg, 1, 100000, "-s"); break;
		case 'P': replay = (int)parsenum(optarg, 0, 10000000, "-P"); break;
		case 'l': o.label = (int)parsenum(optarg, 0, 10, "-l"); break;
		case 'e': o.epochs = (int)parsenum(optarg, 1, 1000, "-e"); break;
		case 'r': o.lr = parsedbl(optarg, 0, 100, "-r"); break;
		case '2': o.l2 = parsedbl(optarg, 0, 1, "-2"); break;
		case 'w': o.pos_weight = parsedbl(optarg, 0, 1000, "-w"); break;
		case 'b': o.bits = (int)parsenum(optarg, 8, 24, "-b"); break;
		case 'f': o.features = parse_features(optarg); break;
		case 'N': novw = parsedbl(optarg, 0, 10, "-N"); break;
		case 'n': negw = parsedbl(optarg, 0, 100, "-n"); break;
		case 'p': pairw = parsedbl(optarg, 0, 100, "-p"); break;
		case 'B': blend = parsedbl(optarg, 0, 1000, "-B"); break;
		case 'k': k1 = parsedbl(optarg, 0, 100, "-k"); break;
		case 'Y': bb = parsedbl(optarg, 0, 1, "-Y"); break;
		case 'T': titlew = parsedbl(optarg, 0, 100, "-T"); break;
		case 'G': background = 1; break;
		case 'E': prf_terms = (int)parsenum(optarg, 0, 1000, "-E"); break;
		case 'a': prf_w = parsedbl(optarg, 0, 1, "-a"); break;
		case 'K': prf_top = (int)parsenum(optarg, 1, 1000, "-K"); break;
		case 'U': cooc_terms = (int)parsenum(optarg, 0, 1000, "-U"); break;
		case 'V': cooc_w = parsedbl(optarg, 0, 100, "-V"); break;
		case 'S': sections = (int)parsenum(optarg, 0, 2, "-S"); break;
		case 'm': secmix = parsedbl(optarg, 0, 100, "-m"); break;
		case 'X': rrf = parsedbl(optarg, 0, 100000, "-X"); break;
		case 'O': o.objective = (int)parsenum(optarg, 0, 3, "-O"); break;
		case 'A': o.average = 1; break;
		case 'D': o.adagrad = (int)parsenum(optarg, 0, 1, "-D"); break;
		case 'g': o.bags = (int)parsenum(optarg, 1, 100, "-g"); break;
		case 'x': o.nb = parsedbl(optarg, 0, 100, "-x"); break;
		case 'C': o.rocchio = parsedbl(optarg, 0, 1000, "-C"); break;
		case 'u': o.tf = (int)parsenum(optarg, 0, 2, "-u"); break;
		case 'z': o.nonorm = 1; break;
		case 'Q': pseudo_rel = (int)parsenum(optarg, 1, 10, "-Q"); break;
		case 'Z': stacked = (int)parsenum(optarg, 0, 2, "-Z"); break;
		case 'J': knn_k = (int)parsenum(optarg, 1, 1000, "-J"); break;
		case 'H': knn_w = parsedbl(optarg, 0, 1000, "-H"); break;
		case 'W': pseudo_rep = (int)parsenum(optarg, 1, 100, "-W"); break;
		case 'o': o.ordinal = (int)parsenum(optarg, 0, 1, "-o"); break;
		case 'F': floor30 = parsedbl(optarg, 0, 1, "-F"); break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();
	ndays = argc;
	days = xcalloc((size_t)ndays, sizeof *days);
	for (i = 0; i < ndays; i++)
		ret |= jsonl_loop(1, &argv[i], addpaper, &days[i]);
	if (split < 0)
		split = ndays / 2;
	if (split >= ndays)
		die(EX_USAGE, "-s %d: no day left to evaluate", split);
	if (topics) {
		if (buf_readfile(&topicfile, topics) == -1)
			die(EX_USAGE, "%s:", topics);
		rank_topic_parse(buf_str(&topicfile), &topic, &against);
		if (pseudo_rel)
			pseudo = topic;
	}

	if (replay >= 0) {
		/* each day ranked by what the days before it teach, BM25 until enough */
		if (!topic)
			die(EX_USAGE, "-P: needs the topics (-t)");
		first = -1;
		for (i = split, hist = 0; i < ndays; i++) {
			for (hist = 0, k = 0; k < (size_t)i; k++)
				hist += days[k].n;
			if (hist < (size_t)replay) {
				score_bm25(topic, against, i, -1);
				continue;
			}
			if (first < 0)
				first = i;
			m = train(i, &count);
			score_model(m, i);
			if (blend > 0)
				score_bm25(topic, against, i, blend);
			rank_model_free(m);
			m = NULL;
		}
		if (!quiet)
			printf("replayed days %d-%d in order: each ranked by a model trained on "
			    "the days before it (BM25 until %d papers: %s)\n", split + 1, ndays,
			    replay, first < 0 ? "every day" : "");
		buf_printf(&name, "%s", label ? label : "replay");
		r30 = report(name.s, split);
	} else {
		m = train(split, &count);
		if (!quiet)
			printf("trained on days 1-%d (%zu papers), evaluated on days %d-%d, "
			    "relevant = relevance >= %d\n", split, count, split + 1, ndays, minrel);
		if (topic && !only_learned) {
			for (i = split; i < ndays; i++)
				score_bm25(topic, against, i, -1);
			r30 = report(label && only_bm25 ? label : "bm25", split);
		}
		struct vecs *kv = knn_k > 0 && !only_bm25 ? knn_train(split) : NULL;

		for (i = split; i < ndays && !only_bm25; i++) {
			score_model(m, i);
			if (kv)
				knn_score(kv, i);
			if (topic && blend > 0)
				score_bm25(topic, against, i, blend);
		}
		if (kv)
			knn_free(kv);
		if (stacked && topic && !only_bm25)
			stack(m, topic, against);
		if (!only_bm25)
			r30 = report(label ? label : blend > 0 ? "learned+bm25" : "learned", split);
	}
	if (floor30 >= 0 && r30 < floor30) {
		printf("recall at 30%% kept %.3f is below the floor %.3f\n", r30, floor30);
		ret = 1;
	}

	for (i = 0; i < ndays; i++) {
		for (k = 0; k < days[i].n; k++) {
			free(days[i].p[k].title);
			free(days[i].p[k].abstract);
			free(days[i].p[k].authors);
		}
		free(days[i].p);
	}
	free(days);
	free(topic);
	free(against);
	buf_free(&topicfile);
	buf_free(&name);
	rank_model_free(m);
	(void)j;
	return ret;
}
