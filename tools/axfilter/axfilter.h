/* axfilter.h - axfilter's pure helpers, shared with its unit test (tests/unit/test_axfilter.c). */
#ifndef AXFILTER_H
#define AXFILTER_H

/* names.c - author names compared across spellings */
/*
 * name_norm writes name into out as lower-case words separated by one space:
 * TeX accents ({\"o}, \'e, {\'{e}}, \c{c}, \ss ...) and UTF-8 Latin letters
 * (é, ø, ß ...) folded to ASCII, dots and spaces as separators, "Last, First"
 * turned around.  "Andr{\'e}s  del Pino" and "Andrés del Pino" -> "andres del pino".
 */
void	 name_norm(const char *name, struct buf *out);
/* 1 when two normalised names may be the same person: same last word, first
 * words equal or one an initial of the other, middle words likewise when both have them */
int	 name_match(const char *a, const char *b);

/* canon.c - the fast path: is a line already what jsonl_write would print? */
struct jspan {			/* one top-level key and its value, as written */
	const char *key, *val;	/* key without quotes, escapes left; val as in the line */
	size_t	 klen, vlen;
};
struct jscan {
	struct jspan *kv;	/* into the line; grown as needed, the caller frees */
	size_t	 n, cap;
};
/* 1 when line is one valid JSON object in jsonl_write's form (no nested
 * object, no repeated key); js gets its keys */
int	 json_scan(const char *line, size_t len, struct jscan *js);
/* 1 when line (len bytes, an object with nkeys keys as parsed) is byte for byte
 * jsonl_string() of its parse, so it can be written as read */
int	 json_canonical(const char *line, size_t len, size_t nkeys);

#endif
