/*
 * test_render.c - unit tests of axrender's pure helpers (tools/axrender/fmt.c,
 * compiled in here: it is axrender's alone, not lib/): the money format,
 * widths, escaping for HTML/XML and Python's JSON, dates; Markdown escaping;
 * TeX as UTF-8 (tex.c).
 */
#include <string.h>

#include "ax.h"
#include "tap.h"
#include "../../tools/axrender/fmt.c"
#include "../../tools/axrender/tex.c"

static int
money(double v, const char *want)
{
	char s[64];

	fmt_money(v, s, sizeof s);
	if (strcmp(s, want) != 0)
		printf("# fmt_money(%.17g) = %s, want %s\n", v, s, want);
	return strcmp(s, want) == 0;
}

static int
xml(const char *in, size_t n, const char *want)
{
	struct buf b = { 0 };
	int r;

	buf_addxml(&b, in, n);
	r = strcmp(buf_str(&b), want) == 0;
	if (!r)
		printf("# buf_addxml gave \"%s\"\n", buf_str(&b));
	buf_free(&b);
	return r;
}

static int
pyjson(const char *in, size_t n, const char *want)
{
	struct buf b = { 0 };
	int r;

	buf_addpyjson(&b, in, n);
	r = strcmp(buf_str(&b), want) == 0;
	if (!r)
		printf("# buf_addpyjson gave %s\n", buf_str(&b));
	buf_free(&b);
	return r;
}

static int
pyfloat(double v, const char *want)
{
	struct buf b = { 0 };
	int r;

	buf_addpyfloat(&b, v);
	r = strcmp(buf_str(&b), want) == 0;
	if (!r)
		printf("# buf_addpyfloat gave %s\n", buf_str(&b));
	buf_free(&b);
	return r;
}

static int
tex(const char *in, const char *want)
{
	struct buf b = { 0 };
	int r;

	buf_addtex(&b, in, strlen(in));
	r = strcmp(buf_str(&b), want) == 0;
	if (!r)
		printf("# buf_addtex(%s) = %s, want %s\n", in, buf_str(&b), want);
	buf_free(&b);
	return r;
}

static int
md(const char *in, int inlink, const char *want)
{
	struct buf b = { 0 };
	int r;

	buf_addmd(&b, in, strlen(in), inlink);
	r = strcmp(buf_str(&b), want) == 0;
	if (!r)
		printf("# buf_addmd(%s) = %s, want %s\n", in, buf_str(&b), want);
	buf_free(&b);
	return r;
}

int
main(int argc, char *argv[])
{
	(void)argc;
	setprog(argv[0]);

	/* TeX as people write names (the astro-ph authors of issue 17) */
	ok(tex("Mandacar\\'u", "Mandacarú"), "tex: \\'u");
	ok(tex("Djura\\v{s}evi\\'c", "Djurašević"), "tex: \\v{s} and \\'c");
	ok(tex("\\\"Ubler", "Übler"), "tex: \\\"U");
	ok(tex("{\\\"U}bler and {\\o}ster and Stra\\ss e", "Übler and øster and Straße"), "tex: braced, \\o, \\ss");
	ok(tex("\\'{\\i}ndice \\v s \\c{c} \\H{o} \\k{a} \\r{u} \\u{g} \\={a} \\.{z} \\~n \\^o \\`e", "índice š ç ő ą ů ğ ā ż ñ ô è"), "tex: every accent");
	ok(tex("\\v{q}", "q\xcc\x8c"), "tex: a letter without a precomposed form gets the combining mark");
	ok(tex("A \\& B, 5\\%, \\$3, \\#1, a\\_b, \\{x\\}", "A & B, 5%, $3, #1, a_b, {x}"), "tex: escapes");
	ok(tex("pages 1--10 --- yes~no ``q''", "pages 1–10 — yes\xc2\xa0no “q”"), "tex: dashes, tie, quotes");
	ok(tex("the \\emph{new} \\textbf{bold}", "the new bold"), "tex: style commands keep their text");
	ok(tex("$M_{\\rm{tot}, \\star} \\gtrsim 10^{5.5}\\,\\text{M}_\\odot$ at \\'e", "$M_{\\rm{tot}, \\star} \\gtrsim 10^{5.5}\\,\\text{M}_\\odot$ at é"), "tex: math left as written");
	ok(tex("\\(a--b\\) and \\[x~y\\] and $$c--d$$", "\\(a--b\\) and \\[x~y\\] and $$c--d$$"), "tex: \\( \\) \\[ \\] $$ math too");
	ok(tex("costs \\$5 and -- no $ close", "costs $5 and – no $ close"), "tex: \\$ and a lone $ are text");
	ok(tex("\\unknown{x} \\beta", "\\unknownx \\beta"), "tex: an unknown command stays");
	ok(tex("M_\bullet in \bbeta", "M_\\bullet in \\bbeta"), "tex: a backspace before a letter was \\b");
	ok(tex("code at https://github.com/a--b/~c and www.x.org/~d, \\url{https://e.org/~f}--done", "code at https://github.com/a--b/~c and www.x.org/~d, https://e.org/~f–done"), "tex: addresses keep their ~ and --");
	ok(tex("plain text, nothing to do", "plain text, nothing to do"), "tex: plain text unchanged");

	/* Markdown escaping: what would be markup, and only that */
	ok(md("3 <z<7 and $m<l/2$ and a < b [O III]: 5007 [x](https://a.b)", 0,
	    "3 <z<7 and $m<l/2$ and a < b [O III]: 5007 [x](https://a.b)"), "md: normal text unchanged");
	ok(md("<script>x</script> <svg/onload=x> <!-- c -->", 0,
	    "&lt;script>x&lt;/script> &lt;svg/onload=x> &lt;!-- c -->"), "md: tags and comments");
	ok(md("<javascript:x> <JaVaScRiPt:x>", 0, "&lt;javascript:x> &lt;JaVaScRiPt:x>"), "md: autolinks");
	ok(md("[a](JaVaScRiPt:x) [b](&#106;avascript:x) [c](java&Tab;script:x) [d](data:x)", 0,
	    "[a]\\(JaVaScRiPt:x) [b]\\(&#106;avascript:x) [c]\\(java&Tab;script:x) [d]\\(data:x)"), "md: link schemes");
	ok(md("[a](java\x01script:x) [r]: vbscript:x", 0, "[a]\\(javascript:x) [r]\\: vbscript:x"), "md: a control inside the scheme is dropped first");
	ok(md("[x]{onclick=alert(1)} [y](https://a){ OnMouseOver = 'a'} `c`{style=\"x\"}\n# h {#i .c onload=x}", 0,
	    "[x]\\{onclick=alert(1)} [y](https://a)\\{ OnMouseOver = 'a'} `c`\\{style=\"x\"}\n# h \\{#i .c onload=x}"), "md: pandoc attributes with handlers or styles");
	ok(md("\\isotope[12]{C} and [a][]{su2024} and $\\gamma){}^{16}$ {one=1} {done=2}", 0,
	    "\\isotope[12]{C} and [a][]{su2024} and $\\gamma){}^{16}$ \\{one=1} {done=2}"), "md: TeX braces and harmless attributes stay (on... is taken for a handler)");
	ok(md("a ] b [ c\nd", 1, "a \\] b \\[ c d"), "md: link text: unpaired brackets, one line");

	/* the figures of the real digests */
	ok(money(0.04, "0.04"), "money: 0.04 (seed prompt cost)");
	ok(money(0.38, "0.38"), "money: 0.38 (seed completion cost)");
	ok(money(0.071128, "0.07"), "money: rounded to cents");
	ok(money(0.30131199999999997, "0.3"), "money: a trailing zero is dropped");
	ok(money(0.1, "0.1"), "money: 0.1 as in 2025-08-21");
	ok(money(0, "0.0"), "money: zero keeps one decimal");
	ok(money(0.004, "0.0"), "money: below half a cent is 0.0");
	ok(money(1.0, "1.0"), "money: 1.0 keeps one decimal");
	ok(money(0.995, "0.99"), "money: 0.995 is 0.99499.. in binary, as Python rounds it");
	ok(money(0.125, "0.12"), "money: an exact tie rounds half to even, as Python's round");
	ok(money(0.375, "0.38"), "money: an exact tie rounds half to even upwards");
	ok(money(12.5, "12.5"), "money: 12.5");
	ok(money(123.456, "123.46"), "money: 123.46");
	ok(money(1234567.0, "1234567.0"), "money: large sums keep one decimal");
	ok(money(-0.001, "-0.0"), "money: Python prints round(-0.001, 2) as -0.0");

	ok(utf8_width("*[gpt-5]*") == 9, "width of ASCII");
	ok(utf8_width("\xc3\xa9t\xc3\xa9") == 3, "width counts code points");

	ok(xml("a<b>&\"'", 7, "a&lt;b&gt;&amp;&quot;&#39;"), "xml: the five specials escaped");
	ok(xml("<script>alert(1)</script>", 25, "&lt;script&gt;alert(1)&lt;/script&gt;"),
	    "xml: a script tag stays text");
	ok(xml("$\\alpha$ \\'e", 12, "$\\alpha$ \\&#39;e"), "xml: TeX left as written");
	ok(xml("\xc3\xa9\xe2\x80\x93", 5, "\xc3\xa9\xe2\x80\x93"), "xml: UTF-8 kept");
	ok(xml("a\x01" "b\x7f" "c", 5, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c"), "xml: control characters replaced");
	ok(xml("t\ta\nb\r", 6, "t\ta\nb\r"), "xml: tab, newline, carriage return kept");
	ok(xml("x\0y", 3, "x\xef\xbf\xbdy"), "xml: NUL replaced");
	ok(xml("\xff\xc3(", 3, "\xef\xbf\xbd\xef\xbf\xbd("), "xml: invalid UTF-8 replaced byte by byte");
	ok(xml("\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"), "xml: an encoded surrogate replaced");
	ok(xml("\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd"), "xml: an overlong form replaced");
	ok(xml("\xef\xbf\xbe", 3, "\xef\xbf\xbd"), "xml: U+FFFE replaced");
	ok(xml("\xc2\x85", 2, "\xef\xbf\xbd"), "xml: C1 control replaced");
	ok(xml("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80"), "xml: astral characters kept");
	ok(xml("\xe2\x82", 2, "\xef\xbf\xbd\xef\xbf\xbd"), "xml: truncated sequence replaced");

	ok(pyjson("Mart\\'inez \"x\"/", 15, "\"Mart\\\\'inez \\\"x\\\"/\""), "pyjson: backslash, quote; slash as is");
	ok(pyjson("\xce\x9b" "CDM \xc2\xa5", 8, "\"\\u039bCDM \\u00a5\""), "pyjson: non-ASCII as lower-case \\u");
	ok(pyjson("\xf0\x9f\x98\x80", 4, "\"\\ud83d\\ude00\""), "pyjson: astral as a surrogate pair");
	ok(pyjson("\n\t\x01\x7f", 4, "\"\\n\\t\\u0001\\u007f\""), "pyjson: controls and DEL");

	ok(pyfloat(20, "20.0"), "pyfloat: 20.0");
	ok(pyfloat(0.1, "0.1"), "pyfloat: shortest repr");
	ok(pyfloat(18.5, "18.5"), "pyfloat: 18.5");
	ok(pyfloat(1e16, "1e+16"), "pyfloat: 1e+16 as Python writes it");
	ok(pyfloat(0.0001, "0.0001"), "pyfloat: 0.0001 positional");
	ok(pyfloat(1.5e-05, "1.5e-05"), "pyfloat: 1.5e-05 exponent");
	ok(pyfloat(123456789012345.6, "123456789012345.6"), "pyfloat: 17 digits");

	ok(valid_date("2025-09-10"), "date: a day");
	ok(valid_date("2024-02-29"), "date: leap day");
	ok(!valid_date("2025-02-29"), "date: no leap day in 2025");
	ok(!valid_date("2025-9-10"), "date: two-digit month");
	ok(!valid_date("2025-09-10x"), "date: nothing after it");
	ok(!valid_date("2025-13-01"), "date: month 13");
	ok(!valid_date("../../etc"), "date: not a path");
	return done_testing();
}
