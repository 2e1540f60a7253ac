/* tokens.c - token counts estimated without a tokenizer, shared by axprompt and axcost. */
#include <string.h>

#include "ax.h"

size_t
utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	/* count every byte that does not continue a sequence */
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t
utf8_prefix(const char *s, size_t len, size_t nchars)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == nchars)
				return i;
			n++;
		}
	}
	return len;
}

size_t
tok_estimate(const char *s, size_t len)
{
	return (utf8_chars(s, len) + 3) / 4;
}

size_t
tok_messages(struct json_object *messages)
{
	struct json_object *m;
	const char *c;
	size_t i, n, t = TOK_REPLY;

	if (!json_object_is_type(messages, json_type_array))
		return 0;
	n = json_object_array_length(messages);
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(messages, i);
		t += TOK_MESSAGE;
		if ((c = jstr(m, "content")) != NULL)
			t += tok_estimate(c, strlen(c));
	}
	return t;
}
