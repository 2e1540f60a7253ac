/* rank.c - the local relevance model: tokenizer, BM25 against a topic, a learned linear model. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "ax.h"
#include "rank.h"

/* --- tokenizer --- */

/*
 * English function words, grouped by length for a fast scan; the model and
 * the IDF judge the domain words.
 */
static const char *const stopwords[] = {
	/* 0 */ "",
	/* 1 */ "",
	/* 2 */ "anasatbebydoetifinisitnoofonorsotoupuswe",
	/* 3 */ "allandanyarebutcandiddueetcfewforhadhashowitsmaynewnornotoffoneouroutown"
	    "perthetootwoviawaswhowhyyetyou",
	/* 4 */ "alsobeenbothdoesdoneeachevenfromhavehereintojustlesslikemanymoremostmuch"
	    "mustonceonlyontooursoversamesomesuchthanthatthemthentheythisthusuponvery"
	    "wellwerewhatwhenwhomwillwithyour",
	/* 5 */ "aboutaboveafteragainalongamongbasedbeingbelowcouldeveryfirstgivenleast"
	    "mightoftenothersincestilltheirtherethesethosethreeunderuntilwherewhich"
	    "whilewhosewould",
	/* 6 */ "acrossaroundbeforeduringeitherhavingitselfrathersecondshouldtowardunlesswithin",
	/* 7 */ "againstanotherbecausebetweenfurtherhoweverincludeseveraltherebythrough"
	    "towardswhetherwithout",
	/* 8 */ "althoughincludes",
	/* 9 */ "followingincludingtherefore",
	/* 10 */ "especially",
	/* 11 */ "",
	/* 12 */ "particularly",
};

/* a hyphen after these joins the parts: sub-halo = subhalo, non-linear = nonlinear */
static const char *const prefixes[] = {
	"anti", "co", "counter", "inter", "intra", "multi", "non", "post", "pre",
	"re", "self", "semi", "sub", "super", "ultra", "un",
};

/* TeX letter commands that stand for a word in math: $\Lambda$CDM -> lambda cdm */
static const char *const greek[] = {
	"alpha", "beta", "chi", "delta", "epsilon", "eta", "gamma", "iota", "kappa",
	"lambda", "mu", "nu", "omega", "phi", "pi", "psi", "rho", "sigma", "tau",
	"theta", "upsilon", "varepsilon", "varphi", "vartheta", "xi", "zeta",
};

/* TeX letter commands that stand for letters inside a word: Mart\'{\i}nez, \o */
static const char *const texletters[][2] = {
	{ "AA", "a" }, { "AE", "ae" }, { "L", "l" }, { "O", "o" }, { "OE", "oe" },
	{ "aa", "a" }, { "ae", "ae" }, { "i", "i" }, { "j", "j" }, { "l", "l" },
	{ "o", "o" }, { "oe", "oe" }, { "ss", "ss" },
};

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
inlist(const char *s, const char *const *list, size_t n)
{
	return bsearch(&s, list, n, sizeof *list, cmpstr) != NULL;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

int
rank_stopword(const char *s)
{
	size_t n = strlen(s);
	const char *w;

	if (n >= NELEM(stopwords))
		return 0;
	for (w = stopwords[n]; *w; w += n)
		if (w[0] == s[0] && w[1] == s[1] && memcmp(w, s, n) == 0)
			return 1;
	return 0;
}

/*
 * Snowball's English (Porter2) stemmer, from libstemmer: studies and study
 * are one term, and so are galaxies and galaxy.  One stemmer for the process
 * (axscore is single-threaded); it lives until exit, and so do the stems of
 * the first STEMCACHE / 2 distinct words, kept because a day's papers use a
 * few thousand words over and over (scoring 100,000 papers twice as fast).
 */
#define STEMCACHE (1u << 17)	/* slots, a power of two */

static struct {
	char	*word[STEMCACHE];
	char	*stem[STEMCACHE];
	size_t	 n;
} *cache;

size_t
rank_stem(char *s, size_t n)
{
	static struct sb_stemmer *st;
	const sb_symbol *r;
	uint32_t h = 2166136261u;
	size_t i, k;
	int len;

	if (n < 3)
		return n;
	if (cache == NULL)
		cache = xcalloc(1, sizeof *cache);
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	for (i = h & (STEMCACHE - 1); cache->word[i]; i = (i + 1) & (STEMCACHE - 1))
		if (strncmp(cache->word[i], s, n) == 0 && cache->word[i][n] == '\0') {
			k = strlen(cache->stem[i]);
			memcpy(s, cache->stem[i], k);
			return k;
		}
	if (st == NULL && (st = sb_stemmer_new("english", NULL)) == NULL)
		die(EX_FAIL, "libstemmer: no English stemmer");
	if ((r = sb_stemmer_stem(st, (const sb_symbol *)s, (int)n)) == NULL)
		die(EX_FAIL, "libstemmer: out of memory");
	if ((len = sb_stemmer_length(st)) <= 0 || (size_t)len > n)
		r = (const sb_symbol *)s;	/* no stem: the word stays */
	k = r == (const sb_symbol *)s ? n : (size_t)len;
	if (cache->n < STEMCACHE / 2) {
		cache->word[i] = xstrndup(s, n);
		cache->stem[i] = xstrndup((const char *)r, k);
		cache->n++;
	}
	memmove(s, r, k);
	return k;
}

void
rank_toks_reset(struct rank_toks *t)
{
	buf_reset(&t->s);
	buf_reset(&t->w);
	t->n = 0;
}

void
rank_toks_free(struct rank_toks *t)
{
	buf_free(&t->s);
	buf_free(&t->w);
	free(t->off);
	free(t->woff);
	t->off = t->woff = NULL;
	t->n = t->cap = 0;
}

/* a token s[0..n) that the text wrote as word[0..wn) */
static void
addword(struct rank_toks *t, const char *s, size_t n, const char *word, size_t wn)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->off = xreallocarray(t->off, t->cap, sizeof *t->off);
		t->woff = xreallocarray(t->woff, t->cap, sizeof *t->woff);
	}
	t->off[t->n] = t->s.len;
	t->woff[t->n++] = t->w.len;
	buf_add(&t->s, s, n);
	buf_addc(&t->s, '\0');
	buf_add(&t->w, word, wn);
	buf_addc(&t->w, '\0');
}

static void
addtok(struct rank_toks *t, const char *s, size_t n)
{
	addword(t, s, n, s, n);
}

/* the word in w ends: keep it when it is a word, not a number or a function word */
static void
flush(struct rank_toks *t, struct buf *w)
{
	size_t i, n = w->len;
	int alpha = 0;

	for (i = 0; i < n; i++)
		if (!(w->s[i] >= '0' && w->s[i] <= '9'))
			alpha = 1;
	if (n >= 2 && alpha && !rank_stopword(w->s)) {
		addword(t, w->s, n, w->s, n);	/* then the stem replaces the word */
		t->s.len = t->off[t->n - 1];
		n = rank_stem(w->s, n);
		buf_add(&t->s, w->s, n);
		buf_addc(&t->s, '\0');
	}
	buf_reset(w);
}

static int
isalnum_ascii(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int
isalpha_ascii(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* does a hyphen after w join the next part to it? */
static int
joins(const struct buf *w)
{
	return w->len == 1 || inlist(w->s, prefixes, NELEM(prefixes));
}

/*
 * Split text into lower-case word tokens, appended to t.  TeX: accents and
 * letter commands join their word (Mart\'{\i}nez -> martinez), braces vanish,
 * other commands separate words, Greek letters become words ($\Lambda$CDM ->
 * lambda cdm), $ and math operators separate but subscripts join ($H_0$ ->
 * h0).  A hyphen splits (core-cusp -> core cusp) unless the first part is one
 * letter or a prefix (X-ray -> xray, sub-halo -> subhalo).  Numbers,
 * one-letter words and function words are dropped; plurals are stemmed
 * (rank_stem).  Other UTF-8 letters are kept as they are.
 */
void
rank_tokenize(struct rank_toks *t, const char *text)
{
	struct buf w = { 0 }, cmd = { 0 };
	const unsigned char *p = (const unsigned char *)text;
	size_t i;
	int hit, math = 0;

	buf_add(&w, "", 0);
	while (*p) {
		if (isalnum_ascii(*p)) {
			buf_addc(&w, lower(*p++));
		} else if (*p == '\\') {
			p++;
			if (!isalpha_ascii(*p)) {
				/* \' \" \^ \` \~ \= \. accent the next letter; \\ \, \% \$ separate */
				if (*p && strchr("'\"^`~=.", *p))
					p++;
				else {
					flush(t, &w);
					if (*p)
						p++;
				}
				continue;
			}
			buf_reset(&cmd);
			while (isalpha_ascii(*p))
				buf_addc(&cmd, *p++);
			if (cmd.len == 1 && strchr("uvHckrdbt", cmd.s[0]) && (*p == '{' || *p == ' ')) {
				while (*p == ' ')
					p++;
				continue;	/* \v{s}, \c c: an accent */
			}
			hit = 0;
			for (i = 0; i < NELEM(texletters); i++)
				if (strcmp(cmd.s, texletters[i][0]) == 0) {
					buf_adds(&w, texletters[i][1]);
					hit = 1;
					break;
				}
			if (hit)
				continue;
			flush(t, &w);
			for (i = 0; i < cmd.len; i++)
				cmd.s[i] = (char)lower(cmd.s[i]);
			if (inlist(cmd.s, greek, NELEM(greek))) {
				buf_adds(&w, cmd.s);
				flush(t, &w);
			}
		} else if (*p == '{' || *p == '}' || (math && (*p == '_' || *p == '^'))) {
			p++;	/* grouping only: {\it N}-body, Mart\'{\i}nez, $H_0$ */
		} else if (*p == '$') {
			math = !math;
			flush(t, &w);
			p++;
		} else if (*p == '-' || (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x90 &&
		    p[2] <= 0x95)) {
			p += *p == '-' ? 1 : 3;
			if (w.len > 0 && isalnum_ascii(*p) && joins(&w))
				continue;
			flush(t, &w);
		} else if (*p >= 0x80) {
			/* non-breaking space, quotes and apostrophes separate; letters stay */
			if ((p[0] == 0xc2 && p[1] == 0xa0) ||
			    (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x98 && p[2] <= 0x9f)) {
				flush(t, &w);
				p += p[0] == 0xc2 ? 2 : 3;
				continue;
			}
			buf_addc(&w, *p++);
		} else {
			flush(t, &w);
			p++;
		}
	}
	flush(t, &w);
	buf_free(&w);
	buf_free(&cmd);
}

const char *
rank_tok(const struct rank_toks *t, size_t i)
{
	return t->s.s + t->off[i];
}

const char *
rank_word(const struct rank_toks *t, size_t i)
{
	return t->w.s + t->woff[i];
}

/* --- topic text and BM25 --- */

#define RANK_NEGWORD 0.25	/* a word of a phrase against, to the phrase */
#define RANK_NEGPROSE 0.2	/* a line of prose against, to a keyword list */
#define RANK_NEGABS 0.25	/* against: a word in the abstract, to one in the title */
#define RANK_NEGABSAPP 0.5	/* and of an area named application-only */
#define RANK_NEGAPP 2	/* an area the topics name as application-only, to one irrelevant */

static int
lowereq(const char *s, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

/* does s[0..n), in lower case, contain w? */
static int
hasword_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w), i;

	for (i = 0; i + k <= n; i++)
		if (lowereq(s + i, w, k))
			return 1;
	return 0;
}

/* a line's label, the text before a colon ("Irrelevant:", "- **Application**:") */
static const char *const neglabels[] = {
	"application", "avoid", "do not", "don't", "exclude", "ignore", "irrelevant",
	"negative", "not interested", "not relevant", "off-topic", "off topic", "unwanted",
};
/* a sentence that starts with these words names what the reader does not want */
static const char *const negverbs[] = { "avoid", "exclude", "ignore", "skip" };
/* and one that starts with these instructs the scorer: "Keep relevant papers" */
static const char *const instverbs[] = {
	"consider", "give", "keep", "output", "please", "rate", "read", "respond", "return",
	"score", "to", "use", "write", "you", "your",
};
/* headings whose sections instruct the scorer rather than describe the reader */
static const char *const skipheads[] = {
	"example", "format", "instruction", "output", "response", "rubric", "scoring",
	"score", "criteria",
};

/* 1: the label names what to avoid, 0: another label, -1: no label; *rest after the colon */
static int
label(const char *s, const char *end, const char **rest)
{
	const char *c, *q;
	size_t i, n;

	for (c = s; c < end && *c != ':' && c - s < 40; c++)
		if (*c == '.' || *c == ',' || *c == '(')
			return -1;
	if (c >= end || *c != ':' || c == s)
		return -1;
	for (q = c + 1; q < end && (*q == '*' || *q == '_'); q++)
		;
	*rest = q;
	n = (size_t)(c - s);
	for (i = 0; i < NELEM(neglabels); i++)
		if (n >= strlen(neglabels[i]) && lowereq(s, neglabels[i], strlen(neglabels[i])))
			return 1;
	return 0;
}

/* does the sentence s[0..end) start with one of the n words in list? */
static int
startswith(const char *s, const char *end, const char *const *list, size_t n)
{
	size_t i, k;

	while (s < end && (*s == '*' || *s == '_' || *s == ' '))
		s++;
	for (i = 0; i < n; i++) {
		k = strlen(list[i]);
		if ((size_t)(end - s) > k && lowereq(s, list[i], k) && s[k] == ' ')
			return 1;
	}
	return 0;
}

/*
 * The sentences of s[0..end): those that start with a verb of avoiding to
 * neg, those that instruct the scorer nowhere, the rest to pos.
 */
static void
sentences(const char *s, const char *end, struct buf *pos, struct buf *neg)
{
	const char *e;
	struct buf *to;

	while (s < end) {
		for (e = s; e < end && !(strchr(".!?", *e) && (e + 1 == end || e[1] == ' ')); e++)
			;
		if (e < end)
			e++;
		to = startswith(s, e, negverbs, NELEM(negverbs)) ? neg :
		    startswith(s, e, instverbs, NELEM(instverbs)) ? NULL : pos;
		if (to) {
			buf_add(to, s, (size_t)(e - s));
			buf_addc(to, '\n');
		}
		s = e;
	}
}

/*
 * A topics file read for its terms (ax-model(5)).  A prompt template holding
 * {{papers}} keeps the side of the marker with more topic text (ax's ML
 * template lists the reader's topics after the papers, the astro one before).
 * Sections under a heading about instructions, scoring, criteria, rubrics,
 * output formats or examples are skipped.  A line labelled "Irrelevant:",
 * "Application:", "Avoid:", "Exclude:", "Not relevant:" (and the like) goes to
 * *neg, and so do the list items under such a label standing alone on its
 * line, and sentences that start with "Avoid", "Exclude", "Ignore" or "Skip";
 * the rest goes to *pos.  A line or item under an "Application:" label goes
 * to *neg behind "application:", which qterms weighs RANK_NEGAPP times: the
 * reader wants the methods, not their use in those areas.  Both are malloc'd.
 */
static void
topic_read(const char *s, const char *end, struct buf *pb, struct buf *nb)
{
	const char *q, *nl, *rest;
	int skip = 0, lev, block = 0, lab, app = 0;
	size_t i;

	buf_add(pb, "", 0);
	buf_add(nb, "", 0);
	for (; s < end; s = nl < end ? nl + 1 : end) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		for (q = s; q < nl && strchr(" \t>", *q); q++)
			;
		if (q < nl && *q == '#') {	/* a heading */
			for (lev = 0; q < nl && *q == '#'; q++)
				lev++;
			block = 0;
			if (skip && lev > skip)
				continue;
			skip = 0;
			for (i = 0; i < NELEM(skipheads); i++)
				if (hasword_ci(q, (size_t)(nl - q), skipheads[i]))
					skip = lev;
			if (!skip)
				sentences(q, nl, pb, nb);
			continue;
		}
		if (skip)
			continue;
		for (; q < nl && strchr(" \t>-*+_0123456789.)", *q); q++)
			;
		if (q == nl) {	/* a blank line ends a labelled list */
			block = 0;
			continue;
		}
		if ((lab = label(q, nl, &rest)) >= 0) {
			/* the areas a method is applied to, marked for qterms */
			app = lab == 1 && lowereq(q, "application", strlen("application"));
			for (q = rest; q < nl && strchr(" \t*_", *q); q++)
				;
			block = q == nl ? lab : 0;
			if (lab == 1) {
				if (app)
					buf_adds(nb, "application:");
				buf_add(nb, rest, (size_t)(nl - rest));
				buf_addc(nb, '\n');
			} else
				sentences(rest, nl, pb, nb);
		} else if (block == 1) {
			if (app)
				buf_adds(nb, "application:");
			buf_add(nb, q, (size_t)(nl - q));
			buf_addc(nb, '\n');
		} else
			sentences(q, nl, pb, nb);
	}
}

void
rank_topic_parse(const char *file_text, char **pos, char **neg)
{
	const char *s = file_text, *end = s + strlen(s), *m, *after;
	struct buf p = { 0 }, n = { 0 }, p2 = { 0 }, n2 = { 0 };

	if ((m = strstr(s, "{{papers}}")) == NULL) {
		topic_read(s, end, &p, &n);
	} else {
		/*
		 * The side of the marker that holds more topic text once the
		 * instructions are left out: a line such as "Answer in JSON"
		 * after the papers must not stand for topics listed before them
		 */
		after = m + strlen("{{papers}}");
		topic_read(after, end, &p, &n);
		topic_read(s, m, &p2, &n2);
		if (p2.len + n2.len > p.len + n.len) {
			buf_free(&p);
			buf_free(&n);
			p = p2;
			n = n2;
		} else {
			buf_free(&p2);
			buf_free(&n2);
		}
	}
	*pos = buf_take(&p);
	*neg = buf_take(&n);
}

/*
 * Words that instruct a scorer rather than name a subject: a rubric's "score",
 * "relevance" and "novelty" say nothing about a paper.  Compared as stems.
 */
static const char *const rubric[] = {
	/* the rubric's own words */
	"consider", "criteria", "criterion", "irrelevant", "keyword", "novelty", "paper",
	"rank", "rate", "relevance", "relevant", "score", "topic", "weight",
	/* words that judge a paper's kind or worth, not its subject */
	"application", "approach", "avoid", "breakthrough", "certain", "contribution",
	"driven", "exclude", "existing", "focus", "ignore", "improvement", "incremental",
	"insight", "interest", "known", "lack", "merely", "method", "methodology", "new",
	"novel", "pure", "purely", "skip", "standard", "straightforward", "task",
	"themselves", "use", "using", "without", "work",
};

static int
rubricword(const char *stem)
{
	static char **stems;
	size_t i, n;

	if (stems == NULL) {
		stems = xcalloc(NELEM(rubric), sizeof *stems);
		for (i = 0; i < NELEM(rubric); i++) {
			stems[i] = xstrdup(rubric[i]);
			n = rank_stem(stems[i], strlen(stems[i]));
			stems[i][n] = '\0';
		}
	}
	for (i = 0; i < NELEM(rubric); i++)
		if (strcmp(stem, stems[i]) == 0)
			return 1;
	return 0;
}

struct rank_bm25 {
	struct rank_toks q;	/* the query's distinct terms: unigrams, then "a b" bigrams */
	double	*qw;		/* query term weight; below 0 for the terms marked against */
	char	*qapp;		/* 1: against, of an area named application-only */
	size_t	 napp;		/* such terms */
	int	 inapp;		/* reading such an area */
	double	 negw;		/* the weight of those terms against a positive one */
	double	 pairw;		/* the weight of the topic's word pairs */
	double	 k1, b;		/* BM25's term saturation and length normalisation */
	double	 titlew;	/* a title word, to an abstract word */
	long	*df;		/* papers holding each term */
	uint32_t *qh;		/* term hashes */
	struct qent { uint32_t h; uint32_t i; } *qidx;	/* by hash, for lookup */
	size_t	 nq, npos;	/* terms, and those for the reader */
	size_t	 ndocs, cap;
	double	 totlen;
	float	*dlen;
	size_t	*dstart;	/* per paper: [dstart, dstart[+1]) in dterm/dtf */
	uint32_t *dterm;
	uint16_t *dtf, *dtft;	/* term frequency, and the title's share of it */
	uint32_t *dword;	/* the words the paper used for the term, offset in words */
	struct buf words;
	size_t	 nd, dcap;
	uint32_t *wkey, *wdf;	/* every word's stem hash (0: free slot) and its papers */
	size_t	 nw, wcap;
	int	 prf_terms, prf_top;	/* pseudo-relevance feedback: terms, papers */
	double	 prf_w;
	int	 cooc_terms;	/* words against from co-occurrence, per term against */
	double	 cooc_w;
};

static uint32_t
fnv(uint32_t h, const char *s)
{
	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

#define FNV0 2166136261u

static uint32_t
hash_uni(const char *a)
{
	return fnv(fnv(FNV0, "u"), a);
}

static uint32_t
hash_bi(const char *a, const char *b)
{
	return fnv(fnv(fnv(fnv(FNV0, "b"), a), " "), b);
}

static uint32_t
hash_title(const char *a)
{
	return fnv(fnv(FNV0, "t"), a);
}

static uint32_t
hash_author(const char *initial, const char *last)
{
	return fnv(fnv(fnv(fnv(FNV0, "a"), initial), " "), last);
}

static int
cmpqent(const void *a, const void *b)
{
	const struct qent *x = a, *y = b;

	return x->h < y->h ? -1 : x->h > y->h;
}

static long
qfind(const struct rank_bm25 *q, uint32_t h)
{
	size_t lo = 0, hi = q->nq, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (q->qidx[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < q->nq && q->qidx[lo].h == h ? (long)q->qidx[lo].i : -1;
}

/* query terms: each distinct unigram and bigram once, weighted by its saturated count */
static void
qadd(struct rank_bm25 *q, const char *name, uint32_t h, size_t *cap, double sign)
{
	size_t j;

	for (j = 0; j < q->nq; j++)
		if (q->qh[j] == h) {
			if ((q->qw[j] > 0) == (sign > 0)) {
				q->qw[j] += sign;
				q->qapp[j] |= sign < 0 && q->inapp;
			}
			return;	/* a term the reader wants is never counted against */
		}
	if (q->nq == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		q->qh = xreallocarray(q->qh, *cap, sizeof *q->qh);
		q->qw = xreallocarray(q->qw, *cap, sizeof *q->qw);
		q->qapp = xreallocarray(q->qapp, *cap, sizeof *q->qapp);
	}
	q->qh[q->nq] = h;
	q->qw[q->nq] = sign;
	q->qapp[q->nq] = sign < 0 && q->inapp;
	q->nq++;
	addtok(&q->q, name, strlen(name));
}

/* text's terms into q: words and adjacent pairs, rubric words left out */
static void
qsegment(struct rank_bm25 *q, const char *text, size_t *cap, double sign)
{
	struct rank_toks t = { 0 };
	struct buf name = { 0 };
	char *skip;
	size_t i, n;
	double w;

	rank_tokenize(&t, text);
	skip = xcalloc(t.n + 1, 1);
	for (i = 0, n = 0; i < t.n; i++)
		n += (skip[i] = (char)rubricword(rank_tok(&t, i))) == 0;
	/* against: "time series" is the pair; "time" alone hardly says it */
	w = sign < 0 && n > 1 ? RANK_NEGWORD * sign : sign;
	for (i = 0; i < t.n; i++)
		if (!skip[i])
			qadd(q, rank_tok(&t, i), hash_uni(rank_tok(&t, i)), cap, w);
	/*
	 * Against, a phrase of three words or more counts by its words alone:
	 * its pairs name other subjects ("black hole" of "supermassive black hole").
	 */
	for (i = 0; i + 1 < t.n && !(sign < 0 && n > 2); i++) {
		if (skip[i] || skip[i + 1])
			continue;
		buf_reset(&name);
		buf_printf(&name, "%s %s", rank_tok(&t, i), rank_tok(&t, i + 1));
		qadd(q, name.s, hash_bi(rank_tok(&t, i), rank_tok(&t, i + 1)), cap, sign);
	}
	free(skip);
	rank_toks_free(&t);
	buf_free(&name);
}

/* is line s[0..n) a keyword list: short phrases between commas, or one alone? */
static int
keywords(const char *s, size_t n)
{
	size_t i, words = 0, phrases = 1, longest = 0, w = 0;
	int in = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ',' || s[i] == ';') {
			phrases++;
			longest = w > longest ? w : longest;
			w = 0;
			in = 0;
		} else if (s[i] == ' ' || s[i] == '\t')
			in = 0;
		else if (!in) {
			in = 1;
			w++;
			words++;
		}
	}
	longest = w > longest ? w : longest;
	/* one short phrase alone is a list item: "- video understanding" */
	return longest <= 6 && words <= 4 * phrases && (phrases >= 2 || words <= 4);
}

/*
 * Pairs stay inside a phrase: "pruning, quantization" makes no pair.  Against
 * (sign < 0), a line of prose ("Papers that focus on the stellar disk") weighs
 * RANK_NEGPROSE of a keyword list ("bar, Galactic center, TDE").
 */
static void
qterms(struct rank_bm25 *q, const char *text, size_t *cap, double sign)
{
	const char *s = text, *line;
	char *seg;
	size_t n, ln;
	double w;

	while (*s) {
		line = s;
		ln = strcspn(line, "\n");
		w = sign < 0 && !keywords(line, ln) ? sign * RANK_NEGPROSE : sign;
		q->inapp = sign < 0 && ln >= 12 && lowereq(line, "application:", 12);
		if (q->inapp)
			w *= RANK_NEGAPP;
		while (s < line + ln) {
			n = strcspn(s, ",;:()[]/\n");
			if (n > 0) {
				seg = xstrndup(s, n);
				qsegment(q, seg, cap, w);
				free(seg);
			}
			s += n + (s[n] != '\0' && s + n < line + ln);
		}
		if (*s == '\n')
			s++;
	}
}

struct rank_bm25 *
rank_bm25_new(const char *topic, const char *against)
{
	struct rank_bm25 *q = xcalloc(1, sizeof *q);
	size_t i, cap = 0, npos;

	q->negw = RANK_NEGW;
	q->pairw = RANK_PAIRW;
	q->k1 = RANK_K1;
	q->b = RANK_B;
	q->titlew = RANK_TITLEW;
	q->prf_terms = RANK_PRF_TERMS;
	q->prf_top = RANK_PRF_TOP;
	q->prf_w = RANK_PRF_W;
	q->cooc_terms = RANK_COOC_TERMS;
	q->cooc_w = RANK_COOC_W;
	qterms(q, topic, &cap, 1);
	npos = q->nq;
	if (against)
		qterms(q, against, &cap, -1);
	for (i = 0; i < q->nq; i++)	/* BM25 k3 = 1 */
		q->qw[i] = q->qw[i] > 0 ? 2.0 * q->qw[i] / (1.0 + q->qw[i]) :
		    -2.0 * -q->qw[i] / (1.0 - q->qw[i]);
	for (i = 0; i < q->nq; i++)
		q->napp += q->qapp[i] != 0;
	q->npos = npos;
	q->qidx = xcalloc(q->nq + 1, sizeof *q->qidx);
	for (i = 0; i < q->nq; i++) {
		q->qidx[i].h = q->qh[i];
		q->qidx[i].i = (uint32_t)i;
	}
	qsort(q->qidx, q->nq, sizeof *q->qidx, cmpqent);
	q->df = xcalloc(q->nq + 1, sizeof *q->df);
	return q;
}

void
rank_bm25_against(struct rank_bm25 *q, double w)
{
	q->negw = w;
}

void
rank_bm25_pairs(struct rank_bm25 *q, double w)
{
	q->pairw = w;
}

void
rank_bm25_params(struct rank_bm25 *q, double k1, double b, double titlew)
{
	q->k1 = k1;
	q->b = b;
	q->titlew = titlew;
}

void
rank_bm25_prf(struct rank_bm25 *q, int terms, int top, double w)
{
	q->prf_terms = terms;
	q->prf_top = top;
	q->prf_w = w;
}

void
rank_bm25_cooc(struct rank_bm25 *q, int terms, double w)
{
	q->cooc_terms = terms;
	q->cooc_w = w;
}

static int
cmpu32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* the slot of word hash h in q's table (open addressing, linear probing) */
static size_t
wslot(const struct rank_bm25 *q, uint32_t h)
{
	size_t i;

	for (i = h & (q->wcap - 1); q->wkey[i] && q->wkey[i] != h; i = (i + 1) & (q->wcap - 1))
		;
	return i;
}

/* one more paper holds the word of hash h (never 0) */
static void
wcount(struct rank_bm25 *q, uint32_t h)
{
	uint32_t *ok = q->wkey, *od = q->wdf;
	size_t oc = q->wcap, i, j;

	if (2 * (q->nw + 1) > q->wcap) {	/* at most half full */
		q->wcap = q->wcap ? 2 * q->wcap : 4096;
		q->wkey = xcalloc(q->wcap, sizeof *q->wkey);
		q->wdf = xcalloc(q->wcap, sizeof *q->wdf);
		for (i = 0; i < oc; i++)
			if (ok[i]) {
				j = wslot(q, ok[i]);
				q->wkey[j] = ok[i];
				q->wdf[j] = od[i];
			}
		free(ok);
		free(od);
	}
	i = wslot(q, h);
	if (q->wkey[i] == 0) {
		q->wkey[i] = h;
		q->nw++;
	}
	q->wdf[i]++;
}

/* the papers holding the word of hash h */
static uint32_t
wdf(const struct rank_bm25 *q, uint32_t h)
{
	size_t i;

	if (q->wcap == 0)
		return 0;
	i = wslot(q, h);
	return q->wkey[i] ? q->wdf[i] : 0;
}

size_t
rank_bm25_nterms(const struct rank_bm25 *q)
{
	return q->npos;
}

/* the title's tokens, then the abstract's; the number of the title's */
static size_t
doc_tokens(struct rank_toks *t, const char *title, const char *abstract)
{
	size_t ntitle;

	rank_toks_reset(t);
	if (title)
		rank_tokenize(t, title);
	ntitle = t->n;
	if (abstract)
		rank_tokenize(t, abstract);
	return ntitle;
}

struct occ {
	uint32_t h;
	uint32_t tok;		/* the first token of the term's first occurrence */
	int	 bi;
};

static int
cmpocc(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->tok < y->tok ? -1 : x->tok > y->tok;
}

size_t
rank_bm25_add(struct rank_bm25 *q, const char *title, const char *abstract)
{
	struct rank_toks t = { 0 };
	struct occ *hs;
	size_t i, j, n = 0, k, kt, ntitle;
	long qi;

	ntitle = doc_tokens(&t, title, abstract);
	hs = xcalloc(2 * t.n + 1, sizeof *hs);
	for (i = 0; i < t.n; i++) {	/* the topic's terms only: a few of the paper's */
		hs[n].h = hash_uni(rank_tok(&t, i));
		hs[n].tok = (uint32_t)i;
		hs[n].bi = 0;
		n += qfind(q, hs[n].h) >= 0;
		if (i + 1 < t.n && i + 1 != ntitle) {
			hs[n].h = hash_bi(rank_tok(&t, i), rank_tok(&t, i + 1));
			hs[n].tok = (uint32_t)i;
			hs[n].bi = 1;
			n += qfind(q, hs[n].h) >= 0;
		}
	}
	qsort(hs, n, sizeof *hs, cmpocc);
	if (q->prf_terms > 0 || (q->cooc_terms > 0 && q->napp > 0)) {	/* every word's papers, for the feedback */
		uint32_t *all = xcalloc(t.n + 1, sizeof *all);

		for (i = 0; i < t.n; i++)
			all[i] = hash_uni(rank_tok(&t, i)) | 1;
		qsort(all, t.n, sizeof *all, cmpu32);
		for (i = 0; i < t.n; i++)
			if (i == 0 || all[i] != all[i - 1])
				wcount(q, all[i]);
		free(all);
	}
	if (q->ndocs == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 256;
		q->dlen = xreallocarray(q->dlen, q->cap, sizeof *q->dlen);
		q->dstart = xreallocarray(q->dstart, q->cap + 1, sizeof *q->dstart);
	}
	q->dstart[q->ndocs] = q->nd;
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && hs[j].h == hs[i].h; j++)
			;
		if ((qi = qfind(q, hs[i].h)) < 0)
			continue;
		if (q->nd == q->dcap) {
			q->dcap = q->dcap ? q->dcap * 2 : 1024;
			q->dterm = xreallocarray(q->dterm, q->dcap, sizeof *q->dterm);
			q->dtf = xreallocarray(q->dtf, q->dcap, sizeof *q->dtf);
			q->dtft = xreallocarray(q->dtft, q->dcap, sizeof *q->dtft);
			q->dword = xreallocarray(q->dword, q->dcap, sizeof *q->dword);
		}
		k = j - i;
		for (kt = 0; i + kt < j && hs[i + kt].tok < ntitle; kt++)
			;	/* sorted by token: the title's come first */
		q->dterm[q->nd] = (uint32_t)qi;
		q->dtf[q->nd] = (uint16_t)(k > 65535 ? 65535 : k);
		q->dtft[q->nd] = (uint16_t)(kt > 65535 ? 65535 : kt);
		q->dword[q->nd] = (uint32_t)q->words.len;
		buf_adds(&q->words, rank_word(&t, hs[i].tok));
		if (hs[i].bi) {
			buf_addc(&q->words, ' ');
			buf_adds(&q->words, rank_word(&t, hs[i].tok + 1));
		}
		buf_addc(&q->words, '\0');
		q->nd++;
		q->df[qi]++;
	}
	/* the title counts titlew times: its words say more than the abstract's */
	q->dlen[q->ndocs] = (float)((double)(t.n - ntitle) + q->titlew * (double)ntitle);
	q->totlen += q->dlen[q->ndocs];
	q->dstart[q->ndocs + 1] = q->nd;
	free(hs);
	rank_toks_free(&t);
	return q->ndocs++;
}

struct contrib {
	double	 v;
	size_t	 i;
};

static int
cmpcontrib(const void *a, const void *b)
{
	const struct contrib *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* is word w one of the words of name n ("a" or "a b")? */
static int
hasword(const char *n, const char *w)
{
	size_t k = strlen(w), l = strlen(n);

	if (strcmp(n, w) == 0)
		return 1;
	return l > k && ((strncmp(n, w, k) == 0 && n[k] == ' ') ||
	    (strcmp(n + l - k, w) == 0 && n[l - k - 1] == ' '));
}

/*
 * Name the strongest matches in why: "dark matter, subhalos, lensing", as the
 * paper wrote them (word[c.i]); stem[c.i] compares them.  A pair replaces a
 * named word it contains; a word inside a named pair is not named again.
 */
static void
name_terms(struct buf *why, struct contrib *c, size_t n, const char *const *stem,
    const char *const *word, size_t max)
{
	size_t named[8], i, j, k = 0, out;
	int skip;

	if (max > 8)
		max = 8;
	qsort(c, n, sizeof *c, cmpcontrib);
	for (i = 0; i < n && c[i].v > 0; i++) {
		skip = 0;
		for (j = 0; j < k && !skip; j++)
			if (hasword(stem[named[j]], stem[c[i].i]))
				skip = 1;
		if (skip)
			continue;
		for (j = 0, out = 0; j < k; j++)	/* drop the words this one contains */
			if (!hasword(stem[c[i].i], stem[named[j]]))
				named[out++] = named[j];
		k = out;
		if (k < max)
			named[k++] = c[i].i;
		else
			break;
	}
	for (j = 0; j < k; j++) {
		if (j > 0)
			buf_adds(why, ", ");
		buf_adds(why, word[named[j]]);
	}
}

/*
 * BM25 of paper doc against the reader's terms, and in *against_out its BM25
 * against the terms marked against; why gets the matched terms, then
 * "; against" those marked against.
 */
static double
bm25_parts(const struct rank_bm25 *q, size_t doc, struct buf *why, double *against_out)
{
	double s = 0, against = 0, avg, idf, tf, norm, v;
	struct contrib *c, *neg;
	const char **stem, **word;
	size_t i, n = 0, nn = 0, term, len;

	*against_out = 0;
	if (doc >= q->ndocs)
		return 0;
	avg = q->totlen / (double)q->ndocs;
	norm = q->k1 * (1 - q->b + q->b * q->dlen[doc] / (avg > 0 ? avg : 1));
	len = q->dstart[doc + 1] - q->dstart[doc];
	c = xcalloc(len + 1, sizeof *c);
	neg = xcalloc(len + 1, sizeof *neg);
	stem = xcalloc(len + 1, sizeof *stem);
	word = xcalloc(len + 1, sizeof *word);
	for (i = q->dstart[doc]; i < q->dstart[doc + 1]; i++) {
		term = q->dterm[i];
		tf = q->dtf[i] - q->dtft[i];
		/* against: a title says what a paper is, an abstract may just mention it */
		tf = q->titlew * q->dtft[i] + (q->qw[term] >= 0 ? tf :
		    (q->qapp[term] ? RANK_NEGABSAPP : RANK_NEGABS) * tf);
		if (tf <= 0)
			continue;
		idf = log(1 + ((double)q->ndocs - (double)q->df[term] + 0.5) /
		    ((double)q->df[term] + 0.5));
		v = q->qw[term] * idf * tf * (q->k1 + 1) / (tf + norm);
		if (strchr(rank_tok(&q->q, term), ' '))
			v *= q->pairw;
		if (v >= 0)
			s += v;
		else
			against -= v;
		stem[n + nn] = rank_tok(&q->q, term);
		word[n + nn] = q->words.s + q->dword[i];
		if (v >= 0) {
			c[n].v = v;
			c[n].i = n + nn;
			n++;
		} else if (-v >= 1) {	/* named only when it costs the paper a tenth or more */
			neg[nn].v = -v;
			neg[nn].i = n + nn;
			nn++;
		}
	}
	*against_out = against;
	if (why) {
		name_terms(why, c, n, stem, word, 5);
		if (nn > 0 && q->negw > 0) {
			buf_adds(why, why->len > 0 ? "; against " : "against ");
			name_terms(why, neg, nn, stem, word, 3);
		}
	}
	free(c);
	free(neg);
	free(stem);
	free(word);
	return s;
}

/* BM25 of paper doc; why gets the matched terms, then "; against" those marked against */
double
rank_bm25_score(const struct rank_bm25 *q, size_t doc, struct buf *why)
{
	double s, against;

	s = bm25_parts(q, doc, why, &against);
	/* each unit of BM25 against takes a share of the score: a topic's words cannot outweigh it */
	return s * exp(-q->negw * against);
}

void
rank_bm25_free(struct rank_bm25 *q)
{
	if (q == NULL)
		return;
	rank_toks_free(&q->q);
	free(q->qw);
	free(q->qapp);
	free(q->df);
	free(q->qh);
	free(q->qidx);
	free(q->dlen);
	free(q->dstart);
	free(q->dterm);
	free(q->dtf);
	free(q->dtft);
	free(q->dword);
	free(q->wkey);
	free(q->wdf);
	buf_free(&q->words);
	free(q);
}

struct fbword {
	uint32_t h;
	double	 w;
	size_t	 word;		/* offset of the word as a top paper wrote it */
};

static int
cmpfb(const void *a, const void *b)
{
	const struct fbword *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->h < y->h ? -1 : x->h > y->h;
}

static int
cmpfbh(const void *a, const void *b)
{
	const struct fbword *x = a, *y = b;

	return x->h < y->h ? -1 : x->h > y->h;
}

static int
cmpdbldesc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* a query for feedback: q's parameters, no feedback of its own, the n papers added */
static struct rank_bm25 *
fbnew(const struct rank_bm25 *q, const char *topic, const char *against,
    const char *const *title, const char *const *abstract, size_t n)
{
	struct rank_bm25 *q2 = rank_bm25_new(topic, against);
	size_t i;

	q2->negw = q->negw;
	q2->pairw = q->pairw;
	q2->k1 = q->k1;
	q2->b = q->b;
	q2->titlew = q->titlew;
	q2->prf_terms = 0;
	q2->cooc_terms = 0;
	for (i = 0; i < n; i++)
		rank_bm25_add(q2, title[i], abstract[i]);
	return q2;
}

struct hw {
	uint32_t h;
	uint32_t word;		/* a token's index, then the offset of its word */
	double	 w;		/* the weight of the word against that proposes it */
};

static int
cmphw(const void *a, const void *b)
{
	const struct hw *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->word < y->word ? -1 : x->word > y->word;
}

#define COOC_MINDF 15	/* papers that hold a word against, at least, to tell its company */
#define COOC_MAXSHARE 0.1	/* and at most this share of the papers: a narrower word */
#define COOC_MINC 3	/* of them hold a word, at least */
#define COOC_LIFT 5	/* times as often as the papers at large hold it, at least */

/* is word w (as written) a rubric word? */
static int
stemrubric(const char *w)
{
	char s[64];
	size_t n = strlen(w);

	if (n >= sizeof s)
		return 0;
	memcpy(s, w, n + 1);
	s[rank_stem(s, n)] = '\0';
	return rubricword(s);
}

/* is term i of q a word against that cooc widens, among n papers? */
static int
widened(const struct rank_bm25 *q, size_t i, size_t n)
{
	return q->qapp[i] && strchr(rank_tok(&q->q, i), ' ') == NULL &&
	    q->df[i] >= COOC_MINDF && (double)q->df[i] <= COOC_MAXSHARE * (double)n;
}

/*
 * The company of the words against (co-occurrence in the n papers, the
 * feedback's second look at what the reader does not want): for each word
 * of an area the topics name application-only (a domain, which its papers
 * name by their field's words) that COOC_MINDF papers or more hold, and no
 * more than COOC_MAXSHARE of them, the words COOC_MINC or more of those
 * papers hold,
 * COOC_LIFT times as often as the papers at large or more, and that are
 * neither a term of q nor one keep wants nor a rubric word; of each word
 * against the terms such words most held by its papers, by their count times
 * the log of their lift ("rendering", "scenes" of "3D"; "asr", "audio" of
 * "speech"), one a line (malloc'd); in *words_out (*nout, malloc'd) their
 * stems' hashes and the weight of the word against each keeps company with.
 * A word two words against propose is left out: it belongs to no area alone
 * ("language" of both "speech" and "translation").
 */
static char *
cooc(const struct rank_bm25 *q, const struct rank_bm25 *keep, const char *const *title,
    const char *const *abstract, size_t n, size_t terms, struct hw **words_out, size_t *nout)
{
	struct rank_toks t = { 0 };
	struct buf words = { 0 }, out = { 0 };
	struct hw *co = NULL, *prop = NULL;
	struct contrib *best = NULL;
	size_t i, j, k, nco, nb, np = 0, tot;
	double c, lift;
	uint32_t df, tok;
	long qi;

	*words_out = NULL;
	*nout = 0;
	for (qi = 0; (size_t)qi < q->nq && !widened(q, (size_t)qi, n); qi++)
		;
	if ((size_t)qi == q->nq)	/* no word to widen: the papers need no reading */
		return xstrdup("");
	buf_add(&words, "", 0);
	for (qi = 0; (size_t)qi < q->nq; qi++) {
		if (!widened(q, (size_t)qi, n))
			continue;
		for (i = 0, tot = 0, nco = 0; i < n; i++) {	/* the words of its papers */
			for (j = q->dstart[i]; j < q->dstart[i + 1] && q->dterm[j] != (uint32_t)qi; j++)
				;
			if (j == q->dstart[i + 1])
				continue;
			tot++;
			rank_toks_reset(&t);
			if (title[i])
				rank_tokenize(&t, title[i]);
			if (abstract[i])
				rank_tokenize(&t, abstract[i]);
			co = xreallocarray(co, nco + t.n + 1, sizeof *co);
			for (j = 0; j < t.n; j++) {
				co[nco + j].h = hash_uni(rank_tok(&t, j));
				co[nco + j].word = (uint32_t)j;
			}
			qsort(co + nco, t.n, sizeof *co, cmphw);
			for (j = 0, k = 0; j < t.n; j++)	/* each word once, as first written */
				if (k == 0 || co[nco + j].h != co[nco + k - 1].h) {
					tok = co[nco + j].word;
					co[nco + k].h = co[nco + j].h;
					co[nco + k++].word = (uint32_t)words.len;
					buf_adds(&words, rank_word(&t, tok));
					buf_addc(&words, '\0');
				}
			nco += k;
		}
		if (nco == 0)
			continue;
		qsort(co, nco, sizeof *co, cmphw);
		best = xreallocarray(best, nco + 1, sizeof *best);
		for (i = 0, nb = 0; i < nco; i = j) {
			for (j = i; j < nco && co[j].h == co[i].h; j++)
				;
			c = (double)(j - i);
			if (c < COOC_MINC || qfind(q, co[i].h) >= 0 ||
			    (keep && (k = (size_t)qfind(keep, co[i].h)) != (size_t)-1 && keep->qw[k] > 0))
				continue;
			df = wdf(q, co[i].h | 1);
			lift = (c / (double)tot) / ((double)(df > 0 ? df : 1) / (double)n);
			if (lift < COOC_LIFT || stemrubric(words.s + co[i].word))
				continue;
			best[nb].v = c * log(lift);
			best[nb].i = i;
			nb++;
		}
		qsort(best, nb, sizeof *best, cmpcontrib);
		prop = xreallocarray(prop, np + terms + 1, sizeof *prop);
		for (i = 0; i < nb && i < terms; i++) {
			prop[np] = co[best[i].i];
			prop[np++].w = q->qw[qi];
		}
	}
	/* a word proposed once, as its papers first wrote it */
	if (np > 0)
		qsort(prop, np, sizeof *prop, cmphw);
	buf_add(&out, "", 0);
	for (i = 0, k = 0; i < np; i = j) {
		for (j = i; j < np && prop[j].h == prop[i].h; j++)
			;
		if (j - i == 1) {
			buf_adds(&out, words.s + prop[i].word);
			buf_addc(&out, '\n');
			prop[k++] = prop[i];
		}
	}
	*words_out = prop;
	*nout = k;
	free(co);
	free(best);
	buf_free(&words);
	rank_toks_free(&t);
	return buf_take(&out);
}

/*
 * Pseudo-relevance feedback (Rocchio's idea without judgements): the words
 * the day's prf_top best papers by s use most, each occurrence weighed by the
 * word's IDF over all the papers added, and not a term against, make a second
 * query of prf_terms words; its BM25 (against the same terms against) takes
 * prf_w of each paper's score, both as shares of the day's highest.  Finds
 * the papers of the topic that use its field's words rather than the reader's.
 *
 * Then the words of the areas the topics name application-only are widened
 * by the company they keep in these papers (cooc: up to cooc_terms words
 * each, not the second query's), each weighing cooc_w times the word it
 * keeps company with: the papers of an excluded domain that use its field's
 * words ("rendering", "scenes" of 3D vision; "wireless", "channels" of
 * signal processing) rather than the area's name lose their share too.
 * Query expansion by term co-occurrence, after Xu and Croft, "Query expansion
 * using local and global document analysis", SIGIR 1996, applied to the
 * terms against (negative feedback, as in Wang, Fang and Zhai, "A study of
 * methods for negative relevance feedback", SIGIR 2008).
 */
void
rank_bm25_feedback(const struct rank_bm25 *q, const char *against,
    const char *const *title, const char *const *abstract, double *s, size_t n)
{
	struct contrib *by;	/* the papers by score */
	struct rank_toks t = { 0 };
	struct fbword *fw = NULL;
	struct rank_bm25 *q2 = NULL, *qc;
	struct buf text = { 0 };
	size_t nf = 0, i, j, k, top;
	double max1 = 0, max2 = 0, *s2, a;
	uint32_t df;
	long qi;
	char *more;
	struct hw *prop;
	size_t np;

	if (n == 0 || n != q->ndocs)
		return;
	by = xcalloc(n, sizeof *by);
	s2 = xcalloc(n, sizeof *s2);
	if (q->prf_terms > 0 && q->prf_w > 0) {
		for (i = 0; i < n; i++) {
			by[i].v = s[i];
			by[i].i = i;
		}
		qsort(by, n, sizeof *by, cmpcontrib);
		top = (size_t)q->prf_top < n ? (size_t)q->prf_top : n;
		for (k = 0; k < top; k++) {
			rank_toks_reset(&t);
			if (title[by[k].i])
				rank_tokenize(&t, title[by[k].i]);
			if (abstract[by[k].i])
				rank_tokenize(&t, abstract[by[k].i]);
			fw = xreallocarray(fw, nf + t.n + 1, sizeof *fw);
			for (i = 0; i < t.n; i++) {
				fw[nf].h = hash_uni(rank_tok(&t, i));
				if ((qi = qfind(q, fw[nf].h)) >= 0 && q->qw[qi] < 0)
					continue;	/* a term against stays against */
				df = wdf(q, fw[nf].h | 1);
				fw[nf].w = log((double)q->ndocs / (double)(df > 0 ? df : 1));
				fw[nf].word = text.len;
				buf_adds(&text, rank_word(&t, i));
				buf_addc(&text, '\0');
				nf++;
			}
		}
		/* each word's occurrences summed, its first spelling kept */
		qsort(fw, nf, sizeof *fw, cmpfbh);
		for (i = 0, k = 0; i < nf; i = j, k++) {
			fw[k] = fw[i];
			for (j = i + 1; j < nf && fw[j].h == fw[i].h; j++) {
				fw[k].w += fw[j].w;
				if (fw[j].word < fw[k].word)
					fw[k].word = fw[j].word;
			}
		}
		nf = k;
		qsort(fw, nf, sizeof *fw, cmpfb);
		{
			struct buf qt = { 0 };

			buf_add(&qt, "", 0);
			for (i = 0; i < nf && i < (size_t)q->prf_terms; i++) {
				buf_adds(&qt, text.s + fw[i].word);
				buf_addc(&qt, '\n');
			}
			q2 = fbnew(q, qt.s, against, title, abstract, n);
			buf_free(&qt);
		}
		for (i = 0; i < n; i++)
			s2[i] = rank_bm25_score(q2, i, NULL);
	}
	if (q->cooc_terms > 0 && q->cooc_w > 0 && q->negw > 0) {
		more = cooc(q, q2, title, abstract, n, (size_t)q->cooc_terms, &prop, &np);
		if (np > 0) {
			qc = fbnew(q, "", more, title, abstract, n);
			for (i = 0; i < np; i++)	/* each weighs what the word it keeps company does */
				if ((qi = qfind(qc, prop[i].h)) >= 0)
					qc->qw[qi] = prop[i].w;
			for (i = 0; i < n; i++) {
				bm25_parts(qc, i, NULL, &a);
				a = exp(-q->negw * q->cooc_w * a);
				s[i] *= a;
				s2[i] *= a;
			}
			rank_bm25_free(qc);
		}
		free(prop);
		free(more);
	}
	for (i = 0; i < n; i++) {
		max1 = s[i] > max1 ? s[i] : max1;
		max2 = s2[i] > max2 ? s2[i] : max2;
	}
	/*
	 * The blend orders the papers; the i-th of them gets the i-th highest
	 * first score, so the day's scores keep their spread (and a cut on them
	 * keeps as many papers).
	 */
	for (i = 0; i < n && max1 > 0 && q2; i++) {
		by[i].i = i;
		by[i].v = (1 - q->prf_w) * s[i] / max1 + q->prf_w * (max2 > 0 ? s2[i] / max2 : 0);
		s2[i] = s[i];
	}
	if (max1 > 0 && q2) {
		qsort(s2, n, sizeof *s2, cmpdbldesc);
		qsort(by, n, sizeof *by, cmpcontrib);
		for (i = 0; i < n; i++)
			s[by[i].i] = s2[i];
	}
	rank_bm25_free(q2);
	free(s2);
	free(fw);
	free(by);
	buf_free(&text);
	rank_toks_free(&t);
}

/* --- the learned model: logistic regression on hashed TF-IDF unigrams, bigrams, title words --- */

struct rank_model {
	int	 bits;		/* 1 << bits hashed features */
	int	 label;		/* 0: soft target (relevance - 1) / 9; T: relevance >= T */
	int	 features;	/* RANK_TITLE | RANK_BIGRAMS | RANK_AUTHORS */
	long	 papers;	/* training papers */
	double	 bias;
	float	*w;		/* weight per bucket */
	uint32_t *df;		/* training papers holding the bucket */
	float	*idf;		/* inverse document frequency, from df */
};

enum { F_UNI, F_BI, F_TITLE, F_AUTHOR };

struct feat {
	uint32_t b;		/* bucket */
	uint32_t tok;		/* first token that made it, for naming */
	uint32_t tf;
	uint8_t	 kind;
	float	 v;
};

struct fvec {
	struct rank_toks t;
	size_t	 ntitle;	/* t's first ntitle tokens are the title's */
	struct feat *f;
	size_t	 n, cap;
};

static void
fpush(struct fvec *fv, uint32_t b, size_t tok, int kind)
{
	if (fv->n == fv->cap) {
		fv->cap = fv->cap ? fv->cap * 2 : 256;
		fv->f = xreallocarray(fv->f, fv->cap, sizeof *fv->f);
	}
	fv->f[fv->n].b = b;
	fv->f[fv->n].tok = (uint32_t)tok;
	fv->f[fv->n].kind = (uint8_t)kind;
	fv->f[fv->n].tf = 1;
	fv->f[fv->n].v = 0;
	fv->n++;
}

/* stable LSD radix sort by bucket: ties keep token order (a feature is named by its first) */
static void
radixsort(struct fvec *fv)
{
	size_t cnt[256], i, pass, sum, t;
	struct feat *tmp, *src = fv->f, *dst;

	if (fv->n < 2)
		return;
	tmp = xcalloc(fv->n, sizeof *tmp);
	dst = tmp;
	for (pass = 0; pass < 4; pass++) {
		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < fv->n; i++)
			cnt[(src[i].b >> (8 * pass)) & 0xff]++;
		for (i = 0, sum = 0; i < 256; i++) {
			t = cnt[i];
			cnt[i] = sum;
			sum += t;
		}
		for (i = 0; i < fv->n; i++)
			dst[cnt[(src[i].b >> (8 * pass)) & 0xff]++] = src[i];
		dst = src;
		src = src == fv->f ? tmp : fv->f;
	}
	free(tmp);	/* four passes: the result is back in fv->f */
}

/* an author, one name of a newline-separated list: first initial and last name */
static void
author_features(struct fvec *fv, uint32_t mask, const char *authors)
{
	struct rank_toks a = { 0 };
	const char *s = authors, *nl;
	char *name, ini[2] = { 0 };

	while (*s) {
		nl = s + strcspn(s, "\n");
		name = xstrndup(s, (size_t)(nl - s));
		rank_toks_reset(&a);
		rank_tokenize(&a, name);
		if (a.n > 0) {
			ini[0] = rank_word(&a, 0)[0];
			fpush(fv, hash_author(ini, rank_tok(&a, a.n - 1)) & mask, 0, F_AUTHOR);
		}
		free(name);
		s = *nl ? nl + 1 : nl;
	}
	rank_toks_free(&a);
}

/* the distinct buckets of a paper with their counts, sorted by bucket */
static void
features(struct fvec *fv, int bits, int flags, const char *title, const char *abstract,
    const char *authors)
{
	uint32_t mask = (bits >= 32 ? 0 : (1u << bits)) - 1;
	size_t i, j, k, n;

	rank_toks_reset(&fv->t);
	fv->n = 0;
	if (title)
		rank_tokenize(&fv->t, title);
	fv->ntitle = fv->t.n;
	if (abstract)
		rank_tokenize(&fv->t, abstract);
	for (i = 0; i < fv->t.n; i++) {
		fpush(fv, hash_uni(rank_tok(&fv->t, i)) & mask, i, F_UNI);
		if ((flags & RANK_BIGRAMS) && i + 1 < fv->t.n && i + 1 != fv->ntitle)
			fpush(fv, hash_bi(rank_tok(&fv->t, i), rank_tok(&fv->t, i + 1)) & mask,
			    i, F_BI);
		if ((flags & RANK_TITLE) && i < fv->ntitle)
			fpush(fv, hash_title(rank_tok(&fv->t, i)) & mask, i, F_TITLE);
	}
	if ((flags & RANK_AUTHORS) && authors)
		author_features(fv, mask, authors);
	radixsort(fv);
	n = 0;
	for (i = 0; i < fv->n; i = j) {
		for (j = i; j < fv->n && fv->f[j].b == fv->f[i].b; j++)
			;
		k = j - i;
		fv->f[n] = fv->f[i];
		fv->f[n].tf = (uint32_t)k;
		n++;
	}
	fv->n = n;
}

/* TF-IDF values, scaled to unit length */
static void
weigh(struct fvec *fv, const float *idf)
{
	double norm = 0;
	size_t i;

	for (i = 0; i < fv->n; i++) {
		fv->f[i].v = (float)((1 + log((double)fv->f[i].tf)) * idf[fv->f[i].b]);
		norm += (double)fv->f[i].v * fv->f[i].v;
	}
	norm = norm > 0 ? sqrt(norm) : 1;
	for (i = 0; i < fv->n; i++)
		fv->f[i].v = (float)(fv->f[i].v / norm);
}

static void
fvec_free(struct fvec *fv)
{
	rank_toks_free(&fv->t);
	free(fv->f);
}

static double
idf_of(long papers, long df)
{
	return log((double)(papers + 1) / (double)(df + 1)) + 1;
}

void
rank_train_defaults(struct rank_train_opts *o)
{
	o->bits = 20;
	o->label = 7;
	o->epochs = 20;
	o->lr = 0.5;
	o->l2 = 1e-6;
	o->pos_weight = 1;
	o->features = RANK_TITLE | RANK_BIGRAMS;
	o->objective = RANK_POINTWISE;
	o->ordinal = 1;
	o->average = o->adagrad = o->nonorm = 0;
	o->bags = 1;
	o->tf = RANK_TF_LOG;
	o->nb = o->rocchio = 0;
}

struct rank_trainer {
	struct rank_train_opts o;
	struct fvec fv;
	uint32_t *df;
	size_t	 n, cap;	/* papers */
	size_t	*start;		/* paper i: [start[i], start[i+1]) in b/tf */
	uint32_t *b;
	uint16_t *tf;
	size_t	 nf, fcap;
	float	*y, *rel;
	size_t	*daystart;	/* day d: papers [daystart[d], daystart[d + 1]) */
	size_t	 ndays;		/* days before the current one */
	size_t	*day;		/* the day of each paper, made by fit */
};

struct rank_trainer *
rank_trainer_new(const struct rank_train_opts *o)
{
	struct rank_trainer *tr = xcalloc(1, sizeof *tr);

	if (o)
		tr->o = *o;
	else
		rank_train_defaults(&tr->o);
	if (tr->o.bits < 8 || tr->o.bits > 24)
		tr->o.bits = 20;
	tr->df = xcalloc((size_t)1 << tr->o.bits, sizeof *tr->df);
	tr->start = xcalloc(1, sizeof *tr->start);
	tr->daystart = xcalloc(3, sizeof *tr->daystart);
	return tr;
}

void
rank_trainer_add(struct rank_trainer *tr, const char *title, const char *abstract,
    const char *authors, double relevance)
{
	size_t i;

	features(&tr->fv, tr->o.bits, tr->o.features, title, abstract, authors);
	if (tr->n + 1 >= tr->cap) {
		tr->cap = tr->cap ? tr->cap * 2 : 1024;
		tr->start = xreallocarray(tr->start, tr->cap + 1, sizeof *tr->start);
		tr->y = xreallocarray(tr->y, tr->cap, sizeof *tr->y);
		tr->rel = xreallocarray(tr->rel, tr->cap, sizeof *tr->rel);
	}
	if (tr->nf + tr->fv.n > tr->fcap) {
		while (tr->nf + tr->fv.n > tr->fcap)
			tr->fcap = tr->fcap ? tr->fcap * 2 : 65536;
		tr->b = xreallocarray(tr->b, tr->fcap, sizeof *tr->b);
		tr->tf = xreallocarray(tr->tf, tr->fcap, sizeof *tr->tf);
	}
	for (i = 0; i < tr->fv.n; i++) {
		tr->b[tr->nf] = tr->fv.f[i].b;
		tr->tf[tr->nf] = (uint16_t)(tr->fv.f[i].tf > 65535 ? 65535 : tr->fv.f[i].tf);
		tr->df[tr->fv.f[i].b]++;
		tr->nf++;
	}
	tr->rel[tr->n] = (float)relevance;
	if (tr->o.label > 0)
		tr->y[tr->n] = relevance >= tr->o.label ? 1.0f : 0.0f;
	else
		tr->y[tr->n] = (float)((relevance < 1 ? 0 : relevance > 10 ? 9 : relevance - 1) / 9);
	tr->start[++tr->n] = tr->nf;
}

void
rank_trainer_day(struct rank_trainer *tr)
{
	if (tr->n == tr->daystart[tr->ndays])
		return;	/* the day so far holds no paper */
	tr->daystart = xreallocarray(tr->daystart, tr->ndays + 3, sizeof *tr->daystart);
	tr->daystart[++tr->ndays] = tr->n;
}

size_t
rank_trainer_count(const struct rank_trainer *tr)
{
	return tr->n;
}

/* xorshift64*: the shuffle is the same on every machine for the same papers */
static uint64_t
rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static double
sigmoid(double z)
{
	return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

/* one linear model under SGD */
struct sgd {
	float	*w;
	float	*avg;		/* averaged SGD: sum of t * each update */
	float	*g2;		/* AdaGrad: sum of squared gradients */
	double	 bias;
	long	 t;		/* steps taken */
};

#define ADAGRAD_ETA 0.2	/* AdaGrad's step, times the epoch's lr */

/* paper i's weights moved against the gradient g of the loss in its score */
static void
step(const struct rank_trainer *tr, struct sgd *sg, const float *v, size_t i, double g, double lr)
{
	size_t j;
	uint32_t bk;
	double d;

	for (j = tr->start[i]; j < tr->start[i + 1]; j++) {
		bk = tr->b[j];
		d = g * v[j] + tr->o.l2 * sg->w[bk];
		if (sg->g2) {
			sg->g2[bk] += (float)(d * d);
			d = ADAGRAD_ETA * d / sqrt(sg->g2[bk] + 1e-8);
		}
		sg->w[bk] -= (float)(lr * d);
		if (sg->avg)
			sg->avg[bk] += (float)((double)sg->t * lr * d);
	}
}

static double
dot(const struct rank_trainer *tr, const struct sgd *sg, const float *v, size_t i)
{
	double z = 0;
	size_t j;

	for (j = tr->start[i]; j < tr->start[i + 1]; j++)
		z += (double)sg->w[tr->b[j]] * v[j];
	return z;
}

/* RankNet's step on a pair of one day: paper hi should score above lo, by weight wt */
static void
pairstep(const struct rank_trainer *tr, struct sgd *sg, const float *v, size_t hi, size_t lo,
    double wt, double lr)
{
	double g = sigmoid(dot(tr, sg, v, lo) - dot(tr, sg, v, hi)) * wt;

	step(tr, sg, v, hi, -g, lr);
	step(tr, sg, v, lo, g, lr);
}

#define NPAIRS 5	/* RankNet: papers of the same day drawn per paper */

/*
 * One model on the papers with use[i]: epochs of SGD, papers visited in an
 * order shuffled from seed, step size decaying by epoch, L2 on the weights a
 * paper touches.  Pointwise: the log loss of tr->y.  Pairwise (RankNet,
 * Burges et al. 2005): the log loss of "this paper above that one" for papers
 * of the same day drawn at random, positives against negatives (objective 1,
 * 2) or any two relevances weighted by their difference (3).
 */
static void
sgd_fit(const struct rank_trainer *tr, const float *v, const unsigned char *use,
    struct sgd *sg, uint64_t seed)
{
	size_t nb = (size_t)1 << tr->o.bits, i, j, k, *order, np, q, d, c;
	double g, lr, wt;
	int e, obj = tr->o.objective;

	order = xcalloc(tr->n + 1, sizeof *order);
	for (i = 0, np = 0; i < tr->n; i++)
		if (use[i])
			order[np++] = i;
	sg->t = 1;
	for (e = 0; e < tr->o.epochs; e++) {
		for (i = np; i > 1; i--) {
			j = (size_t)(rng_next(&seed) % i);
			k = order[i - 1];
			order[i - 1] = order[j];
			order[j] = k;
		}
		lr = tr->o.lr / (1 + 0.5 * e);
		for (k = 0; k < np; k++, sg->t++) {
			i = order[k];
			if (obj == RANK_POINTWISE || obj == RANK_BOTH) {
				wt = tr->y[i] > 0.5 ? tr->o.pos_weight : 1;
				g = (sigmoid(sg->bias + dot(tr, sg, v, i)) - tr->y[i]) * wt;
				sg->bias -= lr * g * 0.1;
				step(tr, sg, v, i, g, lr);
			}
			if (obj == RANK_POINTWISE || (obj != RANK_GRADED && tr->y[i] <= 0.5))
				continue;
			d = tr->day[i];
			c = tr->daystart[d + 1] - tr->daystart[d];
			for (q = 0; q < NPAIRS; q++) {
				j = tr->daystart[d] + (size_t)(rng_next(&seed) % c);
				if (!use[j])
					continue;
				if (obj == RANK_GRADED && tr->rel[i] != tr->rel[j])
					pairstep(tr, sg, v, tr->rel[i] > tr->rel[j] ? i : j,
					    tr->rel[i] > tr->rel[j] ? j : i,
					    fabs(tr->rel[i] - tr->rel[j]) / 3, lr);
				else if (obj != RANK_GRADED && tr->y[j] <= 0.5)
					pairstep(tr, sg, v, i, j, tr->o.pos_weight, lr);
			}
		}
	}
	if (sg->avg)	/* Polyak-Ruppert: the mean of the weights over the steps */
		for (i = 0; i < nb; i++)
			sg->w[i] -= sg->avg[i] / (float)sg->t;
	free(order);
}

/*
 * The model: the mean of one or more linear models fitted by sgd_fit, which
 * is a linear model again (the file holds its weights).  Ordinal (Frank and
 * Hall 2001, "A simple approach to ordinal classification"): three models,
 * for relevance >= label - 1, >= label and >= label + 1, so the order among
 * the papers above and below the label counts too (a label of 2-9 only).  Bagging: models on 70 %
 * subsamples.  Features: TF-IDF, 1 + log tf (or tf, or 1), scaled to unit
 * length, optionally times the NB log-count ratio of the bucket (NBSVM, Wang
 * and Manning 2012); Rocchio adds the difference of the positives' and the
 * negatives' centroids, times a weight.
 */
struct rank_model *
rank_trainer_fit(struct rank_trainer *tr)
{
	struct rank_model *m = xcalloc(1, sizeof *m);
	size_t nb = (size_t)1 << tr->o.bits, i, j, npos = 0;
	float *v, *r = NULL;
	double mean, norm, *pc = NULL, *nc = NULL, sp = 0, sn = 0;
	unsigned char *use;
	struct sgd sg = { 0 };
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	int ord = tr->o.ordinal && tr->o.label >= 2 && tr->o.label <= 9;
	int fit, nfit = ord ? 3 : tr->o.bags > 1 ? tr->o.bags : 1;

	m->bits = tr->o.bits;
	m->label = tr->o.label;
	m->features = tr->o.features;
	m->papers = (long)tr->n;
	m->w = xcalloc(nb, sizeof *m->w);
	m->idf = xcalloc(nb, sizeof *m->idf);
	m->df = xcalloc(nb, sizeof *m->df);
	for (i = 0; i < nb; i++) {
		m->df[i] = tr->df[i];
		m->idf[i] = (float)idf_of(m->papers, tr->df[i]);
	}
	/* the day of each paper; the last day ends with the papers */
	tr->daystart[tr->ndays + 1] = tr->n;
	tr->day = xreallocarray(tr->day, tr->n + 1, sizeof *tr->day);
	for (i = 0, j = 0; i < tr->n; i++) {
		while (j < tr->ndays && i >= tr->daystart[j + 1])
			j++;
		tr->day[i] = j;
	}
	if (tr->o.nb > 0) {
		pc = xcalloc(nb, sizeof *pc);
		nc = xcalloc(nb, sizeof *nc);
	}
	v = xcalloc(tr->nf + 1, sizeof *v);
	for (i = 0; i < tr->n; i++) {
		norm = 0;
		for (j = tr->start[i]; j < tr->start[i + 1]; j++) {
			v[j] = (float)((tr->o.tf == RANK_TF_BINARY ? 1 : tr->o.tf == RANK_TF_RAW ?
			    tr->tf[j] : 1 + log((double)tr->tf[j])) * m->idf[tr->b[j]]);
			norm += (double)v[j] * v[j];
		}
		norm = norm > 0 && !tr->o.nonorm ? sqrt(norm) : 1;
		for (j = tr->start[i]; j < tr->start[i + 1]; j++) {
			v[j] = (float)(v[j] / norm);
			if (pc)
				(tr->y[i] > 0.5 ? pc : nc)[tr->b[j]] += 1;
		}
		npos += tr->y[i] > 0.5;
	}
	if (pc) {	/* r = |log((p + a) / |p + a|_1) - log((q + a) / |q + a|_1)| */
		r = xcalloc(nb, sizeof *r);
		for (i = 0; i < nb; i++) {
			sp += pc[i] + tr->o.nb;
			sn += nc[i] + tr->o.nb;
		}
		for (i = 0; i < nb; i++)
			r[i] = (float)fabs(log((pc[i] + tr->o.nb) / sp) - log((nc[i] + tr->o.nb) / sn));
		for (j = 0; j < tr->nf; j++)
			v[j] *= r[tr->b[j]];
	}
	sg.w = xcalloc(nb, sizeof *sg.w);
	if (tr->o.average)
		sg.avg = xcalloc(nb, sizeof *sg.avg);
	if (tr->o.adagrad)
		sg.g2 = xcalloc(nb, sizeof *sg.g2);
	use = xcalloc(tr->n + 1, 1);
	for (fit = 0; fit < nfit; fit++) {
		for (i = 0, mean = 0; i < tr->n; i++) {
			use[i] = nfit == 1 || ord || rng_next(&seed) % 10 < 7;
			if (ord)
				tr->y[i] = tr->rel[i] >= tr->o.label - 1 + fit ? 1.0f : 0.0f;
			mean += tr->y[i];
		}
		mean = tr->n ? mean / (double)tr->n : 0.5;
		mean = mean < 0.01 ? 0.01 : mean > 0.99 ? 0.99 : mean;
		memset(sg.w, 0, nb * sizeof *sg.w);
		if (sg.avg)
			memset(sg.avg, 0, nb * sizeof *sg.avg);
		if (sg.g2)
			memset(sg.g2, 0, nb * sizeof *sg.g2);
		sg.bias = log(mean / (1 - mean));
		sgd_fit(tr, v, use, &sg, seed + (uint64_t)fit * 7919);
		for (i = 0; i < nb; i++)
			m->w[i] += sg.w[i] * (r ? r[i] : 1) / (float)nfit;
		m->bias += sg.bias / nfit;
	}
	if (ord)	/* tr->y as added: the label */
		for (i = 0; i < tr->n; i++)
			tr->y[i] = tr->rel[i] >= tr->o.label ? 1.0f : 0.0f;
	if (tr->o.rocchio > 0 && npos > 0 && npos < tr->n)
		for (i = 0; i < tr->n; i++)
			for (j = tr->start[i]; j < tr->start[i + 1]; j++)
				m->w[tr->b[j]] += (float)(tr->o.rocchio * v[j] * (r ? r[tr->b[j]] : 1) *
				    (tr->y[i] > 0.5 ? 1.0 / (double)npos : -1.0 / (double)(tr->n - npos)));
	free(use);
	free(sg.w);
	free(sg.avg);
	free(sg.g2);
	free(pc);
	free(nc);
	free(r);
	free(v);
	return m;
}

void
rank_trainer_free(struct rank_trainer *tr)
{
	if (tr == NULL)
		return;
	fvec_free(&tr->fv);
	free(tr->df);
	free(tr->start);
	free(tr->b);
	free(tr->tf);
	free(tr->y);
	free(tr->rel);
	free(tr->daystart);
	free(tr->day);
	free(tr);
}

/*
 * The model's probability on the relevance scale: soft labels estimate
 * (relevance - 1) / 9 directly; with label T, P(relevance >= T) = 0.5 is
 * relevance T, and 0 and 1 are 1 and 10, linear in between.
 */
static double
relevance_of(const struct rank_model *m, double p)
{
	double t = m->label;

	if (m->label <= 0)
		return 1 + 9 * p;
	if (p <= 0.5)
		return 1 + (t - 1) * p / 0.5;
	return t + (10 - t) * (p - 0.5) / 0.5;
}

#define NWHY 8	/* candidates for naming: the strongest terms */

/* the model's estimate of the relevance, 1-10; why gets the terms that weighed most */
double
rank_model_score(const struct rank_model *m, const char *title, const char *abstract,
    const char *authors, struct buf *why)
{
	struct fvec fv = { 0 };
	struct rank_toks names = { 0 };
	struct contrib top[NWHY], c;
	struct buf nm = { 0 }, wd = { 0 };
	const char *stem[NWHY], *word[NWHY];
	double z = m->bias;
	size_t i, j, ntop = 0;

	features(&fv, m->bits, m->features, title, abstract, authors);
	weigh(&fv, m->idf);
	for (i = 0; i < fv.n; i++) {
		c.v = (double)m->w[fv.f[i].b] * fv.f[i].v;
		c.i = i;
		z += c.v;
		if (!why || c.v <= 0 || fv.f[i].kind == F_AUTHOR ||
		    (ntop == NWHY && c.v <= top[NWHY - 1].v))
			continue;
		for (j = ntop < NWHY ? ntop++ : NWHY - 1; j > 0 && top[j - 1].v < c.v; j--)
			top[j] = top[j - 1];
		top[j] = c;
	}
	if (why) {
		for (j = 0; j < ntop; j++) {
			i = top[j].i;
			buf_reset(&nm);
			buf_adds(&nm, rank_tok(&fv.t, fv.f[i].tok));
			buf_reset(&wd);
			buf_adds(&wd, rank_word(&fv.t, fv.f[i].tok));
			if (fv.f[i].kind == F_BI) {
				buf_addc(&nm, ' ');
				buf_adds(&nm, rank_tok(&fv.t, fv.f[i].tok + 1));
				buf_addc(&wd, ' ');
				buf_adds(&wd, rank_word(&fv.t, fv.f[i].tok + 1));
			}
			addword(&names, nm.s, nm.len, wd.s, wd.len);
			top[j].i = j;
		}
		for (j = 0; j < ntop; j++) {
			stem[j] = rank_tok(&names, j);
			word[j] = rank_word(&names, j);
		}
		name_terms(why, top, ntop, stem, word, 5);
	}
	buf_free(&nm);
	buf_free(&wd);
	rank_toks_free(&names);
	fvec_free(&fv);
	return relevance_of(m, sigmoid(z));
}

void
rank_model_free(struct rank_model *m)
{
	if (m == NULL)
		return;
	free(m->w);
	free(m->df);
	free(m->idf);
	free(m);
}

long
rank_model_papers(const struct rank_model *m)
{
	return m->papers;
}

/*
 * The model file (ax-model(5)): a header of "key value" lines, then one line
 * per bucket seen in training, "bucket df weight", in bucket order.  Weights
 * are printed with 9 significant digits, so a float reads back bit for bit.
 */
int
rank_model_save(const struct rank_model *m, FILE *fp)
{
	size_t nb = (size_t)1 << m->bits, i, n = 0;

	for (i = 0; i < nb; i++)
		if (m->df[i] > 0)
			n++;
	fprintf(fp, "ax-model 2\nbits %d\nfeatures words%s%s%s\n", m->bits,
	    m->features & RANK_TITLE ? ",title" : "", m->features & RANK_BIGRAMS ? ",bigrams" : "",
	    m->features & RANK_AUTHORS ? ",authors" : "");
	if (m->label > 0)
		fprintf(fp, "label %d\n", m->label);
	else
		fprintf(fp, "label soft\n");
	fprintf(fp, "papers %ld\nbias %.17g\nbuckets %zu\n", m->papers, m->bias, n);
	for (i = 0; i < nb; i++)
		if (m->df[i] > 0)
			fprintf(fp, "%zu %lu %.9g\n", i, (unsigned long)m->df[i], (double)m->w[i]);
	return ferror(fp) ? -1 : 0;
}

/* "words,title,bigrams,authors": RANK_ flags, -1 for a name this version does not know */
static int
parse_features(const char *s)
{
	static const struct { const char *name; int flag; } names[] = {
		{ "words", 0 }, { "title", RANK_TITLE }, { "bigrams", RANK_BIGRAMS },
		{ "authors", RANK_AUTHORS },
	};
	size_t i, n;
	int f = 0, hit;

	while (*s) {
		n = strcspn(s, ",");
		for (i = 0, hit = 0; i < NELEM(names); i++)
			if (strlen(names[i].name) == n && strncmp(s, names[i].name, n) == 0) {
				f |= names[i].flag;
				hit = 1;
			}
		if (!hit)
			return -1;
		s += n + (s[n] == ',');
	}
	return f;
}

/* NULL with *why set (static text) when fp does not hold a model this version reads */
struct rank_model *
rank_model_load(FILE *fp, long *lineno, const char **why)
{
	struct rank_model *m = xcalloc(1, sizeof *m);
	char *line = NULL, *end, key[32];
	size_t cap = 0, nb = 0, n = 0, got = 0, i;
	unsigned long long b, df;
	double w;
	float unseen;
	int hdr = 0, bits = 0, haspapers = 0, hasbias = 0, haslabel = 0;
	char val[64];

	*why = NULL;
	*lineno = 0;
	while (getline(&line, &cap, fp) != -1) {
		++*lineno;
		line[strcspn(line, "\r\n")] = '\0';	/* a file copied through Windows ends lines in CRLF */
		if (*lineno == 1) {
			if (strcmp(line, "ax-model 1") == 0) {
				*why = "a version 1 model (before the stemmer): train it again";
				goto bad;
			}
			if (strcmp(line, "ax-model 2") != 0) {
				*why = strncmp(line, "ax-model ", 9) == 0 ?
				    "unsupported model file version" : "not an ax model file";
				goto bad;
			}
			m->features = RANK_TITLE | RANK_BIGRAMS;
			continue;
		}
		if (!hdr) {
			if (sscanf(line, "%31s %63s", key, val) != 2) {
				*why = "malformed header line";
				goto bad;
			}
			if (strcmp(key, "bits") == 0) {
				bits = (int)strtol(val, &end, 10);
				if (*end || bits < 8 || bits > 24) {
					*why = "bad bits";
					goto bad;
				}
				m->bits = bits;
				nb = (size_t)1 << bits;
			} else if (strcmp(key, "features") == 0) {
				if ((m->features = parse_features(val)) < 0) {
					*why = "unknown feature";
					goto bad;
				}
			} else if (strcmp(key, "label") == 0) {
				m->label = strcmp(val, "soft") == 0 ? 0 : (int)strtol(val, &end, 10);
				if (strcmp(val, "soft") != 0 && (*end || m->label < 1 || m->label > 10)) {
					*why = "bad label";
					goto bad;
				}
				haslabel = 1;
			} else if (strcmp(key, "papers") == 0) {
				m->papers = strtol(val, &end, 10);
				haspapers = *end == '\0' && m->papers >= 0;
			} else if (strcmp(key, "bias") == 0) {
				m->bias = strtod(val, &end);
				hasbias = *end == '\0' && isfinite(m->bias);
			} else if (strcmp(key, "buckets") == 0) {
				if (!bits || !haslabel || !haspapers || !hasbias) {
					*why = "header incomplete before buckets";
					goto bad;
				}
				n = (size_t)strtoull(val, &end, 10);
				if (*end || n > nb) {
					*why = "bad buckets";
					goto bad;
				}
				m->w = xcalloc(nb, sizeof *m->w);
				m->df = xcalloc(nb, sizeof *m->df);
				m->idf = xcalloc(nb, sizeof *m->idf);
				unseen = (float)idf_of(m->papers, 0);
				for (i = 0; i < nb; i++)
					m->idf[i] = unseen;
				hdr = 1;
			}	/* other keys: from a later minor version, ignored */
			continue;
		}
		errno = 0;
		b = strtoull(line, &end, 10);
		df = strtoull(end, &end, 10);
		w = strtod(end, &end);
		if (errno || *end || b >= nb || df == 0 || df > (unsigned long long)m->papers ||
		    !isfinite(w)) {
			*why = "malformed bucket line";
			goto bad;
		}
		m->df[b] = (uint32_t)df;
		m->idf[b] = (float)idf_of(m->papers, (long)df);
		m->w[b] = (float)w;
		got++;
	}
	if (ferror(fp)) {
		*why = "read error";
		goto bad;
	}
	if (!hdr || got != n) {
		*why = "truncated model file";
		goto bad;
	}
	free(line);
	return m;
bad:
	free(line);
	rank_model_free(m);
	return NULL;
}
