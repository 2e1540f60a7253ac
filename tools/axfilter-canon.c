/* axfilter-canon.c - tells whether a parsed line is already in jsonl_write's form, so it can be copied. */
#include <string.h>

#include "ax.h"
#include "axfilter.h"

/*
 * json-c prints a parsed object back with no white space, keys in their
 * order, doubles as they were written, and strings with only \" \\ \b \f
 * \n \r \t and \u00xx (lower case, for the other control characters)
 * escaped.  A line that already has that form, whose integers have no
 * "-0" and fit easily in 64 bits, and that holds no nested object (where a
 * repeated key would collapse unseen) is its own serialisation.  The line
 * has been parsed: only the form is checked here, not the grammar.
 */
int
json_canonical(const char *line, size_t len, size_t nkeys)
{
	const unsigned char *s = (const unsigned char *)line;
	const unsigned char *end = s + len;
	size_t keys = 0, digits;
	int depth = 0, objdepth = -1, isdouble;
	unsigned char c;

	if (len < 2 || s[0] != '{')
		return 0;
	while (s < end) {
		c = *s;
		if (c == '"') {
			for (s++; s < end && *s != '"'; s++) {
				if (*s < 0x20)
					return 0;
				if (*s != '\\')
					continue;
				if (++s == end)
					return 0;
				if (strchr("\"\\bfnrt", *s) != NULL && *s != '\0')
					continue;
				if (*s != 'u' || end - s < 5 || s[1] != '0' || s[2] != '0' ||
				    (s[3] != '0' && s[3] != '1') ||
				    strchr("0123456789abcdef", s[4]) == NULL || s[4] == '\0')
					return 0;
				c = (unsigned char)((s[3] - '0') << 4 |
				    (s[4] <= '9' ? s[4] - '0' : s[4] - 'a' + 10));
				if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
					return 0;
				s += 4;
			}
			if (s == end)
				return 0;
			s++;
			if (depth == 1 && objdepth == 1 && s < end && *s == ':')
				keys++;
			continue;
		}
		if (c == '{') {
			if (s != (const unsigned char *)line)
				return 0;
			depth = objdepth = 1;
		} else if (c == '[')
			depth++;
		else if (c == ']')
			depth--;
		else if (c == '}')
			depth--;
		else if (c == '-' || (c >= '0' && c <= '9')) {
			if (c == '-' && s + 1 < end && s[1] == '0' &&
			    (s + 2 == end || strchr(".eE", s[2]) == NULL || s[2] == '\0'))
				return 0;	/* -0 prints as 0 */
			digits = 0;
			isdouble = 0;
			for (; s < end && strchr("-+.eE0123456789", *s) != NULL && *s != '\0'; s++) {
				if (*s >= '0' && *s <= '9')
					digits++;
				else if (*s != '-')
					isdouble = 1;
			}
			if (!isdouble && digits > 18)
				return 0;
			continue;
		} else if (c != ',' && c != ':' && !(c >= 'a' && c <= 'z'))
			return 0;	/* white space */
		s++;
	}
	return depth == 0 && keys == nkeys;
}
