/* prices.c - the LLM price table of axcost(1) and axscore --budget: parse, look up, bill. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

/* the next blank-separated field of *s, NUL-terminated in place; NULL at the end */
static char *
field(char **s)
{
	char *p = *s + strspn(*s, " \t"), *f;

	if (*p == '\0')
		return NULL;
	f = p;
	p += strcspn(p, " \t");
	if (*p)
		*p++ = '\0';
	*s = p;
	return f;
}

static int
price_num(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	return *s != '\0' && *end == '\0' && *v >= 0 && isfinite(*v);
}

int
price_parse(const char *line, struct price *p)
{
	char *copy = xstrdup(line), *s, *f[6];
	int n, bad;

	copy[strcspn(copy, "\r\n")] = '\0';
	if ((s = strchr(copy, '#')) != NULL)
		*s = '\0';
	s = copy;
	for (n = 0; n < 6 && (f[n] = field(&s)) != NULL; n++)
		;
	if (n == 0) {
		free(copy);
		return 0;
	}
	bad = n < 4 || n > 5 || !price_num(f[1], &p->in) || !price_num(f[3], &p->out);
	if (!bad && strcmp(f[2], "-") == 0)
		p->cached = p->in;	/* "-": the provider has no cached price */
	else if (!bad)
		bad = !price_num(f[2], &p->cached);
	p->write = p->in;
	if (!bad && n == 5)
		bad = !price_num(f[4], &p->write);
	p->model = bad ? NULL : xstrdup(f[0]);
	free(copy);
	return bad ? -1 : 1;
}

long
prices_load(struct prices *t, const char *path)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, bad = 0;
	struct price p;
	int r, e;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (bad == 0 && getline(&line, &cap, fp) != -1) {
		lineno++;
		if ((r = price_parse(line, &p)) < 0)
			bad = lineno;
		else if (r > 0) {
			t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
			t->v[t->n++] = p;
		}
	}
	e = ferror(fp) ? errno : 0;
	free(line);
	fclose(fp);
	if (e) {
		errno = e;
		return -1;
	}
	return bad;
}

void
prices_free(struct prices *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].model);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static const struct price *
lookup_exact(const struct prices *t, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->v[i].model) == len && strncmp(t->v[i].model, name, len) == 0)
			return &t->v[i];
	return NULL;
}

/* length of name without a date suffix: -2025-04-14 (OpenAI), -20250514 or
 * @20250514 (Anthropic, Vertex) */
static size_t
undated(const char *name, size_t len)
{
	const char *d;
	size_t i;

	if (len > 11) {
		d = name + len - 11;
		if (d[0] == '-' && d[5] == '-' && d[8] == '-') {
			for (i = 1; i < 11; i++)
				if (i != 5 && i != 8 && !isdigit((unsigned char)d[i]))
					break;
			if (i == 11)
				return len - 11;
		}
	}
	if (len > 9 && (name[len - 9] == '-' || name[len - 9] == '@')) {
		for (i = len - 8; i < len; i++)
			if (!isdigit((unsigned char)name[i]))
				return len;
		return len - 9;
	}
	return len;
}

const struct price *
price_lookup(const struct prices *t, const char *model)
{
	const struct price *p;
	const char *slash;
	size_t len = strlen(model);

	if ((p = lookup_exact(t, model, len)) != NULL)
		return p;
	if ((p = lookup_exact(t, model, undated(model, len))) != NULL)
		return p;
	if ((slash = strrchr(model, '/')) == NULL)
		return NULL;
	model = slash + 1;
	len = strlen(model);
	if ((p = lookup_exact(t, model, len)) != NULL)
		return p;
	return lookup_exact(t, model, undated(model, len));
}

void
price_cost(const struct price *p, const struct tokens *n, int batchapi,
    double *pcost, double *ccost)
{
	long long plain = n->prompt - n->cached - n->cache_write;
	double f = batchapi ? 0.5 : 1.0;

	if (plain < 0)
		plain = 0;
	*pcost = f * ((double)plain * p->in + (double)n->cached * p->cached +
	    (double)n->cache_write * p->write) / 1e6;
	*ccost = f * (double)n->completion * p->out / 1e6;
}
