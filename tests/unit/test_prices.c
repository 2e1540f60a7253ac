/* test_prices.c - the price table (lib/prices.c): lines, names, costs, table-driven. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ax.h"
#include "tap.h"

static const struct {
	const char *line;
	int	 r;			/* price_parse's answer */
	const char *model;
	double	 in, cached, out, write;
} lines[] = {
	{ "gpt-4.1\t\t\t2\t0.50\t8", 1, "gpt-4.1", 2, 0.5, 8, 2 },
	{ "claude-sonnet-4\t3\t0.30\t15\t3.75\n", 1, "claude-sonnet-4", 3, 0.3, 15, 3.75 },
	{ "llama  0.5  -  1   # no cache discount", 1, "llama", 0.5, 0.5, 1, 0.5 },
	{ "m 1 0.1 2\r\n", 1, "m", 1, 0.1, 2, 1 },
	{ "", 0, NULL, 0, 0, 0, 0 },
	{ "   \t", 0, NULL, 0, 0, 0, 0 },
	{ "# model input cached output", 0, NULL, 0, 0, 0, 0 },
	{ "gpt-5 1.25 0.125", -1, NULL, 0, 0, 0, 0 },		/* three fields */
	{ "gpt-5 1.25 0.125 10 1 2", -1, NULL, 0, 0, 0, 0 },	/* six */
	{ "gpt-5 x 0.125 10", -1, NULL, 0, 0, 0, 0 },
	{ "gpt-5 -1 0.125 10", -1, NULL, 0, 0, 0, 0 },		/* negative */
	{ "gpt-5 1 0.1 inf", -1, NULL, 0, 0, 0, 0 },
	{ "gpt-5 1 0.1 nan", -1, NULL, 0, 0, 0, 0 },
	{ "gpt-5 1 0.1 10 -", -1, NULL, 0, 0, 0, 0 },		/* "-" only for cached */
	{ "gpt-5 - 0.1 10", -1, NULL, 0, 0, 0, 0 },
	{ "gpt-5 1 0.1 10x", -1, NULL, 0, 0, 0, 0 },
};

/* a table like examples/prices.txt */
static const char table[] =
	"gpt-4.1 2 0.50 8\n"
	"gpt-4.1-mini 0.40 0.10 1.60\n"
	"claude-sonnet-4 3 0.30 15 3.75\n"
	"claude-sonnet-4.5 3 0.30 15 3.75\n"
	"deepseek-chat 0.28 - 0.42\n"
	"openrouter/special 9 9 9\n";

static const struct {
	const char *name;
	const char *want;	/* the table's model, NULL: none */
} names[] = {
	{ "gpt-4.1", "gpt-4.1" },
	{ "gpt-4.1-2025-04-14", "gpt-4.1" },
	{ "openai/gpt-4.1", "gpt-4.1" },
	{ "openai/gpt-4.1-2025-04-14", "gpt-4.1" },
	{ "gpt-4.1-mini", "gpt-4.1-mini" },		/* not gpt-4.1 */
	{ "gpt-4.1-mini-2025-04-14", "gpt-4.1-mini" },
	{ "claude-sonnet-4-20250514", "claude-sonnet-4" },
	{ "claude-sonnet-4@20250514", "claude-sonnet-4" },
	{ "anthropic/claude-sonnet-4.5", "claude-sonnet-4.5" },
	{ "openrouter/special", "openrouter/special" },	/* exact before the prefix rule */
	{ "deepseek-chat", "deepseek-chat" },
	{ "gpt-4", NULL },
	{ "gpt-4.1x", NULL },
	{ "gpt-4.1-2025-04", NULL },			/* not a date */
	{ "gpt-4.1-2025-0a-14", NULL },
	{ "gpt-4.1-2025041", NULL },
	{ "x/y/gpt-4.1", "gpt-4.1" },			/* after the last '/' */
	{ "", NULL },
	{ "/", NULL },
};

static const struct {
	const char *model;
	long long prompt, cached, cwrite, completion, reasoning;
	int	 batch;
	double	 pcost, ccost;
} costs[] = {
	/* gpt-4.1: 2 in, 0.50 cached, 8 out */
	{ "gpt-4.1", 1000000, 0, 0, 1000000, 0, 0, 2, 8 },
	{ "gpt-4.1", 1000000, 500000, 0, 1000000, 0, 0, 1.25, 8 },
	{ "gpt-4.1", 1000000, 500000, 0, 1000000, 0, 1, 0.625, 4 },	/* batch: half */
	{ "gpt-4.1", 1000000, 0, 0, 1000000, 900000, 0, 2, 8 },	/* reasoning inside completion */
	{ "gpt-4.1", 10, 1000000, 0, 0, 0, 0, 0.5, 0 },		/* no plain input below 0 */
	/* claude-sonnet-4: writes at 3.75 */
	{ "claude-sonnet-4", 3000000, 1000000, 1000000, 0, 0, 0, 7.05, 0 },
	/* deepseek-chat: "-", cached at the input price */
	{ "deepseek-chat", 1000000, 1000000, 0, 0, 0, 0, 0.28, 0 },
	{ "gpt-4.1", 0, 0, 0, 0, 0, 0, 0, 0 },
};

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

int
main(int argc, char *argv[])
{
	struct prices t = { 0 };
	struct price p;
	const struct price *q;
	char path[] = "/tmp/test_prices.XXXXXX";
	double pc, cc;
	size_t i;
	FILE *fp;
	int r, fd;

	(void)argc;
	setprog(argv[0]);

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		memset(&p, 0, sizeof p);
		r = price_parse(lines[i].line, &p);
		ok(r == lines[i].r && (r != 1 || (strcmp(p.model, lines[i].model) == 0 &&
		    p.in == lines[i].in && p.cached == lines[i].cached &&
		    p.out == lines[i].out && p.write == lines[i].write)),
		    "price_parse \"%.*s\": %d", (int)strcspn(lines[i].line, "\r\n"),
		    lines[i].line, lines[i].r);
		free(p.model);
	}

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		return 1;
	fputs("# a table\n\n", fp);
	fputs(table, fp);
	fclose(fp);
	ok(prices_load(&t, path) == 0 && t.n == 6, "prices_load: 6 prices, comments and blanks skipped");

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		q = price_lookup(&t, names[i].name);
		ok(names[i].want ? q != NULL && strcmp(q->model, names[i].want) == 0 : q == NULL,
		    "price_lookup \"%s\": %s", names[i].name, names[i].want ? names[i].want : "none");
	}

	for (i = 0; i < sizeof costs / sizeof costs[0]; i++) {
		struct tokens n = { costs[i].prompt, costs[i].cached, costs[i].cwrite,
		    costs[i].completion, costs[i].reasoning };

		q = price_lookup(&t, costs[i].model);
		price_cost(q, &n, costs[i].batch, &pc, &cc);
		ok(near(pc, costs[i].pcost) && near(cc, costs[i].ccost),
		    "price_cost %s %lld/%lld/%lld/%lld%s: $%g + $%g (got %g + %g)", costs[i].model,
		    n.prompt, n.cached, n.cache_write, n.completion, costs[i].batch ? " batch" : "",
		    costs[i].pcost, costs[i].ccost, pc, cc);
	}
	prices_free(&t);

	/* a malformed line: its number; the lines before it are kept */
	fp = fopen(path, "a");
	fputs("gpt-5 1.25 0.125\nlate 1 1 1\n", fp);
	fclose(fp);
	ok(prices_load(&t, path) == 9 && t.n == 6, "prices_load: the first bad line's number (9)");
	prices_free(&t);
	ok(t.n == 0 && t.v == NULL, "prices_free empties the table");
	unlink(path);
	ok(prices_load(&t, path) == -1, "prices_load: a missing file is -1");
	return done_testing();
}
