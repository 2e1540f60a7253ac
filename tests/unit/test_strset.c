/* test_strset.c - the string set: a table of adds and lookups, then 200,000 ids. */
#include <stdio.h>
#include <string.h>

#include "ax.h"
#include "tap.h"

static const struct {
	char	 op;	/* 'a' add, 'h' has */
	const char *s;
	int	 want;
	size_t	 n;	/* strings held afterwards */
} steps[] = {
	{ 'h', "2501.01234", 0, 0 },	/* an empty set holds nothing */
	{ 'a', "2501.01234", 1, 1 },
	{ 'a', "2501.01234", 0, 1 },
	{ 'h', "2501.01234", 1, 1 },
	{ 'h', "2501.0123", 0, 1 },
	{ 'h', "2501.012345", 0, 1 },
	{ 'a', "", 1, 2 },		/* the empty string is a string */
	{ 'h', "", 1, 2 },
	{ 'a', "hep-th/9901001", 1, 3 },
	{ 'a', "HEP-TH/9901001", 1, 4 },	/* case counts */
	{ 'a', "\xc3\xa9t\xc3\xa9", 1, 5 },
	{ 'h', "\xc3\xa9t\xc3\xa9", 1, 5 },
	{ 'h', "x", 0, 5 },
};

int
main(void)
{
	struct strset t = { 0 };
	char id[32];
	size_t i, n = 200000, bad;
	int r;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		r = steps[i].op == 'a' ? strset_add(&t, steps[i].s) : strset_has(&t, steps[i].s);
		ok(r == steps[i].want && t.n == steps[i].n, "%s '%s' -> %d, %zu held",
		    steps[i].op == 'a' ? "add" : "has", steps[i].s, steps[i].want, steps[i].n);
	}
	strset_free(&t);
	ok(t.n == 0 && t.cap == 0 && !strset_has(&t, "2501.01234"), "free leaves an empty set");

	/* a real size: ten years of a busy archive's ids, added, re-added, looked up */
	for (bad = 0, i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%02zu%02zu.%05zu", 15 + i / 120000, 1 + i / 10000 % 12, i % 10000);
		bad += strset_add(&t, id) != 1;
	}
	ok(bad == 0 && t.n == n, "%zu distinct ids all added (%zu held)", n, t.n);
	for (bad = 0, i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%02zu%02zu.%05zu", 15 + i / 120000, 1 + i / 10000 % 12, i % 10000);
		bad += strset_add(&t, id) != 0 || !strset_has(&t, id);
		snprintf(id, sizeof(id), "%02zu%02zu.%05zuv1", 15 + i / 120000, 1 + i / 10000 % 12, i % 10000);
		bad += strset_has(&t, id);
	}
	ok(bad == 0 && t.n == n, "each found again, none added twice, none found that was not added");
	ok(t.cap >= 2 * t.n && (t.cap & (t.cap - 1)) == 0, "at most half full (%zu slots)", t.cap);
	strset_free(&t);
	return done_testing();
}
