/* test_axfetch.c - unit tests of axfetch's pure parts: the bad-byte fixer, author lists, ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/axfetch/parse.c"
#include "tap.h"

/* s[0..n) through the fixer in pieces of at most step bytes; the result and the count */
static char *
fix(const char *s, size_t n, size_t step, long *nbad)
{
	struct fixer fx = { .name = "t" };
	struct buf out = { 0 }, pend = { 0 };
	size_t i, k, used;

	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		buf_add(&pend, s + i, k);
		used = xml_fix(&fx, pend.s, pend.len, i + k == n, &out);
		memmove(pend.s, pend.s + used, pend.len - used);
		pend.len -= used;
	}
	buf_free(&pend);
	*nbad = fx.nbad;
	return buf_take(&out);
}

static int
fixes(const char *in, size_t n, const char *want, long wantbad)
{
	size_t step;
	long bad;
	char *s;
	int good = 1;

	/* whole, and cut at every place a read could cut it */
	for (step = n ? n : 1; step >= 1; step = step > 1 ? step - 1 : 0) {
		s = fix(in, n, step, &bad);
		if (strcmp(s ? s : "", want) != 0 || bad != wantbad)
			good = 0;
		free(s);
		if (step == 1)
			break;
	}
	return good;
}

/* in is a string literal: its NULs count */
#define FIXES(in, want, bad) fixes(in, sizeof(in) - 1, want, bad)

static int
authors(const char *s, const char *want)
{
	struct json_object *a = json_object_new_array();
	int r;

	split_authors(s, a);
	r = strcmp(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN), want) == 0;
	if (!r)
		printf("# %s -> %s\n", s, json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN));
	json_object_put(a);
	return r;
}

int
main(int argc, char *argv[])
{
	(void)argc;
	setprog(argv[0]);
	/* the messages name stderr's lines; the test reads only the counts */
	if (freopen("/dev/null", "w", stderr) == NULL)
		return 1;

	ok(FIXES("plain <a>text</a>\n", "plain <a>text</a>\n", 0), "ASCII passes as it is");
	ok(FIXES("\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0),
	    "two-, three- and four-byte UTF-8 pass, wherever a read cuts them");
	ok(FIXES("a\xff" "b", "a\xef\xbf\xbd" "b", 1), "0xFF -> U+FFFD");
	ok(FIXES("a\xe9mp", "a\xef\xbf\xbdmp", 1), "a Latin-1 e-acute -> U+FFFD, the next letters kept");
	ok(FIXES("a\0b", "a\xef\xbf\xbd" "b", 1), "NUL -> U+FFFD");
	ok(FIXES("\t\r\n\x1b\x7f", "\t\r\n\xef\xbf\xbd\x7f", 1), "tab, CR, LF and DEL kept, ESC replaced");
	ok(FIXES("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", 2), "an overlong '/' is two bad bytes");
	ok(FIXES("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3), "a surrogate is three");
	ok(FIXES("\xe2\x82 x", "\xef\xbf\xbd x", 1), "a cut sequence is one U+FFFD (maximal subpart)");
	ok(FIXES("x\xe2\x82", "x\xef\xbf\xbd", 1), "a sequence cut by the end of the input");
	ok(FIXES("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 4),
	    "past U+10FFFF is four");
	ok(FIXES("\xef\xbf\xbe", "\xef\xbf\xbd", 1), "U+FFFE, not an XML character");
	ok(FIXES("\xfe\xff\x00<", "\xfe\xff\x00<", 0), "UTF-16 passes (libxml2 reads it)");
	ok(FIXES("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>",
	    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>", 0),
	    "a declared Latin-1 document passes");

	ok(authors("ExampleLab: Ada Chen, Ben Li, Cara Gong", "[\"ExampleLab\",\"Ada Chen\",\"Ben Li\",\"Cara Gong\"]"),
	    "a group before a colon is its own element");
	ok(authors("ATLAS Collaboration: G. Aad, B. Abbott", "[\"ATLAS Collaboration\",\"G. Aad\",\"B. Abbott\"]"),
	    "ATLAS Collaboration: ...");
	ok(authors("A. B, C. D, and E. F", "[\"A. B\",\"C. D\",\"E. F\"]"), "A, B, and C");
	ok(authors("A. B and C. D et al.", "[\"A. B\",\"C. D\"]"), "A and B et al.");
	ok(authors("G. Aad for the ATLAS Collaboration", "[\"G. Aad\",\"ATLAS Collaboration\"]"), "for the X");
	ok(authors("M. Rossi (for the CMS Collaboration), J. Doe (CERN)",
	    "[\"M. Rossi\",\"CMS Collaboration\",\"J. Doe\"]"), "(for the X) kept, (CERN) dropped");
	ok(authors("", "[]"), "no authors");
	ok(authors(" , and , et al.", "[]"), "only separators");
	ok(authors("Neal J. Evans II, A. Smith, Jr.", "[\"Neal J. Evans II\",\"A. Smith Jr.\"]"), "suffixes");
	return done_testing();
}
