/*
 * axfetch.h - what axfetch.c (options, network, files) and parse.c
 * (XML and Kaggle parsers, normalisation) share.  Only axfetch uses it.
 */
#ifndef AXFETCH_H
#define AXFETCH_H

#include <stddef.h>

/* one parse run: where records come from and what the document said */
struct feed {
	const char *name;	/* for messages: file name, URL or label */
	const char *source;	/* the records' "source" value */
	int	 dedupe;	/* RSS items: print a paper listed twice only once */
	int	 quiet;		/* no message for malformed XML (already reported) */
	struct json_object *keep;	/* when set, records are added here, not printed */
	/* results */
	long	 day;		/* RSS channel date as an Eastern date (days), when hasday */
	int	 hasday;	/* 2: from pubDate, 1: from lastBuildDate, 0: none */
	long	 records;	/* records printed */
	long	 entries;	/* records seen, printed or not */
	long	 deleted;	/* OAI records marked deleted */
	long	 total;		/* Atom totalResults, -1 unknown */
	char	*token;		/* OAI resumptionToken, NULL or "" when done */
	char	*errcode;	/* OAI error code or "api" for an Atom error entry */
	int	 failed;	/* a parse or record error was reported */
};

/* parse one XML document (RSS, Atom, OAI-PMH) from memory, printing records */
int	 parse_xml_memory(const char *s, size_t len, struct feed *f);
/* parse one XML document read by a libxml2 read callback */
int	 parse_xml_io(int (*readcb)(void *, char *, int), void *arg, struct feed *f);
/* one Kaggle snapshot line (JSON object) -> one paper record; 0 or -1 */
int	 parse_kaggle(struct json_object *o, struct feed *f, long line);
void	 feed_reset(struct feed *f);	/* frees token/errcode, zeroes results */
void	 parse_cleanup(void);		/* frees the duplicate set */

/* normalisation, pure: exposed for the parsers */
void	 split_authors(const char *s, struct json_object *arr);
int	 rfc822_iso(const char *s, int with_time, char *out, size_t outlen);

#endif
