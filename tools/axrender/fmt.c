/* fmt.c - axrender's pure text helpers: money, widths, escaping, dates. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "axrender.h"

/*
 * The digests print round(cost, 2) the way Python's str() does: "%.2f"
 * rounds the binary value half-to-even like round(), then trailing zeros
 * go but one decimal stays (0.04, 0.1, 1.0, 12.5).
 */
char *
fmt_cost(double v, int unpriced, char *out, size_t n)
{
	char m[64];

	snprintf(out, n, unpriced ? "unknown" : "$%s", fmt_money(v, m, sizeof m));
	return out;
}

char *
fmt_money(double v, char *out, size_t n)
{
	size_t len;

	if (v == 0)
		v = copysign(0.0, v);	/* keeps Python's "-0.0" */
	snprintf(out, n, "%.2f", v);
	len = strlen(out);
	if (strchr(out, '.') == NULL)
		return out;		/* nan, inf */
	while (len > 0 && out[len - 1] == '0' && out[len - 2] != '.')
		out[--len] = '\0';
	return out;
}

/* one code point of s[0..n), n > 0; its length, or 0 when the bytes are not UTF-8 */
static size_t
utf8_decode(const unsigned char *s, size_t n, long *cp)
{
	size_t len, i;
	long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* characters HTML calls parse errors and XML 1.0 forbids or discourages */
static int
badchar(long c)
{
	if (c < 0x20)
		return c != '\t' && c != '\n' && c != '\r';
	return (c >= 0x7f && c <= 0x9f) || (c >= 0xfdd0 && c <= 0xfdef) ||
	    (c & 0xfffe) == 0xfffe;
}

void
buf_addxml(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len, run;
	long c;

	buf_grow(b, n + 1);
	for (i = 0; i < n; i += len) {
		/* copy plain runs in one go: this is the hot loop of --format html */
		for (run = i; run < n && u[run] >= 0x20 && u[run] < 0x7f &&
		    u[run] != '&' && u[run] != '<' && u[run] != '>' &&
		    u[run] != '"' && u[run] != '\''; run++)
			;
		if (run > i) {
			buf_add(b, s + i, run - i);
			len = run - i;
			continue;
		}
		len = utf8_decode(u + i, n - i, &c);
		if (len == 0 || badchar(c)) {
			buf_adds(b, "\xef\xbf\xbd");
			if (len == 0)
				len = 1;
			continue;
		}
		switch (c) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_add(b, s + i, len);
		}
	}
}

void
buf_addpyjson(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len;
	long c;

	buf_addc(b, '"');
	for (i = 0; i < n; i += len) {
		len = utf8_decode(u + i, n - i, &c);
		if (len == 0) {
			c = 0xfffd;
			len = 1;
		}
		switch (c) {
		case '"': buf_adds(b, "\\\""); continue;
		case '\\': buf_adds(b, "\\\\"); continue;
		case '\n': buf_adds(b, "\\n"); continue;
		case '\r': buf_adds(b, "\\r"); continue;
		case '\t': buf_adds(b, "\\t"); continue;
		case '\b': buf_adds(b, "\\b"); continue;
		case '\f': buf_adds(b, "\\f"); continue;
		}
		if (c >= 0x20 && c < 0x7f)
			buf_addc(b, (int)c);
		else if (c < 0x10000)
			buf_printf(b, "\\u%04lx", c);
		else {
			c -= 0x10000;
			buf_printf(b, "\\u%04lx\\u%04lx", 0xd800 | (c >> 10), 0xdc00 | (c & 0x3ff));
		}
	}
	buf_addc(b, '"');
}

/* Python's repr(float): the shortest digits that read back as v, positional
 * from 1e-4 up to 1e16, ".0" on whole numbers */
void
buf_addpyfloat(struct buf *b, double v)
{
	char s[48];
	int prec, exp;

	if (isnan(v)) {
		buf_adds(b, "NaN");
		return;
	}
	if (isinf(v)) {
		buf_adds(b, v < 0 ? "-Infinity" : "Infinity");
		return;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(s, sizeof s, "%.*e", prec - 1, v);
		if (strtod(s, NULL) == v)
			break;
	}
	snprintf(s, sizeof s, "%.*e", prec - 1, v);
	exp = atoi(strchr(s, 'e') + 1);
	if (exp >= -4 && exp < 16)
		snprintf(s, sizeof s, "%.*f", prec - 1 - exp > 0 ? prec - 1 - exp : 0, v);
	buf_adds(b, s);
	if (strpbrk(s, ".e") == NULL)
		buf_adds(b, ".0");
}

int
valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int i, y, m, d;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	if (s[10] != '\0')
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

long long
fates_unscored(const struct fates *fa)
{
	/* the pipeline's count normally includes the records with "error" */
	return fa->unscored > fa->errors ? fa->unscored : fa->errors;
}

void
fates_text(struct buf *b, const struct fates *fa)
{
	long long un = fates_unscored(fa);

	if (un == 0 && fa->over == 0)
		return;
	buf_printf(b, "Not scored: %lld paper%s", un, un == 1 ? "" : "s");
	if (fa->over > 0)
		buf_printf(b, ", %lld over budget", fa->over);
	buf_adds(b, ".");
	if (!fa->have)
		return;
	buf_printf(b, " Fates: %lld selected, %lld below the cutoffs, %lld unscored, "
	    "%lld over budget, %lld dropped by filters", fa->selected, fa->below, un,
	    fa->over, fa->dropped);
	if (fa->dropnames)
		buf_printf(b, " (%s)", fa->dropnames);
	buf_adds(b, ".");
}

/*
 * The scheme a link destination at s[0..n) starts with is one a reader may
 * follow: http, https, ftp, mailto, or none (a relative link).  Read the way
 * a Markdown renderer and then a browser would (CommonMark 0.31 link
 * destinations, then the WHATWG URL parser): leading blanks and "<" skipped,
 * the destination ends at a blank, backslash escapes and character
 * references are decoded, decoded tabs and newlines dropped, case ignored.
 */
static int
safe_dest(const char *s, size_t n)
{
	static const char *ok[] = { "http", "https", "ftp", "mailto" };
	char scheme[16];
	size_t i = 0, k = 0, j, e;
	unsigned char c;
	long v;

	while (i < n && strchr(" \t\n\r<", s[i]) != NULL)
		i++;
	for (; i < n; i++) {
		c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f)
			return 1;	/* a destination ends at a blank; no scheme before it */
		if (c == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1]))
			c = (unsigned char)s[++i];
		else if (c == '&') {
			/* &#106; &#x6A; &colon; &Tab; &NewLine;: any other reference is not trusted */
			for (e = i + 1; e < n && e - i < 12 && s[e] != ';'; e++)
				;
			if (e >= n || s[e] != ';')
				return 0;
			if (s[i + 1] == '#') {
				j = i + 2;
				v = s[j] == 'x' || s[j] == 'X' ? strtol(s + j + 1, NULL, 16) : strtol(s + j, NULL, 10);
				if (v <= 0 || v > 0x7f)
					return 0;
				c = (unsigned char)v;
			} else if (e - i == 6 && strncmp(s + i, "&colon", 6) == 0)
				c = ':';
			else if ((e - i == 4 && strncmp(s + i, "&Tab", 4) == 0) ||
			    (e - i == 8 && strncmp(s + i, "&NewLine", 8) == 0))
				c = '\t';
			else
				return 0;
			i = e;
		}
		if (c <= 0x20 || c == 0x7f)
			continue;	/* a decoded &Tab;, which a browser drops */
		if (c == ':')
			break;
		if (!isalnum(c) && c != '+' && c != '-' && c != '.')
			return 1;	/* "/", "?", "#", ")": no scheme */
		if (k + 1 == sizeof scheme)
			return 0;
		scheme[k++] = (char)tolower(c);
	}
	if (i >= n)
		return 1;
	scheme[k] = '\0';
	for (j = 0; j < sizeof ok / sizeof ok[0]; j++)
		if (strcmp(scheme, ok[j]) == 0)
			return 1;
	return 0;
}

/*
 * What follows a "<" makes it raw HTML or an autolink (CommonMark 0.31
 * sections 6.5, 6.6, 4.6): "/", "!" or "?", or a tag name ending at a
 * blank, ">", "/>", "/" and a letter, or the end, or a scheme's ":".  "2<z<5" and "m<l/2"
 * are left alone.
 */
static int
markup(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return 0;
	if (s[0] != '\0' && strchr("/!?", s[0]))
		return 1;
	if (!isalpha((unsigned char)s[0]))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || strchr("+.-", s[i])))
		i++;
	if (i < n && s[i] == '/')	/* "<svg/onload=" to a browser; "m<l/2" is no tag */
		return i + 1 < n && (s[i + 1] == '>' || isalpha((unsigned char)s[i + 1]));
	return i == n || (s[i] != '\0' && strchr(" \t\n\r\f\v>:", s[i]) != NULL);
}

/*
 * Pandoc's Markdown (not CommonMark) reads "{...}" after a span, link,
 * code or heading as attributes, and writes event handlers and styles out:
 * a "{" whose group, up to its "}", sets on...= or style= is escaped.
 * "\\isotope[12]{C}" and other TeX braces are left alone.
 */
static int
attrs(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n && s[i] != '}' && s[i] != '{'; i++) {
		if (i > 0 && !strchr(" \t\n.#'\"", s[i - 1]))
			continue;
		for (k = i; k < n && (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_'); k++)
			;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k < n && s[k] == '=' && ((k - i >= 2 && strncasecmp(s + i, "on", 2) == 0) ||
		    strncasecmp(s + i, "style", 5) == 0))
			return 1;
	}
	return 0;
}

/* the brackets of s that have no partner: they would end a link's text early */
static char *
unmatched(const char *s, size_t n)
{
	char *bad = xcalloc(n + 1, 1);
	size_t *stack = xreallocarray(NULL, n + 1, sizeof *stack), top = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (s[i] == '[')
			stack[top++] = i;
		else if (s[i] == ']') {
			if (top > 0)
				top--;
			else
				bad[i] = 1;
		}
	}
	while (top > 0)
		bad[stack[--top]] = 1;
	free(stack);
	return bad;
}

void
buf_addclean(struct buf *t, const char *s, size_t n, int nl2space)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	buf_grow(t, n + 1);
	for (i = 0; i < n; i++) {
		if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n') {
			if ((u[i] == '\b' || u[i] == '\f') && i + 1 < n && isalpha(u[i + 1])) {
				buf_addc(t, '\\');
				buf_addc(t, u[i] == '\b' ? 'b' : 'f');
			}
		} else if (u[i] == 0x7f)
			;
		else if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f)
			i++;	/* the C1 controls */
		else if (u[i] == '\n' && nl2space)
			buf_addc(t, ' ');
		else
			buf_addc(t, u[i]);
	}
}

void
buf_addmd(struct buf *b, const char *s0, size_t n0, int inlink)
{
	struct buf t = { 0 };
	const char *s;
	char *bad;
	size_t i, n;

	/* the controls go first: "java\0script:" must be seen as the renderer will see it */
	buf_addclean(&t, s0, n0, inlink);
	s = buf_str(&t);
	n = t.len;
	bad = inlink ? unmatched(s, n) : NULL;
	buf_grow(b, n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '<' && markup(s + i + 1, n - i - 1))
			buf_adds(b, "&lt;");
		else if (s[i] == '{' && attrs(s + i + 1, n - i - 1)) {
			buf_adds(b, "\\{");
		} else if (bad && bad[i]) {
			buf_addc(b, '\\');
			buf_addc(b, s[i]);
			if (s[i] == ']' && i + 1 < n && (s[i + 1] == '(' || s[i + 1] == ':') &&
			    !safe_dest(s + i + 2, n - i - 2))
				buf_addc(b, '\\');	/* "\\]\\(javascript:" */
		} else if (s[i] == ']' && i + 1 < n && (s[i + 1] == '(' || s[i + 1] == ':') &&
		    !safe_dest(s + i + 2, n - i - 2))
			buf_adds(b, "]\\");	/* [text](javascript:...), [ref]: javascript:... */
		else
			buf_addc(b, s[i]);
	}
	free(bad);
	buf_free(&t);
}

void
buf_addurlpart(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isalnum((unsigned char)s[i]) || (s[i] != '\0' && strchr("./-_~", s[i])))
			buf_addc(b, s[i]);
		else
			buf_printf(b, "%%%02X", (unsigned char)s[i]);
}
