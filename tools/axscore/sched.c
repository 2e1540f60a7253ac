/*
 * sched.c - the scheduler's decisions as pure functions over state passed in:
 * the --rpm and --tpm windows, and how far axscore reads ahead of its output.
 * No clock, no globals: tests/unit/test_sched.c drives them with made-up times.
 */
#include <stdlib.h>
#include <string.h>

#include "axscore.h"

void
rate_init(struct rate *w, long rpm, long tpm)
{
	memset(w, 0, sizeof *w);
	w->rpm = rpm;
	w->tpm = tpm;
	if (rpm > 0)
		w->starts = xcalloc((size_t)rpm, sizeof *w->starts);
}

void
rate_free(struct rate *w)
{
	free(w->starts);
	free(w->tok);
	memset(w, 0, sizeof *w);
}

/* the --tpm window without the starts 60 s or more before t */
static void
tpm_expire(struct rate *w, double t)
{
	size_t i, k;

	for (i = 0; i < w->ntok && t - w->tok[i].t >= 60; i++)
		w->toksum -= w->tok[i].n;
	if (i == 0)
		return;
	for (k = 0; i < w->ntok; )
		w->tok[k++] = w->tok[i++];
	w->ntok = k;
}

double
rate_wait(struct rate *w, long ntok, double t)
{
	double wt = 0, oldest;

	/* --rpm: the rpm'th start before this one must be a minute old */
	if (w->rpm > 0 && w->nstarts >= (size_t)w->rpm) {
		oldest = w->starts[w->nstarts % (size_t)w->rpm];
		if (t - oldest < 60)
			wt = 60 - (t - oldest);
	}
	if (w->tpm > 0) {
		tpm_expire(w, t);
		/* the oldest start leaving the window frees its tokens */
		if (w->ntok > 0 && w->toksum + ntok > w->tpm && 60 - (t - w->tok[0].t) > wt)
			wt = 60 - (t - w->tok[0].t);
	}
	return wt;
}

void
rate_start(struct rate *w, long ntok, double t)
{
	if (w->rpm > 0)
		w->starts[w->nstarts % (size_t)w->rpm] = t;
	w->nstarts++;
	if (w->tpm > 0) {
		tpm_expire(w, t);
		if (w->ntok == w->tokcap) {
			w->tokcap = w->tokcap ? 2 * w->tokcap : 64;
			w->tok = xreallocarray(w->tok, w->tokcap, sizeof *w->tok);
		}
		w->tok[w->ntok].t = t;
		w->tok[w->ntok++].n = ntok;
		w->toksum += ntok;
	}
}

size_t
read_ahead(long jobs, int all)
{
	/* enough finished requests queued behind a slow one to keep every slot busy */
	return all ? (size_t)-1 : 64 + 8 * (size_t)(jobs > 0 ? jobs : 1);
}
