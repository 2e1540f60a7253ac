/* test_arxivid.c - arxiv_id on every form an id comes in: one table, what each reads as. */
#include <stdio.h>
#include <string.h>

#include "ax.h"
#include "tap.h"

static const struct {
	const char *in;
	int	 is;		/* an arXiv id */
	const char *out;	/* the bare id, or the trimmed text when not one */
	int	 version;
} cases[] = {
	/* new scheme: four digits 0704-1412, five from 1501 */
	{ "2501.01234", 1, "2501.01234", 0 },
	{ "2501.01234v2", 1, "2501.01234", 2 },
	{ "2501.01234V12", 1, "2501.01234", 12 },
	{ "0704.0001", 1, "0704.0001", 0 },
	{ "0704.0001v1", 1, "0704.0001", 1 },
	{ "1412.7878", 1, "1412.7878", 0 },
	{ "1501.00001v3", 1, "1501.00001", 3 },
	{ "2601.00000", 1, "2601.00000", 0 },
	{ "0703.0001", 0, "0703.0001", 0 },		/* before the new scheme */
	{ "1501.0001", 0, "1501.0001", 0 },		/* five digits from 1501 */
	{ "1412.00001", 0, "1412.00001", 0 },		/* four digits up to 1412 */
	{ "2513.01234", 0, "2513.01234", 0 },		/* month 13 */
	{ "2500.01234", 0, "2500.01234", 0 },
	{ "2501.012345", 0, "2501.012345", 0 },		/* six digits */
	{ "2501.123", 0, "2501.123", 0 },
	/* old scheme: archive[.SC]/YYMMNNN, the subject class left out */
	{ "hep-th/9901001", 1, "hep-th/9901001", 0 },
	{ "hep-th/9901001v3", 1, "hep-th/9901001", 3 },
	{ "math.GT/0309136", 1, "math/0309136", 0 },
	{ "math.GT/0309136v2", 1, "math/0309136", 2 },
	{ "math/0309136", 1, "math/0309136", 0 },
	{ "cond-mat.mes-hall/0102536", 1, "cond-mat/0102536", 0 },
	{ "astro-ph/0601001", 1, "astro-ph/0601001", 0 },
	{ "cs/9901001", 1, "cs/9901001", 0 },
	{ "Hep-Th/9901001", 1, "hep-th/9901001", 0 },
	{ "hep-th/990100", 0, "hep-th/990100", 0 },	/* six digits */
	{ "hep-th/99010012", 0, "hep-th/99010012", 0 },
	{ "hep-th/0801001", 0, "hep-th/0801001", 0 },	/* after the old scheme ended */
	{ "hep-th/9013001", 0, "hep-th/9013001", 0 },
	{ "-th/9901001", 0, "-th/9901001", 0 },
	/* prefixes */
	{ "arXiv:2501.01234v2", 1, "2501.01234", 2 },
	{ "arxiv:2501.01234", 1, "2501.01234", 0 },
	{ "ARXIV:2501.01234", 1, "2501.01234", 0 },
	{ "arXiv: 2501.01234", 1, "2501.01234", 0 },
	{ "arXiv:hep-th/9901001v1", 1, "hep-th/9901001", 1 },
	{ "oai:arXiv.org:2509.07963", 1, "2509.07963", 0 },
	{ "oai:arXiv.org:2509.07963v1", 1, "2509.07963", 1 },
	{ "oai:arXiv.org:math/0611800", 1, "math/0611800", 0 },
	{ "doi:10.48550/arXiv.2501.01234", 1, "2501.01234", 0 },
	{ "10.48550/arXiv.2501.01234", 1, "2501.01234", 0 },
	/* URLs: abs and pdf, http and https, export and other mirrors, .pdf, versions */
	{ "http://arxiv.org/abs/2509.07963v2", 1, "2509.07963", 2 },
	{ "https://arxiv.org/abs/2509.07963", 1, "2509.07963", 0 },
	{ "https://arxiv.org/abs/2509.07963/", 1, "2509.07963", 0 },
	{ "http://export.arxiv.org/abs/2509.07963v1", 1, "2509.07963", 1 },
	{ "https://export.arxiv.org/abs/hep-th/9901001", 1, "hep-th/9901001", 0 },
	{ "https://arxiv.org/pdf/2509.07963", 1, "2509.07963", 0 },
	{ "https://arxiv.org/pdf/2509.07963v3", 1, "2509.07963", 3 },
	{ "https://arxiv.org/pdf/2509.07963v3.pdf", 1, "2509.07963", 3 },
	{ "http://arxiv.org/pdf/2509.07963.pdf", 1, "2509.07963", 0 },
	{ "https://arxiv.org/pdf/math.GT/0309136v1.pdf", 1, "math/0309136", 1 },
	{ "https://www.arxiv.org/abs/2509.07963", 1, "2509.07963", 0 },
	{ "HTTPS://ARXIV.ORG/ABS/2509.07963", 1, "2509.07963", 0 },
	{ "http://lanl.arxiv.org/abs/hep-th/9901001v2", 1, "hep-th/9901001", 2 },
	{ "arxiv.org/abs/2509.07963", 1, "2509.07963", 0 },
	{ "https://arxiv.org/html/2509.07963v2", 1, "2509.07963", 2 },
	{ "https://arxiv.org/abs/2509.07963?context=cs", 1, "2509.07963", 0 },
	{ "https://arxiv.org/abs/2509.07963#S3", 1, "2509.07963", 0 },
	{ "https://doi.org/10.48550/arXiv.2509.07963", 1, "2509.07963", 0 },
	{ "https://notarxiv.org/abs/2509.07963", 0, "https://notarxiv.org/abs/2509.07963", 0 },
	{ "https://example.org/abs/2509.07963", 0, "https://example.org/abs/2509.07963", 0 },
	/* blanks, CR, BOM, trailing garbage */
	{ "  2501.01234  ", 1, "2501.01234", 0 },
	{ "\t2501.01234\r", 1, "2501.01234", 0 },
	{ "2501.01234\r\n", 1, "2501.01234", 0 },
	{ "\xef\xbb\xbf" "2501.01234", 1, "2501.01234", 0 },
	{ " arXiv:2501.01234v2 \r", 1, "2501.01234", 2 },
	{ "2501.01234 Attention is all you need", 1, "2501.01234", 0 },
	{ "2501.01234v2\t2026-01-05", 1, "2501.01234", 2 },
	{ "2501.01234,", 1, "2501.01234", 0 },
	{ "2501.01234.", 1, "2501.01234", 0 },
	{ "(2501.01234)", 0, "(2501.01234)", 0 },
	{ "2501.01234)", 1, "2501.01234", 0 },
	{ "2501.01234; 2501.01235", 1, "2501.01234", 0 },
	{ "2501.01234 # read on the train", 1, "2501.01234", 0 },
	{ "2501.01234v", 0, "2501.01234v", 0 },
	{ "2501.01234v2x", 0, "2501.01234v2x", 0 },
	{ "2501.01234abc", 0, "2501.01234abc", 0 },
	{ "2501.01234-3", 0, "2501.01234-3", 0 },	/* an id of another scheme */
	{ "2501.01234_a", 0, "2501.01234_a", 0 },
	{ "2501.01234.5", 0, "2501.01234.5", 0 },
	{ "2501.01234v99999999999", 1, "2501.01234", 0 },	/* a version too large to be one */
	/* not arXiv ids: kept trimmed, so that they still compare */
	{ "", 0, "", 0 },
	{ "   ", 0, "", 0 },
	{ " x1 ", 0, "x1", 0 },
	{ "1", 0, "1", 0 },
	{ "{\"id\": \"2601.00000\"}", 0, "{\"id\": \"2601.00000\"}", 0 },
	{ "arXiv:", 0, "arXiv:", 0 },
	{ "see 2501.01234", 0, "see 2501.01234", 0 },
	{ "\xc3\xa9t\xc3\xa9", 0, "\xc3\xa9t\xc3\xa9", 0 },
};

/* s with control characters as \r, \n, \t, \xNN: one TAP line each */
static const char *
show(const char *s)
{
	static char b[512];
	size_t n = 0;

	for (; *s != '\0' && n < sizeof(b) - 5; s++) {
		if (*s == '\r' || *s == '\n' || *s == '\t')
			n += (size_t)snprintf(b + n, 3, "\\%c", *s == '\r' ? 'r' : *s == '\n' ? 'n' : 't');
		else
			b[n++] = *s;
	}
	b[n] = '\0';
	return b;
}

int
main(void)
{
	char out[ARXIV_ID_MAX], big[200];
	size_t i;
	int is, v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -1;
		is = arxiv_id(cases[i].in, out, &v);
		ok(is == cases[i].is && strcmp(out, cases[i].out) == 0 && v == cases[i].version,
		    "'%s' -> %s '%s' v%d (got %s '%s' v%d)", show(cases[i].in),
		    cases[i].is ? "id" : "not an id", cases[i].out, cases[i].version,
		    is ? "id" : "not an id", out, v);
	}
	/* a bare id reads as itself: what one tool wrote, the next reads the same */
	for (is = 1, i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cases[i].is && (arxiv_id(cases[i].out, out, &v) != 1 ||
		    strcmp(out, cases[i].out) != 0 || v != 0))
			is = 0;
	ok(is, "every bare id reads back as itself, without a version");
	ok(arxiv_id("arXiv:2501.01234v7", out, NULL) == 1 && strcmp(out, "2501.01234") == 0,
	    "version may be NULL");
	/* text that is no id and longer than out: cut at a character boundary */
	memset(big, 'a', sizeof(big));
	memcpy(big + ARXIV_ID_MAX - 2, "\xc3\xa9", 2);
	big[sizeof(big) - 1] = '\0';
	ok(arxiv_id(big, out, NULL) == 0 && strlen(out) == ARXIV_ID_MAX - 2,
	    "a long foreign id is cut to fit, between characters (%zu bytes)", strlen(out));
	return done_testing();
}
