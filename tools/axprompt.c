/* axprompt.c - reads paper records, writes one request record per LLM call. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

#define PLACEHOLDER	"{{papers}}"
#define ABSTRACT_CUT	4000	/* characters, as the real tools cut */
#define TITLE_CUT	1000	/* characters: arXiv titles are far shorter */

static const char *sysfile, *userfile, *model, *effort, *schemafile;
static long long batch = 4;	/* abstract_batch_size of the real astro-ph config */
static long long batch_tokens;	/* 0: no token budget */
static long long max_tokens = -1;
static long long max_authors = 20;	/* names a paper shows; 0: all */
static double temperature;
static int bflag, tflag, titles;
static char *sysprompt, *tmpl;
static size_t nslots;		/* occurrences of {{papers}} in the template */
static size_t static_tok;	/* estimate of everything but the papers */
static struct json_object *schema;

/* a batch being filled: the papers, their blocks joined, the token estimate */
struct pending {
	struct json_object *papers;
	struct buf blocks;
	size_t	 tok;
	long	 first;		/* input position of the first paper */
};
static struct pending llm, pass;
static long nbatch, npaper;

static void
block(struct buf *b, struct json_object *p)
{
	struct json_object *a, *v;
	const char *abs;
	size_t i, n;

	const char *title = jstr(p, "title");
	size_t shown = 0, names = 0;

	buf_printf(b, "ArXiv ID: %s\nTitle: ", jstr(p, "id"));
	buf_add(b, title, utf8_prefix(title, strlen(title), TITLE_CUT));
	if (titles)
		return;
	buf_adds(b, "\nAuthors: ");
	if (json_object_object_get_ex(p, "authors", &a) &&
	    json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n; i++) {
			v = json_object_array_get_idx(a, i);
			if (!json_object_is_type(v, json_type_string))
				continue;
			names++;
			if (max_authors > 0 && (long long)shown >= max_authors)
				continue;
			if (shown++ > 0)
				buf_adds(b, ", ");
			buf_adds(b, json_object_get_string(v));
		}
		/* a collaboration's hundreds of names cost more than its abstract */
		if (names > shown)
			buf_printf(b, " and %zu more", names - shown);
	} else if (jstr(p, "authors") != NULL)
		buf_adds(b, jstr(p, "authors"));
	buf_adds(b, "\nAbstract: ");
	if ((abs = jstr(p, "abstract")) != NULL) {
		n = strlen(abs);
		buf_add(b, abs, utf8_prefix(abs, n, ABSTRACT_CUT));
	}
}

static struct json_object *
message(const char *role, char *content)
{
	struct json_object *m = json_object_new_object();

	json_object_object_add(m, "role", json_object_new_string(role));
	json_object_object_add(m, "content", json_object_new_string(content));
	return m;
}

/* the template with every {{papers}} replaced by the blocks */
static char *
fill(const char *blocks)
{
	struct buf b = { 0 };
	const char *s = tmpl, *p;

	while ((p = strstr(s, PLACEHOLDER)) != NULL) {
		buf_add(&b, s, (size_t)(p - s));
		buf_adds(&b, blocks);
		s = p + strlen(PLACEHOLDER);
	}
	buf_adds(&b, s);
	return buf_take(&b);
}

static void
emit(struct pending *q, int withmessages)
{
	struct json_object *r = json_object_new_object(), *msgs;
	char *user;

	json_object_object_add(r, "batch", json_object_new_int64(++nbatch));
	if (titles && withmessages)
		json_object_object_add(r, "mode", json_object_new_string("titles"));
	json_object_object_add(r, "papers", q->papers);
	if (withmessages) {
		msgs = json_object_new_array();
		if (sysprompt != NULL)
			json_object_array_add(msgs, message("system", sysprompt));
		user = fill(buf_str(&q->blocks));
		json_object_array_add(msgs, message("user", user));
		free(user);
		json_object_object_add(r, "messages", msgs);
		if (model)
			json_object_object_add(r, "model", json_object_new_string(model));
		if (max_tokens >= 0)
			json_object_object_add(r, "max_tokens", json_object_new_int64(max_tokens));
		if (effort)
			json_object_object_add(r, "reasoning_effort", json_object_new_string(effort));
		if (tflag)
			json_object_object_add(r, "temperature", json_object_new_double(temperature));
		if (schema)
			json_object_object_add(r, "json_schema", json_object_get(schema));
	}
	jsonl_write(stdout, r);
	json_object_put(r);
	q->papers = NULL;
	buf_reset(&q->blocks);
	q->tok = 0;
}

static size_t
count(struct pending *q)
{
	return q->papers ? json_object_array_length(q->papers) : 0;
}

/* records come out in the order of their first paper */
static void
flush_llm(void)
{
	if (count(&pass) > 0 && pass.first < llm.first)
		emit(&pass, 0);
	if (count(&llm) > 0)
		emit(&llm, 1);
}

static void
add(struct pending *q, struct json_object *p)
{
	if (q->papers == NULL) {
		q->papers = json_object_new_array();
		q->first = npaper;
	}
	json_object_array_add(q->papers, json_object_get(p));
}

static int
paper(struct json_object *p, const char *file, long line, void *arg)
{
	struct buf b = { 0 };
	size_t t;

	(void)arg;
	if (jstr(p, "id") == NULL || *jstr(p, "id") == '\0') {
		msg("%s:%ld: paper without an id", file, line);
		return 1;
	}
	if (jstr(p, "title") == NULL) {
		msg("%s:%ld: %s: paper without a title", file, line, jstr(p, "id"));
		return 1;
	}
	npaper++;
	if (jhas(p, "score")) {
		add(&pass, p);
		return 0;
	}
	block(&b, p);
	/* each block costs its text in every slot, plus the blank line between */
	t = nslots * (tok_estimate(b.s, b.len) + 1);
	if (count(&llm) > 0 && ((bflag && (long long)count(&llm) >= batch) ||
	    (batch_tokens && (long long)(static_tok + llm.tok + t) > batch_tokens)))
		flush_llm();
	if (count(&llm) > 0)
		buf_adds(&llm.blocks, "\n\n");
	buf_add(&llm.blocks, b.s, b.len);
	llm.tok += t;
	add(&llm, p);
	buf_free(&b);
	return 0;
}

static char *
slurp(const char *path)
{
	struct buf b = { 0 };
	long line;

	if (buf_readfile(&b, path) == -1)
		die(EX_USAGE, "%s:", path);
	if ((line = text_nulline(b.s, b.len)) > 0)
		die(EX_USAGE, "%s:%ld: NUL byte in prompt (a binary or UTF-16 file?)", path, line);
	return buf_take(&b);
}

static void
prompts(void)
{
	struct buf sch = { 0 };
	const char *p, *why;

	if (sysfile)
		sysprompt = slurp(sysfile);
	tmpl = slurp(userfile);
	for (p = tmpl; (p = strstr(p, PLACEHOLDER)) != NULL; p += strlen(PLACEHOLDER))
		nslots++;
	if (nslots == 0)
		die(EX_USAGE, "%s: no %s in the template", userfile, PLACEHOLDER);
	static_tok = TOK_REPLY + TOK_MESSAGE +
	    tok_estimate(tmpl, strlen(tmpl) - nslots * strlen(PLACEHOLDER));
	if (sysprompt)
		static_tok += TOK_MESSAGE + tok_estimate(sysprompt, strlen(sysprompt));
	if (schemafile) {
		if (buf_readfile(&sch, schemafile) == -1)
			die(EX_USAGE, "%s:", schemafile);
		/* a schema file is pretty-printed: parse it whole, not as a line */
		while (sch.len > 0 && (sch.s[sch.len - 1] == '\n' ||
		    sch.s[sch.len - 1] == ' ' || sch.s[sch.len - 1] == '\t'))
			sch.len--;
		if ((schema = jsonl_parse(sch.s, sch.len, &why)) == NULL)
			die(EX_USAGE, "%s: %s", schemafile, why);
		buf_free(&sch);
	}
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [--system file] --user file [--batch n] [--batch-tokens n] [--titles]\n"
	    "\t[--authors n] [--model name] [--max-tokens n] [--reasoning-effort level]\n"
	    "\t[--temperature t] [--json-schema file] [file ...]\n", getprog());
	usage_exit(fp, status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "system", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "batch", required_argument, NULL, 'b' },
		{ "batch-tokens", required_argument, NULL, 'B' },
		{ "titles", no_argument, NULL, 'T' },
		{ "authors", required_argument, NULL, 'a' },
		{ "model", required_argument, NULL, 'm' },
		{ "max-tokens", required_argument, NULL, 'M' },
		{ "reasoning-effort", required_argument, NULL, 'r' },
		{ "temperature", required_argument, NULL, 't' },
		{ "json-schema", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c, ret;

	setprog(argv[0]);
	argv[0] = (char *)getprog();	/* getopt names the program in its messages */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			sysfile = optarg;
			break;
		case 'u':
			userfile = optarg;
			break;
		case 'b':
			batch = parsenum(optarg, 1, 100000, "--batch");
			bflag = 1;
			break;
		case 'B':
			batch_tokens = parsenum(optarg, 1, 100000000, "--batch-tokens");
			break;
		case 'a':
			max_authors = parsenum(optarg, 0, 1000000, "--authors");
			break;
		case 'T':
			titles = 1;
			break;
		case 'm':
			model = optarg;
			break;
		case 'M':
			max_tokens = parsenum(optarg, 1, 100000000, "--max-tokens");
			break;
		case 'r':
			effort = optarg;
			break;
		case 't':
			temperature = parsedbl(optarg, 0, 2, "--temperature");
			tflag = 1;
			break;
		case 'j':
			schemafile = optarg;
			break;
		case 'h':
			usage(stdout, EX_OKAY);
			break;
		case 'V':
			version();
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	if (userfile == NULL) {
		msg("--user is required");
		usage(stderr, EX_USAGE);
	}
	/* --batch-tokens alone lifts the count limit; both given, both apply */
	if (!batch_tokens)
		bflag = 1;
	prompts();
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = jsonl_loop(argc - optind, argv + optind, paper, NULL);
	flush_llm();
	if (count(&pass) > 0)
		emit(&pass, 0);
	buf_free(&llm.blocks);
	buf_free(&pass.blocks);
	free(sysprompt);
	free(tmpl);
	json_object_put(schema);
	ret |= fshut(stdout, "stdout");
	return ret;
}
