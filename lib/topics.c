/*
 * topics.c - the reader's topics in a topics file or prompt template, named
 * one way for axrender --topics (headings of --group-by topic) and axscore
 * --provider local (a paper's best-matching topic): see struct topics in ax.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ax.h"

/* a line's text after its "1." or "1)" mark and blanks; NULL when it has no number mark */
static const char *
numbered(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s || (*p != '.' && *p != ')') || p[1] != ' ')
		return NULL;
	for (p += 2; *p == ' '; p++)
		;
	return p;
}

static const char *
nextline(const char *p)
{
	p += strcspn(p, "\n");
	return *p ? p + 1 : p;
}

static void
add(struct topics *t, const char *name, size_t len, const char *trim, const char *text,
    size_t textlen)
{
	while (len > 0 && strchr(trim, name[len - 1]))
		len--;
	if (len == 0)
		return;
	t->name = xreallocarray(t->name, t->n + 1, sizeof *t->name);
	t->text = xreallocarray(t->text, t->n + 1, sizeof *t->text);
	t->name[t->n] = xstrndup(name, len);
	t->text[t->n] = xstrndup(text, textlen);
	t->n++;
}

void
topics_read(const char *file_text, struct topics *t)
{
	const char *start = file_text, *p, *q, *name, *e;
	int plain = 1;

	memset(t, 0, sizeof *t);
	for (p = file_text; (p = strchr(p, '#')) != NULL; p++)
		if ((p == file_text || p[-1] == '\n') && (q = strstr(p, "Topics")) != NULL &&
		    q < p + strcspn(p, "\n")) {
			start = p;
			break;
		}
	for (p = start; *p; p = nextline(p))
		if (numbered(p) != NULL)
			plain = 0;
	for (p = start; *p; p = e) {
		e = nextline(p);
		if (*p == '#' || strncasecmp(p, "keywords:", 9) == 0)
			continue;
		if (plain) {
			add(t, p, strcspn(p, "\n"), " \t\r", p, (size_t)(e - p));
			continue;
		}
		if ((name = numbered(p)) == NULL)
			continue;
		while (*e == '\n' || *e == '\r' || *e == ' ' || *e == '\t')	/* its lines */
			e = nextline(e);
		add(t, name, strcspn(name, "\n"), " \t\r.:", p, (size_t)(e - p));
	}
}

void
topics_free(struct topics *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->name[i]);
		free(t->text[i]);
	}
	free(t->name);
	free(t->text);
	memset(t, 0, sizeof *t);
}
