/* names.c - author names to a plain form, and whether two may be the same person. */
#include <string.h>

#include "ax.h"
#include "axfilter.h"

/* U+00C0..U+017F to a base letter; '*' is a two-letter fold, '_' nothing */
static const char latin[] =
    "aaaaaa*ceeeeiiiidnooooo_ouuuuy**"		/* U+00C0 */
    "aaaaaa*ceeeeiiiidnooooo_ouuuuy*y"		/* U+00E0 */
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhh"	/* U+0100 */
    "iiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo"	/* U+0128 */
    "**rrrrrrsssssssstttttt"			/* U+0152 */
    "uuuuuuuuuuuuwwyyyzzzzzzs";			/* U+0168 */

_Static_assert(sizeof(latin) - 1 == 0x180 - 0xc0, "one letter per code point");

static const char *
latin2(unsigned cp)
{
	switch (cp) {
	case 0xc6: case 0xe6: return "ae";
	case 0xde: case 0xfe: return "th";
	case 0xdf: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x152: case 0x153: return "oe";
	}
	return "";
}

/* TeX control words that stand for letters */
static const char *
texletter(const char *w, size_t n)
{
	static const char *map[][2] = {
		{ "ss", "ss" }, { "o", "o" }, { "O", "o" }, { "l", "l" },
		{ "L", "l" }, { "ae", "ae" }, { "AE", "ae" }, { "oe", "oe" },
		{ "OE", "oe" }, { "aa", "a" }, { "AA", "a" }, { "i", "i" },
		{ "j", "j" }, { "dh", "d" }, { "DH", "d" }, { "th", "th" },
		{ "TH", "th" }, { "dj", "d" }, { "DJ", "d" }, { "ng", "ng" },
		{ "NG", "ng" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i][0]) == n && memcmp(map[i][0], w, n) == 0)
			return map[i][1];
	return NULL;
}

static int
isalpha_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void
sep(struct buf *b)
{
	if (b->len > 0 && b->s[b->len - 1] != ' ')
		buf_addc(b, ' ');
}

static void
letter(struct buf *b, int c)
{
	buf_addc(b, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* one UTF-8 sequence at s: folded into b; returns its length */
static size_t
utf8(const unsigned char *s, struct buf *b)
{
	unsigned cp;
	size_t n, i;

	if (s[0] >= 0xf0)
		n = 4, cp = s[0] & 0x07;
	else if (s[0] >= 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else {
		buf_addc(b, s[0]);	/* a stray continuation byte */
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			buf_add(b, (const char *)s, i);
			return i;
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp >= 0xc0 && cp < 0x180) {
		if (latin[cp - 0xc0] == '*')
			buf_adds(b, latin2(cp));
		else if (latin[cp - 0xc0] != '_')
			buf_addc(b, latin[cp - 0xc0]);
	} else if (cp == 0x218 || cp == 0x219)
		buf_addc(b, 's');
	else if (cp == 0x21a || cp == 0x21b)
		buf_addc(b, 't');
	else if ((cp >= 0x300 && cp < 0x370) || cp == 0x2019 || cp == 0x2bc)
		;			/* combining accents, apostrophes */
	else if (cp >= 0x2010 && cp <= 0x2015)
		sep(b);			/* dashes */
	else
		buf_add(b, (const char *)s, n);
	return n;
}

/* the words of s without turning "Last, First" around */
static void
words(const char *s, struct buf *b)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *w;
	const char *l;
	int depth;

	while (*p != '\0') {
		if (*p == '\\') {
			p++;
			if (*p != '\0' && strchr("'`^\"~=.", *p) != NULL) {
				p++;		/* an accent: its letter follows */
				continue;
			}
			if (!isalpha_(*p)) {
				if (*p != '\0')
					p++;	/* \\, \&, \{ ... */
				continue;
			}
			for (w = p; isalpha_(*p); p++)
				;
			if ((l = texletter((const char *)w, (size_t)(p - w))) != NULL)
				buf_adds(b, l);
			/* else an accent such as \c \v \u \H, or a word to drop */
			while (*p == ' ')
				p++;	/* TeX ends a control word with its spaces */
			continue;
		}
		if (*p == '(') {
			/* an affiliation: "Ada Chen (ExampleLab)", nested too */
			for (depth = 0; *p != '\0'; p++)
				if (*p == '(')
					depth++;
				else if (*p == ')' && --depth == 0) {
					p++;
					break;
				}
			sep(b);
			continue;
		}
		if (*p == '{' || *p == '}' || *p == '\'') {
			p++;
			continue;
		}
		if (*p == '-') {
			/* keep a hyphen inside a word (Garcia-Lopez), not after an initial (C.-P.) */
			if (b->len > 0 && b->s[b->len - 1] != ' ' && p[1] != '\0' &&
			    strchr(" .,-~", p[1]) == NULL)
				buf_addc(b, '-');
			else
				sep(b);
			p++;
			continue;
		}
		if (*p == ',') {
			sep(b);
			buf_adds(b, ", ");
			p++;
			continue;
		}
		if (*p >= 0x80) {
			p += utf8(p, b);
			continue;
		}
		if (isalpha_(*p) || (*p >= '0' && *p <= '9'))
			letter(b, *p);
		else
			sep(b);
		p++;
	}
	if (b->len > 0 && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
}

static int
suffix(const char *s)
{
	return strcmp(s, "jr") == 0 || strcmp(s, "sr") == 0 ||
	    strcmp(s, "ii") == 0 || strcmp(s, "iii") == 0 || strcmp(s, "iv") == 0;
}

void
name_norm(const char *name, struct buf *out)
{
	struct buf w = { 0 };
	const char *c;
	size_t last;

	buf_reset(out);
	buf_add(out, "", 0);
	/* "ExampleLab: Ada Chen", "ATLAS Collaboration: G. Aad": the person after the group */
	if ((c = strrchr(name, ':')) != NULL && c[1 + strspn(c + 1, " \t")] != '\0')
		name = c + 1;
	words(name, &w);
	/* "and Ben Li" (the last of a list), "Ada Chen et al." */
	if (strncmp(buf_str(&w), "and ", 4) == 0) {
		memmove(w.s, w.s + 4, w.len - 3);
		w.len -= 4;
	}
	if (w.len >= 6 && strcmp(w.s + w.len - 6, " et al") == 0)
		w.s[w.len -= 6] = '\0';
	if ((c = strchr(buf_str(&w), ',')) == NULL) {
		buf_adds(out, buf_str(&w));
		buf_free(&w);
		return;
	}
	/* "Last, First" -> "First Last"; "Smith, Jr." -> "smith" */
	last = (size_t)(c - w.s);
	while (last > 0 && w.s[last - 1] == ' ')
		last--;
	c++;
	while (*c == ' ' || *c == ',')
		c++;
	if (*c != '\0' && !suffix(c) && strchr(c, ',') == NULL) {
		buf_adds(out, c);
		buf_addc(out, ' ');
	}
	buf_add(out, w.s, last);
	buf_free(&w);
}

/* the next word of s from *p: start and length; 0 at the end */
static size_t
word(const char **p, const char **start)
{
	const char *s = *p;
	size_t n;

	while (*s == ' ')
		s++;
	*start = s;
	n = strcspn(s, " ");
	*p = s + n;
	return n;
}

/* equal words, or one a single letter that begins the other */
static int
compat(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == bn && memcmp(a, b, an) == 0)
		return 1;
	return (an == 1 || bn == 1) && a[0] == b[0];
}

static size_t
nwords(const char *s)
{
	const char *w;
	size_t n = 0;

	while (word(&s, &w) > 0)
		n++;
	return n;
}

int
name_match(const char *a, const char *b)
{
	const char *pa = a, *pb = b, *wa, *wb, *la, *lb;
	size_t na, nb, ka, kb, i, lna, lnb;

	na = nwords(a);
	nb = nwords(b);
	if (na == 0 || nb == 0)
		return 0;
	if (na == 1 || nb == 1)
		return strcmp(a, b) == 0;
	/* last words must be equal */
	la = strrchr(a, ' ') + 1;
	lb = strrchr(b, ' ') + 1;
	if (strcmp(la, lb) != 0)
		return 0;
	/* first words, then the middle ones as far as both have them */
	lna = na - 1;
	lnb = nb - 1;
	for (i = 0; i < lna && i < lnb; i++) {
		ka = word(&pa, &wa);
		kb = word(&pb, &wb);
		if (!compat(wa, ka, wb, kb))
			return 0;
	}
	return 1;
}
