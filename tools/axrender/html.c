/*
 * html.c - the digest as an HTML page: standalone (no script, its style
 * inline and allowed by hash) or a day page of --site (site.c), whose
 * style, KaTeX and math script are the site's own files.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "axrender.h"

/* one stylesheet: inline in a standalone page, ax.css in a site */
const char html_css[] =
    ":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfc;--muted:#5a5a5a;--line:#d0d0d0;"
    "--link:#0b57a4;--mark:#fff0a8;--badge:#e6eefb;--follow:#e3f4e1}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--bg:#151617;--muted:#a8a8a8;"
    "--line:#444;--link:#8cc4ff;--mark:#5c4d00;--badge:#243650;--follow:#1f3d22}}\n"
    "*{box-sizing:border-box}\n"
    "body{max-width:52em;margin:0 auto;padding:.5em 1em 2em;font-family:system-ui,sans-serif;"
    "line-height:1.5;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}\n"
    "a{color:var(--link)}a:focus-visible,summary:focus-visible{outline:3px solid var(--link);outline-offset:2px;border-radius:2px}\n"
    "h1{font-size:1.6em;line-height:1.25}h2{font-size:1.25em;line-height:1.3}h3{font-size:1.1em}\n"
    "table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}"
    "th,td{border:1px solid var(--line);padding:.2em .8em;text-align:center}\n"
    "pre{white-space:pre-wrap;font-size:.9em}blockquote{border-left:3px solid var(--line);margin-left:0;padding-left:1em}\n"
    ".nav{display:flex;flex-wrap:wrap;gap:.5em 1em;justify-content:space-between;margin:1em 0;"
    "padding:.5em 0;border-bottom:1px solid var(--line)}\n"
    ".nav span{color:var(--muted)}\n"
    ".paper{border-top:1px solid var(--line);padding-top:.5em;margin-top:1.5em}\n"
    ".meta{font-size:.92em;color:var(--muted)}\n"
    ".badge{display:inline-block;font-size:.8em;padding:0 .5em;border-radius:.8em;background:var(--badge);color:var(--fg)}\n"
    ".cat{font-family:ui-monospace,monospace;font-size:.9em;white-space:nowrap}.cat.primary{font-weight:bold}\n"
    "mark{background:var(--mark);color:inherit;padding:0 .1em}\n"
    ".follow{background:var(--follow);font-weight:bold;padding:0 .2em;border-radius:.2em}\n"
    ".math[data-math=failed]{font-family:ui-monospace,monospace}\n"
    ".counts{color:var(--muted)}\n"
    "ol.toc li,ul.days li{margin:.3em 0}\n"
    "@media (max-width:30em){body{padding:.25em .6em 1.5em}h1{font-size:1.35em}th,td{padding:.2em .4em}}\n";

static void
text(struct buf *b, const char *s)
{
	buf_addxml(b, s, strlen(s));
}

/* the folded form of s for comparing: lower-case ASCII, UTF-8 kept */
static void
fold(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_addc(b, tolower((unsigned char)s[i]));
}

static int
wordchar(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* plain UTF-8 text escaped, the reader's keywords in <mark> */
static void
marked(struct buf *b, const char *s, size_t n, const struct look *lk)
{
	size_t i, k, len = 0, from = 0;
	const char *w;

	for (i = 0; lk && lk->nwords > 0 && i < n; i++) {
		if (i > 0 && wordchar((unsigned char)s[i - 1]))
			continue;
		for (k = 0; k < lk->nwords; k++) {
			w = lk->words[k];
			len = strlen(w);
			if (len <= n - i && strncasecmp(s + i, w, len) == 0 &&
			    (i + len == n || !wordchar((unsigned char)s[i + len])))
				break;
		}
		if (k == lk->nwords)
			continue;
		buf_addxml(b, s + from, i - from);
		buf_adds(b, "<mark>");
		buf_addxml(b, s + i, len);
		buf_adds(b, "</mark>");
		from = i + len;
		i += len - 1;
	}
	buf_addxml(b, s + from, n - from);
}

void
html_text(struct buf *b, const char *s, size_t n, const struct look *lk)
{
	struct buf c = { 0 }, t = { 0 };
	size_t at, start, end;
	const char *u;

	buf_addclean(&c, s, n, 0);
	u = buf_str(&c);
	for (at = 0;; at += end) {
		if (!tex_nextmath(u + at, c.len - at, &start, &end))
			start = end = c.len - at;
		buf_reset(&t);
		tex_text(&t, u + at, start);
		marked(b, buf_str(&t), t.len, lk);
		if (start == end)
			break;
		/* the TeX as written: KaTeX draws it, or the reader reads it */
		buf_adds(b, "<span class=\"math\">");
		buf_addxml(b, u + at + start, end - start);
		buf_adds(b, "</span>");
	}
	buf_free(&c);
	buf_free(&t);
}

/* a followed author: the same name once TeX and case are set aside */
static int
followed(const char *name, size_t n, const struct look *lk)
{
	struct buf t = { 0 }, f = { 0 };
	size_t k;
	int hit = 0;

	if (lk == NULL || lk->nfollow == 0)
		return 0;
	buf_addtex(&t, name, n);
	buf_squeeze(&t);
	fold(&f, buf_str(&t), t.len);
	for (k = 0; k < lk->nfollow && !hit; k++)
		hit = strcmp(buf_str(&f), lk->follow[k]) == 0;
	buf_free(&t);
	buf_free(&f);
	return hit;
}

static void
authors(struct buf *b, struct json_object *a, const struct look *lk)
{
	struct json_object *v;
	size_t i, n, len;
	const char *s;
	int hit;

	n = a ? json_object_array_length(a) : 0;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (i > 0)
			buf_adds(b, ", ");
		if (!json_object_is_type(v, json_type_string))
			continue;
		s = json_object_get_string(v);
		len = (size_t)json_object_get_string_len(v);
		if ((hit = followed(s, len, lk)))
			buf_adds(b, "<span class=\"follow\" title=\"followed author\">");
		html_text(b, s, len, NULL);
		if (hit)
			buf_adds(b, "</span>");
	}
}

/* inline Markdown of a prompt line: **strong**, `code`; the rest escaped */
static void
mdinline(struct buf *b, const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (s[i] == '`' && (j = i + 1) < n) {
			while (j < n && s[j] != '`')
				j++;
			if (j < n) {
				buf_adds(b, "<code>");
				buf_addxml(b, s + i + 1, j - i - 1);
				buf_adds(b, "</code>");
				i = j;
				continue;
			}
		}
		if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			for (j = i + 2; j + 1 < n && !(s[j] == '*' && s[j + 1] == '*'); j++)
				;
			if (j + 1 < n && j > i + 2) {
				buf_adds(b, "<strong>");
				buf_addxml(b, s + i + 2, j - i - 2);
				buf_adds(b, "</strong>");
				i = j + 1;
				continue;
			}
		}
		buf_addxml(b, s + i, 1);
	}
}

/* a prompt's lines, each without its newline and trailing blanks */
static const char *
line(const char *p, size_t *len)
{
	*len = strcspn(p, "\n");
	while (*len > 0 && (p[*len - 1] == ' ' || p[*len - 1] == '\r'))
		(*len)--;
	return p + strcspn(p, "\n");
}

/* "1. x": the text after the number, or NULL */
static const char *
olitem(const char *q, const char *end)
{
	while (q < end && isdigit((unsigned char)*q))
		q++;
	return q + 1 < end && *q == '.' && q[1] == ' ' ? q + 2 : NULL;
}

/*
 * A prompt as the Markdown it is: "#" headings (the highest as h4, below
 * the section's h3), "-", "*" and "1." lists, "> " quotes, paragraphs of
 * adjacent lines.
 */
static void
prompt(struct buf *b, const char *title, const char *s, int user)
{
	struct buf t = { 0 };
	const char *p, *nl, *q, *end, *it;
	size_t len, h, top = 7, lv;
	int list = 0, para = 0, quote = 0;	/* list: 1 ul, 2 ol */

	render_prompt_text(&t, s, user);
	for (p = buf_str(&t); *p; p = nl + (*nl != '\0')) {
		nl = line(p, &len);
		for (h = 0; h < len && p[h] == '#'; h++)
			;
		if (h > 0 && h < top && h < len && p[h] == ' ')
			top = h;
	}
	buf_printf(b, "<h3>%s</h3>\n<div class=\"prompt\">\n", title);
	for (p = buf_str(&t); *p; p = nl + (*nl != '\0')) {
		nl = line(p, &len);
		end = p + len;
		for (q = p; q < end && *q == ' '; q++)
			;
		for (h = 0; q + h < end && q[h] == '#'; h++)
			;
		it = NULL;
		if ((*q == '-' || *q == '*') && q + 1 < end && q[1] == ' ')
			it = q + 2;
		/* a block ends at a blank line or where another begins */
		if (para && (len == 0 || h || it || olitem(q, end) || (*q == '>') != quote)) {
			buf_adds(b, "</p>\n");
			para = 0;
		}
		if (quote && (len == 0 || *q != '>')) {
			buf_adds(b, "</blockquote>\n");
			quote = 0;
		}
		if (list && (len == 0 ? 0 : !(it || olitem(q, end) || q > p))) {
			buf_adds(b, list == 1 ? "</ul>\n" : "</ol>\n");
			list = 0;
		}
		if (len == 0)
			continue;
		if (h > 0 && h < 7 && q + h < end && q[h] == ' ') {
			if (list)
				buf_adds(b, list == 1 ? "</ul>\n" : "</ol>\n");
			list = 0;
			lv = 4 + h - top > 6 ? 6 : 4 + h - top;
			buf_printf(b, "<h%zu>", lv);
			mdinline(b, q + h + 1, (size_t)(end - q) - (h + 1));
			buf_printf(b, "</h%zu>\n", lv);
			continue;
		}
		if (it || (it = olitem(q, end)) != NULL) {
			int want = *q == '-' || *q == '*' ? 1 : 2;

			if (list != want) {
				if (list)
					buf_adds(b, list == 1 ? "</ul>\n" : "</ol>\n");
				buf_adds(b, want == 1 ? "<ul>\n" : "<ol>\n");
			}
			list = want;
			buf_adds(b, "<li>");
			mdinline(b, it, (size_t)(end - it));
			buf_adds(b, "</li>\n");
			continue;
		}
		if (*q == '>') {
			if (!quote)
				buf_adds(b, "<blockquote>\n");
			quote = 1;
			for (q++; q < end && *q == ' '; q++)
				;
		}
		buf_adds(b, para ? "<br/>\n" : "<p>");
		para = 1;
		mdinline(b, q, (size_t)(end - q));
	}
	if (para)
		buf_adds(b, "</p>\n");
	if (quote)
		buf_adds(b, "</blockquote>\n");
	if (list)
		buf_adds(b, list == 1 ? "</ul>\n" : "</ol>\n");
	buf_adds(b, "</div>\n");
	buf_free(&t);
}

/* 'sha256-...' of the inline stylesheet, for the page's security policy */
static void
csshash(struct buf *b)
{
	unsigned char md[EVP_MAX_MD_SIZE], out[4 * EVP_MAX_MD_SIZE / 3 + 4];
	unsigned int mdlen = 0;

	if (EVP_Digest(html_css, strlen(html_css), md, &mdlen, EVP_sha256(), NULL) != 1)
		die(EX_FAIL, "sha256 failed");
	EVP_EncodeBlock(out, md, (int)mdlen);
	buf_printf(b, "'sha256-%s'", out);
}

void
html_head(struct buf *b, const char *title, const struct look *lk)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	    "<meta name=\"color-scheme\" content=\"light dark\"/>\n");
	/* only the page's or the site's own style and scripts; nothing from paper text runs */
	buf_adds(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ");
	if (lk == NULL || !lk->site) {
		buf_adds(b, "style-src ");
		csshash(b);
	} else if (lk->math)
		buf_adds(b, "style-src 'self'; script-src 'self'; font-src 'self'; img-src 'self'");
	else
		buf_adds(b, "style-src 'self'; img-src 'self'");
	buf_adds(b, "\"/>\n<meta name=\"generator\" content=\"axrender (ax) " AX_VERSION "\"/>\n<title>");
	text(b, title);
	buf_adds(b, "</title>\n");
	if (lk == NULL || !lk->site) {
		buf_adds(b, "<style>");
		buf_adds(b, html_css);
		buf_adds(b, "</style>\n");
	} else {
		buf_adds(b, "<link rel=\"stylesheet\" href=\"ax.css\"/>\n"
		    "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"feed.xml\"/>\n");
		if (lk->math)
			buf_adds(b, "<link rel=\"stylesheet\" href=\"katex/katex.min.css\"/>\n"
			    "<script defer=\"defer\" src=\"katex/katex.min.js\"></script>\n"
			    "<script defer=\"defer\" src=\"ax-math.js\"></script>\n");
	}
	buf_adds(b, "</head>\n<body>\n");
}

static void
badge(struct buf *b, const char *announce)
{
	if (announce == NULL || strcmp(announce, "new") == 0)
		return;
	if (strncmp(announce, "replace", 7) == 0)
		buf_adds(b, "<span class=\"badge\">updated</span> ");
	if (strcmp(announce, "cross") == 0 || strcmp(announce, "replace-cross") == 0)
		buf_adds(b, "<span class=\"badge\">cross-list</span> ");
}

/* the primary category first and in bold, then the others */
static void
categories(struct buf *b, const struct paper *p)
{
	struct json_object *v;
	const char *prim = p->primary, *c;
	size_t i, n = p->categories ? json_object_array_length(p->categories) : 0;

	if (prim == NULL && n > 0 && json_object_is_type(v = json_object_array_get_idx(p->categories, 0), json_type_string))
		prim = json_object_get_string(v);
	if (prim == NULL)
		return;
	buf_adds(b, " · <span class=\"cat primary\">");
	text(b, prim);
	buf_adds(b, "</span>");
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(p->categories, i);
		if (!json_object_is_type(v, json_type_string) || strcmp(c = json_object_get_string(v), prim) == 0)
			continue;
		buf_adds(b, " <span class=\"cat\">");
		text(b, c);
		buf_adds(b, "</span>");
	}
}

void
html_paper(struct buf *b, const struct paper *p, const struct look *lk, const char *anchor, int h)
{
	buf_printf(b, "<div class=\"paper\" id=\"%s\">\n<h%d>%s. <a href=\"https://arxiv.org/abs/", anchor, h, anchor + 4);
	buf_addurlpart(b, p->id, p->idlen);
	buf_adds(b, "\">");
	html_text(b, p->title, p->titlelen, lk);
	buf_printf(b, "</a></h%d>\n<p class=\"meta\">", h);
	badge(b, p->announce);
	buf_adds(b, "<a href=\"https://arxiv.org/abs/");
	buf_addurlpart(b, p->id, p->idlen);
	buf_adds(b, "\">abs</a> · <a href=\"https://arxiv.org/pdf/");
	buf_addurlpart(b, p->id, p->idlen);
	buf_adds(b, "\">PDF</a>");
	categories(b, p);
	buf_adds(b, "</p>\n<p><strong>ArXiv ID:</strong> ");
	buf_addxml(b, p->id, p->idlen);
	buf_adds(b, "</p>\n<p><strong>Authors:</strong> ");
	authors(b, p->authors, lk);
	buf_adds(b, "</p>\n<p><strong>Abstract:</strong> ");
	html_text(b, p->abstract, p->abstractlen, lk);
	buf_adds(b, "</p>\n");
	if (p->comments) {
		buf_adds(b, "<p class=\"meta\"><strong>arXiv comments:</strong> ");
		html_text(b, p->comments, strlen(p->comments), NULL);
		buf_adds(b, "</p>\n");
	}
	if (p->reason) {
		buf_adds(b, "<p><strong>Comment:</strong> ");
		html_text(b, p->reason, p->reasonlen, NULL);
		buf_adds(b, "</p>\n");
	}
	if (p->hasrel)
		buf_printf(b, "<p><strong>Relevance:</strong> %lld<br/><strong>Novelty:</strong> %lld</p>\n",
		    p->rel, p->nov);
	else if (p->local)
		buf_printf(b, "<p><strong>Local score:</strong> %.2f</p>\n", p->score);
	buf_adds(b, "</div>\n");
}

/* the topic a paper is filed under: its "topic" matched to --topics, else its own words */
static size_t
topicof(const struct paper *p, const struct look *lk, char ***names, size_t *n)
{
	size_t k;

	if (p->topic == NULL || p->topic[0] == '\0')
		return (size_t)-1;
	for (k = 0; k < *n; k++)
		if (strcasecmp((*names)[k], p->topic) == 0)
			return k;
	(void)lk;
	*names = xreallocarray(*names, *n + 1, sizeof **names);
	(*names)[*n] = (char *)p->topic;
	return (*n)++;
}

static void
toc_entry(struct buf *b, const struct paper *p, size_t num)
{
	buf_printf(b, "<li value=\"%zu\"><a href=\"#link%zu\">", num, num);
	html_text(b, p->title, p->titlelen, NULL);
	buf_adds(b, "</a><br/><strong>Authors:</strong> ");
	authors(b, p->authors, NULL);
	buf_adds(b, "</li>\n");
}

/* --group-by topic: a contents line per topic, then each topic's papers */
static void
bytopic(struct buf *b, const struct digest *d)
{
	const struct look *lk = d->look;
	char **names = NULL, anchor[32];
	size_t *of, n = lk->ntopics, k, i, num, cnt;

	names = xreallocarray(NULL, n + 1, sizeof *names);
	for (k = 0; k < n; k++)
		names[k] = lk->topics[k];
	of = xreallocarray(NULL, d->n + 1, sizeof *of);
	for (i = 0; i < d->n; i++)
		of[i] = topicof(&d->p[i], lk, &names, &n);
	buf_adds(b, "<div role=\"navigation\" aria-label=\"topics\"><ul class=\"topics\">\n");
	for (k = 0; k <= n; k++) {
		for (i = cnt = 0; i < d->n; i++)
			cnt += of[i] == (k == n ? (size_t)-1 : k);
		if (cnt == 0)
			continue;
		buf_printf(b, "<li><a href=\"#topic%zu\">", k + 1);
		text(b, k == n ? "Other papers" : names[k]);
		buf_printf(b, "</a> (%zu)</li>\n", cnt);
	}
	buf_adds(b, "</ul></div>\n");
	num = 0;
	for (k = 0; k <= n; k++) {
		for (i = cnt = 0; i < d->n; i++)
			cnt += of[i] == (k == n ? (size_t)-1 : k);
		if (cnt == 0)
			continue;
		buf_printf(b, "<div class=\"topic\">\n<h2 id=\"topic%zu\">", k + 1);
		text(b, k == n ? "Other papers" : names[k]);
		buf_printf(b, " <span class=\"counts\">(%zu)</span></h2>\n<ol class=\"toc\">\n", cnt);
		for (i = 0; i < d->n; i++)
			if (of[i] == (k == n ? (size_t)-1 : k))
				toc_entry(b, &d->p[i], ++num);
		buf_adds(b, "</ol>\n");
		num -= cnt;
		for (i = 0; i < d->n; i++)
			if (of[i] == (k == n ? (size_t)-1 : k)) {
				snprintf(anchor, sizeof anchor, "link%zu", ++num);
				html_paper(b, &d->p[i], lk, anchor, 3);
				spill(b, d);
			}
		buf_adds(b, "</div>\n");
	}
	free(of);
	free(names);
}

void
render_html(struct buf *b, const struct digest *d, const char *nav)
{
	const struct stats *st = &d->st;
	struct buf t = { 0 };
	char m[3][64], anchor[32];
	size_t i;

	buf_printf(&t, "Personalized Daily ArXiv Papers %s", d->date);
	html_head(b, t.s, d->look);
	buf_free(&t);
	if (nav)
		buf_printf(b, "<div role=\"banner\">%s</div>\n", nav);
	buf_printf(b, "<div role=\"main\">\n<h1>Personalized Daily ArXiv Papers %s</h1>\n", d->date);
	if (st->have) {
		buf_adds(b, "<table>\n<thead><tr><th><em>[");
		text(b, st->model);
		buf_adds(b, "]</em></th><th>Prompt</th><th>Completion</th><th>Total</th></tr></thead>\n<tbody>\n");
		buf_printf(b, "<tr><th>Token</th><td>%lld</td><td>%lld</td><td>%lld</td></tr>\n",
		    st->prompt_tokens, st->completion_tokens, st->total_tokens);
		buf_printf(b, "<tr><th>Cost</th><td>%s</td><td>%s</td><td>%s</td></tr>\n</tbody>\n</table>\n",
		    fmt_cost(st->prompt_cost, st->unpriced, m[0], sizeof m[0]),
		    fmt_cost(st->completion_cost, st->unpriced, m[1], sizeof m[1]),
		    fmt_cost(st->total_cost, st->unpriced, m[2], sizeof m[2]));
		buf_printf(b, "<p>Total arXiv papers: %lld</p>\n<p>Total scanned papers: %lld</p>\n",
		    st->total_papers, st->scanned_papers);
	}
	fates_text(&t, &d->fa);
	if (t.len > 0) {
		buf_adds(b, "<p class=\"warning\"><strong>Warning:</strong> ");
		buf_addxml(b, t.s, t.len);
		buf_adds(b, "</p>\n");
	}
	buf_free(&t);
	buf_printf(b, "<p>Total relevant papers: %zu</p>\n", d->n);
	if (d->look && d->look->bytopic && d->n > 0)
		bytopic(b, d);
	else {
		buf_adds(b, "<p><strong>Table of contents with paper titles:</strong></p>\n");
		if (d->n > 0)
			buf_adds(b, "<ol class=\"toc\">\n");
		for (i = 0; i < d->n; i++) {
			toc_entry(b, &d->p[i], i + 1);
			spill(b, d);
		}
		if (d->n > 0)
			buf_adds(b, "</ol>\n");
		for (i = 0; i < d->n; i++) {
			snprintf(anchor, sizeof anchor, "link%zu", i + 1);
			html_paper(b, &d->p[i], d->look, anchor, 2);
			spill(b, d);
		}
	}
	if (d->system || d->user) {
		buf_adds(b, "<div class=\"prompts\">\n<h2>Paper Selection Prompt</h2>\n");
		if (d->system)
			prompt(b, "System Prompt", d->system, 0);
		if (d->user)
			prompt(b, "User Prompt", d->user, 1);
		buf_adds(b, "</div>\n");
	}
	buf_adds(b, "</div>\n");
	if (nav)
		buf_printf(b, "<div role=\"contentinfo\">%s</div>\n", nav);
	buf_adds(b, "</body>\n</html>\n");
}
