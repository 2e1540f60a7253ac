/* test_tokens.c - unit tests of lib/tokens.c: UTF-8 counts and cuts, token estimates. */
#include <string.h>

#include "ax.h"
#include "tap.h"

int
main(int argc, char *argv[])
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";	/* a é € 😀 z */
	struct json_object *m;

	(void)argc;
	setprog(argv[0]);
	ok(utf8_chars(s, strlen(s)) == 5, "utf8_chars counts code points");
	ok(utf8_prefix(s, strlen(s), 0) == 0, "utf8_prefix 0");
	ok(utf8_prefix(s, strlen(s), 2) == 3, "utf8_prefix ends after a 2-byte sequence");
	ok(utf8_prefix(s, strlen(s), 3) == 6, "utf8_prefix ends after a 3-byte sequence");
	ok(utf8_prefix(s, strlen(s), 4) == 10, "utf8_prefix ends after a 4-byte sequence");
	ok(utf8_prefix(s, strlen(s), 99) == strlen(s), "utf8_prefix past the end is the whole");
	ok(tok_estimate("", 0) == 0, "no text, no tokens");
	ok(tok_estimate("abcd", 4) == 1 && tok_estimate("abcde", 5) == 2, "four characters a token, rounded up");
	ok(tok_estimate(s, strlen(s)) == 2, "characters, not bytes");
	m = json_tokener_parse("[{\"role\":\"system\",\"content\":\"abcdefgh\"},"
	    "{\"role\":\"user\",\"content\":\"abc\"}]");
	ok(tok_messages(m) == 2 + 1 + 2 * TOK_MESSAGE + TOK_REPLY, "tok_messages adds per-message overhead");
	json_object_put(m);
	return done_testing();
}
