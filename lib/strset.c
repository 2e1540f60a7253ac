/*
 * strset.c - a set of strings (ids already printed, seen or delivered):
 * open addressing with linear probing, FNV-1a hashes kept beside the
 * strings, at most half full, so an add or a lookup is one or two probes
 * whatever the size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* the slot that holds s, or the empty one where it would go */
static size_t
probe(const struct strset *t, const char *s, uint64_t h)
{
	size_t i = (size_t)h & (t->cap - 1);

	while (t->slot[i].s != NULL && (t->slot[i].h != h || strcmp(t->slot[i].s, s) != 0))
		i = (i + 1) & (t->cap - 1);
	return i;
}

int
strset_has(const struct strset *t, const char *s)
{
	return t->n > 0 && t->slot[probe(t, s, fnv1a(s))].s != NULL;
}

int
strset_add(struct strset *t, const char *s)
{
	struct strset_slot *old;
	uint64_t h = fnv1a(s);
	size_t i, oldcap;

	if (t->n + 1 > t->cap / 2) {
		old = t->slot;
		oldcap = t->cap;
		t->cap = t->cap ? t->cap * 2 : 256;
		t->slot = xcalloc(t->cap, sizeof(*t->slot));
		for (i = 0; i < oldcap; i++)
			if (old[i].s != NULL)
				t->slot[probe(t, old[i].s, old[i].h)] = old[i];
		free(old);
	}
	i = probe(t, s, h);
	if (t->slot[i].s != NULL)
		return 0;
	t->slot[i].s = xstrdup(s);
	t->slot[i].h = h;
	t->n++;
	return 1;
}

void
strset_free(struct strset *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slot[i].s);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
