/* test_lib.c - unit tests of lib/: buffers, the JSONL reader and writer, HTTP backoff. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"
#include "tap.h"

static int seen;

static int
count_cb(struct json_object *rec, const char *file, long line, void *arg)
{
	(void)file;
	(void)arg;
	seen += (int)jint(rec, "n", 0) * (line == 3 ? 100 : 1);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct buf b = { 0 };
	struct json_object *o;
	const char *why;
	char *s;
	FILE *fp;
	int r;
	size_t i;

	(void)argc;
	setprog(argv[0]);

	buf_adds(&b, "  a \t b\n\nc  ");
	buf_squeeze(&b);
	ok(strcmp(buf_str(&b), "a b c") == 0, "buf_squeeze collapses and trims white space");
	buf_reset(&b);
	for (i = 0; i < 100000; i++)
		buf_addc(&b, 'x');
	ok(b.len == 100000 && strlen(b.s) == 100000, "buf grows past any fixed size");
	buf_reset(&b);
	buf_free(&b);
	buf_grow(&b, 100);	/* grown, nothing written: still the empty string (ASan fills new memory) */
	ok(b.s != NULL && strcmp(buf_str(&b), "") == 0 && strlen(b.s) == 0, "a grown empty buf is still \"\"");
	buf_adds(&b, "abc");
	buf_grow(&b, 5000);
	ok(strcmp(b.s, "abc") == 0, "a grown buf keeps its string terminated");
	buf_reset(&b);
	buf_printf(&b, "%s-%d", "v", 42);
	s = buf_take(&b);
	ok(strcmp(s, "v-42") == 0 && b.s == NULL, "buf_printf and buf_take");
	free(s);

	o = jsonl_parse("{\"title\":\"a/b é\",\"n\":1}", 24, &why);
	ok(o != NULL, "a JSON object parses");
	ok(o && strcmp(jsonl_string(o), "{\"title\":\"a/b é\",\"n\":1}") == 0,
	    "writer keeps UTF-8 as is and does not escape /");
	ok(jint(o, "n", -1) == 1 && jint(o, "missing", -1) == -1 && jstr(o, "n") == NULL,
	    "typed lookups");
	json_object_put(o);
	ok(jsonl_parse("[1,2]", 5, &why) == NULL && strcmp(why, "not a JSON object") == 0,
	    "an array is not a record");
	ok(jsonl_parse("{\"a\":1", 6, &why) == NULL && strstr(why, "truncated"),
	    "a truncated object is reported as such");
	ok(jsonl_parse("{\"a\":1} x", 9, &why) == NULL && strstr(why, "invalid JSON"),
	    "text after the object is an error");
	ok(jsonl_parse("{\"a\":\"\0\"}", 9, &why) == NULL && strstr(why, "NUL"),
	    "a NUL byte is an error, not a truncation");
	ok(jsonl_parse("{\"a\":\"\xff\"}", 9, &why) == NULL && strstr(why, "UTF-8"),
	    "invalid UTF-8 is an error");
	ok(text_nulline("a\nb\n", 4) == 0 && text_nulline("\0", 1) == 1 &&
	    text_nulline("a\nb\n\0\n", 6) == 3 && text_nulline("a\n\n\0", 3) == 0,
	    "text_nulline: the line of the first NUL byte within len, 0 when none");
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "{\"a\":");
	ok(jsonl_parse(b.s, b.len, &why) == NULL && strstr(why, "deep"),
	    "deep nesting is an error, not a crash");
	ok((o = jsonl_parse("{\"a\":1}\r", 8, &why)) != NULL, "a CRLF line parses");
	json_object_put(o);

	fp = tmpfile();
	fputs("{\"n\":1}\n\nnot json\n{\"n\":2}\n[]\n{\"n\":3}", fp);
	rewind(fp);
	seen = 0;
	r = jsonl_file(fp, "t.jsonl", count_cb, NULL);
	fclose(fp);
	ok(r == 1 && seen == 1 + 2 + 3, "reader skips bad lines, keeps going, reports failure");

	{
		/* the pull reader: one record at a time, line numbers, the end, the status */
		struct jsonl_reader rd;
		long n = 0, sum = 0, lastline = 0;

		fp = tmpfile();
		for (i = 1; i <= 5000; i++)
			fprintf(fp, i == 2500 ? "oops\n" : "{\"n\":%d}\n\n", (int)i);
		rewind(fp);
		jsonl_open_file(&rd, fp, "pull.jsonl");
		while ((o = jsonl_next(&rd, NULL, NULL)) != NULL) {
			n++;
			sum += jint(o, "n", 0);
			lastline = rd.lineno;
			json_object_put(o);
		}
		ok(n == 4999 && sum == 5000L * 5001 / 2 - 2500 && rd.eof && lastline == 9998,
		    "pull reader: 4,999 records of 5,000 lines, numbered as read (%ld, line %ld)",
		    n, lastline);
		ok(jsonl_next(&rd, NULL, NULL) == NULL, "pull reader: stays at the end");
		ok(jsonl_close(&rd) == 1, "pull reader: a bad line makes the status 1");
		fclose(fp);
	}

	ok(http_retryable(429) && http_retryable(503) && http_retryable(408) &&
	    http_retryable(409) && !http_retryable(400) && !http_retryable(404),
	    "retryable statuses are 408 409 429 5xx");
	ok(http_backoff(1, -1, 60, 0) == 1 && http_backoff(3, -1, 60, 0) == 4,
	    "backoff doubles from 1 s");
	ok(http_backoff(10, -1, 8, 0) == 8, "backoff stops at the cap");
	ok(http_backoff(2, -1, 60, 1) == 1.5, "jitter takes off at most a quarter");
	ok(http_backoff(1, 7, 60, 0.5) == 7, "Retry-After wins over the backoff");
	ok(http_backoff(1, 300, 60, 0) == 60, "Retry-After is capped");
	ok(http_parse_retry_after("Retry-After", " 4\r\n", 0) == 4, "Retry-After in seconds");
	ok(http_parse_retry_after("retry-after-ms", "1500", 0) == 1.5, "retry-after-ms");
	ok(http_parse_retry_after("Retry-After", "Wed, 21 Oct 2015 07:28:10 GMT", 1445412480) == 10,
	    "Retry-After as an HTTP date");
	ok(http_parse_retry_after("Retry-After", "soon", 0) < 0, "a bad Retry-After is ignored");
	ok(http_parse_retry_after("Content-Type", "4", 0) < 0, "other headers are not Retry-After");

	{
		/* a body near the cap refuses more without touching memory */
		struct buf big = { NULL, HTTP_MAX_BODY - 2, 0 };
		struct buf small = { 0 };
		char data[5] = "abcde";

		ok(http_write_buf(data, 1, 5, &big) == 0 && big.s == NULL,
		    "a response body past HTTP_MAX_BODY is refused");
		ok(http_write_buf(data, 1, 5, &small) == 5 && small.len == 5,
		    "a response body under the cap is kept");
		buf_free(&small);
	}
	s = http_base(NULL, "AX_TEST_NO_SUCH_VAR", "http://x/y//");
	ok(strcmp(s, "http://x/y") == 0, "base URL default, trailing slashes dropped");
	free(s);
	setenv("AX_TEST_BASE", "http://127.0.0.1:9/", 1);
	s = http_base(NULL, "AX_TEST_BASE", "http://x");
	ok(strcmp(s, "http://127.0.0.1:9") == 0, "base URL from the environment");
	free(s);
	s = http_base("http://opt", "AX_TEST_BASE", "http://x");
	ok(strcmp(s, "http://opt") == 0, "an option wins over the environment");
	free(s);
	buf_free(&b);

	/* jint_get / jnum_get / jint_range: absent, a value, unusable */
	{
		static const struct {
			const char *json;
			int	 r;		/* jint_get */
			long long v;
			int	 rn;		/* jnum_get */
			int	 rr;		/* jint_range 0..1000 */
		} jt[] = {
			{ "{}", 0, -7, 0, 0 },
			{ "{\"k\":5}", 1, 5, 1, 1 },
			{ "{\"k\":0}", 1, 0, 1, 1 },
			{ "{\"k\":2.9}", 1, 2, 1, 1 },
			{ "{\"k\":-1}", 1, -1, 1, -1 },
			{ "{\"k\":1001}", 1, 1001, 1, -1 },
			{ "{\"k\":1e300}", -1, -7, 1, -1 },
			{ "{\"k\":-1e300}", -1, -7, 1, -1 },
			{ "{\"k\":\"5\"}", -1, -7, -1, -1 },
			{ "{\"k\":null}", -1, -7, -1, -1 },
			{ "{\"k\":true}", -1, -7, -1, -1 },
			{ "{\"k\":[1]}", -1, -7, -1, -1 },
		};
		long long v;
		double d;

		for (i = 0; i < sizeof jt / sizeof jt[0]; i++) {
			o = jsonl_parse(jt[i].json, strlen(jt[i].json), &why);
			r = jint_get(o, "k", -7, &v);
			ok(r == jt[i].r && v == jt[i].v && jint(o, "k", -7) == jt[i].v,
			    "jint_get %s: %d, %lld", jt[i].json, jt[i].r, jt[i].v);
			ok(jnum_get(o, "k", -7, &d) == jt[i].rn && (jt[i].rn == 1 || d == -7),
			    "jnum_get %s: %d", jt[i].json, jt[i].rn);
			ok(jint_range(o, "k", 0, 1000, -7, "f", 3, &v) == jt[i].rr &&
			    (jt[i].rr >= 0 || v == -7), "jint_range 0..1000 %s: %d", jt[i].json, jt[i].rr);
			json_object_put(o);
		}
	}

	/* topics_read: the items after the Topics heading, or one a line */
	{
		struct topics t;

		topics_read("# Instructions\n1. Not a topic\n## Relevant Topics\n\n"
		    "1. Dark Matter Halos.\n   - Relevant: subhalos.\n\n"
		    "2) Stellar Models:\n   - Relevant: tracks.\nKeywords: a, b\n"
		    "- Irrelevant: bars\n3. \n", &t);
		ok(t.n == 2 && strcmp(t.name[0], "Dark Matter Halos") == 0 &&
		    strcmp(t.name[1], "Stellar Models") == 0,
		    "topics_read: the numbered items after the Topics heading, '.' and ':' dropped");
		ok(t.n == 2 && strcmp(t.text[0], "1. Dark Matter Halos.\n   - Relevant: subhalos.\n\n") == 0 &&
		    strcmp(t.text[1], "2) Stellar Models:\n   - Relevant: tracks.\n") == 0,
		    "topics_read: an item's text is its line and the indented lines under it");
		topics_free(&t);
		ok(t.n == 0 && t.name == NULL, "topics_free leaves it empty");
		topics_read("# mine\nDark matter  \n\nkeywords: x\nStars", &t);
		ok(t.n == 2 && strcmp(t.name[0], "Dark matter") == 0 && strcmp(t.name[1], "Stars") == 0,
		    "topics_read: a plain file, one a line, comments and Keywords lines skipped");
		topics_free(&t);
		topics_read("", &t);
		ok(t.n == 0, "topics_read: an empty file has no topics");
		topics_free(&t);
	}
	return done_testing();
}
