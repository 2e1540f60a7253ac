/* canon.c - checks that a line is a JSON object already in jsonl_write's form, and finds its keys. */
#include <stdlib.h>
#include <string.h>

#include "ax.h"
#include "axfilter.h"

/*
 * json-c prints a parsed object back with no white space, keys in their
 * order, doubles as they were written, and strings with only \" \\ \b \f
 * \n \r \t and \u00xx (lower case, for the other control characters)
 * escaped.  A line that already has that form, whose integers have no
 * "-0" and fit easily in 64 bits, that repeats no key and holds no nested
 * object (where a repeated key would collapse unseen) is its own
 * serialisation.  The grammar is checked in full (strict JSON, well-formed
 * UTF-8), so a line taken here is one json-c would take; anything else goes
 * to json-c, which reports what is wrong.
 */
typedef const unsigned char uc;

static int
hexdig(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* UTF-8 of RFC 3629 at s: its length, 0 when ill-formed */
static size_t
utf8len(uc *s, uc *end)
{
	size_t n, i;
	unsigned lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - s) < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* a byte a string can hold as it is: ASCII from space on, but " and \ */
static inline int
plain(unsigned c)
{
	return c - 0x20 < 0x60 && c != '"' && c != '\\';
}

/* a string at s (on its '"'): the end after its closing quote, or NULL */
static uc *
string(uc *s, uc *end)
{
	size_t n;
	int c;

	for (s++; s < end; ) {
		while (s + 4 <= end && plain(s[0]) && plain(s[1]) && plain(s[2]) && plain(s[3]))
			s += 4;
		while (s < end && plain(*s))
			s++;
		if (s == end)
			return NULL;
		if (*s == '"')
			return s + 1;
		if (*s < 0x20)
			return NULL;
		if (*s >= 0x80) {
			if ((n = utf8len(s, end)) == 0)
				return NULL;
			s += n;
			continue;
		}
		if (*s++ != '\\')
			continue;
		if (s == end)
			return NULL;
		if (strchr("\"\\bfnrt", *s) != NULL && *s != '\0') {
			s++;
			continue;
		}
		/* \u00xx only for a control character without a short form */
		if (*s != 'u' || end - s < 5 || s[1] != '0' || s[2] != '0' ||
		    (s[3] != '0' && s[3] != '1') || !hexdig(s[4]))
			return NULL;
		c = (s[3] - '0') << 4 | (s[4] <= '9' ? s[4] - '0' : s[4] - 'a' + 10);
		if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
			return NULL;
		s += 5;
	}
	return NULL;
}

static uc *
digits(uc *s, uc *end, size_t *n)
{
	uc *p = s;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	*n = (size_t)(p - s);
	return p;
}

static uc *
number(uc *s, uc *end)
{
	uc *p = s;
	size_t n, total;
	int isint = 1;

	if (*p == '-')
		p++;
	p = digits(p, end, &n);
	if (n == 0 || (n > 1 && p[-(long)n] == '0'))
		return NULL;
	total = n;
	if (p < end && *p == '.') {
		p = digits(p + 1, end, &n);
		if (n == 0)
			return NULL;
		isint = 0;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		p = digits(p, end, &n);
		if (n == 0)
			return NULL;
		isint = 0;
	}
	if (isint && (total > 18 || (*s == '-' && s[1] == '0')))
		return NULL;	/* json-c would print it otherwise */
	return p;
}

static uc *
word(uc *s, uc *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - s) >= n && memcmp(s, w, n) == 0 ? s + n : NULL;
}

static uc *
value(uc *s, uc *end, int depth)
{
	if (s == end || depth > 32)
		return NULL;
	switch (*s) {
	case '"':
		return string(s, end);
	case 't':
		return word(s, end, "true");
	case 'f':
		return word(s, end, "false");
	case 'n':
		return word(s, end, "null");
	case '[':
		if (++s < end && *s == ']')
			return s + 1;
		for (;;) {
			if ((s = value(s, end, depth + 1)) == NULL || s == end)
				return NULL;
			if (*s == ']')
				return s + 1;
			if (*s++ != ',')
				return NULL;
		}
	default:
		if (*s == '-' || (*s >= '0' && *s <= '9'))
			return number(s, end);
		return NULL;	/* a nested object, white space, anything else */
	}
}

int
json_scan(const char *line, size_t len, struct jscan *js)
{
	uc *s = (uc *)line, *end = s + len, *k, *v;
	size_t i, j;

	js->n = 0;
	if (len < 2 || *s++ != '{')
		return 0;
	if (*s == '}')
		return s + 1 == end;
	for (;;) {
		k = s;
		if (*s != '"' || (s = string(s, end)) == NULL || s == end || *s++ != ':')
			return 0;
		v = s;
		if ((s = value(s, end, 1)) == NULL || s == end)
			return 0;
		if (js->n == js->cap) {
			js->cap = js->cap ? js->cap * 2 : 16;
			js->kv = xreallocarray(js->kv, js->cap, sizeof(*js->kv));
		}
		js->kv[js->n].key = (const char *)k + 1;
		js->kv[js->n].klen = (size_t)(v - k) - 3;
		js->kv[js->n].val = (const char *)v;
		js->kv[js->n].vlen = (size_t)(s - v);
		js->n++;
		if (*s == '}')
			break;
		if (*s++ != ',')
			return 0;
	}
	if (s + 1 != end)
		return 0;
	for (i = 0; i < js->n; i++)
		for (j = i + 1; j < js->n; j++)
			if (js->kv[i].klen == js->kv[j].klen &&
			    memcmp(js->kv[i].key, js->kv[j].key, js->kv[i].klen) == 0)
				return 0;
	return 1;
}

int
json_canonical(const char *line, size_t len, size_t nkeys)
{
	struct jscan js = { 0 };
	int r;

	r = json_scan(line, len, &js) && js.n == nkeys;
	free(js.kv);
	return r;
}
