/* md.c - the Markdown digest, byte for byte the layout of the real digests. */
#include <stdlib.h>
#include <string.h>

#include "axrender.h"

/* joined first: "<x" ending one name is followed by ", ", not by a line's end */
static void
add_authors(struct buf *b, struct json_object *a)
{
	struct buf t = { 0 };
	size_t i, n;
	struct json_object *v;

	n = a ? json_object_array_length(a) : 0;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (i > 0)
			buf_adds(&t, ", ");
		if (json_object_is_type(v, json_type_string))
			buf_add(&t, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	}
	buf_addmd(b, buf_str(&t), t.len, 0);
	buf_free(&t);
}

/*
 * The token table is a GitHub pipe table: each column as wide as its header
 * plus two or its widest cell, cells left-justified, the rule row centred.
 */
static void
add_table(struct buf *b, const struct stats *st)
{
	char cell[3][4][80];
	const char *head[4] = { NULL, "Prompt", "Completion", "Total" };
	const char *row[4];
	size_t w[4], len;
	int r, c;
	char *model;
	struct buf m = { 0 };

	buf_addmd(&m, st->model ? st->model : "", st->model ? strlen(st->model) : 0, 1);
	model = xasprintf("*[%s]*", buf_str(&m));
	buf_free(&m);
	head[0] = model;
	snprintf(cell[1][0], sizeof cell[1][0], "**Token**");
	snprintf(cell[1][1], sizeof cell[1][1], "%lld", st->prompt_tokens);
	snprintf(cell[1][2], sizeof cell[1][2], "%lld", st->completion_tokens);
	snprintf(cell[1][3], sizeof cell[1][3], "%lld", st->total_tokens);
	snprintf(cell[2][0], sizeof cell[2][0], "**Cost**");
	fmt_cost(st->prompt_cost, st->unpriced, cell[2][1], sizeof cell[2][1]);
	fmt_cost(st->completion_cost, st->unpriced, cell[2][2], sizeof cell[2][2]);
	fmt_cost(st->total_cost, st->unpriced, cell[2][3], sizeof cell[2][3]);
	for (c = 0; c < 4; c++) {
		w[c] = utf8_width(head[c]) + 2;
		for (r = 1; r < 3; r++)
			if ((len = utf8_width(cell[r][c])) > w[c])
				w[c] = len;
	}
	for (r = 0; r < 3; r++) {
		for (c = 0; c < 4; c++)
			row[c] = r == 0 ? head[c] : cell[r][c];
		for (c = 0; c < 4; c++) {
			buf_adds(b, c == 0 ? "| " : " | ");
			buf_adds(b, row[c]);
			for (len = utf8_width(row[c]); len < w[c]; len++)
				buf_addc(b, ' ');
		}
		buf_adds(b, " |\n");
		if (r == 0) {
			for (c = 0; c < 4; c++) {
				buf_adds(b, "|:");
				for (len = 0; len < w[c]; len++)
					buf_addc(b, '-');
				buf_addc(b, ':');
			}
			buf_adds(b, "|\n");
		}
	}
	b->s[--b->len] = '\0';	/* the parts are joined by blank lines */
	free(model);
}

/* the prompt as the digest quotes it: "> " before every line */
static void
add_quoted(struct buf *b, const char *s, int user)
{
	struct buf t = { 0 };
	const char *p, *nl;

	render_prompt_text(&t, s, user);
	for (p = buf_str(&t);; p = nl + 1) {
		buf_adds(b, "> ");
		if ((nl = strchr(p, '\n')) == NULL) {
			buf_addmd(b, p, strlen(p), 0);
			break;
		}
		buf_addmd(b, p, (size_t)(nl - p + 1), 0);
	}
	buf_free(&t);
}

void
render_prompt_text(struct buf *b, const char *s, int user)
{
	const char *p;

	while (user && (p = strstr(s, "{{papers}}")) != NULL) {
		buf_add(b, s, (size_t)(p - s));
		buf_adds(b, "[PAPER LIST HERE]");
		s = p + strlen("{{papers}}");
	}
	buf_adds(b, s);
}

/* keeps memory flat in the number of papers: only the records are held */
void
spill(struct buf *b, const struct digest *d)
{
	if (d->out == NULL || b->len < 65536)
		return;
	fwrite(b->s, 1, b->len, d->out);
	buf_reset(b);
}

/* the digest is its parts joined by blank lines, as the original renderer did */
static void
sep(struct buf *b)
{
	buf_adds(b, "\n\n");
}

/* a day that went wrong says so before the count; a normal day has no such line */
static void
add_fates(struct buf *b, const struct fates *fa)
{
	struct buf t = { 0 };

	fates_text(&t, fa);
	if (t.len > 0) {
		sep(b);
		buf_adds(b, "**Warning:** ");
		buf_addmd(b, t.s, t.len, 0);	/* the filter names come from --stats */
	}
	buf_free(&t);
}

void
render_md(struct buf *b, const struct digest *d)
{
	const struct paper *p;
	size_t i;

	buf_printf(b, "# Personalized Daily ArXiv Papers %s", d->date);
	if (d->st.have) {
		sep(b);
		add_table(b, &d->st);
		sep(b);
		buf_printf(b, "Total arXiv papers: %lld", d->st.total_papers);
		sep(b);
		buf_printf(b, "Total scanned papers: %lld", d->st.scanned_papers);
	}
	add_fates(b, &d->fa);
	sep(b);
	buf_printf(b, "Total relevant papers: %zu", d->n);
	sep(b);
	buf_adds(b, "**Table of contents with paper titles:**");
	sep(b);
	for (i = 0; i < d->n; i++) {
		p = &d->p[i];
		if (i > 0)
			sep(b);
		buf_printf(b, "%zu. [", i + 1);
		buf_addmd(b, p->title, p->titlelen, 1);
		buf_printf(b, "](#user-content-link%zu)\n**Authors:** ", i + 1);
		add_authors(b, p->authors);
		spill(b, d);
	}
	sep(b);
	buf_adds(b, "---");
	sep(b);
	for (i = 0; i < d->n; i++) {
		p = &d->p[i];
		if (i > 0)
			buf_adds(b, "\n\n---\n\n");
		buf_printf(b, "## %zu. [", i + 1);
		buf_addmd(b, p->title, p->titlelen, 1);
		buf_adds(b, "](https://arxiv.org/abs/");
		buf_addurlpart(b, p->id, p->idlen);
		buf_printf(b, ") <a id=\"link%zu\"></a>\n\n**ArXiv ID:** ", i + 1);
		buf_addmd(b, p->id, p->idlen, 0);
		buf_adds(b, "\n\n**Authors:** ");
		add_authors(b, p->authors);
		buf_adds(b, "\n\n**Abstract:** ");
		buf_addmd(b, p->abstract, p->abstractlen, 0);
		buf_adds(b, "\n\n");
		if (p->reason) {
			buf_adds(b, "**Comment:** ");
			buf_addmd(b, p->reason, p->reasonlen, 0);
			buf_adds(b, "\n\n");
		}
		if (p->hasrel)
			buf_printf(b, "**Relevance:** %lld\n**Novelty:** %lld", p->rel, p->nov);
		else if (p->local)
			buf_printf(b, "**Local score:** %.2f", p->score);
		spill(b, d);
	}
	if (d->system == NULL && d->user == NULL)
		return;
	sep(b);
	buf_adds(b, "---");
	sep(b);
	buf_adds(b, "# Paper Selection Prompt");
	if (d->system) {
		sep(b);
		buf_adds(b, "## System Prompt");
		sep(b);
		add_quoted(b, d->system, 0);
	}
	if (d->user) {
		sep(b);
		buf_adds(b, "## User Prompt");
		sep(b);
		add_quoted(b, d->user, 1);
	}
}
