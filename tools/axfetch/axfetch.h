/*
 * axfetch.h - what axfetch.c (options, network, files) and parse.c
 * (XML and Kaggle parsers, normalisation) share.  Only axfetch uses it.
 */
#ifndef AXFETCH_H
#define AXFETCH_H

#include <stddef.h>

struct buf;
struct json_object;

/* one parse run: where records come from and what the document said */
struct feed {
	const char *name;	/* for messages: file name, URL or label */
	const char *source;	/* the records' "source" value */
	int	 dedupe;	/* print each id once: in seen, else in the run's own set */
	struct strset *seen;	/* ids printed already; NULL: the run's set */
	int	 quiet;		/* no message for malformed XML (already reported) */
	struct json_object *keep;	/* when set, records are added here, not printed */
	/* results */
	long	 day;		/* RSS channel date as an Eastern date (days), when hasday */
	int	 hasday;	/* 2: from pubDate, 1: from lastBuildDate, 0: none */
	long	 records;	/* records printed */
	long	 entries;	/* records seen, printed or not */
	long	 repeats;	/* records not printed: their id was printed before */
	long	 listsize;	/* OAI completeListSize, -1 unknown */
	long	 deleted;	/* OAI records marked deleted */
	long	 total;		/* Atom totalResults, -1 unknown */
	char	*token;		/* OAI resumptionToken, NULL or "" when done */
	char	*errcode;	/* OAI error code or "api" for an Atom error entry */
	int	 failed;	/* a parse or record error was reported */
};

/*
 * Bytes that are not UTF-8, and the characters XML 1.0 forbids (NUL and the
 * other C0 controls but tab, LF and CR; U+FFFE, U+FFFF), each become U+FFFD
 * with a FILE:LINE message, so that libxml2, which stops at the first such
 * byte, reads the rest of the document.  A document that declares another
 * encoding passes unchanged.
 */
struct fixer {
	const char *name;	/* for messages */
	long	 line;		/* of the next byte, from 1 */
	long	 nbad;		/* characters replaced */
	int	 started, off;	/* off: not UTF-8, passed through */
};
/* appends s[0..n) fixed to out; the bytes used: fewer than n only when !final
 * and s ends inside a multi-byte sequence (give them again with the next bytes) */
size_t	 xml_fix(struct fixer *fx, const char *s, size_t n, int final, struct buf *out);
void	 xml_fix_end(struct fixer *fx);	/* the count of what the messages did not name */

/* parse one XML document (RSS, Atom, OAI-PMH) from memory, printing records */
int	 parse_xml_memory(const char *s, size_t len, struct feed *f);
/* the same, its bytes already through xml_fix; read on after a broken record */
int	 parse_xml_doc(const char *s, size_t len, struct feed *f);
/* one line of JSON: a paper record (ax-paper(5)) passes through unchanged,
 * a Kaggle snapshot line is made one; 0, or -1 when reported */
int	 parse_json_line(struct json_object *o, struct feed *f, long line);
/* one Kaggle snapshot line (JSON object) -> one paper record; 0 or -1 */
int	 parse_kaggle(struct json_object *o, struct feed *f, long line);
void	 feed_reset(struct feed *f);	/* frees token/errcode, zeroes results */
void	 parse_cleanup(void);		/* frees the run's set of printed ids */

/* normalisation, pure: exposed for the parsers */
void	 split_authors(const char *s, struct json_object *arr);
int	 rfc822_iso(const char *s, int with_time, char *out, size_t outlen);

#endif
