/*
 * axrender.h - what the axrender-*.c files share: the digest in memory and
 * the pure text helpers of fmt.c (unit-tested in tests/unit/).
 */
#ifndef AXRENDER_H
#define AXRENDER_H

#include "ax.h"

/* one scored paper; the strings are owned by rec */
struct paper {
	struct json_object *rec;
	const char *id, *title, *abstract, *reason;
	size_t	 idlen, titlelen, abstractlen, reasonlen;
	const char *comments, *announce, *topic, *primary;	/* or NULL */
	struct json_object *authors;	/* array or NULL */
	struct json_object *categories;	/* array or NULL */
	struct json_object *scoreobj;	/* "score" as given, or NULL */
	int	 hasrel;		/* relevance and novelty both present */
	int	 local;		/* axscore's local model (ax-model(5)): its score stands for both */
	long long rel, nov;
	double	 score;		/* sort key: score, else relevance + novelty */
	size_t	 seq;		/* input order, for a stable sort */
};

/* the header figures of --stats */
struct stats {
	int	 have;
	char	*model;
	long long prompt_tokens, completion_tokens, total_tokens;
	double	 prompt_cost, completion_cost, total_cost;
	int	 unpriced;	/* total_cost null: no price for the model, cost unknown */
	long long total_papers, scanned_papers;
};

/*
 * Every paper's fate, from "fates" in --stats, plus the records that reach
 * axrender with "error": they are counted as unscored, not listed.
 */
struct fates {
	int	 have;		/* "fates" was in --stats */
	long long selected, below, unscored, over, dropped;
	char	*dropnames;	/* "announce 120, seen 3" or NULL */
	long long errors;	/* records read with "error" */
};

/* how the HTML is written: set by the options */
struct look {
	int	 site;		/* pages of --site: the site's css, scripts and feed */
	int	 math;		/* site pages load KaTeX for the .math spans */
	int	 bytopic;	/* --group-by topic */
	char	**topics;	/* --topics: names in the reader's order */
	size_t	 ntopics;
	char	**follow;	/* --authors: followed names, folded (see fold_name) */
	size_t	 nfollow;
	char	**words;	/* the topics' keywords, folded, highlighted */
	size_t	 nwords;
	const char *siteurl;	/* --site-url or $SITE_URL, or NULL */
	const char *name;	/* --name, for the feed's id, or NULL */
	int	 feeddays;	/* days in the site's feed.xml */
};

struct digest {
	struct paper *p;
	size_t	 n, cap;
	char	 date[11];	/* YYYY-MM-DD */
	struct stats st;
	struct fates fa;
	char	*system, *user;	/* prompt files as read (one final newline dropped), or NULL */
	FILE	*out;		/* when set, renderers write their buffer out as it fills */
	const struct look *look;	/* NULL: the plain standalone page */
};

/* day.c */
void	 digest_add(struct digest *d, struct json_object *rec);	/* takes a reference to rec */
void	 digest_sort(struct digest *d);	/* score, relevance descending; stable */
void	 digest_free(struct digest *d);	/* the papers and their records */
int	 day_save(const char *dir, const struct digest *d);	/* dir/days/DATE.json; 1 on error (reported) */
int	 day_load(const char *dir, const char *date, struct digest *d);	/* -1: none or unreadable */

/* fmt.c: pure functions */
char	*fmt_money(double v, char *out, size_t n);	/* Python's str(round(v, 2)): 0.04 1.0 0.38 */
/* "$0.04", or "unknown" when unpriced (a model with no price, never "$0.0") */
char	*fmt_cost(double v, int unpriced, char *out, size_t n);
size_t	 utf8_width(const char *s);		/* code points, for the table widths */
/* s with bad UTF-8, NUL and control characters (but TAB, LF, CR) and
 * U+FFFE/U+FFFF replaced by U+FFFD, then & < > " ' escaped: safe as
 * HTML or XML text and attribute values */
void	 buf_addxml(struct buf *b, const char *s, size_t n);
/*
 * s as Markdown text that cannot open raw HTML or a link to a scheme other
 * than http, https, ftp, mailto (javascript:, data:, ...), whatever the
 * renderer (CommonMark, GFM, pandoc): "<" before a letter, "/", "!" or "?"
 * becomes "&lt;"; "](" and "]:" before such a destination get a backslash;
 * control characters go (a backspace or form feed before a letter, a
 * model's "\beta" read as JSON, becomes "\b" again).  inlink: s is a
 * link's text, so newlines become spaces and unpaired brackets are escaped.
 * Text without any of these is copied byte for byte.
 */
void	 buf_addmd(struct buf *b, const char *s, size_t n, int inlink);
/* an arXiv id as a URL's last part: all but [A-Za-z0-9./_~-] percent-encoded
 * (RFC 3986), so a hostile id cannot leave its link or start a scheme */
void	 buf_addurlpart(struct buf *b, const char *s, size_t n);
/* s as a JSON string the way Python's json.dumps writes it (ensure_ascii) */
void	 buf_addpyjson(struct buf *b, const char *s, size_t n);
void	 buf_addpyfloat(struct buf *b, double v);	/* Python's repr(float) */
int	 valid_date(const char *s);		/* YYYY-MM-DD of a real day */
/* papers the digest does not show although they should have been scored */
long long fates_unscored(const struct fates *fa);
/* the fates line as plain text ("" when nothing went wrong): b gets it */
void	 fates_text(struct buf *b, const struct fates *fa);

/*
 * The first step of buf_addmd, for every format: control characters (but
 * TAB and LF) dropped, DEL and C1 too; a backspace or form feed before a
 * letter written "\\b" / "\\f" (a model's "\\beta" that JSON read as
 * backspace + "eta"); nl2space: LF becomes a space.
 */
void	 buf_addclean(struct buf *b, const char *s, size_t n, int nl2space);

/*
 * tex.c - arXiv's TeX as UTF-8 text, for every renderer but the Markdown
 * digest (which keeps arXiv's text).  The rules are LaTeX's text mode
 * (Lamport, LaTeX, 2nd ed., 3.2.1 accents and special letters):
 * \'u \`a \^o \"U \~n \=a \.z \u{g} \v{s} \H{o} \c{c} \k{a} \r{a}, also
 * braced {\'u} and dotless \'{\i}, as precomposed letters where Unicode
 * has one, else the letter and a combining mark; \o \O \ss \ae \oe \aa
 * \l \i ...; \& \% \$ \# \_ \{ \} as the sign; -- – and --- —; ~ no-break
 * space; ``...'' as “...”; grouping braces dropped; \emph{x}, \url{x} and
 * friends give x; http://, https:// and www. addresses are copied as
 * written; any other command stays as written.
 */
/* the first math span in s[0..n) ($...$, $$...$$, \(...\), \[...\]; \$ is no
 * delimiter): 1 and its bounds [*start, *end) with the delimiters, or 0 */
int	 tex_nextmath(const char *s, size_t n, size_t *start, size_t *end);
/* s[0..n), text without math, converted; UTF-8 appended to b, not escaped */
void	 tex_text(struct buf *b, const char *s, size_t n);
/* s[0..n) through buf_addclean, text converted, math copied as written:
 * what a plain-text, mail or Atom reader should see */
void	 buf_addtex(struct buf *b, const char *s, size_t n);

/* md.c */
void	 spill(struct buf *b, const struct digest *d);	/* b to d->out once it is big */
void	 render_md(struct buf *b, const struct digest *d);
void	 render_prompt_text(struct buf *b, const char *s, int user);	/* {{papers}} -> [PAPER LIST HERE] */

/* html.c */
void	 render_html(struct buf *b, const struct digest *d, const char *nav);
void	 html_text(struct buf *b, const char *s, size_t n, const struct look *lk);	/* TeX, math spans, keywords */
void	 html_paper(struct buf *b, const struct paper *p, const struct look *lk, const char *anchor, int h);
void	 html_head(struct buf *b, const char *title, const struct look *lk);	/* to <body> */
extern const char html_css[];

/* site.c */
int	 render_site(const char *dir, const struct digest *d);

/* feed.c */
void	 render_atom(struct buf *b, const struct digest *d);
/* a feed of several days (best first within a day, newest day first), id and self link given */
void	 render_atom_days(struct buf *b, const struct digest *days, size_t n, const char *id,
	    const char *self, const char *title);
int	 render_json(struct buf *b, const struct digest *d);	/* 1 when an id repeats */

/* text.c */
void	 render_text(struct buf *b, const struct digest *d);	/* plain text, for mail */
void	 render_jsonl(struct buf *b, const struct digest *d);	/* records, title and authors as shown */

#endif
