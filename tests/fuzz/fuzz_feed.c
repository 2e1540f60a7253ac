/*
 * fuzz_feed.c - libFuzzer harness: axfetch's XML parsers (RSS, Atom, OAI-PMH,
 * one xmlReader loop) and its Kaggle-line parser on any bytes.  Records go to
 * /dev/null; the checks are the sanitizers' and the leak checker's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "parse.c"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setprog("axfetch");
	if (freopen("/dev/null", "w", stdout) == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct feed f = { 0 };
	struct json_object *o;
	const char *why;

	f.name = "fuzz";
	f.source = "file:fuzz";
	f.dedupe = 1;
	f.total = -1;
	(void)parse_xml_memory((const char *)data, size, &f);
	if (f.records > f.entries)
		abort();
	feed_reset(&f);
	if ((o = jsonl_parse((const char *)data, size, &why)) != NULL) {
		(void)parse_kaggle(o, &f, 1);
		json_object_put(o);
		feed_reset(&f);
	}
	parse_cleanup();
	return 0;
}
