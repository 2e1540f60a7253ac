/*
 * rank-eval.c - measures the local relevance model on scored days: reads one
 * JSONL file of scored paper records per day (in date order), trains on the
 * first half of the days, and for each later day ranks its papers by BM25
 * against the topic text and by the learned model; prints the recall of the
 * papers with relevance >= R when keeping the top 30/35/40/50 % of each day
 * (pooled over the days, then the mean of each day's recall), the smallest
 * share kept that reaches 98 % pooled recall, and Spearman's rho with the
 * relevance, the mean over the days.  Built and run by tests/bench-model.sh and tests/rank.t.
 *
 * usage: rank-eval [-qv] [-t topics] [-R min] [-s train_days] [-l label] [-e epochs]
 *        [-r lr] [-2 l2] [-w pos_weight] [-b bits] [-B blend] day.jsonl ...
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ax.h"
#include "rank.h"

struct paper {
	char	*title, *abstract;
	double	 rel;
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

/* one line of figures for the test days; returns the pooled recall at 50 % */
static double
report(const char *name, int from)
{
	static const int pcts[] = { 30, 35, 40, 50 };
	size_t rel, h, tothit[4] = { 0 }, totrel = 0, t, hit98;
	double rho = 0, r50 = 0, dayrec[4] = { 0 };
	int i, p, n = 0, p98 = 100, nrel = 0;

	for (i = from; i < ndays; i++) {
		if (days[i].n < 2)
			continue;
		rho += spearman(&days[i]);
		n++;
		for (t = 0; t < 4; t++) {
			tothit[t] += h = kept(&days[i], pcts[t], &rel, verbose);
			if (rel > 0)
				dayrec[t] += (double)h / (double)rel;
			if (t == 0) {
				totrel += rel;
				nrel += rel > 0;
			}
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
	printf("%-8s", name);
	for (t = 0; t < 4; t++)
		printf(" recall@%d%% %5.1f%%", pcts[t],
		    totrel ? 100.0 * (double)tothit[t] / (double)totrel : 0);
	printf("  98%%-recall@%d%%  spearman %.3f  (%zu relevant, %d days)\n", p98,
	    n ? rho / n : 0, totrel, n);
	printf("%-8s", "  by day");
	for (t = 0; t < 4; t++)
		printf(" recall@%d%% %5.1f%%", pcts[t], nrel ? 100.0 * dayrec[t] / nrel : 0);
	printf("  (mean over the %d days with a relevant paper)\n", nrel);
	r50 = totrel ? (double)tothit[3] / (double)totrel : 1;
	return r50;
}

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-qv] [-t topics] [-R min] [-s train_days] [-l label] "
	    "[-e epochs] [-r lr] [-2 l2] [-w pos_weight] [-b bits] [-B blend] day.jsonl ...\n",
	    getprog());
	exit(EX_USAGE);
}

int
main(int argc, char *argv[])
{
	struct rank_train_opts o;
	struct rank_trainer *tr;
	struct rank_model *m = NULL;
	struct rank_bm25 *q;
	struct buf topicfile = { 0 };
	char *topic = NULL;
	const char *topics = NULL;
	double *bm = NULL, blend = 0, floor50 = -1, r50;
	int c, i, split = -1, ret = 0;
	size_t j, k;

	setprog(argv[0]);
	rank_train_defaults(&o);
	while ((c = getopt(argc, argv, "qvt:R:s:l:e:r:2:w:b:B:F:")) != -1) {
		switch (c) {
		case 'q': quiet = 1; break;
		case 'v': verbose = 1; break;
		case 't': topics = optarg; break;
		case 'R': minrel = (int)parsenum(optarg, 1, 10, "-R"); break;
		case 's': split = (int)parsenum(optarg, 1, 100000, "-s"); break;
		case 'l': o.label = (int)parsenum(optarg, 0, 10, "-l"); break;
		case 'e': o.epochs = (int)parsenum(optarg, 1, 1000, "-e"); break;
		case 'r': o.lr = parsedbl(optarg, 0, 100, "-r"); break;
		case '2': o.l2 = parsedbl(optarg, 0, 1, "-2"); break;
		case 'w': o.pos_weight = parsedbl(optarg, 0, 1000, "-w"); break;
		case 'b': o.bits = (int)parsenum(optarg, 8, 24, "-b"); break;
		case 'B': blend = parsedbl(optarg, 0, 1000, "-B"); break;
		case 'F': floor50 = parsedbl(optarg, 0, 1, "-F"); break;
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
		topic = rank_topic_text(buf_str(&topicfile));
	}

	tr = rank_trainer_new(&o);
	for (i = 0; i < split; i++)
		for (j = 0; j < days[i].n; j++)
			rank_trainer_add(tr, days[i].p[j].title, days[i].p[j].abstract,
			    days[i].p[j].rel);
	m = rank_trainer_fit(tr);
	if (!quiet)
		printf("trained on days 1-%d (%zu papers), evaluated on days %d-%d, "
		    "relevant = relevance >= %d\n", split, rank_trainer_count(tr), split + 1,
		    ndays, minrel);
	rank_trainer_free(tr);

	if (topic) {
		for (i = split; i < ndays; i++) {
			q = rank_bm25_new(topic);
			for (j = 0; j < days[i].n; j++)
				rank_bm25_add(q, days[i].p[j].title, days[i].p[j].abstract);
			bm = xreallocarray(bm, days[i].n + 1, sizeof *bm);
			for (j = 0; j < days[i].n; j++)
				days[i].p[j].s = bm[j] = rank_bm25_score(q, j, NULL);
			rank_bm25_free(q);
		}
		report("bm25", split);
	}
	for (i = split; i < ndays; i++)
		for (j = 0; j < days[i].n; j++)
			days[i].p[j].s = rank_model_score(m, days[i].p[j].title,
			    days[i].p[j].abstract, NULL);
	r50 = report("learned", split);
	if (topic && blend > 0) {
		for (i = split; i < ndays; i++) {
			q = rank_bm25_new(topic);
			for (j = 0; j < days[i].n; j++)
				rank_bm25_add(q, days[i].p[j].title, days[i].p[j].abstract);
			for (j = 0; j < days[i].n; j++) {
				double b = rank_bm25_score(q, j, NULL);
				days[i].p[j].s += blend * b / (b + 10);
			}
			rank_bm25_free(q);
		}
		report("blend", split);
	}
	if (floor50 >= 0 && r50 < floor50) {
		printf("learned recall at 50%% kept %.3f is below the floor %.3f\n", r50, floor50);
		ret = 1;
	}

	for (i = 0; i < ndays; i++) {
		for (k = 0; k < days[i].n; k++) {
			free(days[i].p[k].title);
			free(days[i].p[k].abstract);
		}
		free(days[i].p);
	}
	free(days);
	free(bm);
	free(topic);
	buf_free(&topicfile);
	rank_model_free(m);
	return ret;
}
