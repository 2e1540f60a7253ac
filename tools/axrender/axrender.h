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
	struct json_object *authors;	/* array or NULL */
	struct json_object *scoreobj;	/* "score" as given, or NULL */
	int	 hasrel;		/* relevance and novelty both present */
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

struct digest {
	struct paper *p;
	size_t	 n;
	char	 date[11];	/* YYYY-MM-DD */
	struct stats st;
	struct fates fa;
	char	*system, *user;	/* prompt files as read (one final newline dropped), or NULL */
	FILE	*out;		/* when set, renderers write their buffer out as it fills */
};

/* fmt.c: pure functions */
char	*fmt_money(double v, char *out, size_t n);	/* Python's str(round(v, 2)): 0.04 1.0 0.38 */
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
/* s as a JSON string the way Python's json.dumps writes it (ensure_ascii) */
void	 buf_addpyjson(struct buf *b, const char *s, size_t n);
void	 buf_addpyfloat(struct buf *b, double v);	/* Python's repr(float) */
int	 valid_date(const char *s);		/* YYYY-MM-DD of a real day */
/* papers the digest does not show although they should have been scored */
long long fates_unscored(const struct fates *fa);
/* the fates line as plain text ("" when nothing went wrong): b gets it */
void	 fates_text(struct buf *b, const struct fates *fa);

/* md.c */
void	 spill(struct buf *b, const struct digest *d);	/* b to d->out once it is big */
void	 render_md(struct buf *b, const struct digest *d);
void	 render_prompt_text(struct buf *b, const char *s, int user);	/* {{papers}} -> [PAPER LIST HERE] */

/* html.c */
void	 render_html(struct buf *b, const struct digest *d, const char *nav);
int	 render_site(const char *dir, const struct digest *d);

/* feed.c */
void	 render_atom(struct buf *b, const struct digest *d);
int	 render_json(struct buf *b, const struct digest *d);	/* 1 when an id repeats */

#endif
