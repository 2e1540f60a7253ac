/* local.c - axscore --provider local: scored papers from tools/axscore/rank.c; --train. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ax.h"
#include "axscore.h"
#include "rank.h"

struct scorer {
	struct rank_model *m;	/* learned model, or NULL: BM25 */
	struct rank_bm25 *q;
	const char *name;	/* the "model" key */
	const char *key;	/* prefilter: set only this key */
	struct json_object **held;	/* BM25: every paper until the end of input */
	struct rank_bm25 **secq;	/* BM25: one query a topic section (NULL: empty one) */
	struct topics sec;		/* the topics file's sections (lib/topics.c) */
	size_t	 n, cap;
	size_t	 empty;		/* papers with neither title nor abstract */
	struct buf why;
};

static double
round2(double x)
{
	return floor(x * 100 + 0.5) / 100;
}

static void
setnum(struct json_object *p, const char *key, double v)
{
	char s[32];

	snprintf(s, sizeof s, "%.2f", round2(v));
	json_object_object_add(p, key, json_object_new_double_s(round2(v), s));
}

/* the scored-paper keys, or only sc->key for a prefilter */
static void
annotate(struct scorer *sc, struct json_object *p, double est)
{
	struct buf r = { 0 };
	int rel;

	if (jhas(p, "score")) {	/* followed author: scored already */
		if (sc->key)
			json_object_object_add(p, sc->key,
			    json_object_get(json_object_object_get(p, "score")));
		return;
	}
	if (sc->key) {
		setnum(p, sc->key, est);
		return;
	}
	if (text_blank(jstr(p, "title")) && text_blank(jstr(p, "abstract"))) {
		/* nothing to judge: carried with why, as the LLM path carries a failure */
		json_object_object_add(p, "error",
		    json_object_new_string("no title or abstract to score"));
		sc->empty++;
		return;
	}
	rel = (int)lround(est);
	rel = rel < 1 ? 1 : rel > 10 ? 10 : rel;
	json_object_object_add(p, "relevance", json_object_new_int(rel));
	setnum(p, "score", est);
	if (sc->why.len > 0)
		buf_printf(&r, "Local model: matched %s", sc->why.s);
	else
		buf_adds(&r, sc->m ? "Local model: no strong terms" : "Local model: no topic terms matched");
	json_object_object_add(p, "reason", json_object_new_string(r.s));
	json_object_object_add(p, "model", json_object_new_string(sc->name));
	buf_free(&r);
}

/*
 * BM25 has no fixed scale and grows with the topic's length: divided by the
 * square root of the topic's term count it averages about 0.95 for papers the
 * LLM rated 1, 1.8 at 5 and 3.7 at 10 on the astro-ph fixture days; a logistic
 * curve in its logarithm maps that onto 1-10 (5.5 at 1.8).
 */
static double
bm25_relevance(double s, size_t nterms)
{
	if (s <= 0 || nterms == 0)
		return 1;
	return 1 + 9 / (1 + exp(-3.5 * (log(s / sqrt((double)nterms)) - log(1.8))));
}

static void
paper(struct scorer *sc, struct json_object *p)
{
	double est;

	if (sc->m == NULL) {	/* BM25 needs the whole input for its term statistics */
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 256;
			sc->held = xreallocarray(sc->held, sc->cap, sizeof *sc->held);
		}
		sc->held[sc->n++] = json_object_get(p);
		if (!jhas(p, "score")) {
			size_t i;

			rank_bm25_add(sc->q, jstr(p, "title"), jstr(p, "abstract"));
			for (i = 0; i < sc->sec.n; i++)
				if (sc->secq[i])
					rank_bm25_add(sc->secq[i], jstr(p, "title"), jstr(p, "abstract"));
		}
		return;
	}
	buf_reset(&sc->why);
	est = jhas(p, "score") ? 0 :
	    rank_model_score(sc->m, jstr(p, "title"), jstr(p, "abstract"), NULL, &sc->why);
	annotate(sc, p, est);
	jsonl_write(stdout, p);
}

static int
record(struct json_object *rec, const char *file, long line, void *arg)
{
	struct scorer *sc = arg;
	struct json_object *papers;
	size_t i, n;

	if (!json_object_object_get_ex(rec, "papers", &papers)) {
		paper(sc, rec);
		return 0;
	}
	if (!json_object_is_type(papers, json_type_array)) {
		msg("%s:%ld: papers is not an array", file, line);
		return 1;
	}
	n = json_object_array_length(papers);
	for (i = 0; i < n; i++) {
		struct json_object *p = json_object_array_get_idx(papers, i);

		if (!json_object_is_type(p, json_type_object)) {
			msg("%s:%ld: paper %zu is not an object", file, line, i + 1);
			continue;
		}
		paper(sc, p);
	}
	return 0;
}

static struct rank_model *
loadmodel(const char *path)
{
	struct rank_model *m;
	const char *why;
	struct stat st;
	long line;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		msg("%s:", path);
		return NULL;
	}
	if ((m = rank_model_load(fp, &line, &why)) == NULL) {
		if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode))
			msg("%s: %s", path, strerror(EISDIR));
		else if (line == 0)
			msg("%s: empty file, not a model", path);
		else
			msg("%s:%ld: %s", path, line, why);
	}
	fclose(fp);
	return m;
}

/*
 * The topic sections' queries (topics_read): each section's text read
 * as a topics file of its own, without feedback.
 */
static void
section_queries(struct scorer *sc, const char *text)
{
	char *pos, *neg;
	size_t i;

	topics_read(text, &sc->sec);
	sc->secq = xcalloc(sc->sec.n + 1, sizeof *sc->secq);
	for (i = 0; i < sc->sec.n; i++) {
		rank_topic_parse(sc->sec.text[i], &pos, &neg);
		sc->secq[i] = rank_bm25_new(pos, neg);
		rank_bm25_prf(sc->secq[i], 0, 0, 0);
		rank_bm25_cooc(sc->secq[i], 0, 0);
		if (rank_bm25_nterms(sc->secq[i]) == 0) {
			rank_bm25_free(sc->secq[i]);
			sc->secq[i] = NULL;
		}
		free(pos);
		free(neg);
	}
}

/*
 * The name of the section paper k matches best: the highest BM25, the first
 * of equals; NULL when no section matches at all.  Plain BM25, not over the
 * square root of the section's term count: on 63 astro-ph days the LLM's
 * comment on a paper it rated 8 or more names the topic picked for 303 of 417
 * papers this way, 277 with the division, 248 for the commonest topic alone.
 */
static const char *
best_section(const struct scorer *sc, size_t k)
{
	const char *best = NULL;
	double v, top = 0;
	size_t i;

	for (i = 0; i < sc->sec.n; i++) {
		if (sc->secq[i] == NULL)
			continue;
		v = rank_bm25_score(sc->secq[i], k, NULL);
		if (v > top) {
			top = v;
			best = sc->sec.name[i];
		}
	}
	return best;
}

int
local_rank(int argc, char **argv, const char *topics_file, const char *model_file,
    const char *key)
{
	struct scorer sc = { 0 };
	struct buf text = { 0 };
	char *topic, *against = NULL;
	const char **ti = NULL, **ab = NULL;
	double *s = NULL;
	size_t i, k = 0;
	long line;
	int ret;

	if (topics_file == NULL && model_file == NULL) {
		msg("--provider local: needs a topics file or a model file");
		return EX_USAGE;
	}
	if (topics_file && model_file == NULL && strcmp(topics_file, "-") == 0) {
		for (i = 0; i < (size_t)argc && strcmp(argv[i], "-") != 0; i++)
			;
		if (argc == 0 || i < (size_t)argc) {	/* the papers read from it too */
			msg("--topics -: standard input holds the papers; give the topics as a file");
			return EX_USAGE;
		}
	}
	sc.key = key;
	if (model_file) {
		if ((sc.m = loadmodel(model_file)) == NULL)
			return EX_USAGE;
		sc.name = xasprintf("local:%s", model_file);
	} else {
		if (buf_readfile(&text, topics_file) == -1) {
			msg("%s:", topics_file);
			buf_free(&text);
			return EX_USAGE;
		}
		if ((line = text_nulline(text.s, text.len)) > 0) {
			msg("%s:%ld: NUL byte: not a text file (binary, or UTF-16?)", topics_file, line);
			buf_free(&text);
			return EX_USAGE;
		}
		rank_topic_parse(buf_str(&text), &topic, &against);
		sc.q = rank_bm25_new(topic, against);
		free(topic);
		if (rank_bm25_nterms(sc.q) == 0) {
			msg("%s: no topic words", topics_file);
			rank_bm25_free(sc.q);
			free(against);
			buf_free(&text);
			return EX_USAGE;
		}
		if (key == NULL)	/* scoring: each paper's best-matching topic */
			section_queries(&sc, buf_str(&text));
		buf_free(&text);
		sc.name = xstrdup("local:bm25");
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = jsonl_loop(argc, argv, record, &sc);
	if (sc.q) {	/* the papers added to BM25, then its feedback from the best */
		ti = xcalloc(sc.n + 1, sizeof *ti);
		ab = xcalloc(sc.n + 1, sizeof *ab);
		s = xcalloc(sc.n + 1, sizeof *s);
		for (i = 0; i < sc.n; i++)
			if (!jhas(sc.held[i], "score")) {
				ti[k] = jstr(sc.held[i], "title");
				ab[k] = jstr(sc.held[i], "abstract");
				s[k] = rank_bm25_score(sc.q, k, NULL);
				k++;
			}
		rank_bm25_feedback(sc.q, against, ti, ab, s, k);
		k = 0;
	}
	for (i = 0; i < sc.n; i++) {
		double est = 0;

		const char *topic = NULL;

		if (!jhas(sc.held[i], "score")) {
			buf_reset(&sc.why);
			rank_bm25_score(sc.q, k, &sc.why);	/* the reader's terms name the match */
			est = bm25_relevance(s[k], rank_bm25_nterms(sc.q));
			if (lround(est) >= 2)	/* at 1 the match is a stray word */
				topic = best_section(&sc, k);
			k++;
		}
		annotate(&sc, sc.held[i], est);
		if (topic != NULL && !sc.key)
			json_object_object_add(sc.held[i], "topic", json_object_new_string(topic));
		jsonl_write(stdout, sc.held[i]);
		json_object_put(sc.held[i]);
	}
	free(sc.held);
	free(ti);
	free(ab);
	free(s);
	free(against);
	free((char *)sc.name);
	buf_free(&sc.why);
	rank_model_free(sc.m);
	rank_bm25_free(sc.q);
	for (i = 0; i < sc.sec.n; i++)
		rank_bm25_free(sc.secq[i]);
	free(sc.secq);
	topics_free(&sc.sec);
	if (sc.empty > 0) {
		msg("%zu paper%s with neither title nor abstract: not scored (\"error\")",
		    sc.empty, sc.empty == 1 ? "" : "s");
		if (ret == 0)
			ret = EX_FAIL;
	}
	return ret;
}

int
local_score(int argc, char **argv, const char *topics_file, const char *model_file)
{
	return local_rank(argc, argv, topics_file, model_file, NULL);
}

/* history: the last record of each id wins, in the order ids first appear */
struct history {
	struct json_object *byid;	/* id -> index */
	char	**title, **abstract;
	double	*rel;
	size_t	 n, cap, norel;
};

static int
learn(struct json_object *rec, const char *file, long line, void *arg)
{
	struct history *h = arg;
	struct json_object *ix;
	const char *id = jstr(rec, "id");
	size_t i;

	double rel;
	int r;

	if ((r = jnum_get(rec, "relevance", 0, &rel)) == 0) {
		h->norel++;	/* followed authors, errors: no judgment to learn from */
		return 0;
	}
	/* a judgment is 1 to 10 (ax-paper(5)); any other is a bad line, not a label */
	if (r == -1 || !(rel >= 1 && rel <= 10)) {
		msg("%s:%ld: relevance is not a number from 1 to 10: not learned from", file, line);
		return 1;
	}
	if (id && json_object_object_get_ex(h->byid, id, &ix)) {
		i = (size_t)json_object_get_int64(ix);
		free(h->title[i]);
		free(h->abstract[i]);
	} else {
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 1024;
			h->title = xreallocarray(h->title, h->cap, sizeof *h->title);
			h->abstract = xreallocarray(h->abstract, h->cap, sizeof *h->abstract);
			h->rel = xreallocarray(h->rel, h->cap, sizeof *h->rel);
		}
		i = h->n++;
		if (id)
			json_object_object_add(h->byid, id, json_object_new_int64((int64_t)i));
	}
	h->title[i] = xstrdup(jstr(rec, "title") ? jstr(rec, "title") : "");
	h->abstract[i] = xstrdup(jstr(rec, "abstract") ? jstr(rec, "abstract") : "");
	h->rel[i] = rel;
	return 0;
}

int
local_train(int argc, char **argv, const char *model_file)
{
	struct history h = { 0 };
	struct rank_train_opts o;
	struct rank_trainer *tr;
	struct rank_model *m;
	char *mem = NULL;
	size_t memlen = 0;
	FILE *fp;
	size_t i, pos = 0;
	int ret, saved;

	h.byid = json_object_new_object();
	ret = jsonl_loop(argc, argv, learn, &h);
	if (h.norel > 0)
		msg("train: records without relevance ignored: %zu", h.norel);
	if (h.n == 0) {
		msg("train: no scored papers to learn from");
		json_object_put(h.byid);
		return EX_FAIL;
	}
	rank_train_defaults(&o);	/* label 7: the best recall in tests/bench-model.sh */
	tr = rank_trainer_new(&o);
	for (i = 0; i < h.n; i++) {
		rank_trainer_add(tr, h.title[i], h.abstract[i], NULL, h.rel[i]);
		pos += h.rel[i] >= o.label;
		free(h.title[i]);
		free(h.abstract[i]);
	}
	m = rank_trainer_fit(tr);
	rank_trainer_free(tr);
	if (isatty_stderr())
		msg("train: %zu papers, %zu with relevance >= %d", h.n, pos, o.label);
	if (pos == 0 || pos == h.n)
		msg("train: every paper has the same label; the model ranks nothing");

	/* a reader never sees half a model: atomic_write replaces it whole */
	if ((fp = open_memstream(&mem, &memlen)) == NULL)
		die(EX_FAIL, "open_memstream:");
	/* both run: the stream is closed whether or not the save failed */
	saved = rank_model_save(m, fp);
	if (fclose(fp) == EOF || saved == -1) {
		msg("%s: write error", model_file);
		ret = EX_FAIL;
	} else if (atomic_write(model_file, mem, memlen, 0644) == -1)
		ret = EX_FAIL;
	free(mem);
	rank_model_free(m);
	free(h.title);
	free(h.abstract);
	free(h.rel);
	json_object_put(h.byid);
	return ret;
}
