/* test_rank.c - unit tests of tools/axscore/rank.c on hand-made text and tiny hand-made corpora. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"
#include "rank.h"
#include "tap.h"

/* the tokens of text joined by spaces, in a static buffer */
static const char *
toks(const char *text)
{
	static struct buf out;
	struct rank_toks t = { 0 };
	size_t i;

	rank_tokenize(&t, text);
	buf_reset(&out);
	buf_add(&out, "", 0);
	for (i = 0; i < t.n; i++) {
		if (i)
			buf_addc(&out, ' ');
		buf_adds(&out, rank_tok(&t, i));
	}
	rank_toks_free(&t);
	return out.s;
}

#define TOK(in, want) do { \
	const char *got_ = toks(in); \
	ok(strcmp(got_, want) == 0, "tokenize %s -> %s%s%s", in, want, \
	    strcmp(got_, want) ? " (got " : "", strcmp(got_, want) ? got_ : ""); \
	if (strcmp(got_, want)) printf("#   got: %s\n", got_); \
} while (0)

static const char *
stem(const char *w)
{
	static char s[64];
	size_t n;

	snprintf(s, sizeof s, "%s", w);
	n = rank_stem(s, strlen(s));
	s[n] = '\0';
	return s;
}

/* handmade corpus: papers about dark matter subhalos are relevant, the rest are not */
static const char *corpus[][3] = {
	{ "Dark matter subhalos of the Milky Way", "We count dark matter subhalos around dwarf satellite galaxies.", "9" },
	{ "Subhalo lensing constraints on dark matter", "Strong lensing of dark matter subhalos probes small scales.", "8" },
	{ "Satellite galaxies and their dark matter halos", "Dwarf satellite galaxies trace dark matter subhalos.", "9" },
	{ "Core-cusp problem in dwarf galaxies", "Dark matter density profiles of dwarf galaxies show cores.", "8" },
	{ "Exoplanet atmospheres with JWST", "Transmission spectra of hot Jupiter exoplanet atmospheres.", "2" },
	{ "Solar flares and coronal loops", "Magnetic reconnection heats coronal loops during solar flares.", "1" },
	{ "Pulsar timing arrays", "Gravitational waves from pulsar timing residuals.", "2" },
	{ "Black hole accretion disks", "Accretion disk winds around supermassive black holes.", "1" },
	{ "Exoplanet demographics", "The occurrence rate of small exoplanets around M stars.", "2" },
	{ "Solar wind turbulence", "Turbulence in the solar wind measured by Parker Solar Probe.", "1" },
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

static struct rank_model *
train_corpus(void)
{
	struct rank_trainer *tr = rank_trainer_new(NULL);
	struct rank_model *m;
	size_t i;

	for (i = 0; i < NCORPUS; i++)
		rank_trainer_add(tr, corpus[i][0], corpus[i][1], NULL, atof(corpus[i][2]));
	ok(rank_trainer_count(tr) == NCORPUS, "trainer counts the handmade corpus");
	m = rank_trainer_fit(tr);
	rank_trainer_free(tr);
	return m;
}

/*
 * each training setting bench-model.sh measures, on the corpus as two days
 * of two positives and three negatives each (the pairwise objectives draw
 * pairs within a day): every positive above every negative
 */
static void
settings(void)
{
	static const char *name[] = { "label 7 only", "RankNet pairs", "log loss and pairs",
	    "graded pairs", "averaged SGD", "AdaGrad", "3 bags", "NB ratio", "Rocchio",
	    "raw tf", "binary tf", "no unit length", "soft target" };
	struct rank_train_opts o;
	struct rank_trainer *tr;
	struct rank_model *m;
	double lo, hi, s;
	size_t i, j, k;

	for (k = 0; k < sizeof name / sizeof name[0]; k++) {
		rank_train_defaults(&o);
		switch (k) {
		case 0: o.ordinal = 0; break;
		case 1: o.objective = RANK_PAIRWISE; break;
		case 2: o.objective = RANK_BOTH; break;
		case 3: o.objective = RANK_GRADED; break;
		case 4: o.average = 1; break;
		case 5: o.adagrad = 1; break;
		case 6: o.bags = 3; o.ordinal = 0; break;
		case 7: o.nb = 1; break;
		case 8: o.rocchio = 30; break;
		case 9: o.tf = RANK_TF_RAW; break;
		case 10: o.tf = RANK_TF_BINARY; break;
		case 11: o.nonorm = 1; break;
		case 12: o.label = 0; break;
		}
		tr = rank_trainer_new(&o);
		for (i = 0; i < NCORPUS; i++) {	/* the even papers, then the odd */
			j = 2 * i % NCORPUS + (i >= (NCORPUS + 1) / 2);
			if (i == (NCORPUS + 1) / 2)
				rank_trainer_day(tr);
			rank_trainer_add(tr, corpus[j][0], corpus[j][1], NULL, atof(corpus[j][2]));
		}
		m = rank_trainer_fit(tr);
		rank_trainer_free(tr);
		lo = 11;
		hi = 0;
		for (i = 0; i < NCORPUS; i++) {
			s = rank_model_score(m, corpus[i][0], corpus[i][1], NULL, NULL);
			if (atof(corpus[i][2]) >= 7 && s < lo)
				lo = s;
			if (atof(corpus[i][2]) < 7 && s > hi)
				hi = s;
		}
		ok(lo > hi && hi >= 1 && lo <= 10, "learned, %s: every positive above every negative "
		    "(%.2f > %.2f)", name[k], lo, hi);
		rank_model_free(m);
	}
}

static struct rank_model *
load_text(const char *text, long *line, const char **why)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct rank_model *m = rank_model_load(fp, line, why);

	fclose(fp);
	return m;
}

static int
cmpdbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct rank_bm25 *q;
	struct rank_model *m, *m2;
	struct buf why = { 0 };
	double s[NCORPUS], a, b;
	char *topic, *against, *text = NULL, *text2 = NULL;
	size_t i, len, len2;
	const char *err;
	long line;
	FILE *fp;
	int good;

	(void)argc;
	setprog(argv[0]);

	/* tokenizer */
	TOK("The Dark Matter of Galaxies", "dark matter galaxi");
	TOK("Mart\\'inez-Garc\\'ia and Andr\\'es", "martinez garcia andr");
	TOK("Mart\\'{\\i}nez and \\v{S}imon, Sch\\\"onrich", "martinez simon schonrich");
	TOK("$\\Lambda$CDM with $H_0$ at $z\\sim 6$", "lambda cdm h0");
	TOK("\\emph{Gaia} and {\\it JWST} data", "gaia jwst data");
	TOK("core-cusp near-field sub-halo non-linear X-ray N-body", "core cusp near field subhalo nonlinear xray nbodi");
	TOK("satellites satellite halos haloes galaxies galaxy studies study",
	    "satellit satellit halo halo galaxi galaxi studi studi");
	TOK("in 2025 we saw 15 galaxies at 21cm", "saw galaxi 21cm");
	TOK("galaxy\xe2\x80\x99s disc \xe2\x80\x94 and \xc3\xa9toiles", "galaxi disc \xc3\xa9toil");
	TOK("", "");
	TOK("\\\\ $ { } \\", "");
	ok(strcmp(stem("series"), "seri") == 0 && strcmp(stem("time"), "time") == 0 &&
	    strcmp(stem("learning"), "learn") == 0 && strcmp(stem("learned"), "learn") == 0 &&
	    strcmp(stem("gas"), "gas") == 0, "Snowball English stems: series, learning, learned");
	{
		struct rank_toks t = { 0 };

		rank_tokenize(&t, "Time Series of Galaxies");
		ok(t.n == 3 && strcmp(rank_word(&t, 1), "series") == 0 &&
		    strcmp(rank_tok(&t, 1), "seri") == 0 && strcmp(rank_word(&t, 2), "galaxies") == 0,
		    "each token keeps the word the text used");
		rank_toks_free(&t);
	}
	ok(rank_stopword("the") && rank_stopword("therefore") && !rank_stopword("galaxy") &&
	    !rank_stopword("th"), "stop words");

	/* topic text: what counts for, what against, what not at all */
	rank_topic_parse("Score these:\n{{papers}}\n## Topics\n1. Dwarf galaxies\n"
	    "   - Irrelevant: the Galactic bar\n- Relevant: subhalos\n", &topic, &against);
	ok(strstr(topic, "Dwarf galaxies") && strstr(topic, "subhalos") &&
	    !strstr(topic, "Score these") && !strstr(topic, "bar") && strstr(against, "Galactic bar"),
	    "topic text: after {{papers}}, Irrelevant lines against");
	free(topic);
	free(against);
	rank_topic_parse("Dwarf galaxies and subhalos.\n{{papers}}\n\n", &topic, &against);
	ok(strcmp(topic, "Dwarf galaxies and subhalos.\n") == 0 && *against == '\0',
	    "topic text: before {{papers}} when nothing follows");
	free(topic);
	free(against);
	rank_topic_parse("## My topics\n- Mixture of experts\n- Scaling laws of language models\n"
	    "\n## Papers\n{{papers}}\n\nAnswer in JSON.\n", &topic, &against);
	ok(strstr(topic, "Mixture of experts") && strstr(topic, "Scaling laws") &&
	    !strstr(topic, "Answer"),
	    "topic text: the side of {{papers}} with the topics, not a line of instructions after it");
	free(topic);
	free(against);
	/* an area applied to counts twice against; a long phrase's pairs not at all */
	rank_topic_parse("Quantization.\n- Application: speech\n- Irrelevant: speech\n",
	    &topic, &against);
	ok(strstr(against, "application: speech\n") && strstr(against, "\n speech\n"),
	    "topic text: Application lines marked, Irrelevant ones not");
	free(topic);
	free(against);
	{
		static const char *const title = "Quantization for speech";
		struct rank_bm25 *qa = rank_bm25_new("quantization", "application: speech"),
		    *qi = rank_bm25_new("quantization", "speech"),
		    *qs = rank_bm25_new("quantization", "supermassive black hole"),
		    *qb = rank_bm25_new("quantization", "black hole");
		double sa, si, ss, sb;

		rank_bm25_add(qa, title, "");
		rank_bm25_add(qa, "Quantization", "");
		rank_bm25_add(qi, title, "");
		rank_bm25_add(qi, "Quantization", "");
		rank_bm25_add(qs, "Quantization of black hole spins", "");
		rank_bm25_add(qs, "Quantization", "");
		rank_bm25_add(qb, "Quantization of black hole spins", "");
		rank_bm25_add(qb, "Quantization", "");
		sa = rank_bm25_score(qa, 0, NULL);
		si = rank_bm25_score(qi, 0, NULL);
		ss = rank_bm25_score(qs, 0, NULL);
		sb = rank_bm25_score(qb, 0, NULL);
		ok(sa < si && si < rank_bm25_score(qi, 1, NULL),
		    "an application area costs more than an irrelevant one (%.3f < %.3f)", sa, si);
		ok(ss > sb, "\"black hole\" of \"supermassive black hole\" costs less than "
		    "\"black hole\" itself (%.3f > %.3f)", ss, sb);
		rank_bm25_free(qa);
		rank_bm25_free(qi);
		rank_bm25_free(qs);
		rank_bm25_free(qb);
	}
	/* feedback: a paper in the best paper's words, none of the topic's, rises */
	{
		static const char *const ti[] = { "Dark matter subhalos", "Satellite galaxy streams",
		    "Solar flare loops", "Coronal loops" };
		static const char *const ab[] = { "Satellite galaxy counts around the Milky Way.",
		    "Tidal streams of satellite galaxy matter.", "Coronal flare loop matter heating matter.",
		    "Loop heating." };
		struct rank_bm25 *qf = rank_bm25_new("dark matter subhalos", NULL);
		double sf[4], before[4];

		rank_bm25_prf(qf, 10, 1, 0.5);
		for (i = 0; i < 4; i++)
			rank_bm25_add(qf, ti[i], ab[i]);
		for (i = 0; i < 4; i++)
			before[i] = sf[i] = rank_bm25_score(qf, i, NULL);
		rank_bm25_feedback(qf, NULL, ti, ab, sf, 4);
		ok(before[1] > 0 && before[1] < before[2] && sf[1] > sf[2] && sf[0] == before[0],
		    "feedback: the streams paper, in the best paper's words, passes the flares (%.3f > %.3f)",
		    sf[1], sf[2]);
		qsort(before, 4, sizeof *before, cmpdbl);
		qsort(sf, 4, sizeof *sf, cmpdbl);
		ok(memcmp(before, sf, sizeof sf) == 0, "feedback reorders the scores, their values kept");
		rank_bm25_free(qf);
	}
	/* BM25 on the handmade corpus */
	q = rank_bm25_new("dark matter subhalos of dwarf satellite galaxies", NULL);
	ok(rank_bm25_nterms(q) == 11, "BM25 query: 6 words and 5 bigrams");
	good = 1;
	for (i = 0; i < NCORPUS; i++)
		if (rank_bm25_add(q, corpus[i][0], corpus[i][1]) != i)
			good = 0;
	ok(good, "BM25 numbers the papers it adds");
	for (i = 0; i < NCORPUS; i++)
		s[i] = rank_bm25_score(q, i, NULL);
	good = 1;
	for (i = 0; i < NCORPUS; i++)
		if ((i < 4) != (s[i] > 0))
			good = 0;
	ok(good, "BM25 scores the four on-topic handmade papers above zero, the rest zero");
	ok(s[0] > s[4] && s[2] > s[1], "BM25 ranks the paper matching most terms first");
	rank_bm25_score(q, 0, &why);
	ok(strstr(buf_str(&why), "dark matter") && strstr(buf_str(&why), "subhalo"),
	    "BM25 names the matched terms: %s", buf_str(&why));
	rank_bm25_free(q);
	q = rank_bm25_new("the of and", NULL);
	ok(rank_bm25_nterms(q) == 0, "a topic of stop words has no terms");
	rank_bm25_free(q);

	/* the learned model on the handmade corpus */
	m = train_corpus();
	a = rank_model_score(m, "Dark matter subhalos around dwarf galaxies", "Satellite counts.", NULL, NULL);
	b = rank_model_score(m, "Solar flare statistics", "Coronal loops and exoplanets.", NULL, NULL);
	ok(a > b, "learned model: an unseen on-topic paper ranks above an off-topic one (%.2f > %.2f)", a, b);
	ok(a >= 1 && a <= 10 && b >= 1 && b <= 10, "estimates lie in 1-10");
	buf_reset(&why);
	rank_model_score(m, "Dark matter subhalos around dwarf galaxies", "Satellite counts.", NULL, &why);
	ok(strstr(buf_str(&why), "subhalo") || strstr(buf_str(&why), "dark matter"),
	    "learned model names the terms that weighed most: %s", buf_str(&why));
	m2 = train_corpus();
	ok(rank_model_score(m2, "Dark matter subhalos around dwarf galaxies", "Satellite counts.", NULL, NULL) == a,
	    "training is deterministic");
	settings();

	/* model file round trip */
	fp = open_memstream(&text, &len);
	good = rank_model_save(m, fp) == 0;
	ok(good, "model saves");
	fclose(fp);
	ok(strncmp(text, "ax-model 2\nbits 20\nfeatures words,title,bigrams\nlabel 7\npapers 10\nbias ", 71) == 0,
	    "model file starts with its versioned header");
	rank_model_free(m2);
	m2 = load_text(text, &line, &err);
	ok(m2 != NULL, "model loads back");
	ok(m2 && rank_model_score(m2, "Dark matter subhalos around dwarf galaxies",
	    "Satellite counts.", NULL, NULL) == a, "a loaded model scores bit for bit the same");
	fp = open_memstream(&text2, &len2);
	if (m2)
		rank_model_save(m2, fp);
	fclose(fp);
	ok(len == len2 && memcmp(text, text2, len) == 0, "saving a loaded model gives the same file");
	rank_model_free(m2);
	m2 = load_text("ax-model 3\n", &line, &err);
	ok(m2 == NULL && strcmp(err, "unsupported model file version") == 0 && line == 1,
	    "a later major version is refused");
	m2 = load_text("hello\n", &line, &err);
	ok(m2 == NULL && strcmp(err, "not an ax model file") == 0,
	    "a file that is no model is refused");
	*strrchr(text, '\n') = '\0';
	*(strrchr(text, '\n') + 1) = '\0';	/* the last bucket line lost */
	m2 = load_text(text, &line, &err);
	ok(m2 == NULL, "a truncated model is refused (%s)", err ? err : "");
	m2 = load_text("ax-model 1\nbits 20\n", &line, &err);
	ok(m2 == NULL && strstr(err, "train it again") && line == 1,
	    "a version 1 model (the old stemmer) is refused with advice");
	m2 = load_text("ax-model 2\nbits 8\nfeatures words,colour\n", &line, &err);
	ok(m2 == NULL && strcmp(err, "unknown feature") == 0 && line == 3, "an unknown feature is refused");
	m2 = load_text("ax-model 2\nbits 8\nlabel 7\npapers 2\nbias 0\nbuckets 1\n7 3 0.5\n",
	    &line, &err);
	ok(m2 == NULL && line == 7 && strcmp(err, "malformed bucket line") == 0,
	    "a bucket seen in more papers than trained on is refused at its line");
	m2 = load_text("ax-model 2\nbits 8\nlabel soft\npapers 2\nfuture 1\nbias 0\nbuckets 1\n7 1 0.5\n",
	    &line, &err);
	ok(m2 != NULL, "unknown header keys are ignored");
	rank_model_free(m2);
	free(text);
	free(text2);
	rank_model_free(m);
	buf_free(&why);
	return done_testing();
}
