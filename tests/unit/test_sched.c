/* test_sched.c - unit tests of axscore's scheduler decisions (sched.c): the --rpm and --tpm windows, the read-ahead bound. */
#include <math.h>
#include <stdio.h>

#include "axscore.h"
#include "tap.h"

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

int
main(void)
{
	struct rate w, w2;
	int i;

	rate_init(&w, 0, 0);
	ok(rate_wait(&w, 1000000, 0) == 0, "no limits: never a wait");
	rate_start(&w, 1000000, 0);
	ok(rate_wait(&w, 1000000, 0) == 0, "no limits: still none after a start");
	rate_free(&w);

	/* --rpm 3: the fourth start waits for the first to be a minute old */
	rate_init(&w, 3, 0);
	rate_start(&w, 10, 100);
	rate_start(&w, 10, 110);
	ok(rate_wait(&w, 10, 115) == 0, "rpm 3: the third start goes at once");
	rate_start(&w, 10, 120);
	ok(near(rate_wait(&w, 10, 130), 30), "rpm 3: the fourth waits 30 s (first at 100, now 130)");
	ok(rate_wait(&w, 10, 160) == 0, "rpm 3: at 160 the first left the window");
	rate_start(&w, 10, 160);
	ok(near(rate_wait(&w, 10, 161), 9), "rpm 3: then the one of 110 is the oldest: 9 s");
	for (i = 0; i < 1000; i++)
		rate_start(&w, 10, 1000 + i);
	ok(near(rate_wait(&w, 10, 1999), 58),
	    "rpm 3: a thousand starts later the ring holds the last three (1997: 58 s)");
	rate_free(&w);

	/* --tpm 1000: estimated tokens of the starts within 60 s */
	rate_init(&w, 0, 1000);
	ok(rate_wait(&w, 5000, 0) == 0, "tpm: a request larger than the limit goes when the window is empty");
	rate_start(&w, 600, 0);
	ok(rate_wait(&w, 400, 10) == 0, "tpm: 600 + 400 fits 1000");
	rate_start(&w, 400, 10);
	ok(near(rate_wait(&w, 1, 20), 40), "tpm: full until the start of 0 leaves at 60");
	ok(rate_wait(&w, 600, 60) == 0, "tpm: at 60 the 600 of 0 left: 400 + 600 fits");
	ok(near(rate_wait(&w, 601, 60), 10), "tpm: 400 + 601 does not: 10 s until the start of 10 leaves");
	ok(w.ntok == 1 && w.toksum == 400, "tpm: the window dropped what left it (1 start, 400 tokens)");
	ok(rate_wait(&w, 1, 71) == 0 && w.ntok == 0 && w.toksum == 0, "tpm: empty after 70 s");
	for (i = 0; i < 100000; i++)
		rate_start(&w, 1, 100 + i * 0.01);
	ok(w.ntok <= 6001 && w.toksum == (long long)w.ntok,
	    "tpm: 100,000 starts keep only the last minute's (%zu)", w.ntok);
	rate_free(&w);

	/* both: the longer wait wins; windows are separate states */
	rate_init(&w, 1, 0);
	rate_init(&w2, 0, 100);
	rate_start(&w, 1, 0);
	rate_start(&w2, 100, 30);
	ok(near(rate_wait(&w, 1, 30), 30) && near(rate_wait(&w2, 1, 30), 60),
	    "two windows do not share state");
	rate_free(&w);
	rate_free(&w2);
	rate_init(&w, 1, 100);
	rate_start(&w, 100, 0);
	rate_start(&w, 0, 30);	/* (a start past the rpm limit, as a test can) */
	ok(near(rate_wait(&w, 1, 40), 50), "rpm and tpm: the larger of the two waits");
	rate_free(&w);

	ok(read_ahead(1, 0) == 72 && read_ahead(16, 0) == 192, "read ahead: 64 + 8 per job");
	ok(read_ahead(0, 0) == 72, "read ahead: at least one job's worth");
	ok(read_ahead(16, 1) == (size_t)-1, "read ahead: all, for the batch API");
	return done_testing();
}
