/* fuzz_jsonl.c - libFuzzer harness: lib/jsonl.c's line parser and reader on any bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

static int
touch(struct json_object *rec, const char *file, long line, void *arg)
{
	(void)file;
	(void)line;
	(void)arg;
	/* what every tool does with a record: typed lookups, then write it */
	(void)jstr(rec, "id");
	(void)jint(rec, "version", 0);
	(void)jnum(rec, "score", 0);
	(void)jhas(rec, "error");
	return strlen(jsonl_string(rec)) == 0;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct json_object *o;
	const char *why;
	FILE *fp;

	o = jsonl_parse((const char *)data, size, &why);
	if (o != NULL) {
		if (why != NULL)
			abort();	/* a record and a reason: contract broken */
		touch(o, "fuzz", 1, NULL);
		json_object_put(o);
	} else if (why == NULL) {
		abort();	/* rejected without a reason */
	}
	/* the same bytes as a file: line splitting, blank lines, errors per line */
	if (size > 0 && (fp = fmemopen((void *)data, size, "r")) != NULL) {
		(void)jsonl_file(fp, "fuzz", touch, NULL);
		fclose(fp);
	}
	return 0;
}
