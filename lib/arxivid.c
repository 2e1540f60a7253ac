/*
 * arxivid.c - an arXiv identifier as feeds, people and models write it
 * (prefixes, URLs, versions, blanks) reduced to the bare id.  The id rules are
 * arXiv's: "Understanding the arXiv identifier"
 * (https://info.arxiv.org/help/arxiv_identifier.html) and "arXiv identifier
 * scheme - information for interacting services"
 * (https://info.arxiv.org/help/arxiv_identifier_for_services.html).
 */
#include <ctype.h>
#include <string.h>

#include "ax.h"

/* blanks, and a UTF-8 byte order mark (a file saved by a Windows editor) */
static const char *
skipblank(const char *s)
{
	for (;;) {
		if (isspace((unsigned char)*s))
			s++;
		else if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb &&
		    (unsigned char)s[2] == 0xbf)
			s += 3;
		else
			return s;
	}
}

/* the length of p when s starts with it, any case; else 0 */
static size_t
prefix(const char *s, const char *p)
{
	size_t i;

	for (i = 0; p[i] != '\0'; i++)
		if (tolower((unsigned char)s[i]) != p[i])
			return 0;
	return i;
}

/*
 * A URL up to the id: [http[s]://]HOST/[abs/|pdf/|html/|ps/|src/|format/]
 * where HOST is arxiv.org or one of its mirrors (export., www., xxx., lanl.
 * ...), or [http[s]://][dx.]doi.org/ before a "10.48550/arXiv." DOI.
 */
static size_t
url(const char *s)
{
	static const char *kind[] = { "abs/", "pdf/", "html/", "ps/", "src/", "format/", NULL };
	const char *h, *e;
	size_t n, i;

	if ((n = prefix(s, "https://")) == 0)
		n = prefix(s, "http://");
	h = s + n;
	e = h + strcspn(h, "/ \t\r\n");
	if (*e != '/')
		return 0;
	if ((size_t)(e - h) == 7 && prefix(h, "doi.org") == 7)
		return (size_t)(e + 1 - s);
	if ((size_t)(e - h) == 10 && prefix(h, "dx.doi.org") == 10)
		return (size_t)(e + 1 - s);
	if (e - h < 9 || prefix(e - 9, "arxiv.org") != 9 || (e - h > 9 && e[-10] != '.'))
		return 0;
	e++;
	for (i = 0; kind[i] != NULL; i++)
		if ((n = prefix(e, kind[i])) > 0)
			return (size_t)(e + n - s);
	return (size_t)(e - s);
}

/* n digits exactly at s (no digit after them): their value; else -1 */
static long
num(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return isdigit((unsigned char)s[n]) ? -1 : v;
}

/*
 * The new scheme, since April 2007: YYMM.NNNN up to 1412, YYMM.NNNNN from
 * 1501.  Returns the id's length at s, or 0.
 */
static size_t
newstyle(const char *s)
{
	long yymm = num(s, 4);

	if (yymm < 0 || s[4] != '.' || yymm % 100 < 1 || yymm % 100 > 12)
		return 0;
	if (num(s + 5, 4) >= 0)
		return yymm >= 704 && yymm <= 1412 ? 9 : 0;
	if (num(s + 5, 5) >= 0)
		return yymm >= 1501 ? 10 : 0;
	return 0;
}

/*
 * The old scheme, 1991 to March 2007: archive[.SC]/YYMMNNN (hep-th/9901001,
 * math.GT/0309136).  The subject class is not part of the paper's identity
 * (arXiv's preferred form of math.CA/0611800v2 is arXiv:math/0611800v2, and
 * OAI-PMH says oai:arXiv.org:math/0611800): it is left out of out.  Returns
 * the length at s, or 0; out gets the archive, '/' and the number.
 */
static size_t
oldstyle(const char *s, char *out)
{
	const char *p = s, *arch = s;
	size_t na;
	long yymm;

	while (isalpha((unsigned char)*p) || (*p == '-' && p > s && isalpha((unsigned char)p[1])))
		p++;
	na = (size_t)(p - arch);
	if (na < 2 || na > 16)
		return 0;
	if (*p == '.') {
		p++;
		if (!isalpha((unsigned char)*p))
			return 0;
		while (isalpha((unsigned char)*p) || (*p == '-' && isalpha((unsigned char)p[1])))
			p++;
	}
	if (*p != '/' || num(p + 1, 7) < 0)
		return 0;
	yymm = (p[1] - '0') * 1000 + (p[2] - '0') * 100 + (p[3] - '0') * 10 + (p[4] - '0');
	if (yymm % 100 < 1 || yymm % 100 > 12 || (yymm < 9107 && yymm > 703))
		return 0;
	for (; arch < s + na; arch++)
		*out++ = (char)tolower((unsigned char)*arch);
	memcpy(out, p, 8);
	out[8] = '\0';
	return (size_t)(p + 8 - s);
}

/* what may follow an id: the end, a blank, or punctuation that cannot continue it */
static int
boundary(const char *s)
{
	if (*s == '\0' || isspace((unsigned char)*s))
		return 1;
	if (*s == '.')
		return !isdigit((unsigned char)s[1]);
	return strchr(",;:)]}>\"'/?#&|", *s) != NULL;
}

int
arxiv_id(const char *s, char out[ARXIV_ID_MAX], int *version)
{
	const char *p, *e;
	size_t n;
	long v = 0;

	if (version != NULL)
		*version = 0;
	s = skipblank(s);
	/* prefixes, any number and order: "arXiv: https://arxiv.org/abs/..." */
	for (p = s;;) {
		p = skipblank(p);
		if ((n = prefix(p, "oai:arxiv.org:")) > 0 || (n = prefix(p, "arxiv:")) > 0 ||
		    (n = prefix(p, "doi:")) > 0 || (n = prefix(p, "10.48550/arxiv.")) > 0 ||
		    (n = url(p)) > 0)
			p += n;
		else
			break;
	}
	if ((n = newstyle(p)) > 0) {
		memcpy(out, p, n);
		out[n] = '\0';
	} else if ((n = oldstyle(p, out)) == 0)
		goto foreign;
	e = p + n;
	if (*e == 'v' || *e == 'V') {
		for (e++; isdigit((unsigned char)*e); e++)
			if (v <= ARXIV_VERSION_MAX)
				v = v * 10 + (*e - '0');
		if (e == p + n + 1)
			goto foreign;
	}
	if (!boundary(e))
		goto foreign;
	if (version != NULL && v <= ARXIV_VERSION_MAX)
		*version = (int)v;
	return 1;

foreign:
	/* not an arXiv id: the text without blanks at either end, whole UTF-8 characters */
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n > ARXIV_ID_MAX - 1) {
		n = ARXIV_ID_MAX - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}
