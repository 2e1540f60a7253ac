/* fuzz_calendar.c - libFuzzer harness: lib/calendar.c's date and time parsers on any text. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ax.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s, out[11];
	long days;
	time_t t;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (cal_parse_date(s, &days) == 0) {
		cal_format(days, out);
		/* a date that parsed formats back to the same ten characters */
		if (memcmp(out, s, 10) != 0)
			abort();
		(void)cal_announces(days, NULL, NULL);
	}
	if (cal_parse_time(s, &t) == 0) {
		days = cal_eastern_day(t);
		cal_format(days, out);
		if (strlen(out) != 10)
			abort();
		(void)cal_weekday(days);
	}
	if (cal_rfc822_day(s, &days) == 0) {
		cal_format(days, out);
		if (strlen(out) != 10)
			abort();
		(void)cal_announces(days, NULL, NULL);
	}
	free(s);
	return 0;
}
