/*
 * tex.c - arXiv's TeX text as people read it: accents, special letters,
 * escapes, dashes, ties and quotes in UTF-8, math spans found and left as
 * written (a renderer draws them, or a reader reads the TeX).
 */
#include <ctype.h>
#include <string.h>

#include "axrender.h"

/*
 * An accent command and its letters: bases[i] with it is the UTF-8 string
 * number i of precomposed (Unicode's Latin-1 Supplement and Latin
 * Extended-A/B); other letters get the combining mark.
 */
static const struct accent {
	char	 cmd;
	const char *bases;
	const char *precomposed[32];
	const char *combining;
} accents[] = {
	{ '\'', "aeiouyAEIOUYcCnNsSzZrRlLgG", { "á", "é", "í", "ó", "ú", "ý", "Á", "É", "Í", "Ó", "Ú", "Ý",
	    "ć", "Ć", "ń", "Ń", "ś", "Ś", "ź", "Ź", "ŕ", "Ŕ", "ĺ", "Ĺ", "ǵ", "Ǵ" }, "\xcc\x81" },
	{ '`', "aeiounAEIOUN", { "à", "è", "ì", "ò", "ù", "ǹ", "À", "È", "Ì", "Ò", "Ù", "Ǹ" }, "\xcc\x80" },
	{ '^', "aeioucghjswyAEIOUCGHJSWY", { "â", "ê", "î", "ô", "û", "ĉ", "ĝ", "ĥ", "ĵ", "ŝ", "ŵ", "ŷ",
	    "Â", "Ê", "Î", "Ô", "Û", "Ĉ", "Ĝ", "Ĥ", "Ĵ", "Ŝ", "Ŵ", "Ŷ" }, "\xcc\x82" },
	{ '"', "aeiouyAEIOUY", { "ä", "ë", "ï", "ö", "ü", "ÿ", "Ä", "Ë", "Ï", "Ö", "Ü", "Ÿ" }, "\xcc\x88" },
	{ '~', "anoiuANOIU", { "ã", "ñ", "õ", "ĩ", "ũ", "Ã", "Ñ", "Õ", "Ĩ", "Ũ" }, "\xcc\x83" },
	{ '=', "aeiouAEIOU", { "ā", "ē", "ī", "ō", "ū", "Ā", "Ē", "Ī", "Ō", "Ū" }, "\xcc\x84" },
	{ '.', "zcegZCEGI", { "ż", "ċ", "ė", "ġ", "Ż", "Ċ", "Ė", "Ġ", "İ" }, "\xcc\x87" },
	{ 'u', "agieouAGIEOU", { "ă", "ğ", "ĭ", "ĕ", "ŏ", "ŭ", "Ă", "Ğ", "Ĭ", "Ĕ", "Ŏ", "Ŭ" }, "\xcc\x86" },
	{ 'v', "csznredtlgaiouCSZNREDTLGAIOU", { "č", "š", "ž", "ň", "ř", "ě", "ď", "ť", "ľ", "ǧ", "ǎ",
	    "ǐ", "ǒ", "ǔ", "Č", "Š", "Ž", "Ň", "Ř", "Ě", "Ď", "Ť", "Ľ", "Ǧ", "Ǎ", "Ǐ", "Ǒ", "Ǔ" }, "\xcc\x8c" },
	{ 'H', "ouOU", { "ő", "ű", "Ő", "Ű" }, "\xcc\x8b" },
	{ 'c', "cstgklnreCSTGKLNRE", { "ç", "ş", "ţ", "ģ", "ķ", "ļ", "ņ", "ŗ", "ȩ", "Ç", "Ş", "Ţ", "Ģ",
	    "Ķ", "Ļ", "Ņ", "Ŗ", "Ȩ" }, "\xcc\xa7" },
	{ 'k', "aeiuoAEIUO", { "ą", "ę", "į", "ų", "ǫ", "Ą", "Ę", "Į", "Ų", "Ǫ" }, "\xcc\xa8" },
	{ 'r', "auAU", { "å", "ů", "Å", "Ů" }, "\xcc\x8a" },
	{ 'd', "", { NULL }, "\xcc\xa3" },
	{ 'b', "", { NULL }, "\xcc\xb1" },
};

/* letters and signs by name: \o, \ss, \ldots */
static const struct {
	const char *name, *utf8;
} named[] = {
	{ "o", "ø" }, { "O", "Ø" }, { "ss", "ß" }, { "SS", "SS" }, { "ae", "æ" }, { "AE", "Æ" },
	{ "oe", "œ" }, { "OE", "Œ" }, { "aa", "å" }, { "AA", "Å" }, { "l", "ł" }, { "L", "Ł" },
	{ "i", "ı" }, { "j", "ȷ" }, { "dh", "ð" }, { "DH", "Ð" }, { "th", "þ" }, { "TH", "Þ" },
	{ "ng", "ŋ" }, { "NG", "Ŋ" }, { "dj", "đ" }, { "DJ", "Đ" }, { "ldots", "…" }, { "dots", "…" },
	{ "textendash", "–" }, { "textemdash", "—" }, { "textquoteright", "’" },
	{ "textquoteleft", "‘" }, { "textdegree", "°" }, { "textasciitilde", "~" },
	{ "textbackslash", "\\" }, { "S", "§" }, { "P", "¶" }, { "copyright", "©" },
	{ "pounds", "£" }, { "TeX", "TeX" }, { "LaTeX", "LaTeX" }, { "AA", "Å" },
	/* commands that only style their argument: the argument stays */
	{ "emph", "" }, { "textit", "" }, { "textbf", "" }, { "texttt", "" }, { "textrm", "" },
	{ "textsc", "" }, { "textsf", "" }, { "textsl", "" }, { "text", "" }, { "mbox", "" },
	{ "it", "" }, { "bf", "" }, { "em", "" }, { "rm", "" }, { "tt", "" }, { "sc", "" },
	{ "underline", "" }, { "url", "" },
};

int
tex_nextmath(const char *s, size_t n, size_t *start, size_t *end)
{
	size_t i, j;
	int two;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '(' || s[i + 1] == '[')) {
			const char *close = s[i + 1] == '(' ? "\\)" : "\\]";

			for (j = i + 2; j + 1 < n; j++) {
				if (s[j] == '\\' && s[j + 1] == close[1]) {
					*start = i;
					*end = j + 2;
					return 1;
				}
				if (s[j] == '\\')
					j++;
			}
			i++;
			continue;
		}
		if (s[i] == '\\') {
			i++;	/* \$ and \\ are text */
			continue;
		}
		if (s[i] != '$')
			continue;
		two = i + 1 < n && s[i + 1] == '$';
		for (j = i + 1 + two; j < n; j++) {
			if (s[j] == '\\') {
				j++;
				continue;
			}
			if (s[j] == '$') {
				if (two && !(j + 1 < n && s[j + 1] == '$'))
					continue;
				if (j == i + 1 + two)
					break;	/* "$$" alone is no formula */
				*start = i;
				*end = j + 1 + two;
				return 1;
			}
		}
		if (two)
			i++;
	}
	return 0;
}

/* the argument of an accent at s[0..n): "{e}", "{\i}", "e", " e"; its length, the letter in *c */
static size_t
accentarg(const char *s, size_t n, int letter, char *c)
{
	size_t i = 0;

	if (letter)
		while (i < n && s[i] == ' ')
			i++;
	if (i < n && s[i] == '{') {
		if (i + 2 < n && s[i + 2] == '}' && isalpha((unsigned char)s[i + 1])) {
			*c = s[i + 1];
			return i + 3;
		}
		if (i + 3 < n && s[i + 1] == '\\' && (s[i + 2] == 'i' || s[i + 2] == 'j') && s[i + 3] == '}') {
			*c = s[i + 2];
			return i + 4;
		}
		if (i + 1 < n && s[i + 1] == '}') {
			*c = ' ';	/* \'{} : the accent alone */
			return i + 2;
		}
		return 0;
	}
	if (i + 1 < n && s[i] == '\\' && (s[i + 1] == 'i' || s[i + 1] == 'j') &&
	    (i + 2 == n || !isalpha((unsigned char)s[i + 2]))) {
		*c = s[i + 1];
		return i + 2 + (i + 2 < n && s[i + 2] == ' ');
	}
	if (i < n && isalpha((unsigned char)s[i])) {
		*c = s[i];
		return i + 1;
	}
	return 0;
}

static void
addaccent(struct buf *b, const struct accent *a, char c)
{
	const char *p;

	if (c != ' ' && (p = strchr(a->bases, c)) != NULL) {
		buf_adds(b, a->precomposed[p - a->bases]);
		return;
	}
	if (c != ' ')
		buf_addc(b, c);
	buf_adds(b, a->combining);
}

void
tex_text(struct buf *b, const char *s, size_t n)
{
	size_t i, k, len, nl;
	const struct accent *a;
	char c;

	for (i = 0; i < n; i++) {
		/* an address is copied as written: its ~ and -- are not TeX */
		if ((s[i] == 'h' || s[i] == 'w') && (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
		    ((n - i > 7 && strncmp(s + i, "http://", 7) == 0) ||
		    (n - i > 8 && strncmp(s + i, "https://", 8) == 0) ||
		    (n - i > 4 && strncmp(s + i, "www.", 4) == 0))) {
			len = strcspn(s + i, " \t\n}");
			len = len > n - i ? n - i : len;
			buf_add(b, s + i, len);
			i += len - 1;
			continue;
		}
		switch (s[i]) {
		case '{':
		case '}':
			continue;	/* grouping */
		case '~':
			buf_adds(b, "\xc2\xa0");
			continue;
		case '-':
			if (i + 2 < n && s[i + 1] == '-' && s[i + 2] == '-') {
				buf_adds(b, "—");
				i += 2;
			} else if (i + 1 < n && s[i + 1] == '-') {
				buf_adds(b, "–");
				i++;
			} else
				buf_addc(b, '-');
			continue;
		case '`':
			if (i + 1 < n && s[i + 1] == '`') {
				buf_adds(b, "“");
				i++;
			} else
				buf_addc(b, '`');
			continue;
		case '\'':
			if (i + 1 < n && s[i + 1] == '\'') {
				buf_adds(b, "”");
				i++;
			} else
				buf_addc(b, '\'');
			continue;
		case '\\':
			break;
		default:
			buf_addc(b, s[i]);
			continue;
		}
		if (i + 1 == n) {
			buf_addc(b, '\\');
			continue;
		}
		c = s[i + 1];
		for (a = accents; a < accents + sizeof accents / sizeof accents[0]; a++)
			if (a->cmd == c)
				break;
		/* a letter accent (\v, \u, \c) only when no longer command name goes on */
		if (a < accents + sizeof accents / sizeof accents[0] &&
		    (!isalpha((unsigned char)c) || i + 2 >= n || !isalpha((unsigned char)s[i + 2])) &&
		    (len = accentarg(s + i + 2, n - i - 2, isalpha((unsigned char)c), &c)) > 0) {
			addaccent(b, a, c);
			i += 1 + len;
			continue;
		}
		if (strchr("&%$#_{} ,;:!@/\\", s[i + 1]) != NULL && s[i + 1] != '\0') {
			c = s[i + 1];
			i++;
			if (c == ',' || c == ';' || c == ':')
				buf_adds(b, "\xe2\x80\x89");	/* thin space */
			else if (c == '\\' || c == ' ')
				buf_addc(b, ' ');
			else if (c != '!' && c != '@' && c != '/')
				buf_addc(b, c);
			continue;
		}
		for (nl = i + 1; nl < n && isalpha((unsigned char)s[nl]); nl++)
			;
		len = nl - i - 1;
		for (k = 0; len > 0 && k < sizeof named / sizeof named[0]; k++)
			if (strlen(named[k].name) == len && strncmp(named[k].name, s + i + 1, len) == 0)
				break;
		if (len == 0 || k == sizeof named / sizeof named[0]) {
			buf_add(b, s + i, len + 1);	/* a command we do not know stays */
			i += len;
			continue;
		}
		buf_adds(b, named[k].utf8);
		i = nl - 1;
		/* the space or "{}" that ends a command name is not text */
		if (nl + 1 < n && s[nl] == '{' && s[nl + 1] == '}')
			i += 2;
		else if (nl < n && s[nl] == ' ' && named[k].utf8[0] != '\0' && strlen(named[k].name) <= 2)
			i++;
	}
}

void
buf_addtex(struct buf *b, const char *s, size_t n)
{
	struct buf t = { 0 };
	size_t at, start, end;
	const char *u;

	buf_addclean(&t, s, n, 0);
	u = buf_str(&t);
	for (at = 0; tex_nextmath(u + at, t.len - at, &start, &end); at += end) {
		tex_text(b, u + at, start);
		buf_add(b, u + at + start, end - start);
	}
	tex_text(b, u + at, t.len - at);
	buf_free(&t);
}
