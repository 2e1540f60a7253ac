/*
 * fuzz_render.c - libFuzzer harness: axrender's Markdown, HTML, JSON, Atom and
 * plain-text renderers on any JSONL (the bytes are the input file; tools/axrender.c is
 * included with its main renamed, to reach its record loader).  Beyond the
 * sanitizers: the HTML and Atom output is checked to hold no "<script" and
 * no control character.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define main axrender_main
#include "axrender.c"
#undef main
#include "fmt.c"
#include "tex.c"
#include "day.c"
#include "md.c"
#include "html.c"
#include "site.c"
#include "feed.c"
#include "text.c"

static void
clean(const struct buf *b)
{
	size_t i;

	if (b->len > 0 && strstr(b->s, "<script") != NULL)
		abort();
	for (i = 0; i < b->len; i++)
		if ((unsigned char)b->s[i] < 0x20 && b->s[i] != '\n' && b->s[i] != '\t' &&
		    b->s[i] != '\r')
			abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setprog("axrender");
	return 0;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct buf out = { 0 };
	FILE *fp;
	size_t i;

	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	memset(&dg, 0, sizeof dg);
	memcpy(dg.date, "2025-09-10", 11);
	(void)jsonl_file(fp, "fuzz", addpaper, NULL);
	fclose(fp);
	digest_sort(&dg);
	render_md(&out, &dg);
	buf_reset(&out);
	render_html(&out, &dg, NULL);
	clean(&out);
	buf_reset(&out);
	dg.look = &look;	/* topics layout and a site's page */
	look.bytopic = look.site = 1;
	look.math = 0;	/* with math the page has the site's two scripts, and clean() says no script */
	render_html(&out, &dg, NULL);
	look.bytopic = look.site = 0;
	dg.look = NULL;
	buf_reset(&out);
	(void)render_json(&out, &dg);
	buf_reset(&out);
	render_atom(&out, &dg);
	clean(&out);
	buf_reset(&out);
	/* the mail's text part: no control character but the line ends */
	render_text(&out, &dg);
	for (i = 0; i < out.len; i++)
		if ((unsigned char)out.s[i] < 0x20 && out.s[i] != '\n')
			abort();
	buf_free(&out);
	digest_free(&dg);
	return 0;
}
