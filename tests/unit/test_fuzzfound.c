/* test_fuzzfound.c - regressions for what the fuzzers (tests/fuzz) found in lib/. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ax.h"
#include "tap.h"

int
main(int argc, char **argv)
{
	long d;
	time_t t;
	char out[11];
	const char *why, *s;
	struct json_object *o;

	(void)argc;
	setprog(argv[0]);

	/* fuzz_calendar: sscanf's %d skips white space and takes a sign */
	ok(cal_parse_date("2025-\n9-10", &d) == -1, "a newline inside a date is refused");
	ok(cal_parse_date("2025- 9-10", &d) == -1 && cal_parse_date("+025-09-10", &d) == -1 &&
	    cal_parse_date(" 2025-09-1", &d) == -1, "spaces and signs inside a date are refused");
	ok(cal_parse_date("2025-09-10", &d) == 0, "a plain date still parses");
	/* fuzz_calendar: UBSan, signed overflow in cal_eastern_offset */
	ok(cal_parse_time("-9223372036854775808", &t) == -1 &&
	    cal_parse_time("9223372036854775807", &t) == -1, "epoch seconds beyond year 9999 are refused");
	ok(cal_parse_time("253402300799", &t) == 0 && cal_eastern_day(t) > 0,
	    "9999-12-31T23:59:59Z is still a time");
	/* fuzz_calendar: a negative year made cal_format write 11 characters and no NUL */
	ok(cal_rfc822_day("Mon, 1 Jan -5000 00:00:00 +0000", &d) == -1, "a negative RSS year is refused");
	memset(out, 'x', sizeof out);
	cal_format(cal_days(-5000, 1, 1), out);
	ok(memchr(out, '\0', sizeof out) != NULL, "cal_format always terminates its output");

	/* jsonl_parse: hostile lines get a reason, never a crash */
	o = jsonl_parse("{\"a\":1}\0{}", 10, &why);
	ok(o == NULL && why && strstr(why, "NUL"), "a NUL byte in a line is refused");
	o = jsonl_parse("{\"a\":1e999999}", 14, &why);
	ok(o == NULL || json_object_is_type(o, json_type_object), "a huge exponent: no crash");
	json_object_put(o);
	/* fuzz_answer: UBSan, a double out of range converted to long long in jint */
	s = "{\"a\":3e72,\"b\":-1e300,\"c\":2.5}";
	o = jsonl_parse(s, strlen(s), &why);
	ok(o && jint(o, "a", -7) == -7 && jint(o, "b", -7) == -7 && jint(o, "c", -7) == 2,
	    "jint: a number beyond long long is the default, a fraction is truncated");
	json_object_put(o);
	return done_testing();
}
